package io.revealed.planning;

import io.revealed.mdp.TabularMdp;

/**
 * Soft (maximum causal entropy) value iteration at temperature alpha (Ziebart 2010):
 * {@code Q_t(s,a) = rbar(s,a) + g E_{s'}[V_{t+1}(s')]}, {@code V_t(s) = alpha log sum_a exp(Q_t(s,a)/alpha)},
 * {@code pi_t(a|s) = exp((Q_t(s,a) - V_t(s))/alpha)}, with {@code V_H = 0} for a finite horizon H and
 * the stationary fixed point for a discounted infinite horizon.
 *
 * <p>Memory: a finite horizon keeps only the values, {@code (H+1)*S} doubles, and returns a policy
 * that recomputes {@code Q_t(s,.)} from them on demand (one pass over the state's transitions);
 * a discounted problem keeps {@code S} values and an {@code S*A} policy table.
 */
public final class SoftValueIteration {
    private SoftValueIteration() {}

    /** Values and policy of the soft Bellman equations. */
    public record Solution(int steps, double[] values, Policy policy) {
        /** V at step t (a view copy), length S. */
        public double[] valuesAt(int t, int states) {
            double[] out = new double[states];
            System.arraycopy(values, (steps == 0 ? 0 : t) * states, out, 0, states);
            return out;
        }
    }

    public static Solution solve(TabularMdp mdp, double[] rsa, double alpha, PlanningOptions options) {
        return solve(mdp, rsa, alpha, options, null);
    }

    /**
     * @param warmStart for a discounted problem, initial values to iterate from (length S, not
     *     modified), for example the solution for a nearby reward; ignored for a finite horizon
     */
    public static Solution solve(TabularMdp mdp, double[] rsa, double alpha, PlanningOptions options, double[] warmStart) {
        Backup.checkedRewardLength(mdp, rsa);
        if (!(alpha > 0) || !Double.isFinite(alpha)) throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
        int S = mdp.states(), A = mdp.actions();
        double g = mdp.discount();
        double[] scratch = g != 0 && mdp.successorBlocks() != null ? new double[S * A] : null;
        if (mdp.finiteHorizon()) {
            int H = mdp.horizon().getAsInt();
            double[] v = new double[Math.multiplyExact(H + 1, S)];
            for (int t = H - 1; t >= 0; t--) {
                final int out = t * S;
                Backup.forEachQ(mdp, rsa, g, v, (t + 1) * S, scratch, (s, q) -> {
                    v[out + s] = Backup.softMax(q, A, alpha);
                    return 0;
                });
            }
            // The policy recomputes Q from the reward later: it keeps its own copy.
            return new Solution(H, v, new SoftPolicy(mdp, rsa.clone(), alpha, v, H));
        }
        double[] v = warmStart == null ? new double[S] : checkedCopy(warmStart, S);
        double[] vNew = new double[S];
        double diff = Double.NaN;
        for (int it = 0; it < options.maxIterations(); it++) {
            final double[] cur = v, nxt = vNew;
            diff = Backup.forEachQ(mdp, rsa, g, cur, 0, scratch, (s, q) -> {
                double m = Backup.softMax(q, A, alpha);
                nxt[s] = m;
                return Math.abs(m - cur[s]);
            });
            v = nxt;
            vNew = cur;
            if (options.converged(diff, g)) return new Solution(0, v, stationaryPolicy(mdp, rsa, alpha, v, scratch));
        }
        throw options.notConverged("soft value iteration", diff);
    }

    /**
     * One soft Bellman sweep over all states: {@code vOut(s) = alpha log sum_a exp((rbar(s,a) + g sum_s' P(s'|s,a) vNext(s'))/alpha)}
     * with g the MDP's discount. Reads every transition once. {@code vOut} is overwritten and must
     * not be {@code vNext}.
     *
     * @param scratch S*A doubles of working space for large MDPs, or null to allocate
     */
    public static void sweep(TabularMdp mdp, double[] rsa, double alpha, double[] vNext, double[] vOut, double[] scratch) {
        Backup.checkedRewardLength(mdp, rsa);
        int S = mdp.states(), A = mdp.actions();
        if (vNext.length != S || vOut.length != S) throw new IllegalArgumentException("value arrays must have " + S + " entries");
        if (vNext == vOut) throw new IllegalArgumentException("vOut must differ from vNext");
        Backup.forEachQ(mdp, rsa, mdp.discount(), vNext, 0, scratch, (s, q) -> {
            vOut[s] = Backup.softMax(q, A, alpha);
            return 0;
        });
    }

