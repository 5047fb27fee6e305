package io.revealed.deep;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.revealed.env.ControlEnv;

import java.util.Arrays;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The best policy a training run has produced, judged by greedy evaluations every
 * {@link Selection#every()} steps: the run returns it instead of its last policy. Value-based
 * training swings from one target update to the next (DQN on MountainCar can end far below where it
 * was a few thousand steps earlier), which is why RL Baselines3 Zoo keeps the best model its periodic
 * evaluations find; this is the same practice.
 *
 * <p>Each evaluation runs {@link Selection#episodes()} greedy episodes from
 * {@code reset(FIRST_SEED + i)} ({@link MlpPolicy#greedyReturns}, on copies from the run's
 * environment factory), so the training environment and the training generator are not touched, and
 * the episodes of the final evaluations ({@code reset(0..N-1)}) are not the ones the choice was made
 * on. A later evaluation replaces the kept policy only when its mean is strictly higher. The kept
 * parameters and the observation normaliser's statistics of that moment are copied (a policy
 * normalises with the statistics it was trained with).
 */
final class BestPolicy {
    /** Seed of the first selection episode, far from the {@code reset(0..N-1)} of final evaluations. */
    static final long FIRST_SEED = 1_000_000_000L;

    /**
     * @param every env steps between evaluations (and one at the end of the run)
     * @param episodes greedy episodes per evaluation
     */
    record Selection(long every, int episodes) {
        Selection {
            if (every < 1) throw new IllegalArgumentException("selection every must be >= 1 env step, got " + every);
            if (episodes < 1) throw new IllegalArgumentException("selection episodes must be >= 1, got " + episodes);
        }
    }

    private final Selection selection;
    private final Supplier<? extends ControlEnv> envs;
    private double bestMean = Double.NEGATIVE_INFINITY;
    private long bestStep = -1;
    private float[] bestParameters;
    private Properties bestNormalizer;
    private long[] steps = new long[0];
    private double[] means = new double[0];

    BestPolicy(Selection selection, Supplier<? extends ControlEnv> envs) {
        this.selection = Objects.requireNonNull(selection, "selection");
        this.envs = Objects.requireNonNull(envs, "envs");
    }

    /** Whether the run evaluates after step {@code step} (1-based count of steps taken). */
    boolean due(long step, long totalSteps) {
        return step % selection.every() == 0 || step == totalSteps;
    }

    /** Evaluates {@code policy} (whose network is {@code block}) after {@code step} steps; keeps it when it is the best so far. */
    void evaluate(long step, MlpPolicy policy, Block block) {
        double[] r = MlpPolicy.greedyReturns(policy, envs, selection.episodes(), FIRST_SEED);
        double mean = Arrays.stream(r).sum() / r.length;
        steps = Arrays.copyOf(steps, steps.length + 1);
        means = Arrays.copyOf(means, means.length + 1);
        steps[steps.length - 1] = step;
        means[means.length - 1] = mean;
        if (mean > bestMean) {
            bestMean = mean;
            bestStep = step;
            bestParameters = Checkpoint.parameterValues(block);
            bestNormalizer = policy.normalizer().map(n -> {
                Properties p = new Properties();
                n.describe(p);
                return p;
            }).orElse(null);
        }
    }

    /** Puts the kept parameters (and normaliser) into {@code policy} and its network {@code block}; nothing when none was evaluated. */
    void restoreInto(MlpPolicy policy, Block block) {
        if (bestParameters == null) return;
        setParameters(block, bestParameters);
        if (bestNormalizer != null) policy.normalizeWith(ObservationNormalizer.read(bestNormalizer, policy.observationSize()));
    }

    /** The step of the kept policy, or -1 before the first evaluation. */
    long bestStep() { return bestStep; }

    double bestMean() { return bestMean; }

    /** The mean return of every evaluation against the steps it was made after. */
    Ppo.Curve evaluations() { return new Ppo.Curve(steps, means); }

    /** Into a checkpoint: the settings, the history, the kept parameters ({@code name}) and normaliser. */
    void write(Checkpoint.Writer w, String name) throws java.io.IOException {
        w.put("select.every", selection.every()).put("select.episodes", selection.episodes());
        w.put("select.best_step", bestStep).put("select.best_mean", bestMean);
        w.put("select.steps", Arrays.stream(steps).asDoubleStream().toArray());
        w.put("select.means", means);
        if (bestParameters != null) w.floats(name, bestParameters);
        if (bestNormalizer != null)
            for (String k : bestNormalizer.stringPropertyNames()) w.put("select." + k, bestNormalizer.getProperty(k));
    }

    /** Restores what {@link #write} saved, after checking that the checkpoint selected with these settings. */
    void read(Checkpoint.Reader r, String name, Block block) {
        long every = r.longValue("select.every");
        int episodes = r.intValue("select.episodes");
        if (every != selection.every() || episodes != selection.episodes())
            throw r.bad("select.*", "say every " + every + " steps over " + episodes + " episodes, but this run selects every "
                    + selection.every() + " over " + selection.episodes());
        bestStep = r.longValue("select.best_step");
        bestMean = r.doubleValue("select.best_mean");
        double[] s = r.doubles("select.steps");
        means = r.doubles("select.means");
        if (s.length != means.length) throw r.bad("select.means", "has " + means.length + " entries for " + s.length + " steps");
        steps = Arrays.stream(s).mapToLong(x -> (long) x).toArray();
        if (bestStep >= 0) {
            int total = 0;
            for (Pair<String, Parameter> q : block.getParameters()) total += Math.toIntExact(q.getValue().getArray().size());
            bestParameters = r.floats(name, total);
            Properties p = new Properties();
            for (String k : r.properties().stringPropertyNames())
                if (k.startsWith("select.obs_norm.")) p.setProperty(k.substring("select.".length()), r.properties().getProperty(k));
            bestNormalizer = p.isEmpty() ? null : p;
        }
    }

    /** Overwrites {@code block}'s parameters, in its order, with {@code values}. */
    static void setParameters(Block block, float[] values) {
        int at = 0;
        for (Pair<String, Parameter> q : block.getParameters()) {
            var a = q.getValue().getArray();
            int n = Math.toIntExact(a.size());
            NdArrays.overwrite(a, Arrays.copyOfRange(values, at, at + n));
            at += n;
        }
        if (at != values.length) throw new IllegalArgumentException(values.length + " values for " + at + " parameters");
    }
}
