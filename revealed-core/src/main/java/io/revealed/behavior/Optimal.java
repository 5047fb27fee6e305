package io.revealed.behavior;

import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.QValues;
import io.revealed.planning.TabularPolicy;
import io.revealed.planning.ValueIteration;

/**
 * The optimality model: uniform over the actions whose optimal Q value is within
 * {@code tolerance * max(1, |max_a Q|)} of the best. Values are the optimal values V*.
 */
public record Optimal(double tolerance) implements BehaviorModel {
    /** Relative tolerance under which two action values count as tied. */
    public static final double DEFAULT_TOLERANCE = 1e-8;

    public Optimal {
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) throw new IllegalArgumentException("tol must be >= 0, got " + tolerance);
    }

    public Optimal() { this(DEFAULT_TOLERANCE); }

    @Override
    public Solution solve(TabularMdp mdp, double[] rsa, PlanningOptions options) {
        QValues q = ValueIteration.solve(mdp, rsa, options);
        return new Solution(q.valuesAt(0), greedy(q, tolerance), "optimal values V*");
    }

    /** The uniform-over-argmax policy of a table of action values. */
    public static TabularPolicy greedy(QValues q, double tolerance) {
        return Policies.fromQ(q, (row, p) -> {
            double m = Policies.max(row);
            double cut = m - tolerance * Math.max(1, Math.abs(m));
            int ties = 0;
            for (double x : row) if (x >= cut) ties++;
            for (int a = 0; a < row.length; a++) p[a] = row[a] >= cut ? 1.0 / ties : 0;
        });
    }

    @Override
    public String spec() { return tolerance == DEFAULT_TOLERANCE ? "optimal" : "optimal:tol=" + tolerance; }
}
