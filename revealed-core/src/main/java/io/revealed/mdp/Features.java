package io.revealed.mdp;

import java.util.List;
import java.util.Objects;

/**
 * State features stored row-major: {@code values[s * dimension + k]} is feature {@code k} of state
 * {@code s}. A reward linear in features is {@code r(s) = sum_k w_k phi_k(s)}.
 *
 * @param names one name per feature (used in reports), never null
 */
public record Features(int states, int dimension, double[] values, List<String> names) {
    public Features {
        if (states < 1) throw new IllegalArgumentException("features: states must be >= 1, got " + states);
        if (dimension < 1) throw new IllegalArgumentException("features: dimension must be >= 1, got " + dimension);
        Objects.requireNonNull(values, "values");
        if (values.length != (long) states * dimension)
            throw new IllegalArgumentException("features: expected " + ((long) states * dimension) + " values, got " + values.length);
        for (int i = 0; i < values.length; i++)
            if (!Double.isFinite(values[i]))
                throw new IllegalArgumentException("features: state " + (i / dimension) + ", feature " + (i % dimension) + " is " + values[i]);
        names = names == null ? defaultNames(dimension) : List.copyOf(names);
        if (names.size() != dimension)
            throw new IllegalArgumentException("features: " + names.size() + " names for " + dimension + " features");
    }

    /** One indicator feature per state: a reward linear in these is an arbitrary state reward. */
    public static Features oneHot(int states) {
        double[] v = new double[Math.multiplyExact(states, states)];
        for (int s = 0; s < states; s++) v[s * states + s] = 1;
        return new Features(states, states, v, null);
    }

    private static List<String> defaultNames(int d) {
        String[] n = new String[d];
        for (int k = 0; k < d; k++) n[k] = "f" + k;
        return List.of(n);
    }

    public double get(int s, int k) { return values[s * dimension + k]; }

    /** The state reward {@code r(s) = phi(s) . w}, written into {@code out} (allocated if null). */
    public double[] linear(double[] weights, double[] out) {
        if (weights.length != dimension)
            throw new IllegalArgumentException("expected " + dimension + " weights, got " + weights.length);
        if (out == null) out = new double[states];
        for (int s = 0; s < states; s++) {
            double r = 0;
            int base = s * dimension;
            for (int k = 0; k < dimension; k++) r += values[base + k] * weights[k];
            out[s] = r;
        }
        return out;
    }

    /** {@code sum_s d(s) phi(s)}: the feature expectation under a state visitation {@code d}. */
    public double[] expectation(double[] visitation, double[] out) {
        if (visitation.length != states)
            throw new IllegalArgumentException("expected a visitation over " + states + " states, got " + visitation.length);
        if (out == null) out = new double[dimension];
        java.util.Arrays.fill(out, 0);
        for (int s = 0; s < states; s++) {
            double d = visitation[s];
            if (d == 0) continue;
            int base = s * dimension;
            for (int k = 0; k < dimension; k++) out[k] += d * values[base + k];
        }
        return out;
    }
}
