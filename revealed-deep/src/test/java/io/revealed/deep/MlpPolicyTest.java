package io.revealed.deep;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void sideBySideEvaluation_givesEachEpisodeTheReturnItHasAlone() {
        // 250 episodes on at most 100 copies: slots are reused, episodes end at different steps.
        Mlp shape = new Mlp(4, new int[]{16}, 2);
        try (DiscretePolicy p = new DiscretePolicy(seededModel(shape, 3), shape)) {
            double[] alone = MlpPolicy.greedyReturns(p, new io.revealed.env.CartPole(), 250, 7);
            double[] together = MlpPolicy.greedyReturns(p, io.revealed.env.CartPole::new, 250, 7);
            assertArrayEquals(alone, together, 0.0);
            assertEquals(alone[42], MlpPolicy.greedyReturns(p, new io.revealed.env.CartPole(), 1, 7 + 42)[0], 0.0);
            assertTrue(java.util.Arrays.stream(alone).distinct().count() > 5, "episodes of different lengths");
        }
    }

    @Test
    void sideBySideEvaluation_ofAContinuousPolicy_matchesOneAtATime() {
        Mlp shape = new Mlp(3, new int[]{16}, 1);
        try (ContinuousPolicy p = new ContinuousPolicy(seededModel(shape, 4), shape, new double[]{-2}, new double[]{2})) {
            double[] alone = MlpPolicy.greedyReturns(p, new io.revealed.env.Pendulum(), 12, 0);
            double[] together = MlpPolicy.greedyReturns(p, io.revealed.env.Pendulum::new, 12, 0);
            for (int i = 0; i < alone.length; i++)
                assertEquals(alone[i], together[i], 1e-3 * Math.abs(alone[i]), "episode " + i);
        }
    }

    /** A 2-8-3 ReLU policy with seeded weights. */
    private static DiscretePolicy smallPolicy(long seed) {
        Mlp shape = new Mlp(2, new int[]{8}, 3);
        return new DiscretePolicy(seededModel(shape, seed), shape);
    }

    /** A model of {@code shape} with weights drawn from {@code seed}. */
    private static Model seededModel(Mlp shape, long seed) {
        Engines.seed(seed);
        Model model = Model.newInstance("t", Engines.pytorch().defaultDevice(), "PyTorch");
        model.setBlock(shape.block());
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, shape.inputs()));
        return model;
    }

    @Test
    void normalizingPolicy_savedAndLoaded_givesIdenticalActions_onNormalisedInputs() {
        // Observations around (-0.5, 0.02) with MountainCar-like scales, which the network only
        // separates once they are normalised.
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int n = 200;
        double[] seen = new double[n * 2];
        float[] x = new float[n * 2];
        for (int i = 0; i < n * 2; i += 2) {
            seen[i] = -0.5 + 0.3 * r.nextGaussian();
            seen[i + 1] = 0.02 * r.nextGaussian();
            x[i] = (float) (-0.5 + 0.3 * r.nextGaussian());
            x[i + 1] = (float) (0.02 * r.nextGaussian());
        }
        ObservationNormalizer norm = new ObservationNormalizer(2);
        norm.update(seen, n);
        try (DiscretePolicy p = smallPolicy(9)) {
            p.normalizeWith(norm);
            float[] probs = p.probabilities(x, n);
            int[] acts = p.greedy(x, n);
            // The policy feeds the network the normalised observations.
            float[] direct;
            try (ai.djl.ndarray.NDManager m = p.model.getNDManager().newSubManager()) {
                direct = p.networkOutputs(m, norm.normalized(x, n), n).softmax(1).toFloatArray();
            }
            assertArrayEquals(direct, probs, 0f);

            p.save(dir.resolve("normalized"));
            try (DiscretePolicy back = (DiscretePolicy) MlpPolicy.load(dir.resolve("normalized"))) {
                ObservationNormalizer loaded = back.normalizer().orElseThrow();
                assertArrayEquals(norm.mean(), loaded.mean(), 0);
                assertArrayEquals(norm.variance(), loaded.variance(), 0);
                assertArrayEquals(acts, back.greedy(x, n));
                assertArrayEquals(probs, back.probabilities(x, n), 0f);
                // Without its normaliser the same network acts differently on these observations.
                back.normalizeWith(null);
                assertFalse(java.util.Arrays.equals(acts, back.greedy(x, n)), "the normaliser must matter for this check to mean anything");
            }
        }
    }

    @Test
    void normaliserOfTheWrongSize_isRefused() {
        try (DiscretePolicy p = smallPolicy(1)) {
            assertThrows(IllegalArgumentException.class, () -> p.normalizeWith(new ObservationNormalizer(3)));
        }
    }

    /**
     * A policy folder written before observation normalisation existed
     * ({@code src/test/resources/policy/discrete-v0}: a 2-4-3 ReLU network initialised after
     * {@code Engines.seed(4)}, saved by the code of commit 0e2a8cd; no {@code obs_norm.*} entries)
     * still loads, without a normaliser, and gives the probabilities that code printed for it.
     */
    @Test
    void policyFolderWithoutNormaliser_loadsAsBefore() throws Exception {
        Path golden = Path.of(MlpPolicyTest.class.getResource("/policy/discrete-v0/policy.properties").toURI()).getParent();
        try (DiscretePolicy p = (DiscretePolicy) MlpPolicy.load(golden)) {
            assertTrue(p.normalizer().isEmpty());
            assertEquals("2-4-3", p.shape().toString());
            assertArrayEquals(GOLDEN_PROBABILITIES, p.probabilities(GOLDEN_INPUTS, 2), 1e-6f);
        }
    }

    private static final float[] GOLDEN_INPUTS = {-0.5f, 0.01f, 0.3f, -0.04f};
    private static final float[] GOLDEN_PROBABILITIES = {0.7438068f, 0.1535189f, 0.10267431f, 0.4560413f, 0.21450081f, 0.32945785f};
}
