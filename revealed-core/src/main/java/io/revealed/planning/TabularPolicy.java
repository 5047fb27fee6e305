package io.revealed.planning;

import java.util.Objects;

/**
 * A policy stored as a table: {@code probs[s*A+a]} when stationary ({@code steps == 0}),
 * {@code probs[(t*S+s)*A+a]} for {@code t < steps} when time-indexed. Each row must be a
 * probability distribution within {@link #SUM_TOLERANCE}.
 */
public record TabularPolicy(int states, int actions, int steps, double[] probs) implements Policy {
    public static final double SUM_TOLERANCE = 1e-9;

    public TabularPolicy {
        Objects.requireNonNull(probs, "probs");
        if (states < 1 || actions < 1 || steps < 0) throw new IllegalArgumentException("bad policy shape");
        long n = (long) Math.max(steps, 1) * states * actions;
        if (probs.length != n) throw new IllegalArgumentException("policy table must have " + n + " entries, got " + probs.length);
        for (int row = 0; row < n / actions; row++) {
            double sum = 0;
            for (int a = 0; a < actions; a++) {
                double p = probs[row * actions + a];
                if (!(p >= 0 && p <= 1 + SUM_TOLERANCE))
                    throw new IllegalArgumentException("policy " + where(row, states, steps) + ", action " + a + ": probability " + p + " not in [0, 1]");
                sum += p;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE)
                throw new IllegalArgumentException("policy " + where(row, states, steps) + ": probabilities sum to " + sum + ", not 1");
        }
    }

    private static String where(int row, int states, int steps) {
        return steps == 0 ? "state " + row : "step " + (row / states) + ", state " + (row % states);
    }

    @Override
    public void probabilities(int t, int s, double[] out) {
        int base = steps == 0 ? s * actions : (t * states + s) * actions;
        if (steps != 0 && t >= steps) throw new IndexOutOfBoundsException("step " + t + " beyond the policy's " + steps + " steps");
        System.arraycopy(probs, base, out, 0, actions);
    }

    public double probability(int t, int s, int a) {
        return probs[(steps == 0 ? s : t * states + s) * actions + a];
    }

    @Override
    public TabularPolicy toTable() { return this; }
}
