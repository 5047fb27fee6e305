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
        if (mdp.finiteHorizon()) {
            int H = mdp.horizon().getAsInt();
            if (!policy.stationary() && policy.steps() < H)
                throw new IllegalArgumentException("policy has " + policy.steps() + " steps, the horizon is " + H);
            double[] next = new double[S], cur = new double[S];
            for (int t = H - 1; t >= 0; t--) {
                final int tt = t;
                final double[] vNext = next, vCur = cur;
                Parallel.forBlocks(S, (b, from, to) -> {
                    double[] q = new double[A], p = new double[A];
                    for (int s = from; s < to; s++) vCur[s] = expected(mdp, rsa, g, vNext, policy, tt, s, q, p);
                });
                next = vCur;
                cur = vNext;
            }
            return next;
        }
        if (!policy.stationary()) throw new IllegalArgumentException("an infinite-horizon MDP needs a stationary policy");
        double[] v = new double[S], vNew = new double[S];
        double[] blockDiff = new double[Parallel.blocks(S)];
        for (int it = 0; it < options.maxIterations(); it++) {
            final double[] cur = v, nxt = vNew;
            Parallel.forBlocks(S, (b, from, to) -> {
                double[] q = new double[A], p = new double[A];
                double d = 0;
                for (int s = from; s < to; s++) {
                    nxt[s] = expected(mdp, rsa, g, cur, policy, 0, s, q, p);
                    d = Math.max(d, Math.abs(nxt[s] - cur[s]));
                }
                blockDiff[b] = d;
            });
            double diff = 0;
            for (double d : blockDiff) diff = Math.max(diff, d);
            v = nxt;
            vNew = cur;
            if (options.converged(diff, g)) return v;
        }
        throw options.notConverged("policy evaluation", Double.NaN);
    }

    private static double expected(TabularMdp mdp, double[] rsa, double g, double[] vNext, Policy policy, int t, int s, double[] q, double[] p) {
        Backup.q(mdp, rsa, g, vNext, s, q);
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
