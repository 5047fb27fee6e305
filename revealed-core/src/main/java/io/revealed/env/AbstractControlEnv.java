package io.revealed.env;

import java.util.SplittableRandom;

/**
 * The episode bookkeeping shared by the classic-control simulators: seeding, the time limit
 * (Gymnasium's {@code TimeLimit}: truncated once {@code elapsed >= max_episode_steps}), the
 * reset-before-step order, action validation and building {@link ControlEnv.Step}s. A subclass
 * supplies the physics through four hooks. All four classic-control tasks take a one-number
 * action, passed to {@link #advance(double)} as a {@code double} (an integral value for discrete
 * actions).
 */
abstract class AbstractControlEnv implements ControlEnv {
    private final String id;
    private final int maxEpisodeSteps;
    private final Space observationSpace;
    private final Space actionSpace;
    private final int observationDimension;
    /** The simulator's variables, read and written by the subclass hooks. */
    protected final double[] state;
    private SplittableRandom random;
    /** The seed of the last {@code reset(seed)} and the initial states drawn since (for {@link #snapshot}). */
    private long seed, initialStates;
    private int elapsed;
    private boolean started;
    private boolean running;

    AbstractControlEnv(String id, int maxEpisodeSteps, Space observationSpace, Space actionSpace, int stateDimension) {
        if (actionSpace.dimension() != 1) throw new IllegalArgumentException("classic-control actions are one number");
        this.id = id;
        this.maxEpisodeSteps = maxEpisodeSteps;
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.observationDimension = observationSpace.dimension();
        this.state = new double[stateDimension];
    }

    /** Draws the initial state into {@link #state}. */
    protected abstract void sampleInitialState(SplittableRandom random);

    /** Applies one valid action to {@link #state} and returns the reward of the transition. */
    protected abstract double advance(double action);

    /** Whether the current {@link #state} is terminal. */
    protected abstract boolean terminal();

    /** Writes the observation of the current {@link #state} into {@code out}. */
    protected abstract void observe(double[] out);

    @Override
    public final String id() { return id; }

    @Override
    public final Space observationSpace() { return observationSpace; }

    @Override
    public final Space actionSpace() { return actionSpace; }

    @Override
    public final int maxEpisodeSteps() { return maxEpisodeSteps; }

    @Override
    public final int elapsedSteps() { return elapsed; }

    @Override
    public final double[] reset(long seed) {
        random = new SplittableRandom(seed);
        this.seed = seed;
        initialStates = 0;
        return reset();
    }

    @Override
    public final double[] reset() {
        if (random == null) throw new IllegalStateException(id + ": reset(seed) must come before reset()");
        sampleInitialState(random);
        initialStates++;
        elapsed = 0;
        started = running = true;
        return observation();
    }

    @Override
    public final Step step(double[] action) {
        checkAction(id, actionSpace, action);
        return stepValid(action[0]);
    }

    @Override
    public final Step step(int action) {
        if (!(actionSpace instanceof Space.Discrete d))
            throw new IllegalArgumentException(id + " has a continuous action space " + actionSpace + "; use step(double[])");
        if (!d.contains(action))
            throw new IllegalArgumentException(id + ": action " + action + " is outside 0 .. " + (d.n() - 1));
        return stepValid(action);
    }

    private Step stepValid(double action) {
        if (!running)
            throw new IllegalStateException(!started
                    ? id + ": call reset(seed) or setState before step"
                    : id + ": the episode has ended (terminated or truncated); call reset before stepping again");
        double reward = advance(action);
        boolean terminated = terminal();
        elapsed++;
        boolean truncated = elapsed >= maxEpisodeSteps;
        if (terminated || truncated) running = false;
        return new Step(observation(), reward, terminated, truncated);
    }

    @Override
    public final double[] state() { return state.clone(); }

