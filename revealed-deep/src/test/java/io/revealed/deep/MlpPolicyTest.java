package io.revealed.deep;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpPolicyTest {
    @TempDir
    Path dir;

    @Test
    void tanhPolicy_roundTripsWithItsActivation() throws Exception {
        Mlp shape = new Mlp(3, new int[]{8, 8}, 2, Mlp.Activation.TANH);
        Model model = Model.newInstance("t", Engines.pytorch().defaultDevice(), "PyTorch");
        model.setBlock(TanhMlp.block(shape, 1.0, 5));
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
        float[] x = {0.3f, -1.2f, 2.5f, 1f, 1f, -1f};
        try (DiscretePolicy p = new DiscretePolicy(model, shape)) {
            float[] before = p.probabilities(x, 2);
            p.save(dir.resolve("policy"));
            assertTrue(Files.readString(dir.resolve("policy/policy.properties")).contains("activation=tanh"));
            try (DiscretePolicy back = (DiscretePolicy) MlpPolicy.load(dir.resolve("policy"))) {
                assertArrayEquals(before, back.probabilities(x, 2), 0f);
            }
        }
    }
}
