package io.revealed.env;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * N copies of one environment stepped together, so that one policy call serves N environments:
 * Gymnasium's {@code SyncVectorEnv} (Gymnasium 1.3.0, {@code gymnasium/vector/sync_vector_env.py})
 * with {@code autoreset_mode=SAME_STEP}.
 *
 * <p><b>Layout.</b> Observations of all copies are one {@code double[N * obsDim]}, row-major (copy
 * {@code i} at {@code [i * obsDim, (i + 1) * obsDim)}); actions likewise one
 * {@code double[N * actDim]}, or an {@code int[N]} for discrete action spaces.
 *
 * <p><b>Seeding.</b> {@link #reset(long)} resets copy {@code i} with seed {@code seed + i}, as
 * Gymnasium's vector {@code reset(seed=s)} does.
 *
 * <p><b>Autoreset (same-step).</b> When copy {@code i} terminates or truncates on a step, it is
 * reset within that same step: the returned observation row is the first observation of its next
 * episode, the reward and flags are those of the finished step, and the observation that ended the
 * episode is in {@link VecStep#finalObservations()} (Gymnasium's {@code info["final_obs"]}). The
 * new episode's initial state is drawn by {@link ControlEnv#reset()}, continuing the copy's own
 * seeded generator, as Gymnasium calls {@code env.reset()} without a seed. This is not Gymnasium
 * 1.x's default {@code NEXT_STEP} mode, where the reset happens on the following call to step (the
 * action of that call is ignored and it returns reward 0); with same-step autoreset every call
 * advances every copy and no action is thrown away, which is what rollout buffers want: a
 * transition {@code (o, a, r, o')} with {@code o'} the final observation when done.
 *
 * <p>Not thread-safe. The copies are owned by this object.
 */
public final class VecEnv {
    private final ControlEnv[] envs;
    private final int observationDimension;
    private final int actionDimension;
    private final double[] action;
    private boolean started;

    /**
     * The result of one vector step. Arrays are indexed by copy (rows of {@code obsDim} for the
     * observation arrays). {@code finalObservations} holds, for each copy that finished on this
     * step, the observation that ended its episode, and NaN in the rows of the other copies.
     */
    public record VecStep(double[] observations, double[] rewards, boolean[] terminated, boolean[] truncated,
                          double[] finalObservations) {
        public VecStep {
            Objects.requireNonNull(observations, "observations");
            Objects.requireNonNull(rewards, "rewards");
            Objects.requireNonNull(terminated, "terminated");
            Objects.requireNonNull(truncated, "truncated");
            Objects.requireNonNull(finalObservations, "finalObservations");
            int n = rewards.length;
            if (terminated.length != n || truncated.length != n)
                throw new IllegalArgumentException("rewards, terminated and truncated must have one entry per copy");
            if (n == 0 || observations.length % n != 0 || finalObservations.length != observations.length)
                throw new IllegalArgumentException("observation arrays must have one row per copy");
        }

        /** Empty buffers for {@code copies} copies with observations of {@code observationDimension}. */
        public static VecStep allocate(int copies, int observationDimension) {
            return new VecStep(new double[copies * observationDimension], new double[copies], new boolean[copies],
                    new boolean[copies], new double[copies * observationDimension]);
        }

        /** Whether copy {@code i} finished an episode on this step. */
        public boolean done(int i) { return terminated[i] || truncated[i]; }

        /** The number of copies. */
        public int copies() { return rewards.length; }
    }

    /**
     * @param factory makes one fresh copy per call; every copy must have the same spaces
     * @param copies the number N of copies, at least 1
     */
    public VecEnv(Supplier<? extends ControlEnv> factory, int copies) {
        Objects.requireNonNull(factory, "factory");
        if (copies < 1) throw new IllegalArgumentException("a VecEnv needs at least one copy, got " + copies);
        envs = new ControlEnv[copies];
        for (int i = 0; i < copies; i++) {
            envs[i] = Objects.requireNonNull(factory.get(), "factory returned null");
            for (int j = 0; j < i; j++)
                if (envs[i] == envs[j]) throw new IllegalArgumentException("the factory must return a new environment per call");
            if (!envs[i].observationSpace().equals(envs[0].observationSpace()) || !envs[i].actionSpace().equals(envs[0].actionSpace()))
                throw new IllegalArgumentException("copy " + i + " (" + envs[i].id() + ") has other spaces than copy 0 (" + envs[0].id() + ")");
        }
        observationDimension = envs[0].observationSpace().dimension();
        actionDimension = envs[0].actionSpace().dimension();
        action = new double[actionDimension];
    }

    /** N copies of the environment {@link ControlEnvs#create(String) registered} under {@code id}. */
    public static VecEnv of(String id, int copies) {
        ControlEnvs.canonicalId(id); // fail early with the list of known ids
        return new VecEnv(() -> ControlEnvs.create(id), copies);
    }

    public int copies() { return envs.length; }

    public String id() { return envs[0].id(); }

    public int observationDimension() { return observationDimension; }

    public int actionDimension() { return actionDimension; }

    /** The observation space of one copy. */
    public Space observationSpace() { return envs[0].observationSpace(); }

    /** The action space of one copy. */
    public Space actionSpace() { return envs[0].actionSpace(); }

    /** A copy of the internal state of copy {@code i}. */
    public double[] state(int i) { return envs[i].state(); }

    /** The steps taken so far in the current episode of copy {@code i}. */
    public int elapsedSteps(int i) { return envs[i].elapsedSteps(); }

    /**
     * Resets copy {@code i} with seed {@code seed + i}.
     *
     * @return the first observations, {@code double[N * obsDim]}
     */
    public double[] reset(long seed) {
        double[] observations = new double[envs.length * observationDimension];
        for (int i = 0; i < envs.length; i++)
            System.arraycopy(envs[i].reset(seed + i), 0, observations, i * observationDimension, observationDimension);
        started = true;
        return observations;
    }

    /**
     * The {@link ControlEnv#snapshot() snapshot} of every copy, for a checkpoint.
     *
     * @throws IllegalStateException before {@link #reset(long)}
     * @throws UnsupportedOperationException if a copy cannot be checkpointed
     */
    public ControlEnv.Snapshot[] snapshots() {
        if (!started) throw new IllegalStateException("call reset(seed) before taking snapshots");
        ControlEnv.Snapshot[] out = new ControlEnv.Snapshot[envs.length];
        for (int i = 0; i < envs.length; i++) out[i] = envs[i].snapshot();
        return out;
    }

    /**
     * Puts every copy where {@link #snapshots()} found it; the copies then step as they would have,
     * later autoresets included.
     *
     * @return the observations of the restored states, {@code double[N * obsDim]}
     * @throws IllegalArgumentException for the wrong number of snapshots, or one that does not fit
     *     (naming the copy)
     */
    public double[] restore(ControlEnv.Snapshot[] snapshots) {
        Objects.requireNonNull(snapshots, "snapshots");
        if (snapshots.length != envs.length)
            throw new IllegalArgumentException("expected " + envs.length + " snapshots, one per copy, got " + snapshots.length);
        double[] observations = new double[envs.length * observationDimension];
        for (int i = 0; i < envs.length; i++) {
            try {
                System.arraycopy(envs[i].restore(snapshots[i]), 0, observations, i * observationDimension, observationDimension);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("copy " + i + ": " + e.getMessage(), e);
            }
        }
        started = true;
        return observations;
    }

    /** Steps every copy with its slice of {@code actions} ({@code double[N * actDim]}) into new arrays. */
    public VecStep step(double[] actions) { return step(actions, null); }

    /**
     * Steps every copy with its slice of {@code actions}, writing into {@code out}.
     *
     * @param out buffers to overwrite (all five arrays), or {@code null} for new ones
     * @return {@code out}, or the new buffers
     * @throws IllegalArgumentException if any action is invalid (nothing is stepped then) or
     *     {@code out} has the wrong sizes
     * @throws IllegalStateException before {@link #reset(long)}
     */
    public VecStep step(double[] actions, VecStep out) {
        Objects.requireNonNull(actions, "actions");
        if (actions.length != envs.length * actionDimension)
            throw new IllegalArgumentException("expected " + envs.length + " x " + actionDimension + " = "
                    + envs.length * actionDimension + " action values, got " + actions.length);
        Space space = actionSpace();
        for (int i = 0; i < envs.length; i++) {
            System.arraycopy(actions, i * actionDimension, action, 0, actionDimension);
            try {
                AbstractControlEnv.checkAction(id(), space, action);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("copy " + i + ": " + e.getMessage(), e);
            }
        }
        out = prepare(out);
        for (int i = 0; i < envs.length; i++) {
            System.arraycopy(actions, i * actionDimension, action, 0, actionDimension);
            record(i, envs[i].step(action), out);
        }
        return out;
    }

    /** Steps every copy with one discrete action each into new arrays. */
    public VecStep step(int[] actions) { return step(actions, null); }

    /**
     * Steps every copy with one discrete action each, writing into {@code out}.
     *
     * @param out buffers to overwrite, or {@code null} for new ones
     * @throws IllegalArgumentException if the action space is not discrete or an action is out of
     *     range (nothing is stepped then)
     */
    public VecStep step(int[] actions, VecStep out) {
        Objects.requireNonNull(actions, "actions");
        if (!(actionSpace() instanceof Space.Discrete d))
            throw new IllegalArgumentException(id() + " has a continuous action space; use step(double[])");
        if (actions.length != envs.length)
            throw new IllegalArgumentException("expected " + envs.length + " actions, got " + actions.length);
        for (int i = 0; i < envs.length; i++)
            if (!d.contains(actions[i]))
                throw new IllegalArgumentException("copy " + i + ": " + id() + ": action " + actions[i]
                        + " is outside 0 .. " + (d.n() - 1));
        out = prepare(out);
        for (int i = 0; i < envs.length; i++) record(i, envs[i].step(actions[i]), out);
        return out;
    }

    private VecStep prepare(VecStep out) {
        if (!started) throw new IllegalStateException("call reset(seed) before step");
        if (out == null) return VecStep.allocate(envs.length, observationDimension);
        if (out.copies() != envs.length || out.observations().length != envs.length * observationDimension)
            throw new IllegalArgumentException("the output buffers are for " + out.copies() + " copies x "
                    + out.observations().length / out.copies() + " values; this VecEnv has " + envs.length + " x " + observationDimension);
        return out;
    }

    private void record(int i, ControlEnv.Step s, VecStep out) {
        int at = i * observationDimension;
        out.rewards()[i] = s.reward();
        out.terminated()[i] = s.terminated();
        out.truncated()[i] = s.truncated();
        if (s.done()) {
            System.arraycopy(s.observation(), 0, out.finalObservations(), at, observationDimension);
            System.arraycopy(envs[i].reset(), 0, out.observations(), at, observationDimension);
        } else {
            Arrays.fill(out.finalObservations(), at, at + observationDimension, Double.NaN);
            System.arraycopy(s.observation(), 0, out.observations(), at, observationDimension);
        }
    }
}
