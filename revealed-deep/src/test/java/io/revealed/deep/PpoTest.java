package io.revealed.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.revealed.env.ControlEnvs;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PpoTest {

    @Test
    void clippedSurrogateLoss_matchesHandComputedExample() {
        // Ratios r = exp(logp - oldLogp) = 1.5, 0.5, 1.1, 0.7 with advantages +1, +1, -2, -1, clip 0.2:
        //   r=1.5, A=+1: max(-1.5, -1.2) = -1.2   (clipped: no credit beyond 1.2)
        //   r=0.5, A=+1: max(-0.5, -0.8) = -0.5   (pessimistic: the unclipped term)
        //   r=1.1, A=-2: max( 2.2,  2.2) =  2.2   (inside the interval)
        //   r=0.7, A=-1: max( 0.7,  0.8) =  0.8   (clipped at 0.8)
        // mean = (-1.2 - 0.5 + 2.2 + 0.8) / 4 = 0.325
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray logp = m.create(new float[]{(float) Math.log(1.5), (float) Math.log(0.5), (float) Math.log(1.1), (float) Math.log(0.7)});
            NDArray old = m.zeros(new ai.djl.ndarray.types.Shape(4));
            NDArray adv = m.create(new float[]{1, 1, -2, -1});
            assertEquals(0.325, Ppo.clippedSurrogateLoss(logp, old, adv, 0.2f).getFloat(), 1e-6);
        }
    }

    @Test
    void valueLoss_clippedForm_matchesHandComputedExample() {
        // V = 3, 0; V_old = 1, 1; R = 2, 2; clip 0.5.
        //   unclipped (V - R)^2 = 1, 4; clipped V_old + clip(V - V_old, +-0.5) = 1.5, 0.5 -> (.. - R)^2 = 0.25, 2.25
        //   max = 1, 4 -> 0.5 * mean = 1.25; unclipped form: 0.5 * mean(1, 4) = 1.25 as well here,
        // so use R = 3, 0 to separate them: unclipped (0, 0) -> 0; clipped (1.5-3)^2 = 2.25, (0.5-0)^2 = 0.25
        //   -> 0.5 * mean(2.25, 0.25) = 0.625.
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray v = m.create(new float[]{3, 0}), old = m.create(new float[]{1, 1});
            assertEquals(1.25, Ppo.valueLoss(v, old, m.create(new float[]{2, 2}), 0.5f).getFloat(), 1e-6);
            assertEquals(0.625, Ppo.valueLoss(v, old, m.create(new float[]{3, 0}), 0.5f).getFloat(), 1e-6);
            assertEquals(0.0, Ppo.valueLoss(v, old, m.create(new float[]{3, 0}), Float.NaN).getFloat(), 1e-6);
        }
    }

    @Test
    void gae_stopsAtEpisodeEnds_andBootstrapsTruncationsWithTheFinalValue() {
        // Two copies, three steps, rewards all 1, V = 1, 2, 3 in both, gamma = lambda = 0.5 (gamma*lambda = 0.25).
        // Copy 0: step 1 terminated (next value 0); after step 2 the bootstrap value is 4.
        //   A2 = 1 + 0.5*4 - 3 = 0;  A1 = 1 + 0 - 2 = -1 (recursion stops);
        //   A0 = (1 + 0.5*2 - 1) + 0.25*A1 = 1 - 0.25 = 0.75.  Returns A + V = 1.75, 1, 3.
        // Copy 1: step 1 truncated, value of its final observation 6.
        //   A2 = 0;  A1 = 1 + 0.5*6 - 2 = 2 (recursion stops);  A0 = 1 + 0.25*2 = 1.5.  Returns 2.5, 4, 3.
        int steps = 3, envs = 2;
        double[] rewards = {1, 1, 1, 1, 1, 1};
        double[] values = {1, 1, 2, 2, 3, 3};
        double[] next = {2, 2, 0, 6, 4, 4};
        boolean[] ends = {false, false, true, true, false, false};
        double[] adv = new double[6], ret = new double[6];
        Ppo.gae(steps, envs, rewards, values, next, ends, 0.5, 0.5, adv, ret);
        assertArrayEquals(new double[]{0.75, 1.5, -1, 2, 0, 0}, adv, 1e-12);
        assertArrayEquals(new double[]{1.75, 2.5, 1, 4, 3, 3}, ret, 1e-12);
    }

    @Test
    void clipGlobalNorm_scalesAllGradientsTogether() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray a = m.create(new float[]{3, 0}), b = m.create(new float[]{4});
            // norm 5 -> scaled to 0.5: every entry times 0.5 / 5 = 0.1
            assertEquals(5, Ppo.clipGlobalNorm(List.of(a, b), 0.5), 1e-6);
            assertArrayEquals(new float[]{0.3f, 0f}, a.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[]{0.4f}, b.toFloatArray(), 1e-6f);
            // Below the bound nothing changes.
            float[] before = a.toFloatArray();
            Ppo.clipGlobalNorm(List.of(a, b), 10);
            assertArrayEquals(before, a.toFloatArray(), 0f);
        }
    }

    @Test
    void orthogonalInitialisation_hasOrthonormalRowsTimesGain() {
        float[] w = TanhMlp.Orthogonal.matrix(3, 5, 2.0, new java.util.SplittableRandom(7));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                double dot = 0;
                for (int k = 0; k < 5; k++) dot += w[i * 5 + k] * w[j * 5 + k];
                assertEquals(i == j ? 4.0 : 0.0, dot, 1e-5);
            }
    }

    @Test
    void learnsCartPole_farAboveRandom_andIsReproducible() {
        long steps = 40_960;
        Ppo.Options o = new Ppo.Options().withSeed(3);
        Ppo.Result r1 = new Ppo(o).train("CartPole-v1", steps, Ppo.Listener.NONE);
        Ppo.Result r2 = new Ppo(o).train("CartPole-v1", steps, Ppo.Listener.NONE);
        try (DiscretePolicy p1 = r1.policy(); DiscretePolicy p2 = r2.policy()) {
            assertEquals(steps, r1.envSteps());
            assertTrue(r1.episodes().size() > 0);
            assertArrayEquals(r1.episodes().returns(), r2.episodes().returns(), 0.0);
            assertArrayEquals(r1.episodes().envSteps(), r2.episodes().envSteps());
            double[] eval = Ppo.evaluateGreedy(p1, () -> ControlEnvs.create("CartPole-v1"), 20, 12345);
            double mean = Arrays.stream(eval).average().orElseThrow();
            // A uniformly random policy averages about 22; the bar is far out of its reach. Measured: 341.5
            // for seed 3 (seeds 1, 2, 4, 5 gave 398, 383, 410, 374).
            assertTrue(mean > 200, "greedy mean return over 20 episodes " + mean);
            assertArrayEquals(eval, Ppo.evaluateGreedy(p2, () -> ControlEnvs.create("CartPole-v1"), 20, 12345), 0.0);
        }
    }

    @Test
    void rejectsContinuousActionsAndTooFewSteps() {
        Ppo ppo = new Ppo(new Ppo.Options());
        assertThrows(IllegalArgumentException.class, () -> ppo.train("Pendulum-v1", 1024, Ppo.Listener.NONE));
        assertThrows(IllegalArgumentException.class, () -> ppo.train("CartPole-v1", 100, Ppo.Listener.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Ppo.Options(new int[]{64}, 4, 128, 2.5e-4, true, 0.99, 0.95, 3, 4,
                0.2, true, true, 0.01, 0.5, 0.5, false, 0));
    }

    @Test
    void normalizedObservations_updateFromEveryStep_andStayWithThePolicy() {
        // Two updates of 4 copies x 128 steps: the statistics hold the 4 first observations and the
        // 4 observations returned by each of the 256 vector steps.
        Ppo.Options o = new Ppo.Options().withSeed(2).withNormalizeObservations(true);
        Ppo.Result r1 = new Ppo(o).train("CartPole-v1", 1_024, Ppo.Listener.NONE);
        Ppo.Result r2 = new Ppo(o).train("CartPole-v1", 1_024, Ppo.Listener.NONE);
        try (DiscretePolicy p1 = r1.policy(); DiscretePolicy p2 = r2.policy()) {
            ObservationNormalizer n = p1.normalizer().orElseThrow();
            assertEquals(4 + 1_024, n.count());
            // CartPole's cart position stays within +-2.4 and its angle within +-0.21 rad.
            assertTrue(Math.abs(n.mean()[0]) < 2.4 && Math.abs(n.mean()[2]) < 0.21, Arrays.toString(n.mean()));
            assertArrayEquals(r1.episodes().returns(), r2.episodes().returns(), 0.0);
            assertArrayEquals(n.variance(), p2.normalizer().orElseThrow().variance(), 0);
        }
        try (DiscretePolicy plain = new Ppo(new Ppo.Options().withSeed(2)).train("CartPole-v1", 512, Ppo.Listener.NONE).policy()) {
            assertTrue(plain.normalizer().isEmpty());
        }
    }
}
