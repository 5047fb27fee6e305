package io.revealed.optim;

import java.util.Arrays;

/**
 * Limited-memory BFGS (Nocedal 1980; Nocedal and Wright, Numerical Optimization, Algorithms 7.4
 * and 7.5) with a strong-Wolfe line search. Minimises a smooth function
 * given its value and gradient. Written here because no small, maintained JVM library on Maven
 * Central offers it without pulling in a large numerics stack.
 *
 * <p>Cost per iteration: O(m n) besides the function evaluations, with m the memory.
 */
public final class Lbfgs {

    /** f(x), writing the gradient into {@code grad}. */
    @FunctionalInterface
    public interface Objective {
        double evaluate(double[] x, double[] grad);
    }

    /** Called after each accepted step; return true to stop. */
    @FunctionalInterface
    public interface Monitor {
        boolean stop(int iteration, double[] x, double f, double[] grad, double step);
    }

    /**
     * @param memory number of correction pairs kept
     * @param maxIterations cap on accepted steps
     * @param maxLineSearch cap on function evaluations in one line search
     * @param armijo sufficient-decrease constant c1
     */
    public record Options(int memory, int maxIterations, int maxLineSearch, double armijo) {
        public Options {
            if (memory < 1) throw new IllegalArgumentException("memory must be >= 1, got " + memory);
            if (maxIterations < 0) throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
            if (maxLineSearch < 1) throw new IllegalArgumentException("maxLineSearch must be >= 1, got " + maxLineSearch);
            if (!(armijo > 0 && armijo < 0.5)) throw new IllegalArgumentException("armijo must be in (0, 0.5), got " + armijo);
        }

        public Options() { this(10, 200, 40, 1e-4); }

        public Options withMaxIterations(int n) { return new Options(memory, n, maxLineSearch, armijo); }
    }

    public enum Stop { MONITOR, MAX_ITERATIONS, LINE_SEARCH_FAILED }

    public record Result(double[] x, double f, double[] grad, int iterations, int evaluations, Stop stop) {}

    private Lbfgs() {}

