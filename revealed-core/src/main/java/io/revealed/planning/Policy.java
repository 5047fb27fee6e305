package io.revealed.planning;

/**
 * A stochastic policy over a tabular MDP, stationary or time-indexed.
 */
public interface Policy {
    int states();

    int actions();

    /** Number of time steps of a time-indexed policy, or 0 for a stationary one. */
    int steps();

    /**
     * Writes pi_t(.|s) into {@code out[0 .. actions-1]}. A stationary policy ignores {@code t}.
     */
    void probabilities(int t, int s, double[] out);

    default boolean stationary() { return steps() == 0; }

    /**
     * {@code w[s*A+a] = d[s] pi_t(a|s)} for every state and action: the mass that leaves each
     * state-action pair at step t. Implementations may compute this faster than state by state.
     */
    default void rowWeights(int t, double[] d, double[] w) {
        int A = actions();
        Parallel.forBlocks(states(), (b, from, to) -> {
            double[] p = new double[A];
            for (int s = from; s < to; s++) {
                double ds = d[s];
                int base = s * A;
                if (ds == 0) {
                    java.util.Arrays.fill(w, base, base + A, 0.0);
                    continue;
                }
                probabilities(t, s, p);
                for (int a = 0; a < A; a++) w[base + a] = ds * p[a];
            }
        });
    }

    /** Materialises this policy into a table (a copy; for lazily computed policies this costs a sweep per step). */
    default TabularPolicy toTable() {
        int S = states(), A = actions(), T = steps();
        double[] p = new double[(long) Math.max(T, 1) * S * A > Integer.MAX_VALUE ? failTooLarge() : Math.max(T, 1) * S * A];
        double[] row = new double[A];
        for (int t = 0; t < Math.max(T, 1); t++)
            for (int s = 0; s < S; s++) {
                probabilities(t, s, row);
                System.arraycopy(row, 0, p, (t * S + s) * A, A);
            }
        return new TabularPolicy(S, A, T, p);
    }

    private static int failTooLarge() {
        throw new IllegalStateException("policy table too large to materialise");
    }
}
