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
        if (mdp.finiteHorizon()) {
            int H = mdp.horizon().getAsInt();
            double[] q = new double[Math.multiplyExact(Math.multiplyExact(H, S), A)];
            double[] v = new double[Math.multiplyExact(H + 1, S)];
            for (int t = H - 1; t >= 0; t--) {
                final int tt = t;
                Parallel.forBlocks(S, (b, from, to) -> {
                    double[] row = new double[A];
                    for (int s = from; s < to; s++) {
                        Backup.q(mdp, rsa, g, v, (tt + 1) * S, s, row);
                        System.arraycopy(row, 0, q, (tt * S + s) * A, A);
                        v[tt * S + s] = Backup.max(row, A);
                    }
                });
            }
            return new QValues(S, A, H, q, v);
        }
        double[] v = new double[S], vNew = new double[S];
        double[] q = new double[S * A];
        double[] blockDiff = new double[Parallel.blocks(S)];
        for (int it = 0; it < options.maxIterations(); it++) {
            final double[] cur = v, nxt = vNew;
            Parallel.forBlocks(S, (b, from, to) -> {
                double[] row = new double[A];
                double d = 0;
                for (int s = from; s < to; s++) {
                    Backup.q(mdp, rsa, g, cur, s, row);
                    double m = Backup.max(row, A);
                    d = Math.max(d, Math.abs(m - cur[s]));
                    nxt[s] = m;
                }
                blockDiff[b] = d;
            });
            double diff = 0;
            for (double d : blockDiff) diff = Math.max(diff, d);
            v = nxt;
            vNew = cur;
            if (options.converged(diff, g)) {
                final double[] fin = v;
                Parallel.forBlocks(S, (b, from, to) -> {
                    double[] row = new double[A];
                    for (int s = from; s < to; s++) {
                        Backup.q(mdp, rsa, g, fin, s, row);
                        System.arraycopy(row, 0, q, s * A, A);
                    }
                });
                return new QValues(S, A, 0, q, v);
            }
            if (it == options.maxIterations() - 1) throw options.notConverged("value iteration", diff);
        }
        throw new AssertionError("unreachable");
    }
}
