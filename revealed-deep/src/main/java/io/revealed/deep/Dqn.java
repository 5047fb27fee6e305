package io.revealed.deep;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.revealed.env.ControlEnv;
import io.revealed.env.ControlEnvs;
import io.revealed.env.Space;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Deep Q-learning with experience replay and a target network (Mnih et al. 2015, "Human-level
 * control through deep reinforcement learning"), for discrete actions, following CleanRL's
 * {@code dqn.py} and its classic-control defaults, with the few extra knobs that Stable-Baselines3's
 * {@code DQN} has and the RL Baselines3 Zoo's tuned settings use (several gradient steps per
 * round, the Huber loss, gradient-norm clipping); {@link Options#forEnv} gives those settings.
 *
 * <p>One environment is stepped with an epsilon-greedy policy over the online network's Q values,
 * epsilon falling linearly from {@code startEpsilon} to {@code endEpsilon} over
 * {@code explorationFraction * totalSteps} steps. Transitions go into a {@link ReplayBuffer}. After
 * {@code learningStarts} steps, every {@code trainFrequency} steps {@code gradientSteps} Adam steps
 * are taken, each on a uniformly sampled batch, with the loss {@code mean(l(y - Q(s, a)))},
 * {@code y = r + gamma (1 - terminated) max_a' Q_target(s', a')}, {@code l} the square (CleanRL) or
 * the Huber function (SB3); the global gradient norm is clipped to {@code maxGradNorm}. Every
 * {@code targetUpdateInterval} steps the target network's parameters are overwritten with the
 * online network's (a hard update, {@code tau = 1}).
 *
 * <p><b>Observation normalisation</b> ({@link Options#normalizeObservations}): every observation the
 * environment returns updates an {@link ObservationNormalizer}; the replay buffer keeps raw
 * observations and a sampled batch is normalised with the statistics of the moment (as SB3 does with
 * {@code VecNormalize}). The normaliser goes with the returned policy and is saved with it.
 *
 * <p><b>Episode ends.</b> Only {@code terminated} stops the bootstrap; a transition cut by the time
 * limit is stored with its real next observation and bootstrapped from it.
 *
 * <p><b>Cost.</b> One forward pass per env step to act (skipped while exploring), and
 * {@code gradientSteps / trainFrequency} Adam steps per env step on batches of {@code batchSize},
 * each with a forward pass of the target network.
 *
 * <p><b>Adam</b> is {@link Adam}, PyTorch's update with its state in Java arrays.
 *
 * <p><b>Reproducibility.</b> Environment seeds, exploration and batch sampling come from a
 * {@link SplitMix} generator (the stream of {@code java.util.SplittableRandom}) seeded by
 * {@link Options#seed()}, the initial weights from {@link Engines#seed}; the same seed gives the
 * same run.
 *
 * <p><b>Checkpoints</b> ({@link #train(Supplier, long, Listener, Checkpoint.Settings)}) save all
 * of that state (networks, Adam's moments, the replay buffer, the normaliser, the generators, the
 * environment mid-episode, the counters and the curve), so that a resumed run ends bit for bit as
 * an uninterrupted one.
 */
public final class Dqn {

    /** The function of the TD error that is averaged over a batch. */
    public enum TdLoss {
        /** {@code (y - q)^2}, CleanRL's {@code mse_loss}. */
        SQUARED,
        /** {@code 0.5 e^2} for {@code |e| < 1}, else {@code |e| - 0.5}: SB3's {@code smooth_l1_loss}. */
        HUBER
    }

    /**
     * @param hidden hidden layer widths of the Q-network (ReLU)
     * @param bufferSize replay buffer capacity
     * @param learningRate Adam step size
     * @param gamma discount factor
     * @param targetUpdateInterval env steps between hard target-network updates
     * @param batchSize transitions per gradient step
     * @param startEpsilon exploration rate at step 0
     * @param endEpsilon exploration rate after the decay
     * @param explorationFraction fraction of the total steps over which epsilon decays
     * @param learningStarts env steps before the first gradient step
     * @param trainFrequency env steps between training rounds
     * @param gradientSteps gradient steps per training round
     * @param loss the function of the TD error
     * @param maxGradNorm the global gradient norm is scaled down to this when larger (infinity: never)
     * @param normalizeObservations whether observations are normalised by running statistics
     * @param seed seeds everything
     */
    public record Options(int[] hidden, int bufferSize, double learningRate, double gamma, int targetUpdateInterval,
                          int batchSize, double startEpsilon, double endEpsilon, double explorationFraction,
                          long learningStarts, int trainFrequency, int gradientSteps, TdLoss loss, double maxGradNorm,
                          boolean normalizeObservations, long seed) {
        public Options {
            hidden = hidden.clone();
            for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden widths must be >= 1, got " + Arrays.toString(hidden));
            if (bufferSize < 1) throw new IllegalArgumentException("bufferSize must be >= 1, got " + bufferSize);
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
            if (targetUpdateInterval < 1) throw new IllegalArgumentException("targetUpdateInterval must be >= 1, got " + targetUpdateInterval);
            if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            if (!(startEpsilon >= 0 && startEpsilon <= 1)) throw new IllegalArgumentException("startEpsilon must be in [0, 1], got " + startEpsilon);
            if (!(endEpsilon >= 0 && endEpsilon <= 1)) throw new IllegalArgumentException("endEpsilon must be in [0, 1], got " + endEpsilon);
            if (!(explorationFraction > 0 && explorationFraction <= 1))
                throw new IllegalArgumentException("explorationFraction must be in (0, 1], got " + explorationFraction);
            if (learningStarts < 0) throw new IllegalArgumentException("learningStarts must be >= 0, got " + learningStarts);
            if (trainFrequency < 1) throw new IllegalArgumentException("trainFrequency must be >= 1, got " + trainFrequency);
            if (gradientSteps < 1) throw new IllegalArgumentException("gradientSteps must be >= 1, got " + gradientSteps);
            Objects.requireNonNull(loss, "loss");
            if (!(maxGradNorm > 0)) throw new IllegalArgumentException("maxGradNorm must be > 0 (infinity: no clipping), got " + maxGradNorm);
        }

        /**
         * CleanRL's classic-control defaults ({@code dqn.py}): 120-84, buffer 10k, Adam 2.5e-4, target
         * every 500, batch 128, eps 1 -> 0.05 over half, start 10k, one step every 10, squared loss, no
         * clipping, no normalisation.
         */
        public Options() {
            this(new int[]{120, 84}, 10_000, 2.5e-4, 0.99, 500, 128, 1.0, 0.05, 0.5, 10_000, 10, 1, TdLoss.SQUARED,
                    Double.POSITIVE_INFINITY, false, 1);
        }

        /**
         * The tuned settings for an environment (id or alias, see {@link ControlEnvs}), to be run for
         * {@link #stepsFor} steps. They are the RL Baselines3 Zoo's ({@code hyperparams/dqn.yml},
         * marked "Tuned" there) with SB3 {@code DQN}'s fixed parts: Huber loss, gradient norm clipped at
         * 10, epsilon from 1. One departure: MountainCar's observations are normalised
         * ({@link ObservationNormalizer}), because its velocity spans 0.14 where its position spans
         * 1.8; with raw observations seed 1 reached a greedy mean of -116.5, normalised -109.2
         * (seed 2: -101.2), measured with DJL's Adam before the move to {@link Adam}.
         * <table>
         * <caption>Presets</caption>
         * <tr><th></th><th>MountainCar-v0, seals/MountainCar-v0</th><th>Acrobot-v1</th></tr>
         * <tr><td>network</td><td>256-256</td><td>256-256</td></tr>
         * <tr><td>Adam step</td><td>4e-3</td><td>6.3e-4</td></tr>
         * <tr><td>gamma</td><td>0.98</td><td>0.99</td></tr>
         * <tr><td>buffer, batch</td><td>10,000, 128</td><td>50,000, 128</td></tr>
         * <tr><td>learning starts</td><td>1,000</td><td>0</td></tr>
         * <tr><td>train every, gradient steps</td><td>16, 8</td><td>4, 4 (SB3's {@code -1}: one per env step)</td></tr>
         * <tr><td>target update every</td><td>600</td><td>250</td></tr>
         * <tr><td>epsilon 1 to</td><td>0.07 over 20%</td><td>0.1 over 12%</td></tr>
         * <tr><td>observations</td><td>normalised</td><td>raw</td></tr>
         * <tr><td>steps</td><td>120,000</td><td>100,000</td></tr>
         * </table>
         * Any other environment gets CleanRL's defaults ({@link #Options()}) and 500,000 steps.
         *
         * @throws IllegalArgumentException for an unknown environment
         */
        public static Options forEnv(String envId) {
            return switch (ControlEnvs.canonicalId(envId)) {
                case "MountainCar-v0", "seals/MountainCar-v0" -> new Options(new int[]{256, 256}, 10_000, 4e-3, 0.98, 600, 128,
                        1.0, 0.07, 0.2, 1_000, 16, 8, TdLoss.HUBER, SB3_MAX_GRAD_NORM, true, 1);
                case "Acrobot-v1" -> new Options(new int[]{256, 256}, 50_000, 6.3e-4, 0.99, 250, 128,
                        1.0, 0.1, 0.12, 0, 4, 4, TdLoss.HUBER, SB3_MAX_GRAD_NORM, false, 1);
                default -> new Options();
            };
        }

        /** The env steps the {@link #forEnv} settings are meant for (the Zoo's {@code n_timesteps}; CleanRL's 500,000 otherwise). */
        public static long stepsFor(String envId) {
            return switch (ControlEnvs.canonicalId(envId)) {
                case "MountainCar-v0", "seals/MountainCar-v0" -> 120_000;
                case "Acrobot-v1" -> 100_000;
                default -> 500_000;
            };
        }

        public Options withSeed(long s) {
            return new Options(hidden, bufferSize, learningRate, gamma, targetUpdateInterval, batchSize, startEpsilon, endEpsilon,
                    explorationFraction, learningStarts, trainFrequency, gradientSteps, loss, maxGradNorm, normalizeObservations, s);
        }

        public Options withLearningStarts(long steps) {
            return new Options(hidden, bufferSize, learningRate, gamma, targetUpdateInterval, batchSize, startEpsilon, endEpsilon,
                    explorationFraction, steps, trainFrequency, gradientSteps, loss, maxGradNorm, normalizeObservations, seed);
        }

        public Options withLearningRate(double lr) {
            return new Options(hidden, bufferSize, lr, gamma, targetUpdateInterval, batchSize, startEpsilon, endEpsilon,
                    explorationFraction, learningStarts, trainFrequency, gradientSteps, loss, maxGradNorm, normalizeObservations, seed);
        }

        public Options withExplorationFraction(double f) {
            return new Options(hidden, bufferSize, learningRate, gamma, targetUpdateInterval, batchSize, startEpsilon, endEpsilon,
                    f, learningStarts, trainFrequency, gradientSteps, loss, maxGradNorm, normalizeObservations, seed);
        }

        public Options withTrainFrequency(int f) {
            return new Options(hidden, bufferSize, learningRate, gamma, targetUpdateInterval, batchSize, startEpsilon, endEpsilon,
                    explorationFraction, learningStarts, f, gradientSteps, loss, maxGradNorm, normalizeObservations, seed);
        }

        public Options withGradientSteps(int g) {
            return new Options(hidden, bufferSize, learningRate, gamma, targetUpdateInterval, batchSize, startEpsilon, endEpsilon,
                    explorationFraction, learningStarts, trainFrequency, g, loss, maxGradNorm, normalizeObservations, seed);
        }

        public Options withNormalizeObservations(boolean on) {
            return new Options(hidden, bufferSize, learningRate, gamma, targetUpdateInterval, batchSize, startEpsilon, endEpsilon,
                    explorationFraction, learningStarts, trainFrequency, gradientSteps, loss, maxGradNorm, on, seed);
        }

        @Override
        public int[] hidden() { return hidden.clone(); }

        /** CleanRL's {@code linear_schedule}: epsilon at env step {@code step} of a run of {@code totalSteps}. */
        public double epsilon(long step, long totalSteps) {
            double duration = explorationFraction * totalSteps;
            double slope = (endEpsilon - startEpsilon) / duration;
            return Math.max(slope * step + startEpsilon, endEpsilon);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Options p && Arrays.equals(hidden, p.hidden) && bufferSize == p.bufferSize
                    && learningRate == p.learningRate && gamma == p.gamma && targetUpdateInterval == p.targetUpdateInterval
                    && batchSize == p.batchSize && startEpsilon == p.startEpsilon && endEpsilon == p.endEpsilon
                    && explorationFraction == p.explorationFraction && learningStarts == p.learningStarts
                    && trainFrequency == p.trainFrequency && gradientSteps == p.gradientSteps && loss == p.loss
                    && maxGradNorm == p.maxGradNorm && normalizeObservations == p.normalizeObservations && seed == p.seed;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(hidden), bufferSize, learningRate, gamma, targetUpdateInterval, batchSize, startEpsilon,
                    endEpsilon, explorationFraction, learningStarts, trainFrequency, gradientSteps, loss, maxGradNorm,
                    normalizeObservations, seed);
        }

        /** The record's usual text, with the hidden widths written out (for run folders' {@code config.json}). */
        @Override
        public String toString() {
            return "Options[hidden=" + Arrays.toString(hidden) + ", bufferSize=" + bufferSize + ", learningRate=" + learningRate
                    + ", gamma=" + gamma + ", targetUpdateInterval=" + targetUpdateInterval + ", batchSize=" + batchSize
                    + ", startEpsilon=" + startEpsilon + ", endEpsilon=" + endEpsilon + ", explorationFraction=" + explorationFraction
                    + ", learningStarts=" + learningStarts + ", trainFrequency=" + trainFrequency + ", gradientSteps=" + gradientSteps
                    + ", loss=" + loss + ", maxGradNorm=" + maxGradNorm + ", normalizeObservations=" + normalizeObservations
                    + ", seed=" + seed + "]";
        }
    }

    /** SB3 {@code DQN}'s default {@code max_grad_norm}. */
    static final double SB3_MAX_GRAD_NORM = 10;

    /**
     * Told at the end of every training episode.
     *
     * @param envSteps env steps taken so far
     * @param episodes episodes finished so far
     * @param episodeReturn the finished episode's undiscounted return
     * @param epsilon the exploration rate at that step
     * @param meanLoss mean TD loss of the gradient steps since the previous report (NaN if none)
     * @param gradientSteps gradient steps taken so far
     */
    public record Progress(long envSteps, int episodes, double episodeReturn, double epsilon, double meanLoss, long gradientSteps) {}

    @FunctionalInterface
    public interface Listener {
        Listener NONE = p -> {};

        void progress(Progress p);
    }

    /**
     * @param policy the online Q-network as a policy (greedy = argmax Q); the caller owns and closes it
     * @param episodes training episodes' returns against env steps
     * @param envSteps env steps taken
     * @param gradientSteps gradient steps taken
     * @param selected what the periodic evaluations chose, or null when the run kept its last policy
     * @param trainSeconds wall-clock seconds of training, those of the runs it resumed included
     */
    public record Result(DiscretePolicy policy, Ppo.Curve episodes, long envSteps, long gradientSteps, Selected selected,
                         double trainSeconds) {
        public Result {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(episodes, "episodes");
        }
    }

    /**
     * What the periodic evaluations chose ({@link #selectingBest}).
     *
     * @param step the env steps after which the returned policy was evaluated
     * @param mean its mean greedy return over the selection episodes
     * @param evaluations the mean return of every evaluation against its step
     */
    public record Selected(long step, double mean, Ppo.Curve evaluations) {}

    private final Options o;
    private final BestPolicy.Selection selection;

    public Dqn(Options options) { this(options, null); }

    private Dqn(Options options, BestPolicy.Selection selection) {
        this.o = Objects.requireNonNull(options, "options");
        this.selection = selection;
    }

    public Options options() { return o; }

    /**
     * This trainer, returning the best of the policies evaluated every {@code every} env steps (and
     * at the end) over {@code episodes} greedy episodes from {@code reset(10^9 + i)}, rather than the
     * last one ({@link BestPolicy}). The training itself is unchanged: the same seed gives the same
     * run with or without selection.
     */
    public Dqn selectingBest(long every, int episodes) {
        return new Dqn(o, new BestPolicy.Selection(every, episodes));
    }

    /** The selection settings, if any: {every, episodes}. */
    public java.util.Optional<long[]> selection() {
        return java.util.Optional.ofNullable(selection).map(x -> new long[]{x.every(), x.episodes()});
    }

    /** The selection settings of the DQN checkpoint in {@code dir}: {every, episodes}, or empty when it kept the last policy. */
    public static java.util.Optional<long[]> checkpointSelection(Path dir) {
        Checkpoint.Reader r = Checkpoint.Reader.open(dir).expect("dqn");
        if (r.properties().getProperty("select.every") == null) return java.util.Optional.empty();
        return java.util.Optional.of(new long[]{r.longValue("select.every"), r.longValue("select.episodes")});
    }

    /** Trains on the environment registered under {@code envId} (see {@link ControlEnvs}). */
    public Result train(String envId, long totalSteps, Listener listener) {
        return train(envId, totalSteps, listener, null);
    }

    /**
     * Trains on the environment registered under {@code envId}, saving checkpoints as
     * {@code checkpoints} says (null: none), or continuing from one.
     */
    public Result train(String envId, long totalSteps, Listener listener, Checkpoint.Settings checkpoints) {
        ControlEnvs.create(envId); // fails early on an unknown id
        return train(() -> ControlEnvs.create(envId), totalSteps, listener, checkpoints);
    }

    /** Trains for {@code totalSteps} env steps on one environment made by {@code factory} (discrete actions). */
    public Result train(Supplier<? extends ControlEnv> factory, long totalSteps, Listener listener) {
        return train(factory, totalSteps, listener, null);
    }

    /**
     * Trains for {@code totalSteps} env steps on one environment made by {@code factory} (discrete
     * actions). With {@code checkpoints}, the whole state of the run is saved every
     * {@link Checkpoint.Settings#every()} steps and at the end into {@link Checkpoint.Settings#dir()}
     * (see {@link Checkpoint}); with {@link Checkpoint.Settings#resume()} the run continues from the
     * checkpoint there, which must be of DQN, with these options and this {@code totalSteps} (the
     * exploration schedule depends on it), and ends exactly as an uninterrupted run would have:
     * the same parameters, bit for bit, and the same episodes.
     *
     * @throws IllegalArgumentException for a checkpoint that does not fit this run, naming the file
     */
    public Result train(Supplier<? extends ControlEnv> factory, long totalSteps, Listener listener, Checkpoint.Settings checkpoints) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(listener, "listener");
        if (totalSteps < 1) throw new IllegalArgumentException("totalSteps must be >= 1, got " + totalSteps);
        ControlEnv env = Objects.requireNonNull(factory.get(), "factory returned null");
        if (!(env.actionSpace() instanceof Space.Discrete discrete))
            throw new IllegalArgumentException(env.id() + " has a continuous action space; Dqn handles discrete actions only");
        int d = env.observationSpace().dimension(), numActions = discrete.n();

        Engines.seed(o.seed());
        Mlp shape = new Mlp(d, o.hidden(), numActions, Mlp.Activation.RELU);
        Model online = Model.newInstance("dqn-q", Engines.pytorch().defaultDevice(), "PyTorch");
        online.setBlock(shape.block());
        DiscretePolicy policy = new DiscretePolicy(online, shape);
        if (o.normalizeObservations()) policy.normalizeWith(new ObservationNormalizer(d));
        try (Model target = Model.newInstance("dqn-target", Engines.pytorch().defaultDevice(), "PyTorch")) {
            target.setBlock(shape.block());
            // The trainer collects gradients; the steps are Adam's below, whose state a checkpoint can save.
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()); // the loss is computed by hand
            try (Trainer trainer = online.newTrainer(config)) {
                trainer.initialize(new Shape(o.batchSize(), d));
                target.getBlock().initialize(target.getNDManager(), DataType.FLOAT32, new Shape(o.batchSize(), d));
                copyParameters(online.getBlock(), target.getBlock());
                State st = new State(new Adam(online.getBlock(), o.learningRate()), new ReplayBuffer(o.bufferSize(), d),
                        selection == null ? null : new BestPolicy(selection, factory));
                if (checkpoints != null && checkpoints.resume()) {
                    load(checkpoints.dir(), env, policy, trainer.getModel().getBlock(), target.getBlock(), st, totalSteps);
                } else {
                    st.rng = new SplitMix(o.seed());
                    st.ob = env.reset(st.rng.nextLong());
                    policy.normalizer().ifPresent(n -> n.update(st.ob));
                }
                return run(env, st, policy, trainer, target.getBlock(), totalSteps, listener, checkpoints);
            }
        } catch (RuntimeException e) {
            policy.close();
            throw e;
        }
    }

    /** The options of the DQN checkpoint in {@code dir} (for resuming it with the options it was made with). */
    public static Options checkpointOptions(Path dir) {
        return Checkpoint.readOptions(Checkpoint.Reader.open(dir).expect("dqn"), Options.class);
    }

    /** Everything of a run that changes as it goes and decides what follows: what a checkpoint saves besides the networks. */
    private static final class State {
        final Checkpoint.Clock clock = new Checkpoint.Clock();
        final Adam adam;
        final ReplayBuffer buffer;
        final BestPolicy best; // null: the last policy is returned
        Checkpoint.EpisodeLog episodes = new Checkpoint.EpisodeLog();
        SplitMix rng;
        double[] ob;
        double episodeReturn, lossSum;
        int lossCount;
        long step, gradientSteps;

        State(Adam adam, ReplayBuffer buffer, BestPolicy best) {
            this.adam = adam;
            this.buffer = buffer;
            this.best = best;
        }
    }

    private Result run(ControlEnv env, State st, DiscretePolicy policy, Trainer trainer, Block target, long totalSteps,
                       Listener listener, Checkpoint.Settings checkpoints) {
        int d = env.observationSpace().dimension(), numActions = policy.actions(), b = o.batchSize();
        ObservationNormalizer norm = policy.normalizer().orElse(null);
        ReplayBuffer buffer = st.buffer;
        SplitMix rng = st.rng;
        int[] idx = new int[b], ab = new int[b];
        float[] xb = new float[b * d], x2b = new float[b * d], rb = new float[b], yb = new float[b];
        boolean[] termb = new boolean[b];
        float[] x = new float[d];

        for (long step = st.step; step < totalSteps; step++) {
            double[] ob = st.ob;
            double eps = o.epsilon(step, totalSteps);
            int action;
            if (rng.nextDouble() < eps) action = rng.nextInt(numActions);
            else {
                for (int k = 0; k < d; k++) x[k] = (float) ob[k];
                action = policy.greedy(x, 1)[0]; // normalises when the policy does
            }
            ControlEnv.Step s = env.step(action);
            if (norm != null) norm.update(s.observation());
            buffer.add(ob, action, s.reward(), s.observation(), s.terminated());
            st.episodeReturn += s.reward();
            if (s.done()) {
                st.episodes.add(step + 1, st.episodeReturn);
                listener.progress(new Progress(step + 1, st.episodes.size(), st.episodeReturn, eps,
                        st.lossCount == 0 ? Double.NaN : st.lossSum / st.lossCount, st.gradientSteps));
                st.lossSum = 0;
                st.lossCount = 0;
                st.episodeReturn = 0;
                st.ob = env.reset();
                if (norm != null) norm.update(st.ob);
            } else {
                st.ob = s.observation();
            }

            if (step > o.learningStarts()) {
                if (step % o.trainFrequency() == 0) {
                    for (int g = 0; g < o.gradientSteps(); g++) {
                        buffer.sampleIndices(rng, idx);
                        buffer.gather(idx, xb, ab, rb, x2b, termb);
                        if (norm != null) {
                            norm.normalize(xb, xb, b);
                            norm.normalize(x2b, x2b, b);
                        }
                        st.lossSum += trainStep(trainer, st.adam, target, xb, ab, rb, x2b, termb, yb, d, numActions);
                        st.lossCount++;
                        st.gradientSteps++;
                    }
                }
                if (step % o.targetUpdateInterval() == 0) copyParameters(trainer.getModel().getBlock(), target);
            }
            st.step = step + 1;
            if (st.best != null && st.best.due(st.step, totalSteps)) st.best.evaluate(st.step, policy, trainer.getModel().getBlock());
            if (checkpoints != null && (st.step % checkpoints.every() == 0 || st.step == totalSteps))
                save(checkpoints.dir(), env, policy, trainer.getModel().getBlock(), target, st, totalSteps);
        }
        Selected selected = null;
        if (st.best != null) {
            st.best.restoreInto(policy, trainer.getModel().getBlock());
            selected = new Selected(st.best.bestStep(), st.best.bestMean(), st.best.evaluations());
        }
        return new Result(policy, st.episodes.curve(), totalSteps, st.gradientSteps, selected, st.clock.seconds());
    }

    /** Writes the checkpoint of the run at {@code st.step} into {@code dir}, atomically (see docs/formats.md). */
    private void save(Path dir, ControlEnv env, DiscretePolicy policy, Block online, Block target, State st, long totalSteps) {
        try {
            AtomicDirectory.write(dir, tmp -> {
                Checkpoint.Writer w = new Checkpoint.Writer(tmp, "dqn");
                w.put("step", st.step).put("total_steps", totalSteps);
                st.clock.write(w);
                Checkpoint.putOptions(w, o);
                w.env(env);
                w.put("observation", st.ob);
                w.put("rng", st.rng.state());
                w.put("episode_return", st.episodeReturn).put("loss_sum", st.lossSum).put("loss_count", st.lossCount);
                w.put("gradient_steps", st.gradientSteps);
                policy.normalizer().ifPresent(n -> n.describe(w.p));
                w.parameters("q.f32", online);
                w.parameters("q-target.f32", target);
                w.adam("q.adam.f32", st.adam);
                st.buffer.write(w, "replay.bin");
                st.episodes.write(w, "episodes.bin");
                if (st.best != null) st.best.write(w, "q-best.f32");
                w.finish();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Restores the run saved in {@code dir}. */
    private void load(Path dir, ControlEnv env, DiscretePolicy policy, Block online, Block target, State st, long totalSteps) {
        Checkpoint.Reader r = Checkpoint.Reader.open(dir).expect("dqn");
        Checkpoint.checkOptions(r, o);
        long saved = r.longValue("total_steps");
        if (saved != totalSteps)
            throw r.bad("total_steps", "is " + saved + ", but this run is for " + totalSteps
                    + " steps; DQN's exploration schedule depends on the run's length, so it cannot be changed");
        st.step = r.longValue("step");
        st.clock.read(r);
        if (st.step < 0 || st.step > totalSteps) throw r.bad("step", "is " + st.step + ", outside 0 .. " + totalSteps);
        r.restoreEnv(env);
        st.ob = r.doubles("observation");
        if (st.ob.length != env.observationSpace().dimension()) throw r.bad("observation", "has " + st.ob.length + " numbers");
        st.rng = SplitMix.fromState(r.longValue("rng"));
        st.episodeReturn = r.doubleValue("episode_return");
        st.lossSum = r.doubleValue("loss_sum");
        st.lossCount = r.intValue("loss_count");
        st.gradientSteps = r.longValue("gradient_steps");
        if (o.normalizeObservations()) policy.normalizeWith(r.normalizer(env.observationSpace().dimension()));
        r.parameters("q.f32", online);
        r.parameters("q-target.f32", target);
        r.adam("q.adam.f32", st.adam);
        st.buffer.read(r, "replay.bin");
        st.episodes = Checkpoint.EpisodeLog.read(r, "episodes.bin");
        boolean selecting = r.properties().getProperty("select.every") != null;
        if (selecting != (st.best != null))
            throw r.bad("select.every", selecting ? "says the run kept its best policy, but this run keeps the last one"
                    : "is missing: the run kept its last policy, but this run keeps the best one");
        if (st.best != null) st.best.read(r, "q-best.f32", online);
    }

    /** One Adam step on a batch of (already normalised) observations; returns the loss. */
    private float trainStep(Trainer trainer, Adam adam, Block target, float[] xb, int[] ab, float[] rb, float[] x2b, boolean[] termb,
                            float[] yb, int d, int numActions) {
        int b = ab.length;
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray next = m.create(x2b, new Shape(b, d));
            float[] nextQ = target.forward(new ParameterStore(m, false), new NDList(next), false).singletonOrThrow().toFloatArray();
            tdTargets(rb, termb, nextQ, numActions, o.gamma(), yb);
            NDArray x = m.create(xb, new Shape(b, d));
            NDArray y = m.create(yb);
            NDArray oneHot = m.create(ab).oneHot(numActions).toType(DataType.FLOAT32, false);
            float loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray q = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray qa = q.mul(oneHot).sum(new int[]{1});
                NDArray l = tdLoss(qa.sub(y), o.loss());
                gc.backward(l);
                loss = l.getFloat();
            }
            List<NDArray> grads = new ArrayList<>();
            for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
                NDArray g = p.getValue().getArray().getGradient();
                g.attach(m);
                grads.add(g);
            }
            if (o.maxGradNorm() != Double.POSITIVE_INFINITY) Ppo.clipGlobalNorm(grads, o.maxGradNorm());
            adam.step();
            for (NDArray g : grads) g.muli(0f); // start the next step from zero gradients
            return loss;
        }
    }

    /** The mean over the batch of the loss of the TD errors {@code e = Q(s, a) - y}. */
    static NDArray tdLoss(NDArray e, TdLoss kind) {
        if (kind == TdLoss.SQUARED) return e.square().mean();
        NDArray abs = e.abs();
        // 0.5 e^2 where |e| < 1, |e| - 0.5 elsewhere
        NDArray quadratic = Differentiable.times(e.square(), 0.5);
        NDArray linear = abs.sub(0.5f);
        return NDArrays.where(abs.lt(1f), quadratic, linear).mean();
    }

    /**
     * The TD targets {@code y_j = r_j + gamma (1 - terminated_j) max_a Q'(s'_j, a)} of a batch, with
     * {@code nextQ} the target network's Q values of the next observations, row-major {@code b x numActions}.
     */
    static void tdTargets(float[] rewards, boolean[] terminated, float[] nextQ, int numActions, double gamma, float[] out) {
        int b = rewards.length;
        if (terminated.length != b || out.length != b || nextQ.length != (long) b * numActions)
            throw new IllegalArgumentException("batch arrays disagree in size");
        for (int j = 0; j < b; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < numActions; a++) max = Math.max(max, nextQ[j * numActions + a]);
            out[j] = (float) (rewards[j] + (terminated[j] ? 0 : gamma * max));
        }
    }

    /** Overwrites {@code to}'s parameters with {@code from}'s (same architecture). */
    static void copyParameters(Block from, Block to) {
        var src = from.getParameters();
        var dst = to.getParameters();
        if (src.size() != dst.size()) throw new IllegalArgumentException("the networks have different parameter lists");
        for (int i = 0; i < src.size(); i++) {
            NDArray a = src.get(i).getValue().getArray(), t = dst.get(i).getValue().getArray();
            if (!a.getShape().equals(t.getShape()))
                throw new IllegalArgumentException("parameter " + src.get(i).getKey() + ": shape " + a.getShape() + " vs " + t.getShape());
            NdArrays.overwrite(t, a.toFloatArray());
        }
    }
}
