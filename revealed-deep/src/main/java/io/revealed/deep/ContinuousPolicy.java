package io.revealed.deep;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;

import java.util.Properties;

/**
 * A deterministic policy over a box of continuous actions: the {@link Mlp}'s outputs, clipped to
 * the action bounds when acting.
 */
public final class ContinuousPolicy extends MlpPolicy {
    private final double[] low, high;

    ContinuousPolicy(Model model, Mlp shape, double[] low, double[] high) {
        super(model, shape);
        if (low.length != shape.outputs() || high.length != shape.outputs())
            throw new IllegalArgumentException("action bounds must have " + shape.outputs() + " entries");
        this.low = low.clone();
        this.high = high.clone();
    }

    public int actionDimension() { return shape.outputs(); }

    /** Actions for {@code n} observations, row-major {@code n x k}, each clipped to its bounds. */
    public double[] act(float[] obs, int n) {
        float[] y;
        try (NDManager m = model.getNDManager().newSubManager()) {
            y = outputs(m, obs, n).toFloatArray();
        }
        int k = shape.outputs();
        double[] a = new double[y.length];
        for (int i = 0; i < y.length; i++) a[i] = Math.min(high[i % k], Math.max(low[i % k], y[i]));
        return a;
    }

    @Override
    void describe(Properties p) {
        p.setProperty("kind", "continuous-mlp");
        p.setProperty("low", text(low));
        p.setProperty("high", text(high));
    }
}
