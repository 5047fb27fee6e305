package io.revealed.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.List;

/**
 * Adam (Kingma and Ba 2015, "Adam: A Method for Stochastic Optimization") on the parameters of one
 * DJL block, computed as {@code torch.optim.Adam} computes it with its defaults (betas 0.9 and
 * 0.999, eps 1e-8, no weight decay, no AMSGrad), and with its state in Java arrays so that a
 * checkpoint can save and restore it (DJL's own Adam keeps its moment estimates private). At step
 * {@code t = 1, 2, ...}, for every parameter {@code w} with gradient {@code g}:
 * <pre>
 * m = m + (1 - beta1) (g - m)                          (PyTorch's lerp_, = beta1 m + (1 - beta1) g)
 * v = beta2 v + (1 - beta2) g^2
 * w = w - (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * The bias corrections are computed in double precision (Python floats in PyTorch), everything per
 * element in float32 with the scalars rounded to float, as PyTorch's CPU kernels do; those kernels
 * may fuse a multiply and an add, so the last bit can differ from PyTorch's, never the formula. In
 * particular {@code eps} is added after the square root of the bias-corrected {@code v}, where DJL's
 * Adam (the paper's "efficient version") adds it to the uncorrected one.
 *
 * <p>{@link #step} reads the gradients the block's arrays hold and updates the parameters; it does
 * not zero the gradients (the trainers do, after clipping and stepping). Cost: one copy of every
 * parameter and gradient out of and back into native memory per step, {@code O(parameters)}.
 */
final class Adam {
    static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

    private final double lr, eps;
    private final List<Parameter> parameters;
    private final float[][] m, v;
    private long t;

    /** Adam on every parameter of {@code block} (initialised), with step size {@code lr}. */
    Adam(Block block, double lr) {
        this(block, lr, EPS);
    }

    /** Adam on every parameter of {@code block} (initialised), with step size {@code lr} and {@code eps} (PPO uses 1e-5). */
    Adam(Block block, double lr, double eps) {
        if (!(lr > 0) || !Double.isFinite(lr)) throw new IllegalArgumentException("lr must be > 0, got " + lr);
        if (!(eps > 0) || !Double.isFinite(eps)) throw new IllegalArgumentException("eps must be > 0, got " + eps);
        this.lr = lr;
        this.eps = eps;
        this.parameters = block.getParameters().stream().map(Pair::getValue).toList();
        m = new float[parameters.size()][];
        v = new float[parameters.size()][];
        for (int i = 0; i < m.length; i++) {
            int n = Math.toIntExact(parameters.get(i).getArray().size());
            m[i] = new float[n];
            v[i] = new float[n];
        }
    }

    /** One step from the gradients held by the parameters' arrays. */
    void step() {
        step(lr);
    }

    /** One step with step size {@code lr} instead of the constructor's (for an annealed schedule). */
    void step(double lr) {
        t++;
        double bc1 = 1 - Math.pow(BETA1, t), bc2 = 1 - Math.pow(BETA2, t);
        float stepSize = (float) (lr / bc1), bc2Sqrt = (float) Math.sqrt(bc2);
        float oneMinusBeta1 = (float) (1 - BETA1), beta2 = (float) BETA2, oneMinusBeta2 = (float) (1 - BETA2), eps = (float) this.eps;
        for (int i = 0; i < m.length; i++) {
            NDArray w = parameters.get(i).getArray();
            float[] wv = w.toFloatArray(), g = w.getGradient().toFloatArray(), mi = m[i], vi = v[i];
            for (int j = 0; j < wv.length; j++) {
                mi[j] = mi[j] + oneMinusBeta1 * (g[j] - mi[j]);
                vi[j] = vi[j] * beta2 + oneMinusBeta2 * (g[j] * g[j]);
                float denom = (float) Math.sqrt(vi[j]) / bc2Sqrt + eps;
                wv[j] = wv[j] - stepSize * (mi[j] / denom);
            }
            NdArrays.overwrite(w, wv);
        }
    }

    /** Steps taken. */
    long steps() { return t; }

    /** The numbers of the state, every parameter's {@code m} then every parameter's {@code v}, in the block's order. */
    int stateSize() {
        int n = 0;
        for (float[] a : m) n += 2 * a.length;
        return n;
    }

    /** The moments, {@link #stateSize()} numbers (for a checkpoint). */
    float[] state() {
        float[] out = new float[stateSize()];
        int at = 0;
        for (float[] a : m) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        for (float[] a : v) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    /** Continues from a saved {@link #state()} after {@code steps} steps. */
    void restore(float[] state, long steps) {
        if (state.length != stateSize()) throw new IllegalArgumentException("Adam state has " + state.length + " numbers, expected " + stateSize());
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        int at = 0;
        for (float[] a : m) {
            System.arraycopy(state, at, a, 0, a.length);
            at += a.length;
        }
        for (float[] a : v) {
            System.arraycopy(state, at, a, 0, a.length);
            at += a.length;
        }
        t = steps;
    }
}
