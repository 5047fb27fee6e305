package io.revealed.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The PyTorch engine starts offline from the natives on the class path and computes correctly. */
class EnginesTest {
    @Test
    void pytorchEngine_startsOfflineAndMultipliesMatrices() {
        assertEquals("PyTorch", Engines.pytorch().getEngineName());
        try (NDManager m = NDManager.newBaseManager(Engines.pytorch().defaultDevice(), "PyTorch")) {
            NDArray a = m.create(new float[]{1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray b = m.create(new float[]{5, 6, 7, 8}, new ai.djl.ndarray.types.Shape(2, 2));
            // [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]]
            assertArrayEquals(new float[]{19, 22, 43, 50}, a.matMul(b).toFloatArray(), 0f);
        }
    }

    @Test
    void pytorchEngine_runsOneIntraOpThreadByDefault() {
        Engines.pytorch();
        assertEquals(1, ai.djl.pytorch.jni.JniUtils.getNumThreads());
    }
}
