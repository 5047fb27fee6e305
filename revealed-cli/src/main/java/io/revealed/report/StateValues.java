package io.revealed.report;

import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-state numbers as the report draws them: a reward as one number per state, rewards
 * standardised to a common scale, visitation as shares of the total.
 */
public final class StateValues {
    private StateValues() {}

    /**
     * One number per state: {@code r(s)} for a state reward, and for a reward that depends on the
     * action (or the next state) its expected value {@code E[r(s,a,s')]} averaged uniformly over the actions.
     */
    public static double[] stateReward(TabularReward r, TabularMdp mdp) {
        if (r.kind() == TabularReward.Kind.STATE) return r.values().clone();
        double[] rsa = r.expected(mdp, null);
        int A = mdp.actions();
        double[] v = new double[mdp.states()];
        for (int s = 0; s < v.length; s++) {
            double sum = 0;
            for (int a = 0; a < A; a++) sum += rsa[s * A + a];
            v[s] = sum / A;
        }
        return v;
    }

    /**
     * The values shifted to mean zero and divided by their largest absolute value afterwards, so
     * they lie in [-1, 1] with at least one value at -1 or 1. A constant vector becomes all zeros.
     * This removes exactly the shift and positive scale that IRL cannot identify (not potential
     * shaping), so rewards learned by different algorithms can share one colour scale.
     */
    public static double[] standardise(double[] v) {
        double mean = 0;
        for (double x : v) mean += x;
        mean /= v.length;
        double[] z = new double[v.length];
        double maxAbs = 0, scale = 0;
        for (int i = 0; i < v.length; i++) {
            z[i] = v[i] - mean;
            maxAbs = Math.max(maxAbs, Math.abs(z[i]));
            scale = Math.max(scale, Math.abs(v[i]));
        }
        if (maxAbs <= 1e-12 * Math.max(1, scale)) return new double[v.length];
        for (int i = 0; i < z.length; i++) z[i] /= maxAbs;
        return z;
    }

    /** The values divided by their sum (all zeros when the sum is 0). */
    public static double[] shares(double[] v) {
        double sum = 0;
        for (double x : v) sum += x;
        double[] s = new double[v.length];
        if (sum > 0) for (int i = 0; i < v.length; i++) s[i] = v[i] / sum;
        return s;
    }

    /** Total variation distance {@code 0.5 * sum |p - q|} between two distributions: 0 identical, 1 disjoint. */
    public static double totalVariation(double[] p, double[] q) {
        double d = 0;
        for (int i = 0; i < p.length; i++) d += Math.abs(p[i] - q[i]);
        return d / 2;
    }

    /** Pearson correlation of two vectors; NaN when either is constant. */
    public static double correlation(double[] a, double[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    /** The smallest and largest value. */
    public static double[] range(double[] v) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return new double[]{lo, hi};
    }

    /**
     * One value per state for each of {@code names} without a grid to draw them on: bars per state
     * for up to {@link RewardMapSection#MAX_BARS} states (figure {@code NAME-bars}), lines against the
     * state index beyond (figure {@code NAME-lines}).
     */
    static ChartFigure perState(String name, String caption, String title, String yLabel, List<String> names, List<double[]> values) {
        int S = values.get(0).length;
        if (S <= RewardMapSection.MAX_BARS) {
            List<String> states = new ArrayList<>();
            for (int s = 0; s < S; s++) states.add(Integer.toString(s));
            return new ChartFigure(name + "-bars", caption, Charts.bars(title, "state", yLabel, names, states, values.toArray(double[][]::new), false),
                    Math.max(420, Math.min(1100, 60 + S * 14 * names.size())), 300);
        }
        double[] index = new double[S];
        for (int s = 0; s < S; s++) index[s] = s;
        List<Charts.Series> series = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) series.add(new Charts.Series(names.get(i), index, values.get(i)));
        return new ChartFigure(name + "-lines", caption, Charts.lines(title, "state", yLabel, series, false), 900, 320);
    }
}
