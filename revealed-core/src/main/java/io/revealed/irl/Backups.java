package io.revealed.irl;

import io.revealed.data.Trajectory;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.Policy;

import java.util.List;

/**
 * One-row pieces shared by the IRL algorithms that run their own backups ({@link MaxEntIrl},
 * {@link Mlirl}): stable log-sum-exp and softmax, expectations over one CSR row of the transitions,
 * and a time-indexed policy recomputed row by row from stored values. Package-private hot loops on
 * primitive arrays.
 */
final class Backups {
    private Backups() {}

    /** {@code log sum_{a<n} exp(x[a])}, with the largest term factored out so that nothing overflows. */
    static double logSumExp(double[] x, int n) {
        double m = x[0];
        for (int a = 1; a < n; a++) if (x[a] > m) m = x[a];
        if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) return m;
        double sum = 0;
        for (int a = 0; a < n; a++) sum += Math.exp(x[a] - m);
        return m + Math.log(sum);
    }

    /**
     * Writes {@code softmax(scale * q)} into {@code out[off .. off+n-1]}, subtracting the row maximum
     * before exponentiating. {@code out} may be {@code q} itself (with {@code off = 0}).
     */
    static void softmax(double[] q, int n, double scale, double[] out, int off) {
        double m = q[0];
        for (int a = 1; a < n; a++) if (q[a] > m) m = q[a];
        double sum = 0;
        for (int a = 0; a < n; a++) sum += out[off + a] = Math.exp(scale * (q[a] - m));
        double inv = 1 / sum;
        for (int a = 0; a < n; a++) out[off + a] *= inv;
    }

    /** {@code sum_{s'} P(s'|row) v[off + s']} over one CSR row. */
    static double expectation(TabularMdp mdp, int row, double[] v, int off) {
        int[] rs = mdp.rowStart(), nx = mdp.successors();
        double[] pr = mdp.probabilities();
        double e = 0;
        for (int k = rs[row], end = rs[row + 1]; k < end; k++) e += pr[k] * v[off + nx[k]];
        return e;
    }

    /**
     * {@code log sum_{s'} P(s'|row) exp(v[off + s'])} over one CSR row, with the largest value among
     * the successors of positive probability factored out: finite for any finite values, and exactly
     * {@code v(s')} when the row has the single successor s' with probability 1.
     */
    static double logExpectedExp(TabularMdp mdp, int row, double[] v, int off) {
        int[] rs = mdp.rowStart(), nx = mdp.successors();
        double[] pr = mdp.probabilities();
        int from = rs[row], end = rs[row + 1];
        double m = Double.NEGATIVE_INFINITY;
        for (int k = from; k < end; k++) if (pr[k] > 0 && v[off + nx[k]] > m) m = v[off + nx[k]];
        double sum = 0;
        for (int k = from; k < end; k++) if (pr[k] > 0) sum += pr[k] * Math.exp(v[off + nx[k]] - m);
        return m + Math.log(sum);
    }

    /** Total discounted visitation of one episode: {@code sum_{t<H} g^t}, or {@code 1/(1-g)} without a horizon. */
    static double visitationMass(TabularMdp mdp) {
        double g = mdp.discount();
        if (!mdp.finiteHorizon()) return 1 / (1 - g);
        int H = mdp.horizon().getAsInt();
        return g == 1 ? H : (1 - Math.pow(g, H)) / (1 - g);
    }

    /** Mean number of counted steps per demonstration (see {@link Demonstrations#steps}). */
    static double meanSteps(TabularMdp mdp, List<Trajectory> demos) {
        double n = 0;
        for (Trajectory d : demos) n += Demonstrations.steps(mdp, d);
        return n / demos.size();
    }

    /**
     * The stopping rule of {@link io.revealed.planning.PlanningOptions} for a g-contraction:
     * {@code g/(1-g) * maxDiff <= tolerance} bounds the distance to the fixed point.
     */
    static boolean converged(double maxDiff, double g, double tolerance) {
        return g == 0 || maxDiff * g / (1 - g) <= tolerance;
    }

    /** Number of forward steps after which the discounted weight left, {@code g^T/(1-g)}, is below the tolerance. */
    static int discountedSteps(double g, io.revealed.planning.PlanningOptions options, String what) {
        double needed = g == 0 ? 1 : Math.max(1, Math.ceil(Math.log(options.tolerance() * (1 - g)) / Math.log(g)));
        if (needed > options.maxIterations())
            throw new io.revealed.planning.PlanningOptions.NotConvergedException(what + " needs " + (long) needed
                    + " steps, more than the " + options.maxIterations() + " allowed");
        return (int) needed;
    }

    /** Action values of one state at one step, written into {@code out[0 .. A-1]}; must be safe to call from several threads. */
    @FunctionalInterface
    interface ActionValues {
        void q(int t, int s, double[] out);
    }

    /**
     * The time-indexed policy {@code pi_t(.|s) = softmax(scale * Q_t(s,.))} with Q recomputed on
     * demand from stored values: {@code O((H+1) S)} memory instead of an {@code H S A} table, one
     * pass over the state's transitions per call.
     */
    static final class RecomputedPolicy implements Policy {
        private final int states, actions, steps;
        private final double scale;
        private final ActionValues values;

        RecomputedPolicy(int states, int actions, int steps, double scale, ActionValues values) {
            this.states = states;
            this.actions = actions;
            this.steps = steps;
            this.scale = scale;
            this.values = values;
        }

        @Override public int states() { return states; }
        @Override public int actions() { return actions; }
        @Override public int steps() { return steps; }

        @Override
        public void probabilities(int t, int s, double[] out) {
            if (t < 0 || t >= steps) throw new IndexOutOfBoundsException("step " + t + " outside [0, " + steps + ")");
            values.q(t, s, out);
            softmax(out, actions, scale, out, 0);
        }
    }
}
