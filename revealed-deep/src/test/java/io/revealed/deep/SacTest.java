package io.revealed.deep;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SacTest {
    @TempDir
    Path dir;

    @Test
    void squashedSample_logDensityMatchesTheChangeOfVariablesWithAFiniteDifferenceJacobian() {
        // Two action coordinates in the box [-2, 2] x [0, 1.5] (centre 0 and 0.75, half-width 2 and 0.75).
        // Rows: moderate values; a saturated row (u near 7 and -9, where 1 - tanh(u)^2 underflows float32);
        // log-std parameters at both ends of their range.
        double[] low = {-2, 0}, high = {2, 1.5};
        float[][] out = {{0.3f, -0.7f, 0.5f, -1.2f}, {6.5f, -8.0f, 2.0f, -2.0f}, {-0.1f, 0.2f, 9f, -9f}};
        float[][] eps = {{0.4f, -1.1f}, {0.6f, -0.9f}, {-0.2f, 1.3f}};
        int b = out.length, k = 2;
        float[] flatOut = new float[b * 2 * k], flatEps = new float[b * k];
        for (int i = 0; i < b; i++) {
            System.arraycopy(out[i], 0, flatOut, i * 2 * k, 2 * k);
            System.arraycopy(eps[i], 0, flatEps, i * k, k);
        }
        float[] actions, logProbs;
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDList r = Sac.squashedSample(m.create(flatOut, new Shape(b, 2 * k)), m.create(flatEps, new Shape(b, k)),
                    m.create(new float[]{2f, 0.75f}), m.create(new float[]{0f, 0.75f}));
            actions = r.get(0).toFloatArray();
            logProbs = r.get(1).toFloatArray();
        }
        for (int i = 0; i < b; i++) {
            double expected = 0;
            for (int j = 0; j < k; j++) {
                double c = (high[j] + low[j]) / 2, s = (high[j] - low[j]) / 2;
                double mu = out[i][j];
                double logStd = Sac.LOG_STD_MIN + (Sac.LOG_STD_MAX - Sac.LOG_STD_MIN) * (Math.tanh(out[i][k + j]) + 1) / 2;
                double sigma = Math.exp(logStd), u = mu + sigma * eps[i][j];
                assertEquals(c + s * Math.tanh(u), actions[i * k + j], 1e-5, "action " + i + "," + j);
                // Density of a = c + s tanh(u): N(u; mu, sigma) / (da/du), da/du by a central difference.
                double gaussian = -(u - mu) * (u - mu) / (2 * sigma * sigma) - Math.log(sigma * Math.sqrt(2 * Math.PI));
                double h = 1e-4;
                double slope = (s * Math.tanh(u + h) - s * Math.tanh(u - h)) / (2 * h);
                expected += gaussian - Math.log(slope);
            }
            assertTrue(Double.isFinite(logProbs[i]), "row " + i);
            assertEquals(expected, logProbs[i], 1e-4 * Math.max(1, Math.abs(expected)), "log-density of row " + i);
        }
    }

    @Test
    void squashedSample_gradientsDoNotDependOnGarbageCollectionBetweenForwardAndBackward() throws Exception {
        // Freed scalars would be reused by the 4-byte buffers made in between and read as 12345.
        float[] out = {0.3f, -0.7f, 0.5f, -1.2f, 1.5f, 0.2f, -0.4f, 0.9f}, eps = {0.4f, -1.1f, 0.6f, -0.9f};
        assertArrayEquals(squashedSampleGradient(out, eps, false), squashedSampleGradient(out, eps, true), 0f);
    }

    /** The gradient of (sum of log-densities + sum of actions) with respect to the actor outputs (2 rows, 2 coordinates). */
    private static float[] squashedSampleGradient(float[] out, float[] eps, boolean collectGarbage) throws InterruptedException {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray o = m.create(out, new Shape(2, 4));
            o.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                NDList r = Sac.squashedSample(o, m.create(eps, new Shape(2, 2)), m.create(new float[]{2f, 0.75f}), m.create(new float[]{0f, 0.75f}));
                NDArray loss = r.get(1).sum().add(r.get(0).sum());
                if (collectGarbage) {
                    System.gc();
                    Thread.sleep(200); // the cleaner frees unreachable buffers' memory
                    try (NDManager churn = Engines.pytorch().newBaseManager()) {
                        for (int i = 0; i < 2_000; i++) churn.create(12345f);
                    }
                }
                gc.backward(loss);
            }
            return o.getGradient().toFloatArray();
        }
    }

    @Test
    void softTargets_matchHandComputation_terminatedStopsBootstrap_truncatedDoesNot() {
        // gamma 0.5, alpha 0.2.
        // Row 0: r 1, next Q (3, 2), log pi -1 -> 1 + 0.5 (min(3, 2) - 0.2 (-1)) = 1 + 0.5 * 2.2 = 2.1.
        // Row 1: terminated, r -1 -> -1 whatever comes next.
        // Row 2: cut by the time limit (stored as not terminated), r 0, next Q (-4, 5), log pi 0.5
        //        -> 0.5 (-4 - 0.1) = -2.05.
        float[] y = new float[3];
        Sac.softTargets(new float[]{1, -1, 0}, new boolean[]{false, true, false}, new float[]{3, 10, -4}, new float[]{2, 20, 5},
                new float[]{-1, -7, 0.5f}, 0.2, 0.5, y);
        assertArrayEquals(new float[]{2.1f, -1f, -2.05f}, y, 1e-6f);
    }

    @Test
    void alphaGradient_andItsFirstAdamStep_pushTheTemperatureTowardsTheTargetEntropy() {
        // log pi = (-1, -3): entropy estimate 2 > target -1, so alpha must fall.
        // dJ/dlog(alpha) = -alpha mean(log pi + H) = -0.5 * mean(-2, -4) = 1.5.
        assertEquals(1.5, Sac.alphaGradient(0.5, new float[]{-1, -3}, -1), 1e-12);
        // Too little entropy (log pi = 3 > 1 = -target): the gradient is negative and alpha rises.
        assertTrue(Sac.alphaGradient(0.5, new float[]{3, 3}, -1) < 0);
        // Adam's first step moves log alpha by the step size against the gradient's sign.
        Sac.Alpha a = new Sac.Alpha(0.5, 1e-3);
        a.step(1.5);
        assertEquals(Math.log(0.5) - 1e-3, Math.log(a.value()), 1e-10);
    }

    @Test
    void polyak_movesEveryTargetParameterTauOfTheWay() {
        try (Model online = Model.newInstance("online", Engines.pytorch().defaultDevice(), "PyTorch");
             Model target = Model.newInstance("target", Engines.pytorch().defaultDevice(), "PyTorch")) {
            online.setBlock(Sac.network(3, new int[]{4}, 2, new SplittableRandom(1)));
            target.setBlock(Sac.network(3, new int[]{4}, 2, new SplittableRandom(2)));
            online.getBlock().initialize(online.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
            target.getBlock().initialize(target.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
            var src = online.getBlock().getParameters();
            var dst = target.getBlock().getParameters();
            float[][] before = new float[dst.size()][];
            for (int i = 0; i < dst.size(); i++) before[i] = dst.get(i).getValue().getArray().toFloatArray();
            Sac.polyak(online.getBlock(), target.getBlock(), 0.25);
            for (int i = 0; i < dst.size(); i++) {
                float[] a = src.get(i).getValue().getArray().toFloatArray(), t = dst.get(i).getValue().getArray().toFloatArray();
                assertFalse(Arrays.equals(a, before[i]), "the two networks start apart");
                for (int j = 0; j < t.length; j++) assertEquals(0.25 * a[j] + 0.75 * before[i][j], t[j], 1e-6);
            }
        }
    }

    @Test
    void network_isInitialisedUniformlyWithinOneOverSqrtFanIn() {
        try (Model m = Model.newInstance("n", Engines.pytorch().defaultDevice(), "PyTorch")) {
            m.setBlock(Sac.network(16, new int[]{64}, 1, new SplittableRandom(3)));
            m.getBlock().initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 16));
            var p = m.getBlock().getParameters();
            float[] w0 = p.get(0).getValue().getArray().toFloatArray(), w1 = p.get(2).getValue().getArray().toFloatArray();
            for (float v : w0) assertTrue(Math.abs(v) <= 0.25f, "layer 1: fan-in 16, bound 1/4, got " + v);
            for (float v : w1) assertTrue(Math.abs(v) <= 0.125f, "layer 2: fan-in 64, bound 1/8, got " + v);
            // Uniform on [-1/4, 1/4]: mean square 1/48.
            double sq = 0;
            for (float v : w0) sq += v * v;
            assertEquals(1.0 / 48, sq / w0.length, 0.004);
        }
    }

    @Test
    void greedyPolicy_isTheSquashedMeanOfTheActor_andSavesAndLoadsExactly() throws Exception {
        int d = 3, k = 2;
        double[] low = {-2, 0}, high = {2, 1};
        float[] x = {0.3f, -1.2f, 2.5f, 1f, 1f, -1f};
        try (Model actor = Model.newInstance("actor", Engines.pytorch().defaultDevice(), "PyTorch")) {
            actor.setBlock(Sac.network(d, new int[]{8}, 2 * k, new SplittableRandom(4)));
            actor.getBlock().initialize(actor.getNDManager(), DataType.FLOAT32, new Shape(1, d));
            float[] out;
            try (NDManager m = actor.getNDManager().newSubManager()) {
                NDArray in = m.create(x, new Shape(2, d));
                out = actor.getBlock().forward(new ai.djl.training.ParameterStore(m, false), new NDList(in), false).singletonOrThrow().toFloatArray();
            }
            try (ContinuousPolicy p = Sac.greedyPolicy(actor, d, new int[]{8}, k, low, high)) {
                double[] a = p.act(x, 2);
                for (int i = 0; i < 2; i++)
                    for (int j = 0; j < k; j++) {
                        double c = (high[j] + low[j]) / 2, s = (high[j] - low[j]) / 2;
                        assertEquals(c + s * Math.tanh(out[i * 2 * k + j]), a[i * k + j], 1e-6, "row " + i + ", coordinate " + j);
                    }
                p.save(dir.resolve("policy"));
                assertTrue(Files.readString(dir.resolve("policy/policy.properties")).contains("squash=tanh"));
                try (ContinuousPolicy back = (ContinuousPolicy) MlpPolicy.load(dir.resolve("policy"))) {
                    assertTrue(back.tanhSquashed());
                    assertArrayEquals(a, back.act(x, 2), 0);
                }
            }
        }
    }

    @Test
    void continuousReplayBuffer_wrapsAround_andGathersActionVectors() {
        ContinuousReplayBuffer buf = new ContinuousReplayBuffer(3, 1, 2);
        for (int i = 0; i < 4; i++) buf.add(new double[]{i}, new double[]{i, -i}, 10 * i, new double[]{i + 1}, i == 3);
        assertEquals(3, buf.size());
        assertEquals(1, buf.position());
        // Slots: 0 <- 3, 1 <- 1, 2 <- 2.
        float[] o = new float[2], a = new float[4], r = new float[2], o2 = new float[2];
        boolean[] t = new boolean[2];
        buf.gather(new int[]{0, 2}, o, a, r, o2, t);
        assertArrayEquals(new float[]{3, 2}, o);
        assertArrayEquals(new float[]{3, -3, 2, -2}, a);
        assertArrayEquals(new float[]{30, 20}, r);
        assertArrayEquals(new float[]{4, 3}, o2);
        assertTrue(t[0]);
        assertFalse(t[1]);
    }

    @Test
    void options_andActionSpaces_areValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Sac.Options().withTau(0));
        assertThrows(IllegalArgumentException.class, () -> new Sac.Options().withLearningRates(3e-4, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Sac.Options().withFixedAlpha(0));
        assertThrows(IllegalArgumentException.class, () -> new Sac.Options().withHidden(64, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sac(new Sac.Options()).train("CartPole-v1", 10, Sac.Listener.NONE));
        assertTrue(e.getMessage().contains("discrete"), e.getMessage());
    }

    @Test
    void aNonFiniteLoss_stopsTrainingWithTheStep_insteadOfActingOnNaN() {
        // From its 31st step on the task pays a NaN reward; once such a transition is sampled the
        // critic loss is NaN and training must stop there.
        Sac.Options o = new Sac.Options().withHidden(8).withBatchSize(64).withLearningStarts(20).withSeed(1);
        Sac.DivergedException e = assertThrows(Sac.DivergedException.class, () -> new Sac(o).train(() -> new ReachEnv() {
            int steps;

            @Override
            public Step step(double[] action) {
                Step s = super.step(action);
                return ++steps <= 30 ? s : new Step(s.observation(), Double.NaN, true, false);
            }
        }, 1_000, Sac.Listener.NONE));
        assertTrue(e.getMessage().matches("SAC diverged at env step (3[1-9]|[4-9]\\d): the critic loss is NaN; .*"), e.getMessage());
    }

    private static final long REACH_STEPS = 700;
    private static final Sac.Options REACH = new Sac.Options().withHidden(32, 32).withBatchSize(64).withLearningStarts(200)
            .withLearningRates(1e-3, 1e-3).withSeed(5);

    @Test
    void reach_learnsToUseItsObservation_andTheSameSeedGivesTheSameLosses() {
        Sac.Result r1 = new Sac(REACH).train(ReachEnv::new, REACH_STEPS, Sac.Listener.NONE);
        Sac.Result r2 = new Sac(REACH).train(ReachEnv::new, REACH_STEPS, Sac.Listener.NONE);
        try (ContinuousPolicy p1 = r1.policy(); ContinuousPolicy p2 = r2.policy()) {
            assertEquals(REACH_STEPS, r1.envSteps());
            assertEquals(REACH_STEPS - REACH.learningStarts() - 1, r1.gradientSteps());
            assertEquals(r1.gradientSteps(), r1.criticLosses().length);
            assertEquals(r1.gradientSteps() / 2 * 2, r1.actorLosses().length, 2);
            assertArrayEquals(r1.criticLosses(), r2.criticLosses());
            assertArrayEquals(r1.actorLosses(), r2.actorLosses());
            assertArrayEquals(r1.episodes().returns(), r2.episodes().returns());
            double[] e1 = MlpPolicy.greedyReturns(p1, new ReachEnv(), 200, 0);
            assertArrayEquals(e1, MlpPolicy.greedyReturns(p2, new ReachEnv(), 200, 0));
            // No constant action beats -1/3; a policy that tracks its target gets close to 0.
            double mean = Arrays.stream(e1).average().orElseThrow();
            assertTrue(mean > -0.02, "greedy mean " + mean);
            assertTrue(r1.alpha() < REACH.alpha(), "alpha fell from 1 towards the target entropy: " + r1.alpha());
        }
        Sac.Result other = new Sac(REACH.withSeed(6)).train(ReachEnv::new, REACH.learningStarts() + 20, Sac.Listener.NONE);
        other.policy().close();
        assertFalse(Arrays.equals(Arrays.copyOf(r1.criticLosses(), 19), Arrays.copyOf(other.criticLosses(), 19)), "another seed, other losses");
    }
}
