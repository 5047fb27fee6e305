package io.revealed.env;

import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VecEnvTest {

    private static double[] row(double[] a, int i, int dim) { return Arrays.copyOfRange(a, i * dim, (i + 1) * dim); }

    @Test
    void reset_seedsCopyIWithSeedPlusI() {
        VecEnv vec = VecEnv.of("cartpole", 5);
        double[] obs = vec.reset(100);
        assertEquals(5 * 4, obs.length);
        for (int i = 0; i < 5; i++) {
            ControlEnv single = ControlEnvs.create("CartPole-v1");
            assertArrayEquals(single.reset(100 + i), row(obs, i, 4), 0.0, "copy " + i);
            assertArrayEquals(single.state(), vec.state(i), 0.0);
        }
        assertFalse(Arrays.equals(row(obs, 0, 4), row(obs, 1, 4)));
    }

    @Test
    void step_isNIndependentEnvs_withSameStepAutoreset() {
        // Reference: N single environments, seeded seed + i, reset without a seed when an episode
        // ends (continuing their generators), exactly as the VecEnv promises.
        int n = 4;
        long seed = 42;
        VecEnv vec = VecEnv.of("CartPole-v1", n);
        ControlEnv[] ref = new ControlEnv[n];
        double[] obs = vec.reset(seed);
        for (int i = 0; i < n; i++) {
            ref[i] = new CartPole();
            assertArrayEquals(ref[i].reset(seed + i), row(obs, i, 4), 0.0);
        }
        SplittableRandom rng = TestMdps.rng(3);
        VecEnv.VecStep out = null;
        int finished = 0;
        for (int t = 0; t < 400; t++) {
            int[] actions = new int[n];
            for (int i = 0; i < n; i++) actions[i] = rng.nextInt(2);
            out = vec.step(actions, out);
            for (int i = 0; i < n; i++) {
                ControlEnv.Step s = ref[i].step(actions[i]);
                assertEquals(s.reward(), out.rewards()[i]);
                assertEquals(s.terminated(), out.terminated()[i]);
                assertEquals(s.truncated(), out.truncated()[i]);
                if (s.done()) {
                    finished++;
                    assertArrayEquals(s.observation(), row(out.finalObservations(), i, 4), 0.0);
                    assertArrayEquals(ref[i].reset(), row(out.observations(), i, 4), 0.0, "reset in the same step");
                    assertEquals(0, vec.elapsedSteps(i));
                } else {
                    assertArrayEquals(s.observation(), row(out.observations(), i, 4), 0.0);
                    for (double v : row(out.finalObservations(), i, 4)) assertTrue(Double.isNaN(v));
                }
                assertArrayEquals(ref[i].state(), vec.state(i), 0.0);
            }
        }
        assertTrue(finished > 10, "random actions end many CartPole episodes: " + finished);
    }

    @Test
    void truncation_resetsEveryCopyInTheSameStep() {
        VecEnv vec = VecEnv.of("mountaincar", 3);
        vec.reset(0);
        int[] noop = {1, 1, 1};
        VecEnv.VecStep s = null;
        for (int t = 1; t <= 200; t++) {
            s = vec.step(noop);
            for (int i = 0; i < 3; i++) assertEquals(t == 200, s.truncated()[i]);
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(s.done(i));
            double[] fresh = row(s.observations(), i, 2);
            assertTrue(fresh[0] >= (float) -0.6 && fresh[0] <= (float) -0.4 && fresh[1] == 0.0, Arrays.toString(fresh));
            assertEquals(0, vec.elapsedSteps(i));
            assertFalse(Double.isNaN(s.finalObservations()[2 * i]));
        }
        assertFalse(vec.step(noop).done(0), "the new episodes run on");
    }

    @Test
    void continuousActions_areRowMajor_andAnInvalidOneStepsNothing() {
        VecEnv vec = VecEnv.of("Pendulum-v1", 3);
        assertEquals(1, vec.actionDimension());
        assertEquals(3, vec.observationDimension());
        vec.reset(8);
        Pendulum ref = new Pendulum();
        ref.reset(9); // copy 1
        VecEnv.VecStep s = vec.step(new double[] {0.0, 1.5, -1.0});
        assertArrayEquals(ref.step(new double[] {1.5}).observation(), row(s.observations(), 1, 3), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vec.step(new double[] {0.0, Double.NaN, 0.0}));
        assertTrue(e.getMessage().contains("copy 1"), e.getMessage());
        for (int i = 0; i < 3; i++) assertEquals(1, vec.elapsedSteps(i));
        assertThrows(IllegalArgumentException.class, () -> vec.step(new double[] {0.0, 0.0}));
        assertThrows(IllegalArgumentException.class, () -> vec.step(new int[] {0, 0, 0}));
    }

    @Test
    void discreteActions_outOfRange_namesTheCopy() {
        VecEnv vec = VecEnv.of("acrobot", 2);
        vec.reset(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vec.step(new int[] {0, 3}));
        assertTrue(e.getMessage().contains("copy 1"));
        assertThrows(IllegalArgumentException.class, () -> vec.step(new double[] {0, 1.5}));
        assertEquals(0, vec.elapsedSteps(0));
    }

    @Test
    void stepBeforeReset_andBadBuffers_areRejected() {
        VecEnv vec = VecEnv.of("cartpole", 2);
        assertThrows(IllegalStateException.class, () -> vec.step(new int[] {0, 1}));
        vec.reset(0);
        VecEnv.VecStep wrong = VecEnv.VecStep.allocate(3, 4);
        assertThrows(IllegalArgumentException.class, () -> vec.step(new int[] {0, 1}, wrong));
        VecEnv.VecStep buf = VecEnv.VecStep.allocate(2, 4);
        assertSame(buf, vec.step(new int[] {0, 1}, buf));
        assertThrows(IllegalArgumentException.class, () -> new VecEnv(CartPole::new, 0));
        ControlEnv shared = new CartPole();
        assertThrows(IllegalArgumentException.class, () -> new VecEnv(() -> shared, 2));
        assertThrows(IllegalArgumentException.class, () -> VecEnv.of("nope", 2));
    }

    @Test
    void fixedHorizonCopies_neverReportTermination() {
        VecEnv vec = VecEnv.of("seals/CartPole-v0", 2);
        vec.reset(5);
        for (int t = 1; t <= 500; t++) {
            VecEnv.VecStep s = vec.step(new int[] {1, 0});
            assertFalse(s.terminated()[0] || s.terminated()[1]);
            assertEquals(t == 500, s.truncated()[0] && s.truncated()[1]);
        }
    }

    @Test
    void snapshots_restoredIntoFreshCopies_continueAsTheOriginal_autoresetsIncluded() {
        // CartPole episodes under a random policy last tens of steps: 300 steps of 3 copies reset many times.
        VecEnv original = VecEnv.of("cartpole", 3);
        double[] ob = original.reset(21);
        SplittableRandom r = new SplittableRandom(4);
        int[] actions = new int[3];
        for (int t = 0; t < 37; t++) {
            for (int i = 0; i < 3; i++) actions[i] = r.nextInt(2);
            ob = original.step(actions).observations();
        }
        VecEnv copy = VecEnv.of("cartpole", 3);
        assertThrows(IllegalStateException.class, copy::snapshots);
        assertArrayEquals(ob, copy.restore(original.snapshots()));
        int resets = 0;
        for (int t = 0; t < 300; t++) {
            for (int i = 0; i < 3; i++) actions[i] = r.nextInt(2);
            VecEnv.VecStep a = original.step(actions), b = copy.step(actions);
            assertArrayEquals(a.observations(), b.observations());
            assertArrayEquals(a.rewards(), b.rewards());
            assertArrayEquals(a.terminated(), b.terminated());
            assertArrayEquals(a.finalObservations(), b.finalObservations());
            for (int i = 0; i < 3; i++) if (a.done(i)) resets++;
        }
        assertTrue(resets > 10, "resets: " + resets);
        String wrongCount = assertThrows(IllegalArgumentException.class, () -> VecEnv.of("cartpole", 2).restore(original.snapshots())).getMessage();
        assertTrue(wrongCount.contains("expected 2 snapshots"), wrongCount);
        String wrongEnv = assertThrows(IllegalArgumentException.class, () -> VecEnv.of("pendulum", 3).restore(original.snapshots())).getMessage();
        assertTrue(wrongEnv.startsWith("copy 0: "), wrongEnv);
    }
}
