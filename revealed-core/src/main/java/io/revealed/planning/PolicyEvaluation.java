package io.revealed.planning;

import io.revealed.mdp.TabularMdp;

/**
 * The expected return of a fixed policy: {@code V_t(s) = sum_a pi_t(a|s) Q_t(s,a)} backwards over a
 * finite horizon, or iterated to the discounted fixed point. O(nnz) per sweep.
 */
public final class PolicyEvaluation {
    private PolicyEvaluation() {}

    /**
     * Returns the values at step 0 (length S). For a finite horizon the policy must have at
     * least H steps or be stationary.
     */
    public static double[] evaluate(TabularMdp mdp, double[] rsa, Policy policy, PlanningOptions options) {
        Backup.checkedRewardLength(mdp, rsa);
        int S = mdp.states(), A = mdp.actions();
        if (policy.states() != S || policy.actions() != A)
            throw new IllegalArgumentException("policy is for " + policy.states() + " states and " + policy.actions() + " actions, the MDP has " + S + " and " + A);
        double g = mdp.discount();
        double[] scratch = g != 0 && mdp.successorBlocks() != null ? new double[S * A] : null;
        if (mdp.finiteHorizon()) {
            int H = mdp.horizon().getAsInt();
            if (!policy.stationary() && policy.steps() < H)
                throw new IllegalArgumentException("policy has " + policy.steps() + " steps, the horizon is " + H);
            double[] next = new double[S], cur = new double[S];
            for (int t = H - 1; t >= 0; t--) {
                final int tt = t;
                final double[] vCur = cur;
                Backup.forEachQ(mdp, rsa, g, next, 0, scratch, (s, q) -> {
                    vCur[s] = expected(policy, tt, s, q);
                    return 0;
                });
                cur = next;
                next = vCur;
            }
            return next;
        }
        if (!policy.stationary()) throw new IllegalArgumentException("an infinite-horizon MDP needs a stationary policy");
        double[] v = new double[S], vNew = new double[S];
        double diff = Double.NaN;
        for (int it = 0; it < options.maxIterations(); it++) {
            final double[] cur = v, nxt = vNew;
            diff = Backup.forEachQ(mdp, rsa, g, cur, 0, scratch, (s, q) -> {
                nxt[s] = expected(policy, 0, s, q);
                return Math.abs(nxt[s] - cur[s]);
            });
            v = nxt;
            vNew = cur;
            if (options.converged(diff, g)) return v;
        }
        throw options.notConverged("policy evaluation", diff);
    }

    private static final ThreadLocal<double[]> ROW = ThreadLocal.withInitial(() -> new double[0]);

    /** {@code sum_a pi_t(a|s) q[a]}. */
    private static double expected(Policy policy, int t, int s, double[] q) {
        double[] p = ROW.get();
        if (p.length != q.length) ROW.set(p = new double[q.length]);
        policy.probabilities(t, s, p);
        double v = 0;
        for (int a = 0; a < q.length; a++) if (p[a] != 0) v += p[a] * q[a];
        return v;
    }

    /** {@code sum_s initial(s) V(s)}. */
    public static double expectedStart(double[] initial, double[] v) {
        double e = 0;
        for (int s = 0; s < v.length; s++) e += initial[s] * v[s];
        return e;
    }
}
