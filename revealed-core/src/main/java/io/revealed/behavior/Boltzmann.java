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
        int S = q.states(), A = q.actions(), T = Math.max(q.steps(), 1);
        double[] p = new double[T * S * A];
        double[] row = new double[A];
        for (int t = 0; t < T; t++)
            for (int s = 0; s < S; s++) {
                q.qRow(t, s, row);
                double m = row[0];
                for (int a = 1; a < A; a++) m = Math.max(m, row[a]);
                double sum = 0;
                int base = (t * S + s) * A;
                for (int a = 0; a < A; a++) {
                    double e = Math.exp(beta * (row[a] - m));
                    p[base + a] = e;
                    sum += e;
                }
                for (int a = 0; a < A; a++) p[base + a] /= sum;
            }
        return new TabularPolicy(S, A, q.steps(), p);
    }

    @Override
    public String spec() { return "boltzmann:beta=" + beta; }
}
