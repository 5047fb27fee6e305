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

    /** Work done for one state given its action values; returns a number whose maximum is collected. */
    @FunctionalInterface
    interface StateQ {
        double apply(int s, double[] q);
    }

    /**
     * Calls {@code body(s, q)} for every state with {@code q[a] = rbar(s,a) + g sum_s' P(s'|s,a) v[off+s']},
     * in parallel, and returns the maximum of what the calls return (0 when there are no states).
     * Large MDPs go through their {@link io.revealed.mdp.SuccessorBlocks}, which needs a scratch
     * array of S*A doubles: pass one in {@code scratch} to avoid allocating it (may be null).
     */
    static double forEachQ(TabularMdp mdp, double[] rsa, double g, double[] v, int off, double[] scratch, StateQ body) {
        int S = mdp.states(), A = mdp.actions();
        io.revealed.mdp.SuccessorBlocks blocks = g == 0 ? null : mdp.successorBlocks();
        if (blocks == null) {
            double[] best = new double[Parallel.blocks(S)];
            Parallel.forBlocks(S, (b, from, to) -> {
                double[] q = new double[A];
                double m = 0;
                for (int s = from; s < to; s++) {
                    q(mdp, rsa, g, v, off, s, q);
                    m = Math.max(m, body.apply(s, q));
                }
                best[b] = m;
            });
            return max(best, best.length);
        }
        double[] acc = scratch != null && scratch.length == S * A ? scratch : new double[S * A];
        double[] best = new double[blocks.parts()];
        java.util.stream.IntStream.range(0, blocks.parts()).parallel().forEach(p -> {
            blocks.gatherPart(p, v, off, acc);
            double[] q = new double[A];
            double m = 0;
            for (int s = blocks.partStart(p), end = blocks.partStart(p + 1); s < end; s++) {
                int r = s * A;
                for (int a = 0; a < A; a++) q[a] = rsa[r + a] + g * acc[r + a];
                m = Math.max(m, body.apply(s, q));
            }
            best[p] = m;
        });
        return max(best, best.length);
    }

    static double max(double[] q, int n) {
        double m = q[0];
        for (int a = 1; a < n; a++) if (q[a] > m) m = q[a];
        return m;
    }

    /**
     * {@code alpha * log sum_a exp(q[a] / alpha)}, computed stably: the largest term is factored out,
     * so it contributes exactly 1 to the sum and needs no exponential.
     */
    static double softMax(double[] q, int n, double alpha) {
        int best = 0;
        for (int a = 1; a < n; a++) if (q[a] > q[best]) best = a;
        double m = q[best];
        if (m == Double.NEGATIVE_INFINITY) return m;
        double inv = 1 / alpha;
        double sum = 1;
        for (int a = 0; a < n; a++) if (a != best) sum += Math.exp((q[a] - m) * inv);
        return m + alpha * Math.log(sum);
    }

    static int checkedRewardLength(TabularMdp mdp, double[] rsa) {
        int n = mdp.states() * mdp.actions();
        if (rsa.length != n) throw new IllegalArgumentException("expected a reward over " + n + " state-action pairs, got " + rsa.length);
        return n;
    }
}
