package io.revealed.planning;

import io.revealed.mdp.TabularMdp;

/**
 * Optimal (hard-max) values: backward induction over a finite horizon, or value iteration to
 * the discounted fixed point. Each sweep reads every transition once: O(nnz) time per sweep.
 */
public final class ValueIteration {
    private ValueIteration() {}

    /**
     * @param rsa expected immediate reward {@code rbar(s,a)}, indexed {@code s*A+a}
     */
    public static QValues solve(TabularMdp mdp, double[] rsa, PlanningOptions options) {
        Backup.checkedRewardLength(mdp, rsa);
        int S = mdp.states(), A = mdp.actions();
        double g = mdp.discount();
        double[] scratch = g != 0 && mdp.successorBlocks() != null ? new double[S * A] : null;
        if (mdp.finiteHorizon()) {
            int H = mdp.horizon().getAsInt();
            double[] q = new double[Math.multiplyExact(Math.multiplyExact(H, S), A)];
            double[] v = new double[Math.multiplyExact(H + 1, S)];
            for (int t = H - 1; t >= 0; t--) {
                final int tt = t;
                Backup.forEachQ(mdp, rsa, g, v, (t + 1) * S, scratch, (s, row) -> {
                    System.arraycopy(row, 0, q, (tt * S + s) * A, A);
                    v[tt * S + s] = Backup.max(row, A);
                    return 0;
                });
            }
            return new QValues(S, A, H, q, v);
        }
        double[] v = new double[S], vNew = new double[S];
        double diff = Double.NaN;
        for (int it = 0; it < options.maxIterations(); it++) {
            final double[] cur = v, nxt = vNew;
            diff = Backup.forEachQ(mdp, rsa, g, cur, 0, scratch, (s, row) -> {
                double m = Backup.max(row, A);
                nxt[s] = m;
                return Math.abs(m - cur[s]);
            });
            v = nxt;
            vNew = cur;
            if (options.converged(diff, g)) {
                double[] q = new double[S * A];
                Backup.forEachQ(mdp, rsa, g, v, 0, scratch, (s, row) -> {
                    System.arraycopy(row, 0, q, s * A, A);
                    return 0;
                });
                return new QValues(S, A, 0, q, v);
            }
        }
        throw options.notConverged("value iteration", diff);
    }
}