    @Override
    public final double[] setState(double[] newState, int elapsedSteps) {
        if (newState == null || newState.length != state.length)
            throw new IllegalArgumentException(id + ": a state has " + state.length + " values, got "
                    + (newState == null ? "null" : newState.length));
        for (int i = 0; i < newState.length; i++)
            if (!Double.isFinite(newState[i]))
                throw new IllegalArgumentException(id + ": state value " + i + " is not finite: " + newState[i]);
        if (elapsedSteps < 0 || elapsedSteps >= maxEpisodeSteps)
            throw new IllegalArgumentException(id + ": elapsedSteps must be in [0, " + maxEpisodeSteps + "), got " + elapsedSteps);
        System.arraycopy(newState, 0, state, 0, state.length);
        elapsed = elapsedSteps;
        started = running = true;
        return observation();
    }

    /**
     * The generator's state is not readable, but it is fixed by the seed and the initial states
     * drawn since, which {@link #restore} draws again.
     */
    @Override
    public final Snapshot snapshot() {
        if (random == null) throw new IllegalStateException(id + ": never seeded (reset(seed)), so its generator cannot be saved");
        return new Snapshot(seed, initialStates, state, elapsed, running);
    }

    @Override
    public final double[] restore(Snapshot s) {
        if (s.state().length != state.length)
            throw new IllegalArgumentException(id + ": a state has " + state.length + " values, the snapshot has " + s.state().length);
        if (s.elapsedSteps() > maxEpisodeSteps)
            throw new IllegalArgumentException(id + ": elapsedSteps " + s.elapsedSteps() + " is beyond the limit " + maxEpisodeSteps);
        SplittableRandom r = new SplittableRandom(s.seed());
        for (long i = 0; i < s.initialStates(); i++) sampleInitialState(r); // advances r as the resets did
        random = r;
        seed = s.seed();
        initialStates = s.initialStates();
        System.arraycopy(s.state(), 0, state, 0, state.length);
        elapsed = s.elapsedSteps();
        started = true;
        running = s.running();
        return observation();
    }

    private double[] observation() {
        double[] out = new double[observationDimension];
        observe(out);
        return out;
    }

    /**
     * Checks an action against a one-dimensional action space: a discrete action must be one
     * integral value in range; a continuous one must have the right length and no NaN (the
     * environment clips it to the box).
     */
    static void checkAction(String id, Space space, double[] action) {
        if (action == null) throw new IllegalArgumentException(id + ": action is null");
        if (action.length != space.dimension())
            throw new IllegalArgumentException(id + ": an action has " + space.dimension() + " value(s), got " + action.length);
        for (int i = 0; i < action.length; i++)
            if (Double.isNaN(action[i])) throw new IllegalArgumentException(id + ": action value " + i + " is NaN");
        if (space instanceof Space.Discrete d && !d.contains(action))
            throw new IllegalArgumentException(id + ": action " + action[0] + " is not an integer in 0 .. " + (d.n() - 1));
    }

    /**
     * The sine used by all classic-control dynamics and observations: {@link StrictMath#sin}
     * (fdlibm), chosen so that a seed gives the same numbers on every JVM and CPU. Gymnasium's
     * NumPy and Python call the C library's sine (glibc on Linux); fdlibm and glibc differ in the
     * last bit for a few percent of arguments (HotSpot's {@link Math#sin} intrinsic on x86-64 agrees
     * with glibc more often, but varies by platform), and neither is correctly rounded everywhere,
     * so a bit-for-bit match with Gymnasium holds only while no call differs.
     */
    static double sin(double x) { return StrictMath.sin(x); }

    /** The cosine used by all classic-control dynamics, for the reasons given at {@link #sin}. */
    static double cos(double x) { return StrictMath.cos(x); }

    /** A value rounded to float32 and widened back, as NumPy's {@code astype(np.float32)}. */
    static double f32(double x) { return (double) (float) x; }

    /**
     * Python's and NumPy's floating-point {@code a % b}: the remainder with the sign of {@code b}
     * (C's {@code fmod}, moved into range by one {@code b} when the signs differ; a zero result
     * takes the sign of {@code b}).
     */
    static double pythonMod(double a, double b) {
        double m = a % b; // Java's % on doubles is C's fmod, exact
        if (m != 0) {
            if ((b < 0) != (m < 0)) m += b;
        } else {
            m = Math.copySign(0.0, b);
        }
        return m;
    }
}
