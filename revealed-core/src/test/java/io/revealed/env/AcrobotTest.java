package io.revealed.env;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcrobotTest {

    /**
     * The Acrobot equations of motion (Sutton and Barto's book version, as acrobot.py's _dsdt
     * writes them), here for a state {t1, t2, w1, w2} and torque a; returns {w1, w2, acc1, acc2}.
     */
    private static double[] f(double[] s, double a) {
        double t1 = s[0], t2 = s[1], w1 = s[2], w2 = s[3];
        double m1 = 1, m2 = 1, l1 = 1, lc1 = 0.5, lc2 = 0.5, i1 = 1, i2 = 1, g = 9.8;
        double c2 = StrictMath.cos(t2), s2 = StrictMath.sin(t2);
        double d1 = m1 * (lc1 * lc1) + m2 * ((l1 * l1) + (lc2 * lc2) + 2 * l1 * lc2 * c2) + i1 + i2;
        double d2 = m2 * ((lc2 * lc2) + l1 * lc2 * c2) + i2;
        double phi2 = m2 * lc2 * g * StrictMath.cos(t1 + t2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (w2 * w2) * s2 - 2 * m2 * l1 * lc2 * w2 * w1 * s2
                + (m1 * lc1 + m2 * l1) * g * StrictMath.cos(t1 - Math.PI / 2) + phi2;
        double acc2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (w1 * w1) * s2 - phi2) / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double acc1 = -(d2 * acc2 + phi1) / d1;
        return new double[] {w1, w2, acc1, acc2};
    }

    /** One classical RK4 step of h = 0.2 from s, then Gymnasium's wrap and bound. */
    private static double[] handStep(double[] s, int action) {
        double a = new double[] {-1.0, 0.0, 1.0}[action];
        double h = 0.2;
        double[] k1 = f(s, a);
        double[] k2 = f(axpy(s, h / 2.0, k1), a);
        double[] k3 = f(axpy(s, h / 2.0, k2), a);
        double[] k4 = f(axpy(s, h, k3), a);
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) y[i] = s[i] + h / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        for (int i = 0; i < 2; i++) {
            while (y[i] > Math.PI) y[i] -= 2 * Math.PI;
            while (y[i] < -Math.PI) y[i] += 2 * Math.PI;
        }
        y[2] = Math.max(-4 * Math.PI, Math.min(4 * Math.PI, y[2]));
        y[3] = Math.max(-9 * Math.PI, Math.min(9 * Math.PI, y[3]));
        return y;
    }

    private static double[] axpy(double[] y, double c, double[] k) {
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) out[i] = y[i] + c * k[i];
        return out;
    }

    private static boolean high(double[] s) {
        return -StrictMath.cos(s[0]) - StrictMath.cos(s[1] + s[0]) > 1.0;
    }

    @Test
    void oneStep_matchesHandWrittenRk4OfTheSameOde() {
        for (double[] start : new double[][] {{0.05, -0.03, 0.02, 0.08}, {1.0, 2.0, -3.0, 4.0}, {-2.0, 0.5, 6.0, -10.0}}) {
            for (int a = 0; a < 3; a++) {
                Acrobot env = new Acrobot();
                env.setState(start);
                ControlEnv.Step s = env.step(a);
                double[] expected = handStep(start, a);
                assertArrayEquals(expected, env.state(), 0.0, () -> "from " + Arrays.toString(start));
                double[] obs = {(float) StrictMath.cos(expected[0]), (float) StrictMath.sin(expected[0]),
                        (float) StrictMath.cos(expected[1]), (float) StrictMath.sin(expected[1]), (float) expected[2], (float) expected[3]};
                assertArrayEquals(obs, s.observation(), 0.0);
            }
        }
    }

    @Test
    void severalSteps_matchHandWrittenRk4() {
        Acrobot env = new Acrobot();
        double[] expected = {0.3, -0.2, 0.5, -0.4};
        env.setState(expected);
        int[] actions = {2, 2, 0, 0, 1, 2, 0, 2, 2, 2, 1, 0};
        for (int a : actions) {
            ControlEnv.Step s = env.step(a);
            expected = handStep(expected, a);
            assertArrayEquals(expected, env.state(), 0.0);
            assertEquals(high(expected) ? 0.0 : -1.0, s.reward());
            if (s.terminated()) break;
        }
    }

    @Test
    void rk4Step_isClosetoAFinelyIntegratedSolution() {
        // A property of the integrator: one RK4 step of 0.2 s agrees with 2000 RK4 steps of 1e-4 s
        // (the same ODE) to within RK4's local error, O(h^5) = O(3e-4) times the size of the fifth
        // derivatives; an Euler step would be off by O(h^2) = O(0.04).
        double[] start = {0.4, -0.3, 0.7, -0.2};
        Acrobot env = new Acrobot();
        env.setState(start);
        env.step(2);
        double[] y = start.clone();
        double h = 1e-4;
        for (int n = 0; n < 2000; n++) {
            double[] k1 = f(y, 1.0), k2 = f(axpy(y, h / 2, k1), 1.0), k3 = f(axpy(y, h / 2, k2), 1.0), k4 = f(axpy(y, h, k3), 1.0);
            for (int i = 0; i < 4; i++) y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        assertArrayEquals(y, env.state(), 3e-3);
    }

    @Test
    void anglesWrapAndVelocitiesAreBounded() {
        Acrobot env = new Acrobot();
        env.setState(new double[] {3.1, -3.1, 12.0, -28.0});
        env.step(0);
        double[] st = env.state();
        assertTrue(st[0] >= -Math.PI && st[0] <= Math.PI);
        assertTrue(st[1] >= -Math.PI && st[1] <= Math.PI);
        assertTrue(Math.abs(st[2]) <= 4 * Math.PI);
        assertTrue(Math.abs(st[3]) <= 9 * Math.PI);
        assertArrayEquals(handStep(new double[] {3.1, -3.1, 12.0, -28.0}, 0), st, 0.0);
    }

    @Test
    void termination_whenTheTipIsOneLinkAboveThePivot() {
        boolean sawHigh = false, sawLow = false;
        for (double t1 : new double[] {1.8, 1.95, 2.05, 2.1, 2.2, 2.4}) {
            for (double w1 : new double[] {-1.0, 0.0, 1.0}) {
                double[] start = {t1, 0.0, w1, 0.0};
                Acrobot env = new Acrobot();
                env.setState(start);
                ControlEnv.Step s = env.step(1);
                boolean expected = high(handStep(start, 1));
                assertEquals(expected, s.terminated(), () -> "from " + Arrays.toString(start));
                assertEquals(expected ? 0.0 : -1.0, s.reward());
                sawHigh |= expected;
                sawLow |= !expected;
            }
        }
        assertTrue(sawHigh && sawLow, "the starts must fall on both sides of the height line");
        // Both links straight up: -cos(pi) - cos(2 pi) = 2 > 1.
        Acrobot up = new Acrobot();
        up.setState(new double[] {Math.PI, 0, 0, 0});
        ControlEnv.Step s = up.step(1);
        assertTrue(s.terminated());
        assertEquals(0.0, s.reward());
        assertThrows(IllegalStateException.class, () -> up.step(1));
    }

    @Test
    void truncation_at500Steps_hangingAtRest() {
        Acrobot env = new Acrobot();
        env.reset(2);
        for (int t = 1; t <= 500; t++) {
            ControlEnv.Step s = env.step(1);
            assertFalse(s.terminated());
            assertEquals(-1.0, s.reward());
            assertEquals(t == 500, s.truncated());
        }
        assertThrows(IllegalStateException.class, () -> env.step(1));
    }

    @Test
    void reset_thousandSeeds_float32ValuesInRange() {
        Acrobot env = new Acrobot();
        for (long seed = 0; seed < 1000; seed++) {
            double[] obs = env.reset(seed);
            double[] st = env.state();
            for (double v : st) {
                assertEquals((float) v, v, 0.0, "Gymnasium casts the reset state to float32");
                assertTrue(v >= -0.1f && v <= 0.1f, "reset value " + v);
            }
            assertEquals((float) StrictMath.cos(st[0]), obs[0], 0.0);
            assertEquals((float) st[3], obs[5], 0.0);
            Acrobot again = new Acrobot();
            again.reset(seed);
            assertArrayEquals(st, again.state(), 0.0);
        }
    }

    @Test
    void spaces_areGymnasiums() {
        Acrobot env = new Acrobot();
        assertEquals(new Space.Discrete(3), env.actionSpace());
        assertArrayEquals(new double[] {1, 1, 1, 1, (float) (4 * Math.PI), (float) (9 * Math.PI)},
                ((Space.Box) env.observationSpace()).high(), 0.0);
        assertEquals(500, env.maxEpisodeSteps());
    }
}
