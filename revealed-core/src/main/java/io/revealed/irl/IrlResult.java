package io.revealed.irl;

import io.revealed.mdp.TabularReward;
import io.revealed.planning.Policy;

import java.util.List;
import java.util.Map;

/**
 * What an IRL run returns.
 *
 * @param weights reward weights over the MDP's features
 * @param reward the learned state reward, {@code r(s) = phi(s) . weights}
 * @param policy the policy the algorithm's own behavioural model derives from the learned reward
 * @param metrics final figures (objective, negative log-likelihood per demonstration, feature gap, ...)
 * @param curve one entry per iteration
 */
public record IrlResult(String algorithm, double[] weights, TabularReward reward, Policy policy,
                        int iterations, boolean converged, String stopReason,
                        Map<String, Double> metrics, List<Iteration> curve) {

    /** One row of a learning curve. */
    public record Iteration(int iteration, double objective, double featureGap) {}
}
