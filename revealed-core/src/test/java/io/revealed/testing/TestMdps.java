package io.revealed.testing;

import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;

import java.util.SplittableRandom;

/** Small MDPs and an independent dense linear solver for tests. */
public final class TestMdps {
    private TestMdps() {}

    /** A seeded source of randomness for tests. */
    public static SplittableRandom rng(long seed) { return new SplittableRandom(0x5EED_0000L + seed); }

    /**
     * A random MDP: every (s,a) has {@code branching} successors (possibly repeated, merged by the
     * builder) with random weights; random initial distribution; one-hot features.
     */
    public static TabularMdp random(int states, int actions, int branching, double discount, Integer horizon, long seed) {
        SplittableRandom r = rng(seed);
        TabularMdp.Builder b = TabularMdp.builder(states, actions).discount(discount).horizon(horizon);
        for (int s = 0; s < states; s++)
            for (int a = 0; a < actions; a++) {
                double[] w = new double[branching];
                double sum = 0;
                for (int k = 0; k < branching; k++) sum += w[k] = 0.05 + r.nextDouble();
                for (int k = 0; k < branching; k++) b.transition(s, a, r.nextInt(states), w[k] / sum);
            }
        double[] init = new double[states];
        double sum = 0;
        for (int s = 0; s < states; s++) sum += init[s] = r.nextDouble();
        for (int s = 0; s < states; s++) init[s] /= sum;
        return b.initial(init).features(Features.oneHot(states)).build();
    }

    /** A random MDP built straight into CSR arrays (for sizes where the builder is slow); no features. */
    public static TabularMdp randomLarge(int states, int actions, int branching, double discount, Integer horizon, long seed) {
        SplittableRandom r = rng(seed);
        int rows = states * actions;
        int[] rowStart = new int[rows + 1];
        int[] next = new int[rows * branching];
        double[] prob = new double[rows * branching];
        for (int row = 0; row < rows; row++) {
            rowStart[row] = row * branching;
            double sum = 0;
            for (int k = 0; k < branching; k++) {
                next[row * branching + k] = r.nextInt(states);
                sum += prob[row * branching + k] = 0.05 + r.nextDouble();
            }
            double acc = 0;
            for (int k = 0; k < branching - 1; k++) acc += prob[row * branching + k] /= sum;
            prob[row * branching + branching - 1] = 1 - acc;
        }
        rowStart[rows] = rows * branching;
        double[] init = new double[states];
        java.util.Arrays.fill(init, 1.0 / states);
        return TabularMdp.of(states, actions, rowStart, next, prob, init, discount, horizon, null, null);
    }

    public static double[] randomVector(int n, long seed) {
        SplittableRandom r = rng(seed + 1000);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextDouble(-1, 1);
        return v;
    }

    /** Dense transition matrix P[s*A+a][s']. */
    public static double[][] dense(TabularMdp mdp) {
        int S = mdp.states(), A = mdp.actions();
        double[][] p = new double[S * A][S];
        for (int r = 0; r < S * A; r++)
            for (int k = mdp.rowStart()[r]; k < mdp.rowStart()[r + 1]; k++) p[r][mdp.successors()[k]] += mdp.probabilities()[k];
        return p;
    }

    /** Solves {@code M x = b} by Gaussian elimination with partial pivoting (M and b are copied). */
    public static double[] solve(double[][] m, double[] b) {
        int n = b.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = m[i].clone();
        double[] x = b.clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] tmp = a[c]; a[c] = a[piv]; a[piv] = tmp;
            double t = x[c]; x[c] = x[piv]; x[piv] = t;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                if (f == 0) continue;
                for (int k = c; k < n; k++) a[r][k] -= f * a[c][k];
                x[r] -= f * x[c];
            }
        }
        for (int r = n - 1; r >= 0; r--) {
            double s = x[r];
            for (int k = r + 1; k < n; k++) s -= a[r][k] * x[k];
            x[r] = s / a[r][r];
        }
        return x;
    }

    /**
     * Exact discounted value of a stationary policy: {@code V = (I - g P_pi)^{-1} r_pi}, by a dense solve.
     * {@code pi[s][a]}, {@code rsa[s*A+a]}.
     */
    public static double[] exactPolicyValue(TabularMdp mdp, double[] rsa, double[][] pi) {
        int S = mdp.states(), A = mdp.actions();
        double g = mdp.discount();
        double[][] p = dense(mdp);
        double[][] m = new double[S][S];
        double[] rhs = new double[S];
        for (int s = 0; s < S; s++) {
            m[s][s] += 1;
            for (int a = 0; a < A; a++) {
                rhs[s] += pi[s][a] * rsa[s * A + a];
                for (int s2 = 0; s2 < S; s2++) m[s][s2] -= g * pi[s][a] * p[s * A + a][s2];
            }
        }
        return solve(m, rhs);
    }

    /** Optimal values by policy iteration with exact (dense) evaluation: independent of value iteration. */
    public static double[] policyIteration(TabularMdp mdp, double[] rsa) {
        int S = mdp.states(), A = mdp.actions();
        double g = mdp.discount();
        double[][] p = dense(mdp);
        int[] act = new int[S];
        for (int iter = 0; iter < 1000; iter++) {
            double[][] pi = new double[S][A];
            for (int s = 0; s < S; s++) pi[s][act[s]] = 1;
            double[] v = exactPolicyValue(mdp, rsa, pi);
            boolean changed = false;
            for (int s = 0; s < S; s++) {
                double best = Double.NEGATIVE_INFINITY;
                int bestA = act[s];
                double cur = 0;
                for (int a = 0; a < A; a++) {
                    double q = rsa[s * A + a];
                    for (int s2 = 0; s2 < S; s2++) q += g * p[s * A + a][s2] * v[s2];
                    if (a == act[s]) cur = q;
                    if (q > best) { best = q; bestA = a; }
                }
                if (best > cur + 1e-12 * Math.max(1, Math.abs(cur))) { act[s] = bestA; changed = true; }
            }
            if (!changed) return v;
        }
        throw new AssertionError("policy iteration did not converge");
    }
}
