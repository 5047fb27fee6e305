package io.revealed.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A non-empty list of {@link Episode}s that agree on their shape: every observation has the same
 * dimension, and the actions are all discrete or all continuous of one dimension. Its summary
 * figures (episodes, steps, returns) are computed once, here.
 *
 * <p>Immutable: the list is copied (the episodes themselves are shared, see {@link Episode}).
 */
public final class EpisodeDataset {
    /** Whether actions are indices into a finite set or real vectors. */
    public enum ActionKind { DISCRETE, CONTINUOUS }

    /**
     * Undiscounted returns of the episodes that have rewards.
     *
     * @param episodes how many episodes have rewards (the others do not count)
     */
    public record Returns(int episodes, double mean, double min, double max) {}

    private final List<Episode> episodes;
    private final long steps;
    private final int observationDimension;
    private final ActionKind actionKind;
    private final int actionDimension;
    private final Returns returns;

    /** @throws IllegalArgumentException when the list is empty or the episodes disagree on a shape, naming the episode */
    public EpisodeDataset(List<Episode> episodes) {
        Objects.requireNonNull(episodes, "episodes");
        if (episodes.isEmpty()) throw new IllegalArgumentException("a dataset needs at least one episode");
        this.episodes = List.copyOf(episodes);
        Episode first = this.episodes.get(0);
        observationDimension = first.observationDimension();
        actionKind = first.discrete() ? ActionKind.DISCRETE : ActionKind.CONTINUOUS;
        int dim = 0; // discrete: one more than the largest index; continuous: k
        long n = 0;
        int rewarded = 0;
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < this.episodes.size(); i++) {
            Episode e = this.episodes.get(i);
            if (e.observationDimension() != observationDimension)
                throw new IllegalArgumentException("episode " + i + " has observations of dimension " + e.observationDimension()
                        + ", but episode 0 has " + observationDimension);
            switch (e.actions()) {
                case Actions.Discrete a -> {
                    if (actionKind != ActionKind.DISCRETE)
                        throw new IllegalArgumentException("episode " + i + " has discrete actions, but episode 0 has continuous ones");
                    dim = Math.max(dim, a.bound());
                }
                case Actions.Continuous a -> {
                    if (actionKind != ActionKind.CONTINUOUS)
                        throw new IllegalArgumentException("episode " + i + " has continuous actions, but episode 0 has discrete ones");
                    if (i == 0) dim = a.dimension();
                    else if (a.dimension() != dim)
                        throw new IllegalArgumentException("episode " + i + " has actions of dimension " + a.dimension() + ", but episode 0 has " + dim);
                }
            }
            n += e.length();
            if (e.rewards() != null) {
                double r = e.totalReward();
                rewarded++;
                sum += r;
                min = Math.min(min, r);
                max = Math.max(max, r);
            }
        }
        steps = n;
        actionDimension = dim;
        returns = rewarded == 0 ? null : new Returns(rewarded, sum / rewarded, min, max);
    }

    public List<Episode> episodes() { return episodes; }

    /** Number of episodes. */
    public int size() { return episodes.size(); }

    /** Total number of actions (transitions) over all episodes. */
    public long steps() { return steps; }

    public int observationDimension() { return observationDimension; }

    public ActionKind actionKind() { return actionKind; }

    /**
     * For continuous actions their dimension k; for discrete ones the number of actions seen,
     * one more than the largest index in the data (0 when no episode has an action).
     */
    public int actionDimension() { return actionDimension; }

    /** Return statistics over the episodes that have rewards; empty when none has. */
    public Optional<Returns> returns() { return Optional.ofNullable(returns); }
}
