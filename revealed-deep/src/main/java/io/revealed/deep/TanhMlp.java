package io.revealed.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;

import java.util.SplittableRandom;

/**
 * Builds an {@link Mlp}-shaped block with {@code tanh} hidden activations and orthogonal weight
 * initialisation, as PPO implementations use (CleanRL's {@code layer_init}: hidden layers with gain
 * sqrt(2), the output layer with a caller-chosen gain, zero biases). The initial weights come from a
 * seeded Java generator, so they do not depend on the engine's random stream.
 * Give it a shape with {@link Mlp.Activation#TANH} so that a saved policy loads with its activation.
 */
final class TanhMlp {
    private TanhMlp() {}

    /** A fresh block of {@code shape} whose output layer is initialised with {@code outputGain}. */
    static SequentialBlock block(Mlp shape, double outputGain, long seed) {
        SequentialBlock b = new SequentialBlock();
        int[] hidden = shape.hidden();
        for (int l = 0; l < hidden.length; l++) {
            b.add(linear(hidden[l], Math.sqrt(2), seed + l));
            b.add(Activation.tanhBlock());
        }
        b.add(linear(shape.outputs(), outputGain, seed + hidden.length));
        return b;
    }

    private static Linear linear(int units, double gain, long seed) {
        Linear layer = Linear.builder().setUnits(units).build();
        layer.setInitializer(new Orthogonal(gain, seed), Parameter.Type.WEIGHT);
        layer.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        return layer;
    }

    /**
     * Orthogonal initialisation (Saxe et al. 2014), as {@code torch.nn.init.orthogonal_}: a Gaussian
     * matrix made orthonormal along its shorter side (Gram-Schmidt, equivalent to QR with a positive
     * diagonal of R), times {@code gain}.
     */
    record Orthogonal(double gain, long seed) implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            if (shape.dimension() != 2) throw new IllegalArgumentException("orthogonal initialisation needs a matrix, got " + shape);
            int rows = (int) shape.get(0), cols = (int) shape.get(1);
            return manager.create(matrix(rows, cols, gain, new SplittableRandom(seed)), shape).toType(dataType, false);
        }

        /** A row-major {@code rows x cols} matrix with orthonormal rows or columns (whichever are fewer), times gain. */
        static float[] matrix(int rows, int cols, double gain, SplittableRandom rng) {
            // q vectors of length p, q <= p, stored as vec[k][j]
            int p = Math.max(rows, cols), q = Math.min(rows, cols);
            double[][] vec = new double[q][p];
            for (double[] v : vec) for (int j = 0; j < p; j++) v[j] = gaussian(rng);
            for (int k = 0; k < q; k++) {
                double[] v = vec[k];
                for (int i = 0; i < k; i++) {
                    double dot = 0;
                    for (int j = 0; j < p; j++) dot += v[j] * vec[i][j];
                    for (int j = 0; j < p; j++) v[j] -= dot * vec[i][j];
                }
                double norm = 0;
                for (int j = 0; j < p; j++) norm += v[j] * v[j];
                norm = Math.sqrt(norm);
                for (int j = 0; j < p; j++) v[j] /= norm;
            }
            float[] w = new float[rows * cols];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    // rows >= cols: column c is vec[c]; otherwise row r is vec[r]
                    w[r * cols + c] = (float) (gain * (rows >= cols ? vec[c][r] : vec[r][c]));
            return w;
        }

        private static double gaussian(SplittableRandom rng) {
            double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
            return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
    }
}
