package io.revealed.env;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountainCarTest {

    /** Gymnasium's mountain_car.py step, written out here in its order of operations. */
    private static double[] handStep(double[] s, int action) {
        double p = s[0], v = s[1];
        v += (action - 1) * 0.001 + StrictMath.cos(3 * p) * (-0.0025);
        v = Math.min(Math.max(v, -0.07), 0.07);
        p += v;
        p = Math.min(Math.max(p, -1.2), 0.6);
        if (p == -1.2 && v < 0) v = 0;
        return new double[] {p, v};
    }

    @Test
    void step_fromValleyFloor_matchesHandCalculation() {
        // v = 0.001 + cos(-1.5) * (-0.0025) = 0.001 - 0.0025 * 0.0707372017 = 0.000823157;
        // p = -0.5 + v = -0.499176843.
        MountainCar env = new MountainCar();
        env.setState(new double[] {-0.5, 0.0});
        ControlEnv.Step s = env.step(2);
        assertEquals(0.000823157, env.state()[1], 1e-9);
        assertEquals(-0.499176843, env.state()[0], 1e-9);
        assertEquals(-1.0, s.reward());
        assertFalse(s.terminated());
    }

    @Test
    void steps_fromSetState_matchHandWrittenEquationsExactly() {
        MountainCar env = new MountainCar();
        double[] expected = {-0.3, 0.03};
        env.setState(expected);
        int[] actions = {2, 2, 1, 0, 0, 2, 1, 1, 0, 2};
        for (int a : actions) {
            ControlEnv.Step s = env.step(a);
            expected = handStep(expected, a);
            assertArrayEquals(expected, env.state(), 0.0);
            assertArrayEquals(new double[] {(float) expected[0], (float) expected[1]}, s.observation(), 0.0);
            assertEquals(-1.0, s.reward());
        }
    }

    @Test
    void leftWall_stopsTheCar() {
        MountainCar env = new MountainCar();
        env.setState(new double[] {-1.19, -0.05});
        env.step(0);
        assertArrayEquals(new double[] {-1.2, 0.0}, env.state(), 0.0);
    }

    @Test
    void speed_isClippedTo007() {
        MountainCar env = new MountainCar();
        env.setState(new double[] {-0.5, 0.0699});
        env.step(2); // 0.0699 + 0.001 - 0.0025 cos(-1.5) > 0.07
        assertEquals(0.07, env.state()[1], 0.0);
    }

    @Test
    void goal_needsPositionHalfAndNonNegativeVelocity() {
        MountainCar env = new MountainCar();
        env.setState(new double[] {0.49, 0.02});
        ControlEnv.Step s = env.step(2);
        assertTrue(env.state()[0] >= 0.5 && env.state()[1] >= 0);
        assertTrue(s.terminated());
        assertEquals(-1.0, s.reward());
        assertThrows(IllegalStateException.class, () -> env.step(1));

        // Past the goal line but rolling back: velocity < 0, so not terminated.
        MountainCar back = new MountainCar();
        back.setState(new double[] {0.55, -0.01});
        s = back.step(1);
        assertTrue(back.state()[0] >= 0.5 && back.state()[1] < 0);
        assertFalse(s.terminated());

        // Short of the goal.
        MountainCar shortOf = new MountainCar();
        shortOf.setState(new double[] {0.47, 0.02});
        assertFalse(shortOf.step(2).terminated());
    }

    @Test
    void truncation_at200Steps_whenDoingNothing() {
        MountainCar env = new MountainCar();
        env.reset(11);
        for (int t = 1; t <= 200; t++) {
            ControlEnv.Step s = env.step(1);
            assertFalse(s.terminated());
            assertEquals(t == 200, s.truncated());
        }
        assertThrows(IllegalStateException.class, () -> env.step(1));
    }

    @Test
    void reset_thousandSeeds_positionInRangeVelocityZero() {
        MountainCar env = new MountainCar();
        double min = 1, max = -1;
        for (long seed = 0; seed < 1000; seed++) {
            double[] obs = env.reset(seed);
            double[] st = env.state();
            assertTrue(st[0] >= -0.6 && st[0] < -0.4, "position " + st[0]);
            assertEquals(0.0, st[1], 0.0);
            assertEquals((float) st[0], obs[0], 0.0);
            min = Math.min(min, st[0]);
            max = Math.max(max, st[0]);
            MountainCar again = new MountainCar();
            again.reset(seed);
            assertArrayEquals(st, again.state(), 0.0);
        }
        assertTrue(min < -0.59 && max > -0.41);
    }

    // ---- seals/MountainCar-v0 ----

    @Test
    void fixedHorizon_absorbsAfterTheGoal_repeatingTheFinalObservationWithRewardZero() {
        AbsorbAfterDone env = MountainCar.fixedHorizon();
        assertEquals("seals/MountainCar-v0", env.id());
        assertEquals(200, env.maxEpisodeSteps());
        env.setState(new double[] {0.49, 0.02});
        ControlEnv.Step s = env.step(2);
        assertFalse(s.terminated(), "seals never terminates");
        assertEquals(-1.0, s.reward(), "the step that reaches the goal keeps its reward");
        assertTrue(env.absorbing());
        double[] finalObs = s.observation();
        double[] finalState = env.state();
        for (int a : new int[] {0, 1, 2, 0}) {
            ControlEnv.Step next = env.step(a);
            assertArrayEquals(finalObs, next.observation(), 0.0);
            assertEquals(0.0, next.reward());
            assertFalse(next.terminated());
            assertFalse(next.truncated());
            assertArrayEquals(finalState, env.state(), 0.0, "the wrapped car is no longer stepped");
        }
        assertThrows(IllegalArgumentException.class, () -> env.step(3), "actions are still validated");
    }

    @Test
    void fixedHorizon_everyEpisodeLasts200Steps() {
        AbsorbAfterDone env = MountainCar.fixedHorizon();
        env.reset(5);
        for (int t = 1; t <= 200; t++) {
            ControlEnv.Step s = env.step(t % 3);
            assertFalse(s.terminated());
            assertEquals(t == 200, s.truncated(), "step " + t);
        }
        assertThrows(IllegalStateException.class, () -> env.step(1));
        env.reset();
        assertFalse(env.absorbing());
        assertEquals(0, env.elapsedSteps());
    }

    @Test
    void fixedHorizon_truncatesAt200EvenWhileAbsorbing() {
        AbsorbAfterDone env = MountainCar.fixedHorizon();
        env.setState(new double[] {0.49, 0.02}, 197);
        assertFalse(env.step(2).truncated()); // reaches the goal at step 198
        assertTrue(env.absorbing());
        assertFalse(env.step(2).truncated());
        ControlEnv.Step last = env.step(2);
        assertTrue(last.truncated());
        assertEquals(0.0, last.reward());
    }
}
