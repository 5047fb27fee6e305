package io.revealed.data;

import java.util.Objects;

/**
 * One episode with real-valued observations: observations {@code o_0 .. o_T} (rows of one fixed
 * dimension d ≥ 1), actions {@code a_0 .. a_{T-1}}, discrete or continuous, optional rewards
 * {@code r_0 .. r_{T-1}}, and whether it ended in a terminal state or was cut off (Gymnasium's
 * {@code terminated} and {@code truncated}). Every value is finite.
 *
 * <p>The tabular counterpart is {@link Trajectory}. The arrays are not copied: the caller hands
 * them over and must not change them afterwards.
 *
 * @param observations T+1 rows of length d
 * @param rewards      T finite numbers, or null when the episode has no rewards
 */
public record Episode(double[][] observations, Actions actions, double[] rewards, boolean terminated, boolean truncated) {
    public Episode {
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(actions, "actions");
        if (observations.length != actions.length() + 1)
            throw new IllegalArgumentException("an episode has one more observation than actions: got " + observations.length
                    + " observations and " + actions.length() + " actions");
        if (observations[0] == null) throw new IllegalArgumentException("observation at step 0 is null");
        int d = observations[0].length;
        if (d < 1) throw new IllegalArgumentException("observations need at least one component, got 0 at step 0");
        for (int t = 0; t < observations.length; t++) {
            double[] row = observations[t];
            if (row == null) throw new IllegalArgumentException("observation at step " + t + " is null");
            if (row.length != d)
                throw new IllegalArgumentException("observation at step " + t + " has " + row.length + " components, but step 0 has " + d);
            for (int j = 0; j < d; j++)
                if (!Double.isFinite(row[j])) throw new IllegalArgumentException("observation at step " + t + ", component " + j + " is " + row[j]);
        }
        if (rewards != null) {
            if (rewards.length != actions.length())
                throw new IllegalArgumentException("an episode has one reward per action: got " + rewards.length + " rewards and " + actions.length() + " actions");
            for (int t = 0; t < rewards.length; t++)
                if (!Double.isFinite(rewards[t])) throw new IllegalArgumentException("reward at step " + t + " is " + rewards[t]);
        }
    }

    /** Number of actions T. */
    public int length() { return actions.length(); }

    /** Dimension d of every observation. */
    public int observationDimension() { return observations[0].length; }

    /** Whether the actions are discrete indices. */
    public boolean discrete() { return actions instanceof Actions.Discrete; }

    /**
     * Undiscounted return, the sum of the rewards from step 0 to T-1 in that order.
     *
     * @throws IllegalStateException when the episode has no rewards
     */
    public double totalReward() {
        if (rewards == null) throw new IllegalStateException("the episode has no rewards");
        double sum = 0;
        for (double r : rewards) sum += r;
        return sum;
    }
}
