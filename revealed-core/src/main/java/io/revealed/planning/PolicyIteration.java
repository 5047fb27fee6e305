package io.revealed.planning;

import io.revealed.mdp.TabularMdp;
import org.ojalgo.matrix.decomposition.LU;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;

/**
 * Optimal values of a small discounted MDP by policy iteration with exact policy evaluation: the
 * values of a deterministic policy {@code pi} solve {@code (I - g P_pi) V = r_pi}, a dense S x S
 * system factored by LU (ojalgo); the policy then moves, in every state, to an action whose
 * {@code Q(s,a) = rbar(s,a) + g sum_s' P(s'|s,a) V(s')} beats the current one's by more than a
 * relative 1e-12, and stops when none does. The values are exact up to the rounding of the solve
 * (the system's condition number is at most {@code (1 + g) / (1 - g)}), not up to an iteration
 * tolerance as {@link ValueIteration}'s are.
 *
 * <p>Started from a good policy, for example the optimal policy of a nearby reward, it usually
 * needs one or two evaluations: this is what makes it the planner of a Markov chain over rewards
 * (PolicyWalk reuses the previous policy this way).
 *
 * <p>Cost: {@code O(S^3)} per evaluation for the factorisation plus {@code O(nnz)} for the
 * improvement; {@code O(S^2)} memory. Meant for at most {@link #MAX_STATES} states.
 */
public final class PolicyIteration {
    /** The largest MDP solved this way (a 1,000-state factorisation takes about 0.1 s). */
    public static final int MAX_STATES = 1_000;

    private static final double TIE = 1e-12;

    private PolicyIteration() {}

    /**
     * @param q the optimal action values (stationary, {@code q[s*A+a]}) and state values
     * @param policy a deterministic optimal policy, one action per state
     * @param evaluations the number of exact policy evaluations it took
     */
    public record Result(QValues q, int[] policy, int evaluations) {}

    /**
     * Solves a discounted ({@code 0 <= g < 1}), infinite-horizon MDP with at most
     * {@link #MAX_STATES} states.
     *
     * @param rsa expected immediate reward {@code rbar(s,a)}, indexed {@code s*A+a}
     * @param start the policy to start from (one action per state), or null for action 0 everywhere
     */
    public static Result solve(TabularMdp mdp, double[] rsa, int[] start) {
        Backup.checkedRewardLength(mdp, rsa);
        int S = mdp.states(), A = mdp.actions();
        double g = mdp.discount();
        if (mdp.finiteHorizon() || !(g >= 0 && g < 1))
            throw new IllegalArgumentException("policy iteration needs an infinite horizon and a discount in [0, 1), got "
                    + (mdp.finiteHorizon() ? "horizon " + mdp.horizon().getAsInt() : "discount " + g));
        if (S > MAX_STATES) throw new IllegalArgumentException("policy iteration is for at most " + MAX_STATES + " states, got " + S);
        int[] pi = start == null ? new int[S] : start.clone();
        if (pi.length != S) throw new IllegalArgumentException("start policy has " + pi.length + " states, the MDP has " + S);
        for (int s = 0; s < S; s++)
            if (pi[s] < 0 || pi[s] >= A) throw new IllegalArgumentException("start policy: action " + pi[s] + " in state " + s + " is not in [0, " + A + ")");
        int[] rowStart = mdp.rowStart(), next = mdp.successors();
        double[] prob = mdp.probabilities();
        R064Store m = R064Store.FACTORY.make(S, S);
        R064Store rhs = R064Store.FACTORY.make(S, 1);
        LU<Double> lu = LU.R064.make(m);
        double[] v = new double[S], q = new double[S * A];
        // Each improvement strictly raises the values, so no policy repeats: at most A^S rounds.
        for (int evaluations = 1; ; evaluations++) {
            m.fillAll(0.0);
            for (int s = 0; s < S; s++) {
                m.add(s, s, 1.0);
                int row = s * A + pi[s];
                for (int k = rowStart[row]; k < rowStart[row + 1]; k++) m.add(s, next[k], -g * prob[k]);
                rhs.set(s, 0, rsa[row]);
            }
            if (!lu.decompose(m) || !lu.isSolvable())
                throw new IllegalStateException("policy evaluation: I - g P_pi is singular (discount " + g + ")");
            MatrixStore<Double> x = lu.getSolution(rhs);
            for (int s = 0; s < S; s++) v[s] = x.doubleValue(s, 0);
            boolean changed = false;
            for (int s = 0; s < S; s++) {
                int best = pi[s];
                for (int a = 0; a < A; a++) {
                    int row = s * A + a;
                    double sum = 0;
                    for (int k = rowStart[row]; k < rowStart[row + 1]; k++) sum += prob[k] * v[next[k]];
                    q[row] = rsa[row] + g * sum;
                }
                double current = q[s * A + pi[s]];
                for (int a = 0; a < A; a++)
                    if (q[s * A + a] > q[s * A + best] && q[s * A + a] - current > TIE * (1 + Math.abs(current))) best = a;
                if (best != pi[s]) {
                    pi[s] = best;
                    changed = true;
                }
            }
            if (!changed) {
                double[] values = new double[S];
                for (int s = 0; s < S; s++) values[s] = Backup.max(java.util.Arrays.copyOfRange(q, s * A, s * A + A), A);
                return new Result(new QValues(S, A, 0, q, values), pi, evaluations);
            }
        }
    }
}