    public static Result minimize(Objective fn, double[] x0, Options opt, Monitor monitor) {
        int n = x0.length, m = opt.memory();
        double[] x = x0.clone(), g = new double[n];
        double f = fn.evaluate(x, g);
        int evals = 1;
        checkFinite(f, g);
        if (monitor.stop(0, x, f, g, 0)) return new Result(x, f, g, 0, evals, Stop.MONITOR);
        double[][] sHist = new double[m][], yHist = new double[m][];
        double[] rho = new double[m], alphaBuf = new double[m];
        int stored = 0, head = 0;
        double[] d = new double[n], xNew = new double[n], gNew = new double[n];
        for (int it = 1; it <= opt.maxIterations(); it++) {
            // Two-loop recursion: d = -H g.
            System.arraycopy(g, 0, d, 0, n);
            for (int i = 0; i < stored; i++) {
                int j = Math.floorMod(head - 1 - i, m);
                alphaBuf[j] = rho[j] * dot(sHist[j], d);
                axpy(-alphaBuf[j], yHist[j], d);
            }
            double gamma = 1;
            if (stored > 0) {
                int j = Math.floorMod(head - 1, m);
                gamma = dot(sHist[j], yHist[j]) / dot(yHist[j], yHist[j]);
            }
            for (int i = 0; i < n; i++) d[i] *= gamma;
            for (int i = stored - 1; i >= 0; i--) {
                int j = Math.floorMod(head - 1 - i, m);
                double beta = rho[j] * dot(yHist[j], d);
                axpy(alphaBuf[j] - beta, sHist[j], d);
            }
            for (int i = 0; i < n; i++) d[i] = -d[i];
            double slope = dot(g, d);
            if (!(slope < 0)) { // not a descent direction: restart from steepest descent
                stored = 0;
                for (int i = 0; i < n; i++) d[i] = -g[i];
                slope = dot(g, d);
                if (slope == 0) return new Result(x, f, g, it - 1, evals, Stop.MONITOR);
            }
            double t0 = stored == 0 ? Math.min(1, 1 / Math.max(1e-300, Math.sqrt(-slope))) : 1;
            LineSearch ls = wolfe(fn, x, f, slope, d, t0, opt, xNew, gNew);
            evals += ls.evaluations;
            if (!ls.accepted) return new Result(x, f, g, it - 1, evals, Stop.LINE_SEARCH_FAILED);
            double fNew = ls.f;
            double[] s = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            double sy = dot(s, y);
            if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
                sHist[head] = s;
                yHist[head] = y;
                rho[head] = 1 / sy;
                head = (head + 1) % m;
                stored = Math.min(stored + 1, m);
            }
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            f = fNew;
            if (monitor.stop(it, x, f, g, ls.step())) return new Result(x, f, g, it, evals, Stop.MONITOR);
        }
        return new Result(x, f, g, opt.maxIterations(), evals, Stop.MAX_ITERATIONS);
    }

    /** Largest step, as a multiple of the first one, that the bracketing phase tries. */
    private static final double MAX_EXPANSION = 1 << 20;

    private record LineSearch(boolean accepted, double f, int evaluations, double step) {}

    /**
     * Line search for the strong Wolfe conditions (Nocedal and Wright, Algorithms 3.5 and 3.6):
     * sufficient decrease {@code f(x + t d) <= f + c1 t slope} and curvature
     * {@code |grad(x + t d) . d| <= c2 |slope|}, bracketing then zooming by bisection with a
     * safeguarded cubic step. On return {@code xNew} and {@code gNew} hold the accepted point, which
     * is also the last point evaluated.
     */
    private static LineSearch wolfe(Objective fn, double[] x, double f, double slope, double[] d, double t0,
                                    Options opt, double[] xNew, double[] gNew) {
        final double c1 = opt.armijo(), c2 = 0.9;
        int n = x.length, evals = 0;
        double tLo = 0, fLo = f, dLo = slope, tHi = Double.NaN, fHi = Double.NaN, dHi = Double.NaN;
        double t = t0, lastF = Double.NaN, lastT = Double.NaN;
        double bestT = Double.NaN, bestF = Double.POSITIVE_INFINITY; // best point with sufficient decrease
        for (int k = 0; k < opt.maxLineSearch(); k++) {
            for (int i = 0; i < n; i++) xNew[i] = x[i] + t * d[i];
            double ft = fn.evaluate(xNew, gNew);
            lastF = ft;
            lastT = t;
            evals++;
            double dt = dot(gNew, d);
            boolean finite = Double.isFinite(ft) && allFinite(gNew);
            // Sufficient decrease, and real progress: at a huge |f| rounding makes f + c1 t slope == f.
            boolean armijo = finite && ft <= f + c1 * t * slope && ft < f;
            if (armijo && ft < bestF) { bestF = ft; bestT = t; }
            if (!finite || !armijo || ft >= fLo) {
                tHi = t; fHi = finite ? ft : Double.NaN; dHi = finite ? dt : Double.NaN;
            } else {
                if (Math.abs(dt) <= c2 * Math.abs(slope)) return new LineSearch(true, ft, evals, t);
                if (Double.isNaN(tHi) ? dt >= 0 : dt * (tHi - tLo) >= 0) {
                    tHi = tLo; fHi = fLo; dHi = dLo;
                }
                tLo = t; fLo = ft; dLo = dt;
            }
            if (Double.isNaN(tHi)) {
                if (t >= MAX_EXPANSION * t0) break; // the objective keeps falling: take the best point
                t = 2 * t; // still going down steeply: expand
                continue;
            }
            double next = Double.isNaN(fHi) ? Double.NaN : cubicMinimizer(tLo, fLo, dLo, tHi, fHi, dHi);
            double lo = Math.min(tLo, tHi), hi = Math.max(tLo, tHi), width = hi - lo;
            if (!(next > lo + 0.1 * width && next < hi - 0.1 * width)) next = lo + 0.5 * width;
            if (width <= 1e-16 * Math.max(1, hi)) break;
            t = next;
        }
        if (!Double.isNaN(bestT)) {
            // Accept the best sufficient-decrease point even without the curvature condition.
            if (bestT == lastT && bestF == lastF) return new LineSearch(true, bestF, evals, bestT);
            for (int i = 0; i < n; i++) xNew[i] = x[i] + bestT * d[i];
            double fb = fn.evaluate(xNew, gNew);
            return new LineSearch(Double.isFinite(fb) && allFinite(gNew), fb, evals + 1, bestT);
        }
        return new LineSearch(false, f, evals, 0);
    }

    /** Minimiser of the cubic interpolating f and f' at a and b (NaN if it has none). */
    private static double cubicMinimizer(double a, double fa, double da, double b, double fb, double db) {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (!(disc >= 0)) return Double.NaN;
        double d2 = Math.signum(b - a) * Math.sqrt(disc);
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    }

    private static void checkFinite(double f, double[] g) {
        if (!Double.isFinite(f) || !allFinite(g))
            throw new ArithmeticException("objective or gradient is not finite at the starting point: f = " + f + ", gradient = " + Arrays.toString(Arrays.copyOf(g, Math.min(g.length, 8))));
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return false;
        return true;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }
}
