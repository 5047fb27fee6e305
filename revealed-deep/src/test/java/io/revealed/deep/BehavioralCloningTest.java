package io.revealed.deep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BehavioralCloningTest {
    @TempDir
    Path dir;

    /** A labelling rule a 2-layer network can learn: action = (x0 > x1) ? 1 : 0, plus 2 when x2 > 0.5. */
    static int rule(float[] x, int i) {
        return (x[i * 3] > x[i * 3 + 1] ? 1 : 0) + (x[i * 3 + 2] > 0.5f ? 2 : 0);
    }

    @Test
    void learnsASimpleRule_andSavesAndLoadsExactly() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        int n = 4000;
        float[] obs = new float[n * 3];
        for (int i = 0; i < obs.length; i++) obs[i] = (float) r.nextDouble();
        int[] acts = new int[n];
        for (int i = 0; i < n; i++) acts[i] = rule(obs, i);
        DiscretePolicy pi = BehavioralCloning.train(obs, 3, acts, 4, new BehavioralCloning.Options().withSteps(3000), BehavioralCloning.Listener.NONE);
        // Fresh test points: the learned policy must label at least 95% of them right.
        float[] test = new float[1000 * 3];
        for (int i = 0; i < test.length; i++) test[i] = (float) r.nextDouble();
        int[] pred = pi.greedy(test, 1000);
        int right = 0;
        for (int i = 0; i < 1000; i++) if (pred[i] == rule(test, i)) right++;
        assertTrue(right >= 950, "accuracy " + right / 10.0 + "%");
        float[] p = pi.probabilities(test, 1000);
        for (int i = 0; i < 1000; i++) {
            double s = 0;
            for (int a = 0; a < 4; a++) s += p[i * 4 + a];
            assertEquals(1, s, 1e-5);
        }
        Path saved = dir.resolve("policy");
        pi.save(saved);
        try (DiscretePolicy back = (DiscretePolicy) MlpPolicy.load(saved)) {
            assertArrayEquals(p, back.probabilities(test, 1000), 0f);
            // Saving again over an existing policy replaces it whole and leaves no staging folders.
            back.save(saved);
        }
        try (DiscretePolicy again = (DiscretePolicy) MlpPolicy.load(saved); var files = java.nio.file.Files.list(dir)) {
            assertArrayEquals(p, again.probabilities(test, 1000), 0f);
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".partial-") || f.getFileName().toString().contains(".old-")));
        }
        pi.close();
    }

    @Test
    void sameSeed_sameNetwork() {
        SplittableRandom r = new SplittableRandom(2);
        float[] obs = new float[300 * 3];
        for (int i = 0; i < obs.length; i++) obs[i] = (float) r.nextDouble();
        int[] acts = new int[300];
        for (int i = 0; i < 300; i++) acts[i] = rule(obs, i);
        var o = new BehavioralCloning.Options().withSteps(50).withSeed(7);
        try (DiscretePolicy a = BehavioralCloning.train(obs, 3, acts, 4, o, BehavioralCloning.Listener.NONE);
             DiscretePolicy b = BehavioralCloning.train(obs, 3, acts, 4, o, BehavioralCloning.Listener.NONE)) {
            assertArrayEquals(a.probabilities(obs, 300), b.probabilities(obs, 300), 0f);
        }
    }

    @Test
    void continuous_learnsALinearMap_clipsToBounds_andSavesAndLoads() {
        // a = 0.5 x0 - x1 on [0,1)^2, bounds [-0.25, 0.25]: a regression an MLP fits to small error.
        SplittableRandom r = new SplittableRandom(3);
        int n = 3000;
        float[] obs = new float[n * 2], acts = new float[n];
        for (int i = 0; i < n; i++) {
            obs[2 * i] = (float) r.nextDouble();
            obs[2 * i + 1] = (float) r.nextDouble();
            acts[i] = 0.5f * obs[2 * i] - obs[2 * i + 1];
        }
        ContinuousPolicy pi = BehavioralCloning.trainContinuous(obs, 2, acts, 1, new double[]{-0.25}, new double[]{0.25},
                new BehavioralCloning.Options().withSteps(3000), BehavioralCloning.Listener.NONE);
        float[] test = {0.5f, 0.3f, 0.9f, 0.1f, 0.1f, 0.9f};
        double[] a = pi.act(test, 3);
        assertEquals(0.25 - 0.3, a[0], 0.05);       // -0.05, inside the bounds
        assertEquals(0.25, a[1], 0);                 // 0.35 clipped to 0.25
        assertEquals(-0.25, a[2], 0);                // -0.85 clipped to -0.25
        pi.save(dir.resolve("policy"));
        try (ContinuousPolicy back = (ContinuousPolicy) MlpPolicy.load(dir.resolve("policy"))) {
            assertArrayEquals(a, back.act(test, 3), 0);
        }
        pi.close();
    }
}