    private static double[] checkedCopy(double[] warm, int S) {
        if (warm.length != S) throw new IllegalArgumentException("warm start must have " + S + " values, got " + warm.length);
        return warm.clone();
    }

    private static TabularPolicy stationaryPolicy(TabularMdp mdp, double[] rsa, double alpha, double[] v, double[] scratch) {
        int S = mdp.states(), A = mdp.actions();
        double[] p = new double[S * A];
        Backup.forEachQ(mdp, rsa, mdp.discount(), v, 0, scratch, (s, q) -> {
            softmaxInto(q, A, alpha, p, s * A);
            return 0;
        });
        return new TabularPolicy(S, A, 0, p);
    }

    /** Writes softmax(q/alpha) into {@code out[off ..]}, normalised to sum to 1 exactly up to rounding. */
    static void softmaxInto(double[] q, int A, double alpha, double[] out, int off) {
        int best = 0;
        for (int a = 1; a < A; a++) if (q[a] > q[best]) best = a;
        double m = q[best], inv = 1 / alpha;
        double sum = 1;
        for (int a = 0; a < A; a++) {
            double e = a == best ? 1 : Math.exp((q[a] - m) * inv);
            out[off + a] = e;
            if (a != best) sum += e;
        }
        double norm = 1 / sum;
        for (int a = 0; a < A; a++) out[off + a] *= norm;
    }

    /** The time-indexed soft policy of a finite horizon, recomputed from the stored values. */
    static final class SoftPolicy implements Policy {
        private final TabularMdp mdp;
        private final double[] rsa;
        private final double alpha;
        private final double[] v;
        private final int steps;

        SoftPolicy(TabularMdp mdp, double[] rsa, double alpha, double[] v, int steps) {
            this.mdp = mdp;
            this.rsa = rsa;
            this.alpha = alpha;
            this.v = v;
            this.steps = steps;
        }

        @Override public int states() { return mdp.states(); }
        @Override public int actions() { return mdp.actions(); }
        @Override public int steps() { return steps; }

        @Override
        public void probabilities(int t, int s, double[] out) {
            if (t < 0 || t >= steps) throw new IndexOutOfBoundsException("step " + t + " outside [0, " + steps + ")");
            int S = mdp.states(), A = mdp.actions();
            Backup.q(mdp, rsa, mdp.discount(), v, (t + 1) * S, s, out);
            // Normalise explicitly rather than subtracting V_t(s): identical in exact arithmetic,
            // and the rows then sum to 1 to rounding even where V_t is large.
            softmaxInto(out, A, alpha, out, 0);
        }

        private double[] scratch;

        /** One gather over the transitions for all states at once: through the successor blocks when there are. */
        @Override
        public synchronized void rowWeights(int t, double[] d, double[] w) {
            if (t < 0 || t >= steps) throw new IndexOutOfBoundsException("step " + t + " outside [0, " + steps + ")");
            int S = mdp.states(), A = mdp.actions();
            if (mdp.successorBlocks() != null && scratch == null) scratch = new double[S * A];
            Backup.forEachQ(mdp, rsa, mdp.discount(), v, (t + 1) * S, scratch, (s, q) -> {
                double ds = d[s];
                int base = s * A;
                if (ds == 0) {
                    java.util.Arrays.fill(w, base, base + A, 0.0);
                    return 0;
                }
                softmaxInto(q, A, alpha, w, base);
                for (int a = 0; a < A; a++) w[base + a] *= ds;
                return 0;
            });
        }
    }
}
