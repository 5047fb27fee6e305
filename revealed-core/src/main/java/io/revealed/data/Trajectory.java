package io.revealed.data;

import java.util.Objects;

/**
 * One episode in a tabular MDP: states {@code s_0 .. s_T} and actions {@code a_0 .. a_{T-1}}
 * ({@code states} has one more entry than {@code actions}), optional rewards {@code r_0 .. r_{T-1}},
 * and whether it ended in a terminal state or was cut off.
 *
 * @param rewards may be null
 */
public record Trajectory(int[] states, int[] actions, double[] rewards, boolean terminated, boolean truncated) {
    public Trajectory {
        Objects.requireNonNull(states, "states");
        Objects.requireNonNull(actions, "actions");
        if (states.length != actions.length + 1)
            throw new IllegalArgumentException("a trajectory has one more observation than actions: got " + states.length + " observations and " + actions.length + " actions");
        if (rewards != null && rewards.length != actions.length)
            throw new IllegalArgumentException("a trajectory has one reward per action: got " + rewards.length + " rewards and " + actions.length + " actions");
        if (rewards != null)
            for (int t = 0; t < rewards.length; t++)
                if (!Double.isFinite(rewards[t])) throw new IllegalArgumentException("reward at step " + t + " is " + rewards[t]);
    }

    /** Number of actions taken. */
    public int length() { return actions.length; }

    /** Checks every index against an MDP's sizes; names the first bad step. */
    public void checkIndices(int numStates, int numActions) {
        for (int t = 0; t < states.length; t++)
            if (states[t] < 0 || states[t] >= numStates)
                throw new IllegalArgumentException("obs[" + t + "] = " + states[t] + " is not a state of this MDP (0.." + (numStates - 1) + ")");
        for (int t = 0; t < actions.length; t++)
            if (actions[t] < 0 || actions[t] >= numActions)
                throw new IllegalArgumentException("acts[" + t + "] = " + actions[t] + " is not an action of this MDP (0.." + (numActions - 1) + ")");
    }
}
