package io.revealed.behavior;

import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.QValues;
import io.revealed.planning.TabularPolicy;
import io.revealed.planning.ValueIteration;

/**
 * The Boltzmann-rational model: {@code pi(a|s) proportional to exp(beta Q*(s,a))} with {@code Q*}
 * the optimal (hard-max) action values, time-indexed over a finite horizon. Values are V*.
 * Boltzmann(beta') of R equals Boltzmann(beta) of (beta'/beta) R.
 */
public record Boltzmann(double beta) implements BehaviorModel {
    public Boltzmann {
        if (!(beta > 0) || !Double.isFinite(beta)) throw new IllegalArgumentException("beta must be > 0, got " + beta);
    }

    @Override
    public Solution solve(TabularMdp mdp, double[] rsa, PlanningOptions options) {
        QValues q = ValueIteration.solve(mdp, rsa, options);
        return new Solution(q.valuesAt(0), softmax(q, beta), "optimal values V*");
    }

    /** {@code softmax(beta * Q)} row by row, with the row maximum subtracted before exponentiating. */
    public static TabularPolicy softmax(QValues q, double beta) {
        return Policies.fromQ(q, (row, p) -> {
            double m = Policies.max(row), sum = 0;
            for (int a = 0; a < row.length; a++) sum += p[a] = Math.exp(beta * (row[a] - m));
            for (int a = 0; a < row.length; a++) p[a] /= sum;
        });
    }

    @Override
    public String spec() { return "boltzmann:beta=" + beta; }
}
