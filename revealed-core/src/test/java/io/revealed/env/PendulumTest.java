package io.revealed.env;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendulumTest {

    /** An angle in [-pi, pi): the published angle_normalize, computed here with floor instead of %. */
    private static double normalize(double x) {
        double period = 2 * Math.PI;
        return x - period * Math.floor((x + Math.PI) / period);
    }

    /** Pendulum-v1's cost, all in float64, for comparison with a tolerance. */
    private static double cost(double th, double thdot, double u) {
        double n = normalize(th);
        return n * n + 0.1 * thdot * thdot + 0.001 * u * u;
    }

    @Test
    void step_fromRestUpright_matchesHandCalculation() {
        // theta = 0, theta_dot = 0, u = 2: cost = 0.001 * 4, a float32 product (see below), so
        // 0.004f = 0.0040000001899...; theta_dot' = (15 sin 0 + 3 * 2) * 0.05 = 0.3;
        // theta' = 0.3 * 0.05 = 0.015.
        Pendulum env = new Pendulum();
        env.setState(new double[] {0, 0});
        ControlEnv.Step s = env.step(new double[] {2.0});
        assertEquals(-(double) 0.004f, s.reward(), 1e-15);
        assertArrayEquals(new double[] {0.015, 0.3}, env.state(), 1e-15);
        assertArrayEquals(new double[] {(float) Math.cos(0.015), (float) Math.sin(0.015), 0.3f}, s.observation(), 1e-9);
        assertFalse(s.terminated());
    }

    @Test
    void reward_isMinusThePublishedCost_ofTheStateBeforeTheStep() {
        double[][] states = {{0.3, -1.2}, {Math.PI - 0.01, 4.0}, {-3.5, 0.5}, {7.0, -7.9}, {-20.0, 2.0}, {100.0, 0.0}};
        double[] torques = {-2.0, -0.37, 0.0, 0.7, 1.99};
        for (double[] st : states) {
            for (double u : torques) {
                Pendulum env = new Pendulum();
                env.setState(st);
                double r = env.step(new double[] {u}).reward();
                assertEquals(-cost(st[0], st[1], u), r, 1e-9, () -> java.util.Arrays.toString(st) + " u=" + u);
            }
        }
    }

    @Test
    void angleNormalize_isPythonsFlooredModulo() {
        assertEquals(0.0, Pendulum.angleNormalize(0.0), 0.0);
        assertEquals(-Math.PI, Pendulum.angleNormalize(Math.PI), 1e-15, "pi maps to -pi: the range is [-pi, pi)");
        assertEquals(-Math.PI / 2, Pendulum.angleNormalize(3 * Math.PI / 2), 1e-15);
        assertEquals(Math.PI / 2, Pendulum.angleNormalize(-3 * Math.PI / 2), 1e-15);
        assertEquals(0.5, Pendulum.angleNormalize(0.5 + 4 * Math.PI), 1e-14);
        assertEquals(-0.5, Pendulum.angleNormalize(-0.5 - 6 * Math.PI), 1e-14);
        for (double x = -50; x < 50; x += 0.37) {
            double n = Pendulum.angleNormalize(x);
            assertTrue(n >= -Math.PI && n < Math.PI);
            assertEquals(normalize(x), n, 1e-12);
        }
    }

    @Test
    void torqueTerms_areFloat32AsNumPyComputesThemForAFloat32Action() {
        // u = 0.7 is not a float32 number: Gymnasium gets 0.7f, and 0.001 * u**2 and 3.0 * u are
        // float32 products; only the sums with float64 terms are float64.
        double th = 0.4, thdot = -1.5;
        Pendulum env = new Pendulum();
        env.setState(new double[] {th, thdot});
        ControlEnv.Step s = env.step(new double[] {0.7});
        float u = 0.7f;
        double n = (th + Math.PI) % (2 * Math.PI) - Math.PI; // positive argument: % is Python's %
        double expectedCost = n * n + 0.1 * (thdot * thdot) + (double) (0.001f * (u * u));
        assertEquals(-expectedCost, s.reward(), 0.0);
        double newThdot = thdot + (15.0 * StrictMath.sin(th) + (double) (3.0f * u)) * 0.05;
        assertArrayEquals(new double[] {th + newThdot * 0.05, newThdot}, env.state(), 0.0);
        // The all-float64 path gives a different number, so the test above can tell them apart.
        double float64Cost = n * n + 0.1 * (thdot * thdot) + 0.001 * (0.7 * 0.7);
        assertNotEquals(-float64Cost, s.reward());
    }

    @Test
    void torque_isClippedToPlusMinusTwo_andSpeedToEight() {
        for (double[] pair : new double[][] {{3.0, 2.0}, {-5.0, -2.0}, {Double.POSITIVE_INFINITY, 2.0}}) {
            Pendulum a = new Pendulum(), b = new Pendulum();
            a.setState(new double[] {1.0, 0.5});
            b.setState(new double[] {1.0, 0.5});
            assertEquals(b.step(new double[] {pair[1]}), a.step(new double[] {pair[0]}));
        }
        Pendulum fast = new Pendulum();
        fast.setState(new double[] {1.5, 7.9});
        fast.step(new double[] {2.0});
        assertEquals(8.0, fast.state()[1], 0.0);
        assertEquals(1.5 + 8.0 * 0.05, fast.state()[0], 1e-15);
    }

    @Test
    void neverTerminates_truncatesAt200() {
        Pendulum env = new Pendulum();
        env.reset(4);
        for (int t = 1; t <= 200; t++) {
            ControlEnv.Step s = env.step(new double[] {Math.sin(t)});
            assertFalse(s.terminated());
            assertEquals(t == 200, s.truncated());
            assertTrue(s.reward() <= 0 && s.reward() >= -(Math.PI * Math.PI + 0.1 * 64 + 0.001 * 4) - 1e-9);
        }
        assertThrows(IllegalStateException.class, () -> env.step(new double[] {0}));
    }

    @Test
    void reset_thousandSeeds_inRange() {
        Pendulum env = new Pendulum();
        double minTh = 9, maxTh = -9;
        for (long seed = 0; seed < 1000; seed++) {
            double[] obs = env.reset(seed);
            double[] st = env.state();
            assertTrue(st[0] >= -Math.PI && st[0] < Math.PI, "theta " + st[0]);
            assertTrue(st[1] >= -1 && st[1] < 1, "theta_dot " + st[1]);
            assertArrayEquals(new double[] {(float) StrictMath.cos(st[0]), (float) StrictMath.sin(st[0]), (float) st[1]}, obs, 0.0);
            minTh = Math.min(minTh, st[0]);
            maxTh = Math.max(maxTh, st[0]);
            Pendulum again = new Pendulum();
            again.reset(seed);
            assertArrayEquals(st, again.state(), 0.0);
        }
        assertTrue(minTh < -3.0 && maxTh > 3.0);
    }

    @Test
    void discreteStep_andNaN_areRejected() {
        Pendulum env = new Pendulum();
        env.setState(new double[] {0, 0});
        assertThrows(IllegalArgumentException.class, () -> env.step(1));
        assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0.1, 0.2}));
        assertEquals(new Space.Box(new double[] {-2}, new double[] {2}), env.actionSpace());
    }
}
