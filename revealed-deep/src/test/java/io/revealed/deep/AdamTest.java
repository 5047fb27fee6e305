package io.revealed.deep;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AdamTest {

    /**
     * Two steps with lr 0.1 on a 1-1 linear layer, weight 0.5 and bias 0.3, by hand (PyTorch's
     * torch.optim.Adam, betas 0.9, 0.999, eps 1e-8):
     * <pre>
     * weight, g = 2:  m = 0.2, v = 0.004; bc1 = 0.1, bc2 = 0.001;
     *                 w = 0.5 - (0.1 / 0.1) 0.2 / (sqrt(0.004) / sqrt(0.001) + 1e-8) = 0.5 - 0.1 = 0.4
     *         g = -1: m = 0.08, v = 0.004996; bc1 = 0.19, bc2 = 0.001999;
     *                 w = 0.4 - (0.1 / 0.19) 0.08 / (sqrt(0.004996 / 0.001999) + 1e-8) = 0.3733663
     * bias, g = 1e-8 twice: m^ = 1e-8 and sqrt(v^) = 1e-8 both times, so each step is
     *                 0.1 * 1e-8 / (1e-8 + 1e-8) = 0.05: 0.3 -> 0.25 -> 0.2
     * </pre>
     * The bias checks where eps goes: added to sqrt(v) before the bias correction, as DJL's Adam
     * does, the steps would be 0.0031 and 0.0043 (0.3 -> 0.29693 -> 0.29265).
     */
    @Test
    void twoSteps_matchTorchAdamComputedByHand() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block block = weightAndBias(m);
            NDArray w = block.getParameters().get(0).getValue().getArray(), b = block.getParameters().get(1).getValue().getArray();
            Adam adam = new Adam(block, 0.1);

            gradients(m, w, b, 2f, 1e-8f);
            adam.step();
            assertEquals(0.4, w.toFloatArray()[0], 1e-6);
            assertEquals(0.25, b.toFloatArray()[0], 1e-6);

            gradients(m, w, b, -1f, 1e-8f);
            adam.step();
            assertEquals(0.37336630, w.toFloatArray()[0], 1e-6);
            assertEquals(0.2, b.toFloatArray()[0], 1e-6);
            assertEquals(2, adam.steps());
        }
    }

    /**
     * The step size given to {@code step(lr)} and the constructor's {@code eps} are the ones used. By
     * hand, first step (m^ = g, sqrt(v^) = |g|): w moves by lr g / (|g| + eps). Weight, g = 2, lr 0.2:
     * 0.2 * 2 / (2 + 1e-5) = 0.199999, so 0.5 -> 0.300001. Bias, g = 1e-5 = eps: half a step,
     * 0.2 * 0.5 = 0.1, so 0.3 -> 0.2 (with eps 1e-8 it would move by 0.2 * 0.999 to 0.1002).
     */
    @Test
    void stepWithLearningRate_usesThatRateAndTheChosenEps() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block block = weightAndBias(m);
            NDArray w = block.getParameters().get(0).getValue().getArray(), b = block.getParameters().get(1).getValue().getArray();
            Adam adam = new Adam(block, 0.1, 1e-5);

            gradients(m, w, b, 2f, 1e-5f);
            adam.step(0.2);
            assertEquals(0.300001, w.toFloatArray()[0], 1e-6);
            assertEquals(0.2, b.toFloatArray()[0], 1e-6);
            assertEquals(1, adam.steps());
        }
    }

    @Test
    void restoredState_continuesAsTheOriginal() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block one = new Mlp(1, new int[0], 1).block(), two = new Mlp(1, new int[0], 1).block();
            one.initialize(m, DataType.FLOAT32, new Shape(1, 1));
            two.initialize(m, DataType.FLOAT32, new Shape(1, 1));
            Dqn.copyParameters(one, two);
            Adam a = new Adam(one, 0.01), c = new Adam(two, 0.01);
            NDArray w1 = one.getParameters().get(0).getValue().getArray(), b1 = one.getParameters().get(1).getValue().getArray();
            NDArray w2 = two.getParameters().get(0).getValue().getArray(), b2 = two.getParameters().get(1).getValue().getArray();
            gradients(m, w1, b1, 0.7f, -0.2f);
            a.step();
            gradients(m, w2, b2, 0.7f, -0.2f);
            c.step();
            Adam restored = new Adam(two, 0.01);
            restored.restore(a.state(), a.steps());
            gradients(m, w1, b1, -0.3f, 0.9f);
            a.step();
            gradients(m, w2, b2, -0.3f, 0.9f);
            restored.step();
            assertArrayEquals(Checkpoint.parameterValues(one), Checkpoint.parameterValues(two));
            assertArrayEquals(a.state(), restored.state());
        }
    }

    /** {@code y = w x + b} with w = 0.5 and b = 0.3. */
    private static Block weightAndBias(NDManager m) {
        Block block = new Mlp(1, new int[0], 1).block();
        block.initialize(m, DataType.FLOAT32, new Shape(1, 1));
        block.getParameters().get(0).getValue().getArray().set(new float[]{0.5f});
        block.getParameters().get(1).getValue().getArray().set(new float[]{0.3f});
        return block;
    }

    /** Sets the gradients of {@code w} and {@code b} to {@code gw} and {@code gb}: backward of {@code gw w + gb b}. */
    private static void gradients(NDManager m, NDArray w, NDArray b, float gw, float gb) {
        for (NDArray p : new NDArray[]{w, b}) {
            NDArray g = p.getGradient();
            g.attach(m);
            g.muli(0f);
        }
        try (NDManager s = m.newSubManager(); GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray loss = w.mul(s.create(gw)).sum().add(b.mul(s.create(gb)).sum());
            gc.backward(loss);
        }
    }
}
