package io.revealed.deep;

import java.util.Arrays;
import java.util.Objects;
import java.util.Properties;

/**
 * Running per-coordinate mean and variance of observations, and the normalisation
 * {@code clip((x - mean) / sqrt(variance + epsilon), -clip, clip)} they define, as Stable-Baselines3's
 * {@code VecNormalize} applies to observations (its defaults: epsilon 1e-8, clip 10).
 *
 * <p><b>Updates.</b> A batch of rows is merged into the statistics with the parallel formula of
 * Chan, Golub and LeVeque (1979, "Updating formulae and a pairwise algorithm for computing sample
 * variances"): with the batch's own mean {@code m_b} and sum of squared deviations {@code M2_b}
 * (two passes over the batch), {@code delta = m_b - m_a}, {@code n = n_a + n_b},
 * {@code mean = m_a + delta n_b / n}, {@code M2 = M2_a + M2_b + delta^2 n_a n_b / n}. A batch of one
 * row is Welford's update. The variance is the population one, {@code M2 / n}. Cost: two passes
 * over each batch, {@code O(rows x dimension)}, no allocation.
 *
 * <p><b>Before any update</b> the mean is 0 and the variance 1, so only the clipping acts.
 *
 * <p><b>Ownership.</b> A trainer updates the normaliser of the policy it is training; evaluation and
 * demonstrations only read it. The statistics are saved with the policy ({@link #describe},
 * {@link #read}), as the decimal text of the doubles, so a reloaded policy normalises bit for bit
 * as the saved one did. Not thread-safe.
 */
public final class ObservationNormalizer {
    /** SB3 {@code VecNormalize}'s default {@code epsilon}, added to the variance. */
    public static final double DEFAULT_EPSILON = 1e-8;
    /** SB3 {@code VecNormalize}'s default {@code clip_obs}. */
    public static final double DEFAULT_CLIP = 10;

    static final String PREFIX = "obs_norm.";

    private final int dim;
    private final double[] mean, variance;
    private final double epsilon, clip;
    private long count;

    /** Empty statistics for observations of {@code dimension} numbers, with the default epsilon and clip. */
    public ObservationNormalizer(int dimension) { this(dimension, DEFAULT_EPSILON, DEFAULT_CLIP); }

    public ObservationNormalizer(int dimension, double epsilon, double clip) {
        if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        if (!(epsilon >= 0) || !Double.isFinite(epsilon)) throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
        if (!(clip > 0)) throw new IllegalArgumentException("clip must be > 0, got " + clip);
        this.dim = dimension;
        this.epsilon = epsilon;
        this.clip = clip;
        mean = new double[dimension];
        variance = new double[dimension];
        Arrays.fill(variance, 1);
    }

    public int dimension() { return dim; }

    /** Rows merged so far. */
    public long count() { return count; }

    public double epsilon() { return epsilon; }

    public double clip() { return clip; }

    /** A copy of the running mean. */
    public double[] mean() { return mean.clone(); }

    /** A copy of the running (population) variance; 1 before any update. */
    public double[] variance() { return variance.clone(); }

    /** Merges one observation. */
    public void update(double[] observation) {
        Objects.requireNonNull(observation, "observation");
        update(observation, 1);
    }

    /**
     * Merges {@code rows} observations stored row-major in {@code batch} ({@code rows x dimension}
     * numbers, or more: the rest is ignored).
     */
    public void update(double[] batch, int rows) {
        if (rows < 1) throw new IllegalArgumentException("rows must be >= 1, got " + rows);
        if (batch.length < (long) rows * dim)
            throw new IllegalArgumentException("expected " + rows + " x " + dim + " numbers, got " + batch.length);
        long n = count + rows;
        double share = (double) rows / n, cross = (double) count * rows / n;
        for (int k = 0; k < dim; k++) {
            double m = 0;
            for (int i = 0; i < rows; i++) m += batch[i * dim + k];
            m /= rows;
            double m2 = 0;
            for (int i = 0; i < rows; i++) {
                double e = batch[i * dim + k] - m;
                m2 += e * e;
            }
            if (count == 0) {
                mean[k] = m;
                variance[k] = m2 / rows;
            } else {
                double delta = m - mean[k];
                double total = variance[k] * count + m2 + delta * delta * cross;
                mean[k] += delta * share;
                variance[k] = total / n;
            }
        }
        count = n;
    }

    /**
     * Writes the normalised {@code rows x dimension} observations of {@code in} into {@code out}
     * (which may be {@code in}).
     */
    public void normalize(float[] in, float[] out, int rows) {
        if (in.length < (long) rows * dim || out.length < (long) rows * dim)
            throw new IllegalArgumentException("expected " + rows + " x " + dim + " numbers");
        for (int k = 0; k < dim; k++) {
            double mu = mean[k], scale = 1 / Math.sqrt(variance[k] + epsilon);
            for (int i = 0; i < rows; i++) {
                int at = i * dim + k;
                out[at] = (float) Math.max(-clip, Math.min(clip, (in[at] - mu) * scale));
            }
        }
    }

    /** The normalised copy of {@code rows x dimension} observations. */
    public float[] normalized(float[] in, int rows) {
        float[] out = new float[rows * dim];
        normalize(in, out, rows);
        return out;
    }

    /** Adds the statistics to a policy's properties, under keys starting {@code obs_norm.}. */
    void describe(Properties p) {
        p.setProperty(PREFIX + "count", Long.toString(count));
        p.setProperty(PREFIX + "mean", MlpPolicy.text(mean));
        p.setProperty(PREFIX + "variance", MlpPolicy.text(variance));
        p.setProperty(PREFIX + "epsilon", Double.toString(epsilon));
        p.setProperty(PREFIX + "clip", Double.toString(clip));
    }

    /**
     * The normaliser saved in {@code p} by {@link #describe}, or null when there is none (policies
     * saved without one, or before normalisation existed).
     *
     * @throws IllegalArgumentException when the entries are there but malformed
     */
    static ObservationNormalizer read(Properties p, int dimension) {
        if (p.getProperty(PREFIX + "mean") == null) return null;
        double[] mu = doubles(p, "mean"), var = doubles(p, "variance");
        if (mu.length != dimension || var.length != dimension)
            throw new IllegalArgumentException(PREFIX + "mean and " + PREFIX + "variance must have " + dimension + " numbers");
        ObservationNormalizer n = new ObservationNormalizer(dimension, Double.parseDouble(required(p, "epsilon")),
                Double.parseDouble(required(p, "clip")));
        n.count = Long.parseLong(required(p, "count"));
        if (n.count < 0) throw new IllegalArgumentException(PREFIX + "count must be >= 0, got " + n.count);
        for (int k = 0; k < dimension; k++) {
            if (!Double.isFinite(mu[k]) || !(var[k] >= 0) || !Double.isFinite(var[k]))
                throw new IllegalArgumentException(PREFIX + "mean/variance " + k + ": " + mu[k] + ", " + var[k]);
        }
        System.arraycopy(mu, 0, n.mean, 0, dimension);
        System.arraycopy(var, 0, n.variance, 0, dimension);
        return n;
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(PREFIX + key);
        if (v == null) throw new IllegalArgumentException("missing " + PREFIX + key);
        return v.trim();
    }

    private static double[] doubles(Properties p, String key) {
        return Arrays.stream(required(p, key).split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
    }
}
