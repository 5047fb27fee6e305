package io.revealed.irl;

/** Observes an IRL run iteration by iteration (for progress bars and learning curves). */
@FunctionalInterface
public interface IrlListener {
    IrlListener NONE = (it, objective, gap, weights) -> {};

    /**
     * @param weights the current reward weights (do not keep or modify)
     */
    void iteration(int iteration, double objective, double featureGap, double[] weights);
}
