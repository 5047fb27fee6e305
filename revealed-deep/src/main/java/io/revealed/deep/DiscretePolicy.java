package io.revealed.deep;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;

import java.util.Properties;

/** A softmax policy over discrete actions: logits from an {@link Mlp}. */
public final class DiscretePolicy extends MlpPolicy {
    DiscretePolicy(Model model, Mlp shape) { super(model, shape); }

    public int actions() { return shape.outputs(); }

    /** Action probabilities for {@code n} observations (row-major {@code n x d}), row-major {@code n x A}. */
    public float[] probabilities(float[] obs, int n) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            return outputs(m, obs, n).softmax(1).toFloatArray();
        }
    }

    /** The most probable action of each of {@code n} observations. */
    public int[] greedy(float[] obs, int n) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            long[] idx = outputs(m, obs, n).argMax(1).toLongArray();
            int[] a = new int[n];
            for (int i = 0; i < n; i++) a[i] = (int) idx[i];
            return a;
        }
    }

    @Override
    void describe(Properties p) { p.setProperty("kind", "discrete-mlp"); }
}
