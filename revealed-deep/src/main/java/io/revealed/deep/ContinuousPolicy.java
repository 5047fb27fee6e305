package io.revealed.deep;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;

import java.util.Properties;

/**
 * A deterministic policy over a box of continuous actions: the {@link Mlp}'s outputs, clipped to
 * the action bounds when acting; or, for a tanh-squashed policy (the greedy action of
 * {@link Sac}), {@code low + (high - low) (tanh(y) + 1) / 2} of the outputs {@code y}, which needs
 * finite bounds.
 */
public final class ContinuousPolicy extends MlpPolicy {
    private final double[] low, high;
    private final boolean tanhSquashed;

    ContinuousPolicy(Model model, Mlp shape, double[] low, double[] high) { this(model, shape, low, high, false); }

    ContinuousPolicy(Model model, Mlp shape, double[] low, double[] high, boolean tanhSquashed) {
        super(model, shape);
        if (low.length != shape.outputs() || high.length != shape.outputs())
            throw new IllegalArgumentException("action bounds must have " + shape.outputs() + " entries");
        if (tanhSquashed)
            for (int i = 0; i < low.length; i++)
                if (!Double.isFinite(low[i]) || !Double.isFinite(high[i]))
                    throw new IllegalArgumentException("a tanh-squashed policy needs finite action bounds, got [" + low[i] + ", " + high[i] + "]");
        this.low = low.clone();
        this.high = high.clone();
        this.tanhSquashed = tanhSquashed;
    }

    public int actionDimension() { return shape.outputs(); }

    /** Whether the outputs are squashed into the bounds by tanh (rather than clipped). */
    public boolean tanhSquashed() { return tanhSquashed; }

    /** Actions for {@code n} observations, row-major {@code n x k}, each within its bounds. */
    public double[] act(float[] obs, int n) {
        float[] y;
        try (NDManager m = model.getNDManager().newSubManager()) {
            y = outputs(m, obs, n).toFloatArray();
        }
        int k = shape.outputs();
        double[] a = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double v = tanhSquashed ? low[i % k] + (high[i % k] - low[i % k]) * (StrictMath.tanh(y[i]) + 1) / 2 : y[i];
            a[i] = Math.min(high[i % k], Math.max(low[i % k], v));
        }
        return a;
    }

    @Override
    void describe(Properties p) {
        p.setProperty("kind", "continuous-mlp");
        p.setProperty("low", text(low));
        p.setProperty("high", text(high));
        if (tanhSquashed) p.setProperty("squash", "tanh"); // absent: clipped, as policies saved before squashing existed
    }
}
