package io.revealed.env;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CartPoleTest {

    /**
     * Gymnasium's CartPole equations written out here from cartpole.py (Euler, tau = 0.02), in its
     * order of operations so that the comparison can be exact.
     */
    private static double[] handStep(double[] s, int action) {
        double g = 9.8, mc = 1.0, mp = 0.1, total = mp + mc, l = 0.5, pml = mp * l, tau = 0.02;
        double f = action == 1 ? 10.0 : -10.0;
        double c = StrictMath.cos(s[2]), sn = StrictMath.sin(s[2]);
        double temp = (f + pml * (s[3] * s[3]) * sn) / total;
        double thetaAcc = (g * sn - c * temp) / (l * (4.0 / 3.0 - mp * (c * c) / total));
        double xAcc = temp - pml * thetaAcc * c / total;
        return new double[] {s[0] + tau * s[1], s[1] + tau * xAcc, s[2] + tau * s[3], s[3] + tau * thetaAcc};
    }

    private static double[] f32(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
        return out;
    }

    @Test
    void step_fromRest_matchesClosedFormHandCalculation() {
        // From (0,0,0,0), push right (F = 10): sin = 0, cos = 1, M = 1.1,
        // thetaacc = -(F/M) / (l (4/3 - m_p/M)) = -(100/11) / (0.5 * 41/33) = -600/41,
        // xacc = F/M - m_p l thetaacc / M = 100/11 + 300/451 = 4400/451, so after one Euler step
        // x_dot = 0.02 * 4400/451 = 88/451 and theta_dot = -0.02 * 600/41 = -12/41.
        CartPole env = new CartPole();
        env.setState(new double[] {0, 0, 0, 0});
        ControlEnv.Step s = env.step(1);
        double[] st = env.state();
        assertEquals(0.0, st[0], 0.0);
        assertEquals(88.0 / 451, st[1], 1e-15);
        assertEquals(0.0, st[2], 0.0);
        assertEquals(-12.0 / 41, st[3], 1e-15);
        assertEquals(1.0, s.reward());
        assertFalse(s.terminated());
        assertFalse(s.truncated());
    }

    @Test
    void steps_fromSetState_matchHandWrittenEquationsExactly() {
        CartPole env = new CartPole();
        double[] expected = {0.03, -0.4, -0.05, 0.7};
        env.setState(expected);
        int[] actions = {0, 1, 1, 0, 1, 0, 0, 1};
        for (int a : actions) {
            ControlEnv.Step s = env.step(a);
            expected = handStep(expected, a);
            assertArrayEquals(expected, env.state(), 0.0);
            assertArrayEquals(f32(expected), s.observation(), 0.0, "observation is the state rounded to float32");
            assertEquals(1.0, s.reward());
        }
    }

    @Test
    void termination_atTwelveDegreesAndAtTheTrackEnds() {
        double thr = 12 * 2 * Math.PI / 360;
        assertEquals(Math.toRadians(12), CartPole.THETA_THRESHOLD_RADIANS, 1e-15);
        // Theta moves by tau * theta_dot = 0.0002 in one step.
        assertTerminates(new double[] {0, 0, 0.2094, 0.01}, 1, true);   // 0.2096 > 0.20944
        assertTerminates(new double[] {0, 0, 0.2090, 0.01}, 1, false);  // 0.2092 < 0.20944
        assertTerminates(new double[] {0, 0, -0.2094, -0.01}, 0, true);
        assertTerminates(new double[] {0, 0, -0.2090, -0.01}, 0, false);
        // x moves by tau * x_dot = 0.02.
        assertTerminates(new double[] {2.39, 1.0, 0, 0}, 1, true);      // 2.41 > 2.4
        assertTerminates(new double[] {2.37, 1.0, 0, 0}, 1, false);     // 2.39
        assertTerminates(new double[] {-2.39, -1.0, 0, 0}, 0, true);
        assertTerminates(new double[] {-2.37, -1.0, 0, 0}, 0, false);
        // The rule is on the state after the step, checked with the hand-written equations.
        double[] after = handStep(new double[] {0, 0, 0.2094, 0.01}, 1);
        assertTrue(after[2] > thr);
    }

    private static void assertTerminates(double[] state, int action, boolean expected) {
        CartPole env = new CartPole();
        env.setState(state);
        ControlEnv.Step s = env.step(action);
        assertEquals(expected, s.terminated(), () -> "from " + java.util.Arrays.toString(state));
        assertEquals(1.0, s.reward(), "reward 1 on every step, the terminating one included");
        assertFalse(s.truncated());
        if (expected) assertThrows(IllegalStateException.class, () -> env.step(action));
    }

    @Test
    void truncation_at500Steps() {
        CartPole env = new CartPole();
        assertEquals(500, env.maxEpisodeSteps());
        env.setState(new double[] {0, 0, 0, 0}, 498);
        ControlEnv.Step s = env.step(0);
        assertFalse(s.truncated());
        s = env.step(1);
        assertTrue(s.truncated());
        assertFalse(s.terminated());
        assertEquals(500, env.elapsedSteps());
        assertThrows(IllegalStateException.class, () -> env.step(0));
    }

    @Test
    void truncationAndTerminationCanCoincide() {
        CartPole env = new CartPole();
        env.setState(new double[] {2.39, 1.0, 0, 0}, 499);
        ControlEnv.Step s = env.step(1);
        assertTrue(s.terminated());
        assertTrue(s.truncated());
    }

    @Test
    void reset_thousandSeeds_stayInGymnasiumsRange_andSeedDeterminesState() {
        CartPole env = new CartPole();
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
        for (long seed = 0; seed < 1000; seed++) {
            double[] obs = env.reset(seed);
            double[] st = env.state();
            assertArrayEquals(f32(st), obs, 0.0);
            for (double v : st) {
                assertTrue(v >= -0.05 && v < 0.05, "reset value " + v + " outside [-0.05, 0.05)");
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            assertArrayEquals(st, stateAfterReset(seed), 0.0, "same seed, same state");
        }
        // 4000 uniform draws: the extremes come close to the bounds and the mean is near 0.
        assertTrue(min < -0.049 && max > 0.049, "min " + min + ", max " + max);
        assertEquals(0.0, sum / 4000, 0.003);
    }

    private static double[] stateAfterReset(long seed) {
        CartPole env = new CartPole();
        env.reset(seed);
        return env.state();
    }

    @Test
    void resetWithoutSeed_continuesTheGenerator() {
        CartPole a = new CartPole(), b = new CartPole();
        double[] first = a.reset(7);
        double[] second = a.reset();
        assertArrayEquals(first, b.reset(7), 0.0);
        assertArrayEquals(second, b.reset(), 0.0);
        assertFalse(java.util.Arrays.equals(first, second));
        assertThrows(IllegalStateException.class, () -> new CartPole().reset());
    }

    @Test
    void spaces_areGymnasiums() {
        CartPole env = new CartPole();
        assertEquals(new Space.Discrete(2), env.actionSpace());
        Space.Box box = (Space.Box) env.observationSpace();
        assertArrayEquals(new double[] {4.8f, Double.POSITIVE_INFINITY, (float) (2 * Math.toRadians(12)), Double.POSITIVE_INFINITY},
                box.high(), 0.0);
        assertEquals("CartPole-v1", env.id());
    }

    // ---- seals/CartPole-v0 ----

    @Test
    void fixedHorizon_neverTerminates_rewardIsOneOnlyInsideTheBounds() {
        CartPole env = CartPole.fixedHorizon();
        assertEquals("seals/CartPole-v0", env.id());
        assertEquals(500, env.maxEpisodeSteps());
        env.setState(new double[] {2.37, 1.0, 0, 0});
        ControlEnv.Step s = env.step(1); // x = 2.39: still fine
        assertEquals(1.0, s.reward());
        s = env.step(1);                 // x = 2.41: out of bounds, but no termination
        assertEquals(0.0, s.reward());
        assertFalse(s.terminated());
        for (int t = 0; t < 20; t++) assertFalse(env.step(1).terminated());
    }

    @Test
    void fixedHorizon_wrapsThetaIntoMinusPiPi() {
        CartPole env = CartPole.fixedHorizon();
        double[] start = {0, 0, 3.1, 10.0}; // theta passes pi within one step (3.1 + 0.2)
        env.setState(start);
        env.step(0);
        double[] raw = handStep(start, 0);
        assertTrue(raw[2] > Math.PI);
        // Python's floored modulo: (theta + pi) % (2 pi) - pi; here 2 pi < theta + pi < 4 pi, so the
        // remainder is theta + pi - 2 pi, exact by Sterbenz's lemma.
        double wrapped = (raw[2] + Math.PI - 2 * Math.PI) - Math.PI;
        assertEquals(wrapped, env.state()[2], 0.0);
        assertTrue(env.state()[2] >= -Math.PI && env.state()[2] < Math.PI);
        assertEquals(raw[0], env.state()[0], 0.0);
        assertEquals(raw[3], env.state()[3], 0.0);
    }

    @Test
    void fixedHorizon_everyEpisodeLasts500Steps() {
        CartPole env = CartPole.fixedHorizon();
        env.reset(3);
        for (int t = 1; t <= 500; t++) {
            ControlEnv.Step s = env.step(1); // always pushing right: falls early in CartPole-v1
            assertFalse(s.terminated());
            assertEquals(t == 500, s.truncated(), "step " + t);
        }
        assertThrows(IllegalStateException.class, () -> env.step(1));
        Space.Box box = (Space.Box) env.observationSpace();
        assertEquals((float) Math.PI, box.high(2), 0.0);
        assertEquals(Float.MAX_VALUE, box.high(0), 0.0);
    }
}
