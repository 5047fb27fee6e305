package io.revealed.irl;

import io.revealed.optim.Lbfgs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The L-BFGS loop shared by the IRL algorithms with a smooth objective in reward weights (MCE IRL,
 * MaxEnt IRL, MLIRL): evaluates the objective and its gradient, records one curve row per
 * iteration, tells the listener, and stops when the algorithm's relative gradient is below its
 * tolerance.
 *
 * @param <E> the algorithm's evaluation record (objective, gradient, policy, ...)
 */
final class GradientFit<E> {
    private final Function<double[], E> evaluate;
    private final Function<E, double[]> gradient;
    private final ToDoubleFunction<E> objective;
    private final ToDoubleFunction<E> curveGap;
    private final ToDoubleFunction<double[]> relativeGradient;

    /**
     * @param curveGap the relative feature gap reported per iteration (of the accepted point)
     * @param relativeGradient the stopping criterion, a function of the gradient
     */
    GradientFit(Function<double[], E> evaluate, ToDoubleFunction<E> objective, Function<E, double[]> gradient,
                ToDoubleFunction<E> curveGap, ToDoubleFunction<double[]> relativeGradient) {
        this.evaluate = evaluate;
        this.objective = objective;
        this.gradient = gradient;
        this.curveGap = curveGap;
        this.relativeGradient = relativeGradient;
    }

    /**
     * @param result L-BFGS's result
     * @param last the evaluation at the returned weights
     * @param curve one row per iteration
     * @param converged whether the relative gradient at the returned weights is below the tolerance
     * @param stopReason why it stopped, in words
     */
    record Outcome<E>(Lbfgs.Result result, E last, List<IrlResult.Iteration> curve, boolean converged, String stopReason) {}

    Outcome<E> run(int dimension, int maxIterations, double tolerance, IrlListener listener) {
        List<IrlResult.Iteration> curve = new ArrayList<>();
        List<E> last = new ArrayList<>(1);
        Lbfgs.Objective fn = (theta, grad) -> {
            last.clear(); // let the previous values and policy go before the next ones are built
            E e = evaluate.apply(theta);
            System.arraycopy(gradient.apply(e), 0, grad, 0, dimension);
            last.add(e);
            return objective.applyAsDouble(e);
        };
        Lbfgs.Monitor monitor = (it, theta, f, grad, step) -> {
            // L-BFGS evaluates candidates in order and accepts the last one it evaluated.
            double gap = curveGap.applyAsDouble(last.get(0));
            curve.add(new IrlResult.Iteration(it, f, gap));
            listener.iteration(it, f, gap, theta);
            return relativeGradient.applyAsDouble(grad) <= tolerance;
        };
        Lbfgs.Result res = Lbfgs.minimize(fn, new double[dimension], new Lbfgs.Options().withMaxIterations(maxIterations), monitor);
        E fin = last.isEmpty() ? null : last.get(0);
        if (fin == null || !Arrays.equals(gradient.apply(fin), res.grad())) fin = evaluate.apply(res.x());
        boolean converged = relativeGradient.applyAsDouble(gradient.apply(fin)) <= tolerance;
        String reason = switch (res.stop()) {
            case MONITOR -> converged ? "gradient below tolerance" : "stationary point";
            case MAX_ITERATIONS -> "iteration limit reached";
            case LINE_SEARCH_FAILED -> "line search made no progress (at machine precision)";
        };
        return new Outcome<>(res, fin, List.copyOf(curve), converged, reason);
    }
}
