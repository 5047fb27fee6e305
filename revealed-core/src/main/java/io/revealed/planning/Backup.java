package io.revealed.planning;

import io.revealed.mdp.TabularMdp;

/** The one-state Bellman backups shared by every planner. Package-private hot loops. */
final class Backup {
    private Backup() {}

    /** {@code q[a] = rbar(s,a) + g * sum_s' P(s'|s,a) vNext(s')} for every action of state {@code s}. */
    static void q(TabularMdp mdp, double[] rsa, double g, double[] vNext, int s, double[] q) {
        q(mdp, rsa, g, vNext, 0, s, q);
    }

    /** As {@link #q(TabularMdp, double[], double, double[], int, double[])} with V(s') read at {@code v[off + s']}. */
    static void q(TabularMdp mdp, double[] rsa, double g, double[] v, int off, int s, double[] q) {
        int A = mdp.actions();
        int[] rs = mdp.rowStart(), nx = mdp.successors();
        double[] pr = mdp.probabilities();
        int row = s * A;
        if (g == 0) {
            System.arraycopy(rsa, row, q, 0, A);
            return;
        }
        for (int a = 0; a < A; a++, row++) {
            double e = 0;
            for (int k = rs[row], end = rs[row + 1]; k < end; k++) e += pr[k] * v[off + nx[k]];
            q[a] = rsa[row] + g * e;
        }
    }

    static double max(double[] q, int n) {
        double m = q[0];
        for (int a = 1; a < n; a++) if (q[a] > m) m = q[a];
        return m;
    }

    /** {@code alpha * log sum_a exp(q[a] / alpha)}, computed stably. */
    static double softMax(double[] q, int n, double alpha) {
        double m = max(q, n);
        if (m == Double.NEGATIVE_INFINITY) return m;
        double sum = 0;
        for (int a = 0; a < n; a++) sum += Math.exp((q[a] - m) / alpha);
        return m + alpha * Math.log(sum);
    }

    static int checkedRewardLength(TabularMdp mdp, double[] rsa) {
        int n = mdp.states() * mdp.actions();
        if (rsa.length != n) throw new IllegalArgumentException("expected a reward over " + n + " state-action pairs, got " + rsa.length);
        return n;
    }
}
