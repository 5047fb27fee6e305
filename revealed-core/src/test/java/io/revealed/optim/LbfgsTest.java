package io.revealed.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LbfgsTest {
    @Test
    void minimize_rosenbrock_reachesTheMinimumAtOneOne() {
        Lbfgs.Objective rosen = (x, g) -> {
            double a = 1 - x[0], b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        };
        Lbfgs.Result r = Lbfgs.minimize(rosen, new double[]{-1.2, 1}, new Lbfgs.Options(),
                (it, x, f, g, step) -> Math.hypot(g[0], g[1]) < 1e-10);
        assertEquals(Lbfgs.Stop.MONITOR, r.stop());
        assertArrayEquals(new double[]{1, 1}, r.x(), 1e-8);
    }

    @Test
    void minimize_convexQuadratic_solvesTheLinearSystem() {
        // f = 1/2 x'Ax - b'x with A = [[4,1],[1,3]], b = (1,2): minimiser A^{-1} b = (1/11, 7/11).
        Lbfgs.Objective q = (x, g) -> {
            g[0] = 4 * x[0] + x[1] - 1;
            g[1] = x[0] + 3 * x[1] - 2;
            return 0.5 * (4 * x[0] * x[0] + 2 * x[0] * x[1] + 3 * x[1] * x[1]) - x[0] - 2 * x[1];
        };
        Lbfgs.Result r = Lbfgs.minimize(q, new double[2], new Lbfgs.Options(), (it, x, f, g, s) -> Math.hypot(g[0], g[1]) < 1e-12);
        assertArrayEquals(new double[]{1.0 / 11, 7.0 / 11}, r.x(), 1e-11);
    }
}
