package io.revealed.behavior;

import io.revealed.planning.QValues;
import io.revealed.planning.TabularPolicy;

/** Builds a policy table from action values, one state (and step) at a time. */
final class Policies {
    private Policies() {}

    /** Turns one row of action values {@code q} into action probabilities {@code p}. */
    @FunctionalInterface
    interface RowRule {
        void apply(double[] q, double[] p);
    }

    /** The policy whose row for (t, s) is {@code rule(Q_t(s, .))}; time-indexed when {@code q} is. */
    static TabularPolicy fromQ(QValues q, RowRule rule) {
        int S = q.states(), A = q.actions(), T = Math.max(q.steps(), 1);
        double[] probs = new double[Math.multiplyExact(Math.multiplyExact(T, S), A)];
        double[] row = new double[A], p = new double[A];
        for (int t = 0; t < T; t++)
            for (int s = 0; s < S; s++) {
                q.qRow(t, s, row);
                rule.apply(row, p);
                System.arraycopy(p, 0, probs, (t * S + s) * A, A);
            }
        return new TabularPolicy(S, A, q.steps(), probs);
    }

    static double max(double[] q) {
        double m = q[0];
        for (int a = 1; a < q.length; a++) m = Math.max(m, q[a]);
        return m;
    }
}
