package io.revealed.deep;

import io.revealed.env.ControlEnvs;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DqnTest {

    @Test
    void tdTargets_matchHandComputation_terminatedStopsBootstrap_truncatedDoesNot() {
        // Two actions, gamma 0.5. Row 0: continuing, next Q (1, 3) -> 1 + 0.5 * 3 = 2.5.
        // Row 1: terminated, next Q (10, 20) -> just the reward -1.
        // Row 2: truncated by the time limit (stored as not terminated, real next obs), next Q (4, -2) -> 0 + 0.5 * 4 = 2.
        float[] r = {1, -1, 0};
        boolean[] term = {false, true, false};
        float[] nextQ = {1, 3, 10, 20, 4, -2};
        float[] y = new float[3];
        Dqn.tdTargets(r, term, nextQ, 2, 0.5, y);
        assertArrayEquals(new float[]{2.5f, -1f, 2f}, y, 1e-6f);
    }

    @Test
    void replayBuffer_wrapsAround_overwritingTheOldest() {
        ReplayBuffer buf = new ReplayBuffer(3, 2);
        for (int a = 0; a < 5; a++) buf.add(new double[]{a, a}, a, a * 10, new double[]{a + 1, a + 1}, a == 4);
        assertEquals(3, buf.size());
        assertEquals(2, buf.position());
        // Slots: 0 <- a=3, 1 <- a=4, 2 <- a=2.
        assertEquals(3, buf.action(0));
        assertEquals(4, buf.action(1));
        assertEquals(2, buf.action(2));
        int[] idx = {1, 2};
        float[] o = new float[4], o2 = new float[4], r = new float[2];
        int[] a = new int[2];
        boolean[] t = new boolean[2];
        buf.gather(idx, o, a, r, o2, t);
        assertArrayEquals(new float[]{4, 4, 2, 2}, o);
        assertArrayEquals(new float[]{5, 5, 3, 3}, o2);
        assertArrayEquals(new int[]{4, 2}, a);
        assertArrayEquals(new float[]{40, 20}, r);
        assertTrue(t[0]);
        assertTrue(!t[1]);
    }

    @Test
    void replayBuffer_samplesStoredIndicesUniformly() {
        ReplayBuffer buf = new ReplayBuffer(10, 1);
        for (int i = 0; i < 4; i++) buf.add(new double[]{i}, 0, 0, new double[]{i}, false);
        int[] idx = new int[40_000];
        buf.sampleIndices(new SplittableRandom(7), idx);
        int[] counts = new int[10];
        for (int i : idx) counts[i]++;
        for (int i = 4; i < 10; i++) assertEquals(0, counts[i], "never an empty slot");
        for (int i = 0; i < 4; i++) assertEquals(10_000, counts[i], 400, "slot " + i + ": " + Arrays.toString(counts));
        assertThrows(IllegalStateException.class, () -> new ReplayBuffer(2, 1).sampleIndices(new SplittableRandom(1), new int[1]));
    }

    @Test
    void epsilon_fallsLinearlyOverTheExplorationFraction() {
        Dqn.Options o = new Dqn.Options();
        assertEquals(1.0, o.epsilon(0, 1000), 1e-12);
        assertEquals(1.0 - 0.95 * 0.5, o.epsilon(250, 1000), 1e-12);
        assertEquals(0.05, o.epsilon(500, 1000), 1e-12);
        assertEquals(0.05, o.epsilon(900, 1000), 1e-12);
    }

    @Test
    void options_areValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Dqn.Options().withLearningStarts(-1));
        assertThrows(IllegalArgumentException.class, () -> new Dqn.Options().withExplorationFraction(0));
        assertThrows(IllegalArgumentException.class, () -> new Dqn.Options().withTrainFrequency(0));
        assertThrows(IllegalArgumentException.class, () -> new Dqn.Options().withLearningRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Dqn(new Dqn.Options()).train("Pendulum-v1", 10, Dqn.Listener.NONE));
    }

    private static final long CARTPOLE_STEPS = 30_000;
    private static final Dqn.Options CARTPOLE = new Dqn.Options().withLearningStarts(1_000).withSeed(1);

    @Test
    void cartPole_learnsBeyondRandom_andIsReproducible() {
        Dqn.Result r1 = new Dqn(CARTPOLE).train("CartPole-v1", CARTPOLE_STEPS, Dqn.Listener.NONE);
        Dqn.Result r2 = new Dqn(CARTPOLE).train("CartPole-v1", CARTPOLE_STEPS, Dqn.Listener.NONE);
        try (DiscretePolicy p1 = r1.policy(); DiscretePolicy p2 = r2.policy()) {
            assertEquals(CARTPOLE_STEPS, r1.envSteps());
            assertTrue(r1.gradientSteps() > 2_800, "gradient steps " + r1.gradientSteps());
            assertArrayEquals(r1.episodes().returns(), r2.episodes().returns());
            assertArrayEquals(r1.episodes().envSteps(), r2.episodes().envSteps());
            double[] e1 = Ppo.evaluateGreedy(p1, () -> ControlEnvs.create("CartPole-v1"), 10, 123);
            double[] e2 = Ppo.evaluateGreedy(p2, () -> ControlEnvs.create("CartPole-v1"), 10, 123);
            assertArrayEquals(e1, e2);
            double mean = Arrays.stream(e1).average().orElseThrow();
            assertTrue(mean > 100, "greedy mean " + mean + " " + Arrays.toString(e1));
        }
    }

    @Test
    void forEnv_givesTheZooSettingsDocumented_andCleanRlsElsewhere() {
        Dqn.Options mc = Dqn.Options.forEnv("mountaincar");
        assertArrayEquals(new int[]{256, 256}, mc.hidden());
        assertEquals(10_000, mc.bufferSize());
        assertEquals(4e-3, mc.learningRate());
        assertEquals(0.98, mc.gamma());
        assertEquals(600, mc.targetUpdateInterval());
        assertEquals(128, mc.batchSize());
        assertEquals(1.0, mc.startEpsilon());
        assertEquals(0.07, mc.endEpsilon());
        assertEquals(0.2, mc.explorationFraction());
        assertEquals(1_000, mc.learningStarts());
        assertEquals(16, mc.trainFrequency());
        assertEquals(8, mc.gradientSteps());
        assertEquals(Dqn.TdLoss.HUBER, mc.loss());
        assertEquals(10, mc.maxGradNorm());
        assertTrue(mc.normalizeObservations(), "MountainCar normalises its observations");
        assertEquals(120_000, Dqn.Options.stepsFor("MountainCar-v0"));
        assertEquals(mc, Dqn.Options.forEnv("seals/MountainCar-v0"));

        Dqn.Options ac = Dqn.Options.forEnv("Acrobot-v1");
        assertArrayEquals(new int[]{256, 256}, ac.hidden());
        assertEquals(50_000, ac.bufferSize());
        assertEquals(6.3e-4, ac.learningRate());
        assertEquals(0.99, ac.gamma());
        assertEquals(250, ac.targetUpdateInterval());
        assertEquals(128, ac.batchSize());
        assertEquals(0.1, ac.endEpsilon());
        assertEquals(0.12, ac.explorationFraction());
        assertEquals(0, ac.learningStarts());
        assertEquals(4, ac.trainFrequency());
        assertEquals(4, ac.gradientSteps());
        assertEquals(Dqn.TdLoss.HUBER, ac.loss());
        assertEquals(10, ac.maxGradNorm());
        assertEquals(100_000, Dqn.Options.stepsFor("acrobot"));

        assertEquals(new Dqn.Options(), Dqn.Options.forEnv("CartPole-v1"));
        assertEquals(500_000, Dqn.Options.stepsFor("cartpole"));
        assertThrows(IllegalArgumentException.class, () -> Dqn.Options.forEnv("no-such-env"));
        // The seed is the caller's: a preset with another seed differs only there.
        assertEquals(7, mc.withSeed(7).seed());
        assertEquals(mc, mc.withSeed(7).withSeed(mc.seed()));
    }

    @Test
    void tdLoss_squaredAndHuber_matchHandComputation() {
        // Errors 0.5, -2, 1.5, 0. Squared: (0.25 + 4 + 2.25 + 0) / 4 = 1.625.
        // Huber: 0.5 * 0.25 = 0.125; |-2| - 0.5 = 1.5; 1.5 - 0.5 = 1; 0 -> (0.125 + 1.5 + 1 + 0) / 4 = 0.65625.
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(Engines.pytorch().defaultDevice(), "PyTorch")) {
            ai.djl.ndarray.NDArray e = m.create(new float[]{0.5f, -2f, 1.5f, 0f});
            assertEquals(1.625f, Dqn.tdLoss(e, Dqn.TdLoss.SQUARED).getFloat(), 1e-7f);
            assertEquals(0.65625f, Dqn.tdLoss(e, Dqn.TdLoss.HUBER).getFloat(), 1e-7f);
        }
    }

    @Test
    void gradientSteps_perTrainingRound_andTheNormaliserSeesEveryObservation() {
        // 500 steps of MountainCar (episodes of 200: two end, at steps 200 and 400). Rounds at the steps
        // 104, 108, ..., 496 (after learning starts at 100, every 4th): 99 rounds of 3 gradient steps.
        // The normaliser sees the first observation, every step's next observation and the two resets.
        Dqn.Options o = new Dqn.Options(new int[]{16}, 1_000, 1e-3, 0.98, 50, 32, 1.0, 0.1, 0.5, 100, 4, 3,
                Dqn.TdLoss.HUBER, 10, true, 5);
        Dqn.Result r1 = new Dqn(o).train("MountainCar-v0", 500, Dqn.Listener.NONE);
        Dqn.Result r2 = new Dqn(o).train("MountainCar-v0", 500, Dqn.Listener.NONE);
        try (DiscretePolicy p1 = r1.policy(); DiscretePolicy p2 = r2.policy()) {
            assertEquals(297, r1.gradientSteps());
            assertEquals(2, r1.episodes().size());
            ObservationNormalizer n = p1.normalizer().orElseThrow();
            assertEquals(1 + 500 + 2, n.count());
            double[] mean = n.mean();
            assertTrue(mean[0] > -1.2 && mean[0] < 0.6, "position mean " + mean[0]);
            assertTrue(n.variance()[1] < 0.07 * 0.07, "speed variance " + n.variance()[1]);
            assertArrayEquals(mean, p2.normalizer().orElseThrow().mean(), 0);
            float[] x = {-0.5f, 0f, -1.1f, 0.05f, 0.4f, -0.06f};
            assertArrayEquals(p1.probabilities(x, 3), p2.probabilities(x, 3), 0f);
        }
    }

    @Test
    void selectingBest_trainsTheSame_andReturnsTheBestEvaluatedPolicy() {
        Dqn.Options o = new Dqn.Options(new int[]{32}, 2_000, 1e-3, 0.99, 100, 32, 1.0, 0.05, 0.5, 200, 2, 1,
                Dqn.TdLoss.HUBER, 10, true, 4);
        long steps = 2_000;
        Dqn.Result last = new Dqn(o).train("CartPole-v1", steps, Dqn.Listener.NONE);
        Dqn.Result best = new Dqn(o).selectingBest(400, 5).train("CartPole-v1", steps, Dqn.Listener.NONE);
        try (DiscretePolicy pl = last.policy(); DiscretePolicy pb = best.policy()) {
            // evaluating on copies of the environment leaves the training run as it was
            assertArrayEquals(last.episodes().returns(), best.episodes().returns());
            assertNull(last.selected());
            Dqn.Selected sel = best.selected();
            assertArrayEquals(new long[]{400, 800, 1200, 1600, 2000}, sel.evaluations().envSteps());
            double[] means = sel.evaluations().returns();
            int argmax = 0;
            for (int i = 1; i < means.length; i++) if (means[i] > means[argmax]) argmax = i;
            assertEquals(means[argmax], sel.mean(), 0.0);
            assertEquals(400L * (argmax + 1), sel.step());
            // the returned policy is the one evaluated then: it scores that mean again on the same episodes
            double[] again = MlpPolicy.greedyReturns(pb, io.revealed.env.CartPole::new, 5, BestPolicy.FIRST_SEED);
            assertEquals(sel.mean(), java.util.Arrays.stream(again).average().orElseThrow(), 1e-9);
            double[] lastScore = MlpPolicy.greedyReturns(pl, io.revealed.env.CartPole::new, 5, BestPolicy.FIRST_SEED);
            assertEquals(means[means.length - 1], java.util.Arrays.stream(lastScore).average().orElseThrow(), 1e-9);
            assertTrue(sel.mean() >= means[means.length - 1]);
        }
    }
}
