package io.revealed.env;

import java.util.Arrays;
import java.util.Objects;

/**
 * A continuous-state simulator with Gymnasium's semantics ({@code gymnasium.Env} as made by
 * {@code gymnasium.make}, time limit included): {@link #reset(long)} starts an episode and returns
 * the first observation, {@link #step(double[])} advances one step and returns the observation,
 * reward and the two end flags.
 *
 * <p><b>Ending.</b> {@code terminated} means the simulated task ended (the pole fell, the goal was
 * reached); {@code truncated} means the episode hit {@link #maxEpisodeSteps()}, which is part of the
 * environment here as Gymnasium's {@code TimeLimit} wrapper is part of {@code gymnasium.make}: it
 * is set on the step whose number reaches the limit, and may be set together with
 * {@code terminated}. Once either flag has been returned, {@code step} throws
 * {@link IllegalStateException} until the next reset (Gymnasium only warns, and CartPole's
 * reward then becomes 0; such steps are undefined behaviour there and an error here).
 *
 * <p><b>Randomness.</b> Only the initial state is random. {@link #reset(long)} seeds a
 * {@link java.util.SplittableRandom} owned by the environment and draws the initial state from
 * it; {@link #reset()} draws the next initial state from the same generator, as Gymnasium's
 * {@code reset()} without a seed continues the environment's {@code np_random}. The initial
 * states follow Gymnasium's distributions exactly, but not NumPy's PCG64 random stream, which
 * is not reproduced: the same seed gives the same state here, not the state Gymnasium gives
 * for that seed. To replay recorded data, set the state with {@link #setState(double[])}.
 *
 * <p><b>Actions.</b> An action is a {@code double[]} of length {@code actionSpace().dimension()}.
 * A discrete action is one integral value in {@code 0 .. n-1}; anything else (out of range, not an
 * integer, NaN, wrong length) throws {@link IllegalArgumentException}. A continuous action must
 * not be NaN; values outside the box are clipped by the environment, as Gymnasium's do.
 *
 * <p>Instances are not thread-safe; give each thread (or each vector slot) its own copy.
 */
public interface ControlEnv {

    /** The Gymnasium-style id, for example {@code "CartPole-v1"} or {@code "seals/CartPole-v0"}. */
    String id();

    Space observationSpace();

    Space actionSpace();

    /** The step count at which episodes are truncated (Gymnasium's {@code max_episode_steps}). */
    int maxEpisodeSteps();

    /** The number of steps taken in the current episode. */
    int elapsedSteps();

    /**
     * Seeds the environment's generator with {@code seed} and starts an episode.
     *
     * @return the first observation (a fresh array owned by the caller)
     */
    double[] reset(long seed);

    /**
     * Starts an episode drawing the initial state from the generator of the last
     * {@link #reset(long)}, continuing its stream.
     *
     * @throws IllegalStateException if the environment was never seeded
     */
    double[] reset();

    /**
     * Advances one step.
     *
     * @return the next observation, reward and end flags
     * @throws IllegalStateException before the first reset or after an episode ended
     * @throws IllegalArgumentException for an invalid action
     */
    Step step(double[] action);

    /**
     * Advances one step with a discrete action.
     *
     * @throws IllegalArgumentException if the action space is not {@link Space.Discrete} or
     *     {@code action} is outside it
     */
    default Step step(int action) {
        if (!(actionSpace() instanceof Space.Discrete))
            throw new IllegalArgumentException(id() + " has a continuous action space " + actionSpace()
                    + "; use step(double[])");
        return step(new double[] {action});
    }

    /** A copy of the full internal state (the simulator's variables, as listed by each class). */
    double[] state();

    /**
     * Starts an episode at the given internal state with no steps taken, for tests and for
     * reproducing recorded data.
     *
     * @return the observation of that state
     * @throws IllegalArgumentException for a state of the wrong length or with a non-finite value
     */
    default double[] setState(double[] state) { return setState(state, 0); }

    /**
     * Starts an episode at the given internal state as if {@code elapsedSteps} steps had already
     * been taken (so it truncates after {@code maxEpisodeSteps() - elapsedSteps} more).
     *
     * @return the observation of that state
     * @throws IllegalArgumentException for a bad state or {@code elapsedSteps} outside
     *     {@code [0, maxEpisodeSteps())}
     */
    double[] setState(double[] state, int elapsedSteps);

    /**
     * Everything that decides how the environment continues, for a checkpoint: the seed of the last
     * {@link #reset(long)}, the initial states drawn since then (that many, the first included),
     * the internal {@link #state()}, the steps taken in the episode and whether it is still running.
     * {@link #restore} continues exactly as the environment would have, later resets included.
     *
     * @throws UnsupportedOperationException if the environment cannot say (the default)
     * @throws IllegalStateException if it was never seeded
     */
    default Snapshot snapshot() {
        throw new UnsupportedOperationException(id() + " cannot be checkpointed");
    }

    /**
     * Puts the environment where {@link #snapshot} found it (an environment of the same id).
     *
     * @return the observation of the restored state
     * @throws UnsupportedOperationException if the environment cannot (the default)
     * @throws IllegalArgumentException for a snapshot that does not fit this environment
     */
    default double[] restore(Snapshot snapshot) {
        throw new UnsupportedOperationException(id() + " cannot be checkpointed");
    }

    /**
     * See {@link #snapshot()}.
     *
     * @param seed the seed of the last {@code reset(seed)}
     * @param initialStates initial states drawn since that seed (>= 1)
     * @param state the internal state: a simulator's variables (as {@link #state()}); a wrapper
     *     appends its own numbers to those of the environment it wraps
     * @param elapsedSteps steps taken in the current episode
     * @param running whether the episode may still be stepped
     */
    record Snapshot(long seed, long initialStates, double[] state, int elapsedSteps, boolean running) {
        public Snapshot {
            if (initialStates < 1) throw new IllegalArgumentException("initialStates must be >= 1, got " + initialStates);
            if (elapsedSteps < 0) throw new IllegalArgumentException("elapsedSteps must be >= 0, got " + elapsedSteps);
            state = state.clone();
        }

        @Override
        public double[] state() { return state.clone(); }
    }

    /**
     * The result of one step.
     *
     * @param observation the next observation; a fresh array, owned by the caller
     * @param reward the reward of the transition
     * @param terminated whether the task ended (a terminal state was reached)
     * @param truncated whether the time limit ended the episode
     */
    record Step(double[] observation, double reward, boolean terminated, boolean truncated) {
        public Step {
            Objects.requireNonNull(observation, "observation");
        }

        /** Whether the episode is over: terminated or truncated. */
        public boolean done() { return terminated || truncated; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Step s && Arrays.equals(observation, s.observation)
                    && Double.compare(reward, s.reward) == 0 && terminated == s.terminated && truncated == s.truncated;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(observation), reward, terminated, truncated);
        }

        @Override
        public String toString() {
            return "Step[observation=" + Arrays.toString(observation) + ", reward=" + reward
                    + ", terminated=" + terminated + ", truncated=" + truncated + "]";
        }
    }
}
