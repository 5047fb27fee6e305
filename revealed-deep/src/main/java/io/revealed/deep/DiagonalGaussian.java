package io.revealed.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.random.RandomGenerator;

/**
 * The action distribution of {@link Ppo} for box actions: independent Gaussians
 * {@code N(mu_i(o), sigma_i^2)}, one per action coordinate, whose means {@code mu(o)} are the actor
 * network's outputs and whose log standard deviations {@code log sigma_i} are learned numbers that do
 * not depend on the observation: the policy of the continuous-control experiments of the PPO paper
 * (Schulman et al. 2017, section 6.1, a 64-64 tanh network giving the mean "with variable standard
 * deviations"). Samples are not squashed or clipped here; the caller clips an action to the box
 * only when it sends it to the environment, and the log-density is that of the unclipped sample.
 *
 * <p>With {@code z_i = (a_i - mu_i) / sigma_i}:
 * <pre>
 * log pi(a|o) = sum_i [ -z_i^2 / 2 - log sigma_i - log(2 pi) / 2 ]
 * H(pi(.|o))  = sum_i [ 1/2 + log(2 pi) / 2 + log sigma_i ]
 * </pre>
 *
 * <p>This object owns the {@code k} log standard deviations ({@link Ppo} starts them at 0,
 * {@code sigma = 1}) and the Adam state that updates them. They live in Java doubles; for a gradient step the caller takes
 * them as an array that records its gradient ({@link #parameter}) and hands the (clipped) gradient
 * back to {@link #step}. Not thread-safe.
 */
final class DiagonalGaussian {
    static final double HALF_LOG_2PI = 0.5 * StrictMath.log(2 * Math.PI);
    /** PyTorch's Adam defaults for the moment decay rates. */
    private static final double ADAM_BETA1 = 0.9, ADAM_BETA2 = 0.999;

    private final double[] logStd, m, v;
    private final double adamEpsilon;
    private int t;

    /** {@code k} coordinates with {@code log sigma = initialLogStd}; Adam with the given epsilon. */
    DiagonalGaussian(int k, double initialLogStd, double adamEpsilon) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        logStd = new double[k];
        java.util.Arrays.fill(logStd, initialLogStd);
        m = new double[k];
        v = new double[k];
        this.adamEpsilon = adamEpsilon;
    }

    int dimension() { return logStd.length; }

    /** A copy of the log standard deviations. */
    double[] logStd() { return logStd.clone(); }

    /** The log standard deviations as a {@code (k)} array owned by {@code manager} that records its gradient. */
    NDArray parameter(NDManager manager) {
        float[] f = new float[logStd.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) logStd[i];
        NDArray p = manager.create(f);
        p.setRequiresGradient(true);
        return p;
    }

    /**
     * One Adam step (PyTorch's update, with bias correction) of the log standard deviations down
     * {@code gradient}.
     */
    void step(float[] gradient, double learningRate) {
        if (gradient.length != logStd.length) throw new IllegalArgumentException("expected " + logStd.length + " gradients, got " + gradient.length);
        t++;
        double c1 = 1 - StrictMath.pow(ADAM_BETA1, t), c2 = 1 - StrictMath.pow(ADAM_BETA2, t);
        for (int i = 0; i < logStd.length; i++) {
            double g = gradient[i];
            m[i] = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * g;
            v[i] = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * g * g;
            logStd[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + adamEpsilon);
        }
    }

    /** Adam steps taken. */
    int steps() { return t; }

    /** The whole state for a checkpoint: the log standard deviations, then Adam's {@code m}, then its {@code v} ({@code 3k} numbers). */
    double[] state() {
        int k = logStd.length;
        double[] out = new double[3 * k];
        System.arraycopy(logStd, 0, out, 0, k);
        System.arraycopy(m, 0, out, k, k);
        System.arraycopy(v, 0, out, 2 * k, k);
        return out;
    }

    /** Continues from a saved {@link #state()} after {@code steps} Adam steps. */
    void restore(double[] state, int steps) {
        int k = logStd.length;
        if (state.length != 3 * k) throw new IllegalArgumentException("the Gaussian's state has " + state.length + " numbers, expected " + 3 * k);
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        for (double x : state) if (!Double.isFinite(x)) throw new IllegalArgumentException("the Gaussian's state holds " + x);
        System.arraycopy(state, 0, logStd, 0, k);
        System.arraycopy(state, k, m, 0, k);
        System.arraycopy(state, 2 * k, v, 0, k);
        t = steps;
    }

    /**
     * Draws one action around the means {@code mean[from .. from + k)} into {@code out[at .. at + k)},
     * each coordinate rounded to float (what the optimisation sees), and returns its log-density.
     */
    double sample(float[] mean, int from, RandomGenerator rng, float[] out, int at) {
        for (int i = 0; i < logStd.length; i++)
            out[at + i] = (float) (mean[from + i] + StrictMath.exp(logStd[i]) * gaussian(rng));
        return logDensity(mean, from, out, at);
    }

    /** {@code log pi(a|o)} of the action {@code a[at .. at + k)} around the means {@code mean[from .. from + k)}. */
    double logDensity(float[] mean, int from, float[] a, int at) {
        double sum = 0;
        for (int i = 0; i < logStd.length; i++) {
            double z = (a[at + i] - (double) mean[from + i]) / StrictMath.exp(logStd[i]);
            sum += -0.5 * z * z - logStd[i] - HALF_LOG_2PI;
        }
        return sum;
    }

    /** The entropy (nats) of every state's distribution. */
    double entropy() {
        double sum = 0;
        for (double l : logStd) sum += 0.5 + HALF_LOG_2PI + l;
        return sum;
    }

    /**
     * The log-densities of {@code n} actions ({@code n x k}) under means {@code mean} ({@code n x k})
     * and log standard deviations {@code logStd} ({@code k}), as an {@code (n)} array differentiable in
     * both.
     */
    static NDArray logDensity(NDArray mean, NDArray logStd, NDArray actions) {
        NDArray z = actions.sub(mean).mul(logStd.neg().exp());
        return Differentiable.times(z.square(), -0.5).sub(logStd).sub((float) HALF_LOG_2PI).sum(new int[]{1});
    }

    /** The entropy of the distribution with log standard deviations {@code logStd} ({@code k}), a scalar. */
    static NDArray entropy(NDArray logStd) {
        return logStd.add((float) (0.5 + HALF_LOG_2PI)).sum();
    }

    /** A standard normal draw (Box-Muller, one of the pair). */
    static double gaussian(RandomGenerator rng) {
        double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
