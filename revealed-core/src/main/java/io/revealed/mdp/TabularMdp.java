package io.revealed.mdp;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A finite MDP with sparse transitions stored in compressed sparse row (CSR) form.
 *
 * <p>Row {@code r = s * actions + a} holds the successors of taking action {@code a} in state
 * {@code s}: entries {@code rowStart[r] .. rowStart[r+1]-1} of {@link #successors()} and
 * {@link #probabilities()}. Memory is {@code 12 * nnz + 4 * S * A} bytes for the transitions.
 *
 * <p>A finite horizon {@code H} means the agent acts at {@code t = 0 .. H-1} and earns reward at
 * each of those steps; with no horizon the problem is discounted and infinite, which requires
 * {@code discount < 1}.
 *
 * <p>Instances are immutable as far as this class is concerned: the arrays are owned by the MDP
 * once passed in and callers must not modify them afterwards (they are not copied, so that a
 * million-state MDP is not held twice).
 */
public final class TabularMdp {
    /** Tolerance on the sum of each transition row and of the initial distribution. */
    public static final double SUM_TOLERANCE = 1e-9;

    private final int states;
    private final int actions;
    private final int[] rowStart;
    private final int[] successors;
    private final double[] probabilities;
    private final double[] initial;
    private final double discount;
    private final int horizon; // < 0: none
    private final Features features; // nullable
    private final TabularReward reward; // nullable
    private volatile SuccessorBlocks blocks; // built on first use, large MDPs only

    private TabularMdp(int states, int actions, int[] rowStart, int[] successors, double[] probabilities,
                       double[] initial, double discount, int horizon, Features features, TabularReward reward) {
        this.states = states;
        this.actions = actions;
        this.rowStart = rowStart;
        this.successors = successors;
        this.probabilities = probabilities;
        this.initial = initial;
        this.discount = discount;
        this.horizon = horizon;
        this.features = features;
        this.reward = reward;
    }

    /**
     * Builds an MDP from CSR arrays, validating everything.
     *
     * @param horizon a finite horizon {@code H >= 1}, or {@code null} for a discounted infinite horizon
     * @param features state features, or {@code null}
     * @param reward the MDP's own reward, or {@code null}
     * @throws IllegalArgumentException naming the first offending state, action or entry
     */
    public static TabularMdp of(int states, int actions, int[] rowStart, int[] successors, double[] probabilities,
                                double[] initial, double discount, Integer horizon, Features features,
                                TabularReward reward) {
        if (states < 1) throw new IllegalArgumentException("states must be >= 1, got " + states);
        if (actions < 1) throw new IllegalArgumentException("actions must be >= 1, got " + actions);
        Objects.requireNonNull(rowStart, "rowStart");
        Objects.requireNonNull(successors, "successors");
        Objects.requireNonNull(probabilities, "probabilities");
        Objects.requireNonNull(initial, "initial");
        long rows = (long) states * actions;
        if (rows > Integer.MAX_VALUE - 1) throw new IllegalArgumentException("states * actions too large: " + rows);
        if (rowStart.length != rows + 1)
            throw new IllegalArgumentException("rowStart must have states*actions+1 = " + (rows + 1) + " entries, got " + rowStart.length);
        if (successors.length != probabilities.length)
            throw new IllegalArgumentException("successors and probabilities differ in length: " + successors.length + " vs " + probabilities.length);
        if (rowStart[0] != 0) throw new IllegalArgumentException("rowStart[0] must be 0, got " + rowStart[0]);
        if (rowStart[(int) rows] != successors.length)
            throw new IllegalArgumentException("rowStart[last] must equal the number of transitions " + successors.length + ", got " + rowStart[(int) rows]);
        for (int r = 0; r < rows; r++) {
            int s = r / actions, a = r % actions;
            int from = rowStart[r], to = rowStart[r + 1];
            if (to < from) throw new IllegalArgumentException("rowStart decreases at state " + s + ", action " + a);
            if (to == from) throw new IllegalArgumentException("state " + s + ", action " + a + " has no successor (its probabilities sum to 0, not 1)");
            double sum = 0;
            for (int k = from; k < to; k++) {
                int s2 = successors[k];
                double p = probabilities[k];
                if (s2 < 0 || s2 >= states)
                    throw new IllegalArgumentException("state " + s + ", action " + a + ": next state " + s2 + " out of range [0, " + states + ")");
                if (!(p >= 0 && p <= 1))
                    throw new IllegalArgumentException("state " + s + ", action " + a + ", next state " + s2 + ": probability " + p + " not in [0, 1]");
                sum += p;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE)
                throw new IllegalArgumentException("state " + s + ", action " + a + ": probabilities sum to " + sum + ", not 1 (tolerance " + SUM_TOLERANCE + ")");
        }
        validateDistribution(initial, states, "initial distribution");
        if (!(discount >= 0 && discount <= 1))
            throw new IllegalArgumentException("discount must be in [0, 1], got " + discount);
        int h = -1;
        if (horizon != null) {
            if (horizon < 1) throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
            h = horizon;
        } else if (discount >= 1) {
            throw new IllegalArgumentException("an infinite-horizon MDP needs discount < 1; give a finite horizon or a smaller discount");
        }
        if (features != null && features.states() != states)
            throw new IllegalArgumentException("features have " + features.states() + " rows, expected one per state (" + states + ")");
        if (reward != null) reward.checkShape(states, actions);
        return new TabularMdp(states, actions, rowStart, successors, probabilities, initial, discount, h, features, reward);
    }

    static void validateDistribution(double[] p, int n, String what) {
        if (p.length != n) throw new IllegalArgumentException(what + " must have " + n + " entries, got " + p.length);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) throw new IllegalArgumentException(what + " entry " + i + " = " + p[i] + " is not in [0, 1]");
            sum += p[i];
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) throw new IllegalArgumentException(what + " sums to " + sum + ", not 1");
    }

    /** Starts a builder for small MDPs given as (s, a, s', p) entries. */
    public static Builder builder(int states, int actions) {
        return new Builder(states, actions);
    }

    public int states() { return states; }
    public int actions() { return actions; }
    /** CSR row offsets, length {@code S*A+1}; row {@code s*A+a}. Do not modify. */
    public int[] rowStart() { return rowStart; }
    /** Successor state of each transition entry. Do not modify. */
    public int[] successors() { return successors; }
    /** Probability of each transition entry. Do not modify. */
    public double[] probabilities() { return probabilities; }
    /** Initial state distribution. Do not modify. */
    public double[] initial() { return initial; }
    public double discount() { return discount; }
    public OptionalInt horizon() { return horizon < 0 ? OptionalInt.empty() : OptionalInt.of(horizon); }
    public boolean finiteHorizon() { return horizon >= 0; }
    /** State features, or {@code null}. */
    public Features features() { return features; }
    /** The MDP's own reward, or {@code null}. */
    public TabularReward reward() { return reward; }
    /**
     * The transitions regrouped for cache-friendly sweeps, built on first use (which takes about one
     * pass over the transitions and 16 bytes per transition), or {@code null} for MDPs with fewer
     * than {@link SuccessorBlocks#MIN_STATES} states, whose values fit in cache anyway.
     */
    public SuccessorBlocks successorBlocks() {
        if (states < SuccessorBlocks.MIN_STATES || !SuccessorBlocks.ENABLED) return null;
        SuccessorBlocks b = blocks;
        if (b == null) {
            synchronized (this) {
                b = blocks;
                if (b == null) blocks = b = new SuccessorBlocks(this);
            }
        }
        return b;
    }

    /** Number of stored transition entries. */
    public int transitions() { return successors.length; }

    /** Probability of {@code s2} after {@code a} in {@code s} (a linear scan of the row). */
    public double probability(int s, int a, int s2) {
        int r = s * actions + a;
        double p = 0;
        for (int k = rowStart[r]; k < rowStart[r + 1]; k++) if (successors[k] == s2) p += probabilities[k];
        return p;
    }

    /** The same dynamics with another discount and horizon (validated again). */
    public TabularMdp withDiscountAndHorizon(double discount, Integer horizon) {
        return keepBlocks(of(states, actions, rowStart, successors, probabilities, initial, discount, horizon, features, reward));
    }

    private TabularMdp keepBlocks(TabularMdp copy) {
        copy.blocks = blocks; // same transitions, same layout
        return copy;
    }

    public TabularMdp withReward(TabularReward reward) {
        if (reward != null) reward.checkShape(states, actions);
        return keepBlocks(new TabularMdp(states, actions, rowStart, successors, probabilities, initial, discount, horizon, features, reward));
    }

    public TabularMdp withFeatures(Features features) {
        if (features != null && features.states() != states)
            throw new IllegalArgumentException("features have " + features.states() + " rows, expected " + states);
        return keepBlocks(new TabularMdp(states, actions, rowStart, successors, probabilities, initial, discount, horizon, features, reward));
    }

    public TabularMdp withInitial(double[] initial) {
        validateDistribution(initial, states, "initial distribution");
        return keepBlocks(new TabularMdp(states, actions, rowStart, successors, probabilities, initial, discount, horizon, features, reward));
    }

    /** Accumulates (s, a, s', p) entries; duplicates of the same (s, a, s') are added together. */
    public static final class Builder {
        private final int states, actions;
        private int[] s0 = new int[64], a0 = new int[64], s1 = new int[64];
        private double[] p0 = new double[64];
        private int n;
        private double[] initial;
        private double discount = 0.99;
        private Integer horizon;
        private Features features;
        private TabularReward reward;

        private Builder(int states, int actions) {
            if (states < 1) throw new IllegalArgumentException("states must be >= 1, got " + states);
            if (actions < 1) throw new IllegalArgumentException("actions must be >= 1, got " + actions);
            this.states = states;
            this.actions = actions;
        }

        public Builder transition(int s, int a, int s2, double p) {
            if (s < 0 || s >= states) throw new IllegalArgumentException("state " + s + " out of range [0, " + states + ")");
            if (a < 0 || a >= actions) throw new IllegalArgumentException("state " + s + ": action " + a + " out of range [0, " + actions + ")");
            if (s2 < 0 || s2 >= states) throw new IllegalArgumentException("state " + s + ", action " + a + ": next state " + s2 + " out of range [0, " + states + ")");
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("state " + s + ", action " + a + ", next state " + s2 + ": probability " + p + " not in [0, 1]");
            if (n == s0.length) {
                int m = n * 2;
                s0 = Arrays.copyOf(s0, m); a0 = Arrays.copyOf(a0, m); s1 = Arrays.copyOf(s1, m); p0 = Arrays.copyOf(p0, m);
            }
            s0[n] = s; a0[n] = a; s1[n] = s2; p0[n] = p; n++;
            return this;
        }

        public Builder initial(double[] initial) { this.initial = initial.clone(); return this; }
        public Builder initialState(int s) { this.initial = new double[states]; this.initial[s] = 1; return this; }
        public Builder discount(double discount) { this.discount = discount; return this; }
        public Builder horizon(Integer horizon) { this.horizon = horizon; return this; }
        public Builder features(Features features) { this.features = features; return this; }
        public Builder reward(TabularReward reward) { this.reward = reward; return this; }

        public TabularMdp build() {
            int rows = states * actions;
            // Sort entries by (row, next state) with a counting pass over rows, then merge duplicates.
            int[] count = new int[rows + 1];
            for (int i = 0; i < n; i++) count[s0[i] * actions + a0[i] + 1]++;
            for (int r = 0; r < rows; r++) count[r + 1] += count[r];
            int[] order = new int[n];
            int[] fill = Arrays.copyOf(count, rows);
            for (int i = 0; i < n; i++) order[fill[s0[i] * actions + a0[i]]++] = i;
            int[] rowStart = new int[rows + 1];
            int[] next = new int[n];
            double[] prob = new double[n];
            int m = 0;
            for (int r = 0; r < rows; r++) {
                rowStart[r] = m;
                int from = count[r], to = count[r + 1];
                Integer[] idx = new Integer[to - from];
                for (int k = from; k < to; k++) idx[k - from] = order[k];
                Arrays.sort(idx, (x, y) -> Integer.compare(s1[x], s1[y]));
                int rowFirst = m;
                for (Integer i : idx) {
                    if (m > rowFirst && next[m - 1] == s1[i]) prob[m - 1] += p0[i];
                    else { next[m] = s1[i]; prob[m] = p0[i]; m++; }
                }
            }
            rowStart[rows] = m;
            double[] init = initial;
            if (init == null) {
                init = new double[states];
                Arrays.fill(init, 1.0 / states);
            }
            return of(states, actions, rowStart, Arrays.copyOf(next, m), Arrays.copyOf(prob, m), init, discount, horizon, features, reward);
        }
    }
}
