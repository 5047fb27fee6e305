package io.revealed.env;

import java.util.Arrays;
import java.util.Objects;

/**
 * Makes an episodic environment fixed-horizon by replacing its end with an absorbing state, as the
 * seals library's {@code AbsorbAfterDoneWrapper} (HumanCompatibleAI/seals, {@code src/seals/util.py},
 * commit 90f68cfb), which seals uses for {@code seals/MountainCar-v0}.
 *
 * <p>Steps pass through to the wrapped environment until it first reports terminated or truncated.
 * From the next step on the wrapped environment is no longer stepped: every step returns the final
 * observation again with reward {@code absorbReward} (0 in seals). {@code terminated} is never
 * returned; {@code truncated} is returned at {@link #maxEpisodeSteps()}, the wrapped environment's
 * own limit, which seals' outer {@code TimeLimit} repeats, so every episode has exactly that length.
 *
 * <p>One difference from seals: seals ignores the action entirely while absorbing; here it is still
 * validated against the action space, so an invalid action is an error on every step.
 */
public final class AbsorbAfterDone implements ControlEnv {
    private final ControlEnv inner;
    private final String id;
    private final double absorbReward;
    private double[] absorbObservation;
    private int elapsed;
    private boolean started;
    private boolean running;

    /**
     * @param inner the wrapped environment, owned by this wrapper from now on
     * @param id the id of the wrapped task, for example {@code seals/MountainCar-v0}
     * @param absorbReward the reward of every absorbing step
     */
    public AbsorbAfterDone(ControlEnv inner, String id, double absorbReward) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.id = Objects.requireNonNull(id, "id");
        if (!Double.isFinite(absorbReward)) throw new IllegalArgumentException("absorbReward must be finite, got " + absorbReward);
        this.absorbReward = absorbReward;
    }

    /** Whether the wrapped episode has ended and steps now repeat the final observation. */
    public boolean absorbing() { return absorbObservation != null; }

    @Override
    public String id() { return id; }

    @Override
    public Space observationSpace() { return inner.observationSpace(); }

    @Override
    public Space actionSpace() { return inner.actionSpace(); }

    @Override
    public int maxEpisodeSteps() { return inner.maxEpisodeSteps(); }

    @Override
    public int elapsedSteps() { return elapsed; }

    @Override
    public double[] reset(long seed) { return begin(inner.reset(seed), 0); }

    @Override
    public double[] reset() { return begin(inner.reset(), 0); }

    @Override
    public double[] state() { return inner.state(); }

    @Override
    public double[] setState(double[] state, int elapsedSteps) {
        return begin(inner.setState(state, elapsedSteps), elapsedSteps);
    }

    /**
     * The wrapped environment's snapshot, with this wrapper's step count and running flag, and two
     * numbers appended to the state: whether it is absorbing (1 or 0) and the wrapped episode's
     * step count. While absorbing, the repeated observation is the wrapped environment's
     * observation of its final state, which {@link #restore} gets back from it.
     */
    @Override
    public Snapshot snapshot() {
        Snapshot in = inner.snapshot();
        double[] state = Arrays.copyOf(in.state(), in.state().length + 2);
        state[state.length - 2] = absorbing() ? 1 : 0;
        state[state.length - 1] = in.elapsedSteps();
        return new Snapshot(in.seed(), in.initialStates(), state, elapsed, running);
    }

    @Override
    public double[] restore(Snapshot s) {
        double[] state = s.state();
        if (state.length < 2) throw new IllegalArgumentException(id + ": the snapshot's state is too short");
        boolean absorbing = state[state.length - 2] == 1;
        double[] observation = inner.restore(new Snapshot(s.seed(), s.initialStates(), Arrays.copyOf(state, state.length - 2),
                (int) state[state.length - 1], !absorbing && s.running()));
        absorbObservation = absorbing ? observation.clone() : null;
        elapsed = s.elapsedSteps();
        started = true;
        running = s.running();
        return observation;
    }

    private double[] begin(double[] observation, int elapsedSteps) {
        absorbObservation = null;
        elapsed = elapsedSteps;
        started = running = true;
        return observation;
    }

    @Override
    public Step step(double[] action) {
        AbstractControlEnv.checkAction(id, inner.actionSpace(), action);
        if (!running)
            throw new IllegalStateException(started
                    ? id + ": the episode has ended (truncated); call reset before stepping again"
                    : id + ": call reset(seed) or setState before step");
        double[] observation;
        double reward;
        if (absorbObservation == null) {
            Step s = inner.step(action);
            observation = s.observation();
            reward = s.reward();
            if (s.done()) absorbObservation = observation.clone();
        } else {
            observation = absorbObservation.clone();
            reward = absorbReward;
        }
        elapsed++;
        boolean truncated = elapsed >= maxEpisodeSteps();
        if (truncated) running = false;
        return new Step(observation, reward, false, truncated);
    }
}
