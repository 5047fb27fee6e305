package io.revealed.planning;

import io.revealed.mdp.TabularMdp;

/**
 * State occupancy measures of a policy: with {@code D_0} the initial distribution and
 * {@code D_{t+1}(s') = sum_{s,a} D_t(s) pi_t(a|s) P(s'|s,a)},
 * <ul>
 *   <li>{@code decision = sum_{t<H} g^t D_t}: where the agent acts (total {@code sum_{t<H} g^t});</li>
 *   <li>{@code terminal = g^H D_H}: where it ends after its last action (finite horizons only).</li>
 * </ul>
 * Their sum is the occupancy {@code sum_{t=0..H} g^t D_t} of the Python {@code imitation}
 * convention (total H+1 when g = 1). For a discounted infinite horizon {@code decision} is summed
 * until the remaining mass {@code g^t / (1-g)} falls below the tolerance and {@code terminal} is null.
 *
 * <p>The forward pass scatters into one partial vector per block of states and sums the blocks in
 * a fixed order, so results do not depend on the number of threads. O(nnz) per step.
 */
public final class Occupancy {
    private Occupancy() {}

    public record Visitation(double[] decision, double[] terminal) {
        /** {@code decision + terminal} (a new array). */
        public double[] total() {
            double[] t = decision.clone();
            if (terminal != null) for (int s = 0; s < t.length; s++) t[s] += terminal[s];
            return t;
        }
    }

    public static Visitation visitation(TabularMdp mdp, Policy policy, double[] initial, PlanningOptions options) {
        int S = mdp.states(), A = mdp.actions();
        if (policy.states() != S || policy.actions() != A)
            throw new IllegalArgumentException("policy is for " + policy.states() + " states and " + policy.actions() + " actions, the MDP has " + S + " and " + A);
        if (initial.length != S) throw new IllegalArgumentException("initial distribution must have " + S + " entries, got " + initial.length);
        double g = mdp.discount();
        double[] d = initial.clone();
        double[] spare = new double[S];
        double[] decision = new double[S];
        io.revealed.mdp.SuccessorBlocks blocks = mdp.successorBlocks();
        double[][] partial = blocks != null ? null : new double[Parallel.blocks(S)][S];
        double[] rowMass = blocks != null ? new double[S * A] : null;
        double weight = 1;
        int steps;
        if (mdp.finiteHorizon()) {
            steps = mdp.horizon().getAsInt();
            if (!policy.stationary() && policy.steps() < steps)
                throw new IllegalArgumentException("policy has " + policy.steps() + " steps, the horizon is " + steps);
        } else {
            if (!policy.stationary()) throw new IllegalArgumentException("an infinite-horizon MDP needs a stationary policy");
            // Smallest T with g^T / (1 - g) <= tolerance.
            double needed = g == 0 ? 1 : Math.max(1, Math.ceil(Math.log(options.tolerance() * (1 - g)) / Math.log(g)));
            if (needed > options.maxIterations())
                throw options.notConverged("the discounted occupancy (it needs " + (long) needed + " steps)", Math.pow(g, options.maxIterations()) / (1 - g));
            steps = (int) needed;
        }
        for (int t = 0; t < steps; t++) {
            for (int s = 0; s < S; s++) decision[s] += weight * d[s];
            if (t == steps - 1 && !mdp.finiteHorizon()) break;
            if (blocks != null) {
                policy.rowWeights(t, d, rowMass);
                blocks.scatter(rowMass, spare);
            } else {
                scatter(mdp, policy, t, d, partial, spare);
            }
            double[] next = spare;
            spare = d;
            d = next;
            weight *= g;
        }
        if (!mdp.finiteHorizon()) return new Visitation(decision, null);
        double[] terminal = new double[S];
        for (int s = 0; s < S; s++) terminal[s] = weight * d[s];
        return new Visitation(decision, terminal);
    }

    /** {@code next(s') = sum_{s,a} d(s) pi_t(a|s) P(s'|s,a)} over the CSR rows, one partial vector per block. */
    private static void scatter(TabularMdp mdp, Policy policy, int t, double[] d, double[][] partial, double[] next) {
        int S = mdp.states(), A = mdp.actions();
        Parallel.forBlocks(S, (b, from, to) -> {
            double[] out = partial[b];
            java.util.Arrays.fill(out, 0);
            double[] p = new double[A];
            int[] rs = mdp.rowStart(), nx = mdp.successors();
            double[] pr = mdp.probabilities();
            for (int s = from; s < to; s++) {
                double ds = d[s];
                if (ds == 0) continue;
                policy.probabilities(t, s, p);
                int r = s * A;
                for (int a = 0; a < A; a++, r++) {
                    double m = ds * p[a];
                    if (m == 0) continue;
                    for (int k = rs[r], end = rs[r + 1]; k < end; k++) out[nx[k]] += m * pr[k];
                }
            }
        });
        Parallel.forBlocks(S, (b, from, to) -> {
            for (int s = from; s < to; s++) {
                double sum = 0;
                for (double[] part : partial) sum += part[s];
                next[s] = sum;
            }
        });
    }
}
