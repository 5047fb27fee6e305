package io.revealed.analysis;

import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.PolicyEvaluation;

import java.util.Locale;

/**
 * A linear map c on rewards whose kernel is exactly the rewards that potential shaping and
 * S'-redistribution produce from zero (Skalse et al., "STARC: A General Framework For Quantifying
 * Differences Between Reward Functions", ICLR 2024). Two rewards differ by potential shaping
 * ({@code R'(s,a,s') = R(s,a,s') + g Phi(s') - Phi(s)}) and S'-redistribution (any change that keeps
 * {@code rbar(s,a) = E_{s' ~ tau(s,a)}[R(s,a,s')]}) exactly when their canonical forms are equal; so
 * both canonicalisations here depend on R only through rbar, and need the dynamics tau and the
 * discount g they are measured with.
 */
public sealed interface Canonicalization {

    CanonicalReward apply(TabularMdp mdp, TabularReward reward, double discount);

    String spec();

    /** Parses {@code minimal} (also {@code minimal-l2}) or {@code val} (also {@code value-adjusted}). */
    static Canonicalization parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "minimal", "minimal-l2", "min" -> new MinimalL2();
            case "val", "value-adjusted", "value-adjusted-levelling" -> new ValueAdjustedLevelling();
            default -> throw new IllegalArgumentException("unknown canonicalisation '" + s + "' (expected minimal or val)");
        };
    }

    /**
     * Value-adjusted levelling with the uniformly random policy pi:
     * {@code c(R)(s,a,s') = E_{S'}[R(s,a,S') - V(s) + g V(S')] = Q(s,a) - V(s)}, the advantage of the
     * action under pi, where V and Q are pi's values for R at discount g (infinite horizon). Constant
     * in s'. Needs {@code g < 1}. Cost: one policy evaluation, O(iterations nnz).
     */
    record ValueAdjustedLevelling() implements Canonicalization {
        @Override
        public CanonicalReward apply(TabularMdp mdp, TabularReward reward, double discount) {
            checkDiscount(discount);
            if (!(discount < 1))
                throw new IllegalArgumentException("value-adjusted levelling needs a discount below 1 (got " + discount + "); use the minimal canonicalisation, or measure with a smaller discount");
            int S = mdp.states(), A = mdp.actions();
            TabularMdp m = mdp.withDiscountAndHorizon(discount, null);
            double[] rbar = reward.expected(mdp, null);
            double[] v = PolicyEvaluation.evaluate(m, rbar, ValueDifference.uniform(m), new PlanningOptions(1e-12, 10_000_000));
            double[] out = new double[S * A];
            int[] rs = mdp.rowStart(), nx = mdp.successors();
            double[] pr = mdp.probabilities();
            for (int s = 0; s < S; s++)
                for (int a = 0; a < A; a++) {
                    int row = s * A + a;
                    double ev = 0;
                    for (int k = rs[row]; k < rs[row + 1]; k++) ev += pr[k] * v[nx[k]];
                    out[row] = rbar[row] + discount * ev - v[s];
                }
            return new CanonicalReward(CanonicalReward.Support.STATE_ACTION, out, S);
        }

        @Override
        public String spec() { return "val"; }
    }

    /**
     * The minimal canonicalisation for the L2 norm: the orthogonal projection of R onto the
     * complement of the shaping-and-redistribution subspace, i.e. the reward of least L2 norm over
     * all (s,a,s') among those equivalent to R. Among rewards with a given rbar, the one of least
     * norm is {@code w(s,a) rbar(s,a) tau(s'|s,a)} with {@code w = 1 / sum_s' tau(s'|s,a)^2}; shaping
     * by Phi changes rbar by {@code g (tau Phi)(s,a) - Phi(s)}; so with
     * <pre>  Phi* = argmin_Phi sum_{s,a} w(s,a) (rbar(s,a) + g (tau Phi)(s,a) - Phi(s))^2,
     *   e = rbar + g tau Phi* - Phi*,   c(R)(s,a,s') = w(s,a) e(s,a) tau(s'|s,a). </pre>
     * Zero outside possible transitions. The least-squares problem is solved by conjugate gradients
     * on its normal equations (matrix-free over the CSR arrays, O(nnz) per iteration); with
     * {@code g = 1} constant potentials are in its kernel and CG returns the least-norm Phi, which
     * gives the same e. Works for every {@code g} in [0, 1].
     */
    record MinimalL2() implements Canonicalization {
        /** CG stops when the normal-equation residual falls below this times its start. */
        public static final double CG_TOLERANCE = 1e-13;

        @Override
        public CanonicalReward apply(TabularMdp mdp, TabularReward reward, double discount) {
            checkDiscount(discount);
            int S = mdp.states(), A = mdp.actions(), rows = S * A;
            int[] rs = mdp.rowStart(), nx = mdp.successors();
            double[] pr = mdp.probabilities();
            double[] rbar = reward.expected(mdp, null);
            double[] w = new double[rows];
            for (int r = 0; r < rows; r++) {
                double q = 0;
                for (int k = rs[r]; k < rs[r + 1]; k++) q += pr[k] * pr[k];
                w[r] = 1 / q;
            }
            double[] phi = solvePotential(mdp, rbar, w, discount);
            double[] e = residual(mdp, rbar, phi, discount, null);
            double[] out = new double[nx.length];
            for (int r = 0; r < rows; r++)
                for (int k = rs[r]; k < rs[r + 1]; k++) out[k] = w[r] * e[r] * pr[k];
            return new CanonicalReward(CanonicalReward.Support.TRANSITIONS, out, S);
        }

        /** {@code e = rbar + g tau phi - phi(s)} per row (rbar may be null for zero). */
        static double[] residual(TabularMdp mdp, double[] rbar, double[] phi, double g, double[] out) {
            int S = mdp.states(), A = mdp.actions();
            int[] rs = mdp.rowStart(), nx = mdp.successors();
            double[] pr = mdp.probabilities();
            if (out == null) out = new double[S * A];
            for (int s = 0; s < S; s++)
                for (int a = 0; a < A; a++) {
                    int r = s * A + a;
                    double ev = 0;
                    for (int k = rs[r]; k < rs[r + 1]; k++) ev += pr[k] * phi[nx[k]];
                    out[r] = (rbar == null ? 0 : rbar[r]) + g * ev - phi[s];
                }
            return out;
        }

        /** {@code out = B^T (w .* y)} with {@code (B phi)(s,a) = g (tau phi)(s,a) - phi(s)}. */
        static void transposeTimes(TabularMdp mdp, double[] w, double[] y, double g, double[] out) {
            int S = mdp.states(), A = mdp.actions();
            int[] rs = mdp.rowStart(), nx = mdp.successors();
            double[] pr = mdp.probabilities();
            java.util.Arrays.fill(out, 0);
            for (int s = 0; s < S; s++)
                for (int a = 0; a < A; a++) {
                    int r = s * A + a;
                    double wy = w[r] * y[r];
                    if (wy == 0) continue;
                    for (int k = rs[r]; k < rs[r + 1]; k++) out[nx[k]] += g * pr[k] * wy;
                    out[s] -= wy;
                }
        }

        /** Minimises {@code |W^(1/2) (rbar + B phi)|^2} by CG on {@code B^T W B phi = -B^T W rbar}. */
        static double[] solvePotential(TabularMdp mdp, double[] rbar, double[] w, double g) {
            int S = mdp.states();
            double[] phi = new double[S], res = new double[S], p = new double[S], ap = new double[S];
            double[] rowTmp = new double[rbar.length];
            transposeTimes(mdp, w, rbar, g, res);
            for (int i = 0; i < S; i++) res[i] = -res[i];
            System.arraycopy(res, 0, p, 0, S);
            double rr = dot(res, res), start = rr;
            if (start == 0) return phi;
            int maxIt = Math.max(1000, 20 * S);
            for (int it = 0; it < maxIt && rr > CG_TOLERANCE * CG_TOLERANCE * start; it++) {
                residual(mdp, null, p, g, rowTmp); // B p
                transposeTimes(mdp, w, rowTmp, g, ap);
                double pap = dot(p, ap);
                if (!(pap > 0)) break; // p in the kernel: converged as far as it can
                double alpha = rr / pap;
                for (int i = 0; i < S; i++) {
                    phi[i] += alpha * p[i];
                    res[i] -= alpha * ap[i];
                }
                double rrNew = dot(res, res);
                double beta = rrNew / rr;
                rr = rrNew;
                for (int i = 0; i < S; i++) p[i] = res[i] + beta * p[i];
            }
            if (rr > 1e-8 * start)
                throw new IllegalStateException("the minimal canonicalisation did not converge (relative residual " + Math.sqrt(rr / start) + ")");
            return phi;
        }

        private static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) s += a[i] * b[i];
            return s;
        }

        @Override
        public String spec() { return "minimal"; }
    }

    private static void checkDiscount(double g) {
        if (!(g >= 0 && g <= 1)) throw new IllegalArgumentException("the discount must be in [0, 1], got " + g);
    }
}
