package io.revealed.planning;

/**
 * Stopping rule for discounted infinite-horizon iterations.
 *
 * @param tolerance the sup-norm error bound on the returned values: iteration stops once
 *     {@code g/(1-g) * max|V_{k+1} - V_k| <= tolerance}, which bounds the distance to the fixed point
 * @param maxIterations hard cap; reaching it throws rather than return unconverged values
 */
public record PlanningOptions(double tolerance, int maxIterations) {
    /** Default tolerance on values: tight enough to agree with exact solutions to 1e-8. */
    public static final double DEFAULT_TOLERANCE = 1e-10;

    public PlanningOptions {
        if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
    }

    public PlanningOptions() { this(DEFAULT_TOLERANCE, 1_000_000); }

    boolean converged(double maxDiff, double g) {
        return g == 0 || maxDiff * g / (1 - g) <= tolerance;
    }

    NotConvergedException notConverged(String what, double maxDiff) {
        return new NotConvergedException(what + " did not converge in " + maxIterations + " iterations (last change " + maxDiff + ")");
    }

    /** Thrown when an iteration hits {@link #maxIterations()}. */
    public static final class NotConvergedException extends RuntimeException {
        public NotConvergedException(String message) { super(message); }
    }
}
