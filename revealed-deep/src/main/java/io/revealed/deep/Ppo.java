package io.revealed.deep;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
import io.revealed.env.VecEnv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Proximal Policy Optimization with the clipped surrogate objective and generalised advantage
 * estimation (Schulman et al. 2017, "Proximal Policy Optimization Algorithms"; GAE: Schulman et al.
 * 2016), following CleanRL's {@code ppo.py} (discrete actions, its CartPole defaults) and
 * {@code ppo_continuous_action.py} (box actions); {@link Options#forEnv} gives per-environment settings.
 *
 * <p><b>Policies.</b> For discrete actions the actor's outputs are logits, and actions are drawn from
 * their softmax. For box actions they are the means of a {@link DiagonalGaussian} whose log standard
 * deviations are learned numbers independent of the observation (starting at 0), optimised with the
 * networks (same Adam settings and step size, inside the same gradient-norm clipping). A sampled
 * action is clipped to the box only when it is sent to the environment; the rollout keeps, and the
 * ratio {@code r = pi(a|o) / pi_old(a|o)} uses, the unclipped sample. The returned policy acts
 * greedily: the most probable action, or the Gaussian's mean clipped to the box
 * ({@link ContinuousPolicy}, saved without squashing).
 *
 * <p>Each update collects {@code stepsPerRollout} steps from each of {@code numEnvs} copies of the
 * environment ({@link VecEnv}, same-step autoreset), computes advantages by GAE(lambda), then runs
 * {@code epochs} passes of shuffled minibatches of Adam on
 * {@code L = L^CLIP - c_ent * H + c_v * L^V} (eq. 9 of the paper, written as a loss to minimise),
 * with global gradient-norm clipping and a linearly annealed step size. Separate actor and critic
 * networks ({@code tanh}, orthogonally initialised). The Adam steps are {@link Adam}'s
 * ({@code torch.optim.Adam}'s update, with CleanRL's epsilon 1e-5), whose moments a checkpoint can
 * save; the indices of a rollout start every update in order and are shuffled once per epoch, as in
 * CleanRL.
 *
 * <p><b>Observation normalisation</b> ({@link Options#normalizeObservations}): the observations of
 * every step update an {@link ObservationNormalizer} (as SB3's {@code VecNormalize} does), and the
 * networks see them normalised with the statistics of the moment; the rollout keeps those normalised
 * inputs for the optimisation. The normaliser goes with the returned policy and is saved with it.
 *
 * <p><b>Episode ends.</b> A terminated transition bootstraps nothing; a truncated one (the time
 * limit) bootstraps with the critic's value of the observation that ended the episode
 * ({@link VecEnv.VecStep#finalObservations()}); in both cases the advantage recursion stops there.
 *
 * <p><b>Memory.</b> Rollout buffers are primitive arrays allocated once; every network call and
 * every minibatch step allocates its native arrays in a child {@link NDManager} closed at the end.
 *
 * <p><b>Reproducibility.</b> Environment seeds, action sampling, minibatch order and the initial
 * weights all come from {@link Options#seed()} (one {@link SplitMix} stream); the same seed gives the
 * same run.
 *
 * <p><b>Checkpoints</b> ({@link #train(Supplier, long, Listener, Checkpoint.Settings)}) are taken
 * between updates and save everything that decides the rest of the run: both networks, both Adam
 * states, the log standard deviations and their Adam state, the normaliser, the generator's state,
 * every environment copy mid-episode with its observation and running return, the finished episodes
 * and every update's statistics (docs/formats.md). A killed run resumed from its checkpoint ends bit
 * for bit as the uninterrupted one.
 *
 * <p>Cost per update: {@code stepsPerRollout} actor and critic calls on {@code numEnvs} rows, and
 * {@code epochs * minibatches} Adam steps on {@code numEnvs * stepsPerRollout / minibatches} rows.
 */
public final class Ppo {

    /**
     * @param hidden hidden layer widths of both the actor and the critic
     * @param numEnvs environment copies stepped together
     * @param stepsPerRollout steps per copy between updates
     * @param learningRate Adam step size (at the start, when annealed)
     * @param annealLearningRate whether the step size falls linearly to 0 over the run
     * @param gamma discount factor
     * @param gaeLambda the lambda of GAE
     * @param minibatches minibatches per epoch (must divide {@code numEnvs * stepsPerRollout})
     * @param epochs passes over each rollout
     * @param clipCoef epsilon of the clipped objective
     * @param clipValueLoss whether the value loss is clipped around the rollout's values as well
     * @param normalizeAdvantages whether advantages are standardised per minibatch
     * @param entropyCoef weight of the entropy bonus
     * @param valueCoef weight of the value loss
     * @param maxGradNorm the global gradient norm is scaled down to this when it is larger
     * @param normalizeObservations whether observations are normalised by running statistics
     *        ({@link ObservationNormalizer}, kept with the trained policy)
     * @param seed seeds everything
     */
    public record Options(int[] hidden, int numEnvs, int stepsPerRollout, double learningRate, boolean annealLearningRate,
                          double gamma, double gaeLambda, int minibatches, int epochs, double clipCoef, boolean clipValueLoss,
                          boolean normalizeAdvantages, double entropyCoef, double valueCoef, double maxGradNorm,
                          boolean normalizeObservations, long seed) {
        public Options {
            hidden = hidden.clone();
            for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden widths must be >= 1, got " + Arrays.toString(hidden));
            if (numEnvs < 1) throw new IllegalArgumentException("numEnvs must be >= 1, got " + numEnvs);
            if (stepsPerRollout < 1) throw new IllegalArgumentException("stepsPerRollout must be >= 1, got " + stepsPerRollout);
            positive("learningRate", learningRate);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
            if (!(gaeLambda >= 0 && gaeLambda <= 1)) throw new IllegalArgumentException("gaeLambda must be in [0, 1], got " + gaeLambda);
            if (minibatches < 1 || (numEnvs * stepsPerRollout) % minibatches != 0)
                throw new IllegalArgumentException("minibatches must be >= 1 and divide numEnvs * stepsPerRollout = "
                        + numEnvs * stepsPerRollout + ", got " + minibatches);
            if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            positive("clipCoef", clipCoef);
            if (!(entropyCoef >= 0) || !Double.isFinite(entropyCoef)) throw new IllegalArgumentException("entropyCoef must be >= 0, got " + entropyCoef);
            positive("valueCoef", valueCoef);
            positive("maxGradNorm", maxGradNorm);
        }

        /** CleanRL's CartPole defaults: 4 envs x 128 steps, Adam 2.5e-4 annealed, 4 x 4 minibatches, clip 0.2, raw observations. */
        public Options() {
            this(new int[]{64, 64}, 4, 128, 2.5e-4, true, 0.99, 0.95, 4, 4, 0.2, true, true, 0.01, 0.5, 0.5, false, 1);
        }

        /**
         * Settings for an environment, meant for {@link #stepsFor} steps.
         * <ul>
         *   <li>Pendulum-v1: the RL Baselines3 Zoo's tuned PPO settings ({@code hyperparams/ppo.yml})
         *       with SB3 {@code PPO}'s fixed parts: 4 copies x 1,024 steps, Adam 1e-3 (constant),
         *       gamma 0.9, GAE lambda 0.95, 10 epochs of minibatches of 64 (SB3's default
         *       {@code batch_size}, so 64 minibatches), clip 0.2, no entropy bonus, value loss not clipped
         *       and weighted 0.5 (on CleanRL's half mean square, where SB3 weights the mean square),
         *       gradient norm clipped at 0.5, Adam epsilon 1e-5, 100,000 steps. The Zoo also turns
         *       on generalised state-dependent exploration (gSDE), which Revealed does not have; the
         *       diagonal Gaussian with a learned log standard deviation stands in for it, as in
         *       CleanRL's {@code ppo_continuous_action.py}.</li>
         *   <li>MountainCar-v0: the Zoo's settings with SB3's fixed parts: 16 copies x 16 steps, Adam
         *       3e-4 (constant), gamma 0.99, GAE lambda 0.98, 4 epochs of minibatches of 64 (so 4
         *       minibatches), clip 0.2, no entropy bonus, value loss not clipped, gradient norm 0.5,
         *       observations normalised, 1,000,000 steps. The Zoo normalises rewards too
         *       ({@code normalize: true}), which Revealed does not; CleanRL's CartPole settings never
         *       reach the flag here (-200 at seed 1).</li>
         *   <li>Any other environment: CleanRL's CartPole defaults ({@link #Options()}) and 500,000 steps.</li>
         * </ul>
         *
         * @throws IllegalArgumentException for an unknown environment
         */
        public static Options forEnv(String envId) {
            return switch (ControlEnvs.canonicalId(envId)) {
                case "Pendulum-v1" -> new Options(new int[]{64, 64}, 4, 1_024, 1e-3, false, 0.9, 0.95, 64, 10, 0.2, false, true,
                        0.0, 0.5, 0.5, false, 1);
                case "MountainCar-v0" -> new Options(new int[]{64, 64}, 16, 16, 3e-4, false, 0.99, 0.98, 4, 4, 0.2, false, true,
                        0.0, 0.5, 0.5, true, 1);
                default -> new Options();
            };
        }

        /**
         * The env steps the {@link #forEnv} settings are meant for (the Zoo's {@code n_timesteps} on
         * Pendulum and MountainCar; 500,000 otherwise). Training runs whole updates only: 100,000
         * Pendulum steps are 24 updates of 4,096, 98,304 steps.
         */
        public static long stepsFor(String envId) {
            return switch (ControlEnvs.canonicalId(envId)) {
                case "Pendulum-v1" -> 100_000;
                case "MountainCar-v0" -> 1_000_000;
                default -> 500_000;
            };
        }

        public Options withSeed(long s) {
            return new Options(hidden, numEnvs, stepsPerRollout, learningRate, annealLearningRate, gamma, gaeLambda, minibatches,
                    epochs, clipCoef, clipValueLoss, normalizeAdvantages, entropyCoef, valueCoef, maxGradNorm, normalizeObservations, s);
        }

        public Options withNormalizeObservations(boolean on) {
            return new Options(hidden, numEnvs, stepsPerRollout, learningRate, annealLearningRate, gamma, gaeLambda, minibatches,
                    epochs, clipCoef, clipValueLoss, normalizeAdvantages, entropyCoef, valueCoef, maxGradNorm, on, seed);
        }

        /** Steps collected per update: {@code numEnvs * stepsPerRollout}. */
        public int batchSize() { return numEnvs * stepsPerRollout; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Options p && Arrays.equals(hidden, p.hidden) && numEnvs == p.numEnvs && stepsPerRollout == p.stepsPerRollout
                    && learningRate == p.learningRate && annealLearningRate == p.annealLearningRate && gamma == p.gamma
                    && gaeLambda == p.gaeLambda && minibatches == p.minibatches && epochs == p.epochs && clipCoef == p.clipCoef
                    && clipValueLoss == p.clipValueLoss && normalizeAdvantages == p.normalizeAdvantages && entropyCoef == p.entropyCoef
                    && valueCoef == p.valueCoef && maxGradNorm == p.maxGradNorm && normalizeObservations == p.normalizeObservations
                    && seed == p.seed;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(hidden), numEnvs, stepsPerRollout, learningRate, annealLearningRate, gamma, gaeLambda,
                    minibatches, epochs, clipCoef, clipValueLoss, normalizeAdvantages, entropyCoef, valueCoef, maxGradNorm,
                    normalizeObservations, seed);
        }

        /** The record's usual text, with the hidden widths written out (for run folders' {@code config.json}). */
        @Override
        public String toString() {
            return "Options[hidden=" + Arrays.toString(hidden) + ", numEnvs=" + numEnvs + ", stepsPerRollout=" + stepsPerRollout
                    + ", learningRate=" + learningRate + ", annealLearningRate=" + annealLearningRate + ", gamma=" + gamma
                    + ", gaeLambda=" + gaeLambda + ", minibatches=" + minibatches + ", epochs=" + epochs + ", clipCoef=" + clipCoef
                    + ", clipValueLoss=" + clipValueLoss + ", normalizeAdvantages=" + normalizeAdvantages + ", entropyCoef=" + entropyCoef
                    + ", valueCoef=" + valueCoef + ", maxGradNorm=" + maxGradNorm + ", normalizeObservations=" + normalizeObservations
                    + ", seed=" + seed + "]";
        }

        private static void positive(String name, double v) {
            if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(name + " must be > 0, got " + v);
        }
    }

    /**
     * What one update did.
     *
     * @param update 1-based update number
     * @param envSteps environment steps taken so far (all copies)
     * @param learningRate the step size used
     * @param policyLoss mean clipped surrogate loss over the minibatches
     * @param valueLoss mean value loss
     * @param entropy mean policy entropy (nats)
     * @param approxKl mean estimate of KL(old || new), {@code (r - 1) - log r}
     * @param clipFraction fraction of samples whose ratio was outside {@code 1 +- clip}
     * @param episodes episodes finished so far
     * @param recentMeanReturn mean return of the last (up to) 20 finished episodes, NaN before the first
     */
    public record Progress(int update, long envSteps, double learningRate, double policyLoss, double valueLoss, double entropy,
                           double approxKl, double clipFraction, int episodes, double recentMeanReturn) {}

    /** Told after every update. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = p -> {};

        void progress(Progress p);
    }

    /**
     * Finished episodes in the order they ended.
     *
     * @param envSteps environment steps taken (all copies) when each episode ended
     * @param returns each episode's undiscounted return
     */
    public record Curve(long[] envSteps, double[] returns) {
        public Curve {
            if (envSteps.length != returns.length) throw new IllegalArgumentException("one step count per return");
            envSteps = envSteps.clone();
            returns = returns.clone();
        }

        @Override
        public long[] envSteps() { return envSteps.clone(); }

        @Override
        public double[] returns() { return returns.clone(); }

        public int size() { return returns.length; }
    }

    /**
     * @param policy the trained actor: a {@link DiscretePolicy} (softmax over its logits) for discrete
     *        actions, a {@link ContinuousPolicy} (the Gaussian's mean, clipped to the box) for box
     *        actions; the caller owns it and closes it
     * @param episodes the training episodes' returns
     * @param updates every update's statistics
     * @param envSteps environment steps taken
     * @param trainSeconds wall-clock seconds of training, those of the runs it resumed included
     */
    public record Result(MlpPolicy policy, Curve episodes, List<Progress> updates, long envSteps, double trainSeconds) {
        public Result {
            Objects.requireNonNull(policy, "policy");
            updates = List.copyOf(updates);
        }
    }

    /** The number of recent episodes averaged in {@link Progress#recentMeanReturn()}. */
    public static final int RECENT_EPISODES = 20;

    private static final double ADVANTAGE_EPS = 1e-8;
    private static final float ADAM_EPS = 1e-5f;

    private final Options o;

    public Ppo(Options options) { this.o = Objects.requireNonNull(options, "options"); }

    public Options options() { return o; }

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

    /**
     * Trains for {@code totalSteps / batchSize} updates (at least one rollout's worth of steps is
     * required).
     *
     * @param factory makes one fresh environment per call; the action space is discrete or a box
     */
    public Result train(Supplier<? extends ControlEnv> factory, long totalSteps, Listener listener) {
        return train(factory, totalSteps, listener, null);
    }

    /**
     * Trains for {@code totalSteps / batchSize} whole updates. With {@code checkpoints}, the whole
     * state of the run is saved after the update that crosses each multiple of
     * {@link Checkpoint.Settings#every()} env steps and after the last one (checkpoints fall on update
     * boundaries, where the rollout buffers hold nothing the run still needs); with
     * {@link Checkpoint.Settings#resume()} the run continues from the checkpoint there, which must be
     * of PPO with these options, and ends exactly as an uninterrupted run would have: the same
     * parameters, bit for bit, the same episodes and the same update statistics. With an annealed
     * step size the run's length cannot change on resuming (the schedule depends on it); with a
     * constant one a run may be resumed for more updates than it was started with.
     *
     * @param factory makes one fresh environment per call; the action space is discrete or a box
     * @throws IllegalArgumentException for a checkpoint that does not fit this run, naming the file
     */
    public Result train(Supplier<? extends ControlEnv> factory, long totalSteps, Listener listener, Checkpoint.Settings checkpoints) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(listener, "listener");
        int batch = o.batchSize(), n = o.numEnvs();
        if (totalSteps < batch) throw new IllegalArgumentException("totalSteps must be >= one rollout (" + batch + "), got " + totalSteps);
        long longUpdates = totalSteps / batch;
        if (longUpdates > Integer.MAX_VALUE) throw new IllegalArgumentException("too many updates: " + longUpdates);
        int numUpdates = (int) longUpdates;
        VecEnv env = new VecEnv(factory, n);
        int d = env.observationDimension();
        // Discrete: one logit per action. Box: one mean per coordinate, and the log standard deviations.
        Space.Box box = env.actionSpace() instanceof Space.Box b ? b : null;
        int outputs = box != null ? box.low().length : ((Space.Discrete) env.actionSpace()).n();

        Engines.seed(o.seed());
        SplitMix rng = new SplitMix(o.seed());
        Mlp actorShape = new Mlp(d, o.hidden(), outputs, Mlp.Activation.TANH), criticShape = new Mlp(d, o.hidden(), 1, Mlp.Activation.TANH);
        Model actorModel = Model.newInstance("ppo-actor", Engines.pytorch().defaultDevice(), "PyTorch");
        actorModel.setBlock(TanhMlp.block(actorShape, 0.01, rng.nextLong()));
        MlpPolicy policy = box == null ? new DiscretePolicy(actorModel, actorShape)
                : new ContinuousPolicy(actorModel, actorShape, box.low(), box.high());
        DiagonalGaussian gaussian = box == null ? null : new DiagonalGaussian(outputs, 0, ADAM_EPS);
        if (o.normalizeObservations()) policy.normalizeWith(new ObservationNormalizer(d));
        try (Model criticModel = Model.newInstance("ppo-critic", Engines.pytorch().defaultDevice(), "PyTorch")) {
            criticModel.setBlock(TanhMlp.block(criticShape, 1.0, rng.nextLong()));
            // The trainers collect gradients; the steps are Adam's below, whose state a checkpoint can save.
            try (Trainer actor = actorModel.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())); // the loss is computed by hand
                 Trainer critic = criticModel.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                int mb = batch / o.minibatches();
                actor.initialize(new Shape(mb, d));
                critic.initialize(new Shape(mb, d));
                State st = new State(new Adam(actorModel.getBlock(), o.learningRate(), ADAM_EPS),
                        new Adam(criticModel.getBlock(), o.learningRate(), ADAM_EPS), n);
                if (checkpoints != null && checkpoints.resume()) {
                    load(checkpoints.dir(), env, policy, gaussian, actorModel.getBlock(), criticModel.getBlock(), st, numUpdates);
                } else {
                    st.rng = rng;
                    st.observations = env.reset(rng.nextLong());
                    policy.normalizer().ifPresent(z -> z.update(st.observations, n));
                }
                return run(env, st, policy, gaussian, box, actor, critic, numUpdates, listener, checkpoints);
            }
        } catch (RuntimeException e) {
            policy.close();
            throw e;
        }
    }

    /** The options of the PPO checkpoint in {@code dir} (for resuming it with the options it was made with). */
    public static Options checkpointOptions(Path dir) {
        return Checkpoint.readOptions(Checkpoint.Reader.open(dir).expect("ppo"), Options.class);
    }

    /**
     * Everything of a run that carries over from one update to the next: what a checkpoint saves
     * besides the networks, the normaliser and the Gaussian's log standard deviations.
     */
    private static final class State {
        final Checkpoint.Clock clock = new Checkpoint.Clock();
        final Adam actorAdam, criticAdam;
        final double[] episodeReturn; // per copy, of the running episode
        Checkpoint.EpisodeLog episodes = new Checkpoint.EpisodeLog();
        List<Progress> history = new ArrayList<>();
        SplitMix rng;
        double[] observations; // the raw observations of every copy, before the next step
        long envSteps;
        int update; // updates done

        State(Adam actorAdam, Adam criticAdam, int copies) {
            this.actorAdam = actorAdam;
            this.criticAdam = criticAdam;
            this.episodeReturn = new double[copies];
        }
    }

    /**
     * The training loop. {@code gaussian} and {@code box} are null for discrete actions; for box
     * actions {@code policy}'s outputs are the Gaussian's means.
     */
    private Result run(VecEnv env, State st, MlpPolicy policy, DiagonalGaussian gaussian, Space.Box box, Trainer actor,
                       Trainer critic, int numUpdates, Listener listener, Checkpoint.Settings checkpoints) {
        int n = o.numEnvs(), T = o.stepsPerRollout(), batch = o.batchSize(), d = env.observationDimension();
        int outputs = policy.shape().outputs();
        int k = gaussian == null ? 1 : outputs; // numbers per stored action
        SplitMix rng = st.rng;
        // Rollout buffers, index t * n + i (observations: (t * n + i) * d + c; actions: (t * n + i) * k + c).
        float[] obs = new float[batch * d];
        float[] actions = new float[batch * k]; // discrete: the action's index; box: the unclipped sample
        double[] logProbs = new double[batch], rewards = new double[batch], values = new double[batch];
        double[] nextValues = new double[batch], advantages = new double[batch], returns = new double[batch];
        boolean[] ends = new boolean[batch];
        // Per-step scratch: raw observations, and what the networks see (the same array without normalisation)
        ObservationNormalizer norm = policy.normalizer().orElse(null);
        float[] current = new float[n * d], finals = new float[n * d];
        float[] input = norm == null ? current : new float[n * d];
        int[] stepActions = new int[n];
        double[] boxActions = new double[n * k];
        double[] stepLogits = new double[outputs];
        double[] episodeReturn = st.episodeReturn;

        toFloat(st.observations, current);
        VecEnv.VecStep step = VecEnv.VecStep.allocate(n, d);
        int[] order = new int[batch];
        for (int update = st.update + 1; update <= numUpdates; update++) {
            float lr = (float) (o.annealLearningRate() ? o.learningRate() * (1.0 - (update - 1.0) / numUpdates) : o.learningRate());

            // 1. Rollout.
            for (int t = 0; t < T; t++) {
                if (norm != null) norm.normalize(current, input, n);
                System.arraycopy(input, 0, obs, t * n * d, n * d);
                float[] out;
                try (NDManager m = actor.getManager().newSubManager()) {
                    out = policy.networkOutputs(m, input, n).toFloatArray();
                }
                double[] v = criticValues(critic, input, n);
                for (int i = 0; i < n; i++) {
                    int at = t * n + i;
                    if (gaussian == null) {
                        for (int a = 0; a < outputs; a++) stepLogits[a] = out[i * outputs + a];
                        int a = sample(stepLogits, rng);
                        stepActions[i] = a;
                        actions[at] = a;
                        logProbs[at] = logSoftmax(stepLogits, a);
                    } else {
                        logProbs[at] = gaussian.sample(out, i * k, rng, actions, at * k);
                        // Only the environment sees the action clipped to the box.
                        for (int c = 0; c < k; c++)
                            boxActions[i * k + c] = Math.min(box.high()[c], Math.max(box.low()[c], actions[at * k + c]));
                    }
                    values[at] = v[i];
                }
                if (gaussian == null) env.step(stepActions, step);
                else env.step(boxActions, step);
                st.envSteps += n;
                if (norm != null) norm.update(step.observations(), n);
                boolean anyTruncated = false;
                for (int i = 0; i < n; i++) {
                    int at = t * n + i;
                    rewards[at] = step.rewards()[i];
                    ends[at] = step.done(i);
                    nextValues[at] = 0; // filled below for truncations and continuing steps
                    episodeReturn[i] += step.rewards()[i];
                    if (step.done(i)) {
                        st.episodes.add(st.envSteps, episodeReturn[i]);
                        episodeReturn[i] = 0;
                        if (step.truncated()[i] && !step.terminated()[i]) anyTruncated = true;
                    }
                }
                if (anyTruncated) {
                    // Bootstrap truncated episodes with the value of the observation that ended them.
                    toFloat(step.finalObservations(), finals);
                    for (int i = 0; i < n; i++) if (!step.done(i)) System.arraycopy(current, i * d, finals, i * d, d); // no NaN into the net
                    if (norm != null) norm.normalize(finals, finals, n);
                    double[] vf = criticValues(critic, finals, n);
                    for (int i = 0; i < n; i++)
                        if (step.truncated()[i] && !step.terminated()[i]) nextValues[t * n + i] = vf[i];
                }
                st.observations = step.observations();
                toFloat(st.observations, current);
            }
            // Continuing transitions bootstrap with the value of the next observation.
            if (norm != null) norm.normalize(current, input, n);
            double[] last = criticValues(critic, input, n);
            for (int t = 0; t < T; t++)
                for (int i = 0; i < n; i++)
                    if (!ends[t * n + i]) nextValues[t * n + i] = t + 1 < T ? values[(t + 1) * n + i] : last[i];

            // 2. Advantages.
            gae(T, n, rewards, values, nextValues, ends, o.gamma(), o.gaeLambda(), advantages, returns);

            // 3. Optimisation: every epoch shuffles the rollout's indices, starting each update from 0 .. batch - 1.
            int mb = batch / o.minibatches();
            float[] xb = new float[mb * d], ab = new float[mb * k], lpb = new float[mb], advb = new float[mb], retb = new float[mb], vb = new float[mb];
            double sumPg = 0, sumV = 0, sumEnt = 0, sumKl = 0, sumClip = 0;
            int count = 0;
            for (int i = 0; i < batch; i++) order[i] = i;
            for (int epoch = 0; epoch < o.epochs(); epoch++) {
                shuffle(order, rng);
                for (int start = 0; start < batch; start += mb) {
                    for (int j = 0; j < mb; j++) {
                        int at = order[start + j];
                        System.arraycopy(obs, at * d, xb, j * d, d);
                        System.arraycopy(actions, at * k, ab, j * k, k);
                        lpb[j] = (float) logProbs[at];
                        retb[j] = (float) returns[at];
                        vb[j] = (float) values[at];
                    }
                    minibatchAdvantages(advantages, order, start, mb, o.normalizeAdvantages(), advb);
                    float[] stats = minibatchStep(actor, critic, st, gaussian, lr, xb, ab, lpb, advb, retb, vb, mb, d, outputs);
                    sumPg += stats[0];
                    sumV += stats[1];
                    sumEnt += stats[2];
                    sumKl += stats[3];
                    sumClip += stats[4];
                    count++;
                }
            }
            Progress p = new Progress(update, st.envSteps, lr, sumPg / count, sumV / count, sumEnt / count, sumKl / count,
                    sumClip / count, st.episodes.size(), st.episodes.meanOfLast(RECENT_EPISODES));
            st.history.add(p);
            st.update = update;
            if (checkpoints != null && (st.envSteps / checkpoints.every() != (st.envSteps - batch) / checkpoints.every() || update == numUpdates))
                save(checkpoints.dir(), env, policy, gaussian, actor.getModel().getBlock(), critic.getModel().getBlock(), st, numUpdates);
            listener.progress(p);
        }
        return new Result(policy, st.episodes.curve(), st.history, st.envSteps, st.clock.seconds());
    }

    /** Writes the checkpoint of the run after update {@code st.update} into {@code dir}, atomically (see docs/formats.md). */
    private void save(Path dir, VecEnv env, MlpPolicy policy, DiagonalGaussian gaussian, Block actor, Block critic, State st,
                      int numUpdates) {
        try {
            AtomicDirectory.write(dir, tmp -> {
                Checkpoint.Writer w = new Checkpoint.Writer(tmp, "ppo");
                w.put("step", st.envSteps).put("total_steps", (long) numUpdates * o.batchSize());
                w.put("update", st.update).put("updates", numUpdates);
                st.clock.write(w);
                Checkpoint.putOptions(w, o);
                w.vecEnv(env);
                w.put("observations", st.observations);
                w.put("rng", st.rng.state());
                w.put("episode_return", st.episodeReturn);
                policy.normalizer().ifPresent(z -> z.describe(w.p));
                w.parameters("actor.f32", actor);
                w.parameters("critic.f32", critic);
                w.adam("actor.adam.f32", st.actorAdam);
                w.adam("critic.adam.f32", st.criticAdam);
                if (gaussian != null) w.put("log_std.state", gaussian.state()).put("log_std.steps", gaussian.steps());
                st.episodes.write(w, "episodes.bin");
                writeUpdates(w, "updates.bin", st.history);
                w.finish();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Restores the run saved in {@code dir}. */
    private void load(Path dir, VecEnv env, MlpPolicy policy, DiagonalGaussian gaussian, Block actor, Block critic, State st,
                      int numUpdates) {
        Checkpoint.Reader r = Checkpoint.Reader.open(dir).expect("ppo");
        Checkpoint.checkOptions(r, o);
        int batch = o.batchSize(), savedUpdates = r.intValue("updates");
        if (o.annealLearningRate() && savedUpdates != numUpdates)
            throw r.bad("updates", "is " + savedUpdates + " (" + (long) savedUpdates * batch + " steps), but this run is for " + numUpdates
                    + " (" + (long) numUpdates * batch + " steps); the step size anneals over the run's length, so it cannot be changed");
        st.update = r.intValue("update");
        st.clock.read(r);
        if (st.update < 0 || st.update > numUpdates) throw r.bad("update", "is " + st.update + ", outside 0 .. " + numUpdates);
        st.envSteps = r.longValue("step");
        if (st.envSteps != (long) st.update * batch)
            throw r.bad("step", "is " + st.envSteps + ", but " + st.update + " updates of " + batch + " steps are " + (long) st.update * batch);
        r.restoreVecEnv(env);
        st.observations = r.doubles("observations");
        if (st.observations.length != env.copies() * env.observationDimension())
            throw r.bad("observations", "has " + st.observations.length + " numbers, expected " + env.copies() * env.observationDimension());
        st.rng = SplitMix.fromState(r.longValue("rng"));
        double[] returns = r.doubles("episode_return");
        if (returns.length != env.copies()) throw r.bad("episode_return", "has " + returns.length + " numbers, expected " + env.copies());
        System.arraycopy(returns, 0, st.episodeReturn, 0, returns.length);
        if (o.normalizeObservations()) policy.normalizeWith(r.normalizer(env.observationDimension()));
        r.parameters("actor.f32", actor);
        r.parameters("critic.f32", critic);
        r.adam("actor.adam.f32", st.actorAdam);
        r.adam("critic.adam.f32", st.criticAdam);
        if (gaussian != null) {
            try {
                gaussian.restore(r.doubles("log_std.state"), r.intValue("log_std.steps"));
            } catch (IllegalArgumentException e) {
                if (e.getMessage().startsWith(dir.toString())) throw e;
                throw r.bad("log_std.state", "does not fit: " + e.getMessage());
            }
        }
        st.episodes = Checkpoint.EpisodeLog.read(r, "episodes.bin");
        st.history = readUpdates(r, "updates.bin", st.update);
    }

    /** Every update's {@link Progress} into file {@code name}: 10 little-endian 8-byte numbers per update, see docs/formats.md. */
    private static void writeUpdates(Checkpoint.Writer w, String name, List<Progress> history) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(UPDATE_BYTES * history.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (Progress p : history)
            b.putLong(p.update()).putLong(p.envSteps()).putDouble(p.learningRate()).putDouble(p.policyLoss()).putDouble(p.valueLoss())
                    .putDouble(p.entropy()).putDouble(p.approxKl()).putDouble(p.clipFraction()).putLong(p.episodes())
                    .putDouble(p.recentMeanReturn());
        w.bytes(name, b);
    }

    private static List<Progress> readUpdates(Checkpoint.Reader r, String name, int count) {
        ByteBuffer b = r.bytes(name, (long) UPDATE_BYTES * count);
        List<Progress> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
            out.add(new Progress(Math.toIntExact(b.getLong()), b.getLong(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(),
                    b.getDouble(), b.getDouble(), Math.toIntExact(b.getLong()), b.getDouble()));
        return out;
    }

    private static final int UPDATE_BYTES = 10 * 8;

    /**
     * One Adam step of both networks (and of the Gaussian's log standard deviations, for box actions)
     * on a minibatch; returns {policy loss, value loss, entropy, approx KL, clip fraction}.
     *
     * @param ab the minibatch's actions: indices ({@code mb}) or unclipped samples ({@code mb x outputs})
     */
    private float[] minibatchStep(Trainer actor, Trainer critic, State st, DiagonalGaussian gaussian, float lr, float[] xb, float[] ab,
                                  float[] oldLogp, float[] adv, float[] ret, float[] oldV, int mb, int d, int outputs) {
        float[] stats = new float[5];
        try (NDManager m = actor.getManager().newSubManager()) {
            NDArray x = m.create(xb, new Shape(mb, d));
            NDArray oldLp = m.create(oldLogp), advantage = m.create(adv), target = m.create(ret), oldValue = m.create(oldV);
            NDArray logStd = gaussian == null ? null : gaussian.parameter(m);
            NDArray newLp, entropy;
            try (GradientCollector gc = actor.newGradientCollector()) {
                NDArray out = actor.forward(new NDList(x)).singletonOrThrow();
                if (gaussian == null) {
                    NDArray logp = out.logSoftmax(1);
                    newLp = logp.mul(m.create(ab).oneHot(outputs)).sum(new int[]{1});
                    entropy = logp.exp().mul(logp).sum(new int[]{1}).neg().mean();
                } else {
                    newLp = DiagonalGaussian.logDensity(out, logStd, m.create(ab, new Shape(mb, outputs)));
                    entropy = DiagonalGaussian.entropy(logStd);
                }
                NDArray pgLoss = clippedSurrogateLoss(newLp, oldLp, advantage, (float) o.clipCoef());
                NDArray value = critic.forward(new NDList(x)).singletonOrThrow().reshape(-1);
                NDArray vLoss = valueLoss(value, oldValue, target, o.clipValueLoss() ? (float) o.clipCoef() : Float.NaN);
                NDArray loss = pgLoss.sub(Differentiable.times(entropy, o.entropyCoef())).add(Differentiable.times(vLoss, o.valueCoef()));
                gc.backward(loss);
                NDArray logRatio = newLp.sub(oldLp);
                NDArray ratio = logRatio.exp();
                stats[0] = pgLoss.getFloat();
                stats[1] = vLoss.getFloat();
                stats[2] = entropy.getFloat();
                stats[3] = ratio.sub(1f).sub(logRatio).mean().getFloat();
                stats[4] = ratio.sub(1f).abs().gt((float) o.clipCoef()).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mean().getFloat();
            }
            List<NDArray> grads = gradients(m, actor, critic);
            NDArray logStdGrad = null;
            if (gaussian != null) {
                logStdGrad = logStd.getGradient();
                logStdGrad.attach(m);
                grads.add(logStdGrad);
            }
            clipGlobalNorm(grads, o.maxGradNorm());
            st.actorAdam.step(lr);
            st.criticAdam.step(lr);
            if (gaussian != null) gaussian.step(logStdGrad.toFloatArray(), lr);
            for (NDArray g : grads) g.muli(0f); // start the next step from zero gradients
        }
        return stats;
    }

    /** The gradients of both networks' parameters, as handles owned by {@code m}. */
    private static List<NDArray> gradients(NDManager m, Trainer... trainers) {
        List<NDArray> grads = new ArrayList<>();
        for (Trainer t : trainers)
            for (Pair<String, Parameter> p : t.getModel().getBlock().getParameters()) {
                NDArray g = p.getValue().getArray().getGradient();
                g.attach(m);
                grads.add(g);
            }
        return grads;
    }

    /**
     * Scales the gradients in place so that their global L2 norm is at most {@code maxNorm}, as
     * {@code torch.nn.utils.clip_grad_norm_} does (factor {@code maxNorm / (norm + 1e-6)} when below 1).
     *
     * @return the norm before clipping
     */
    static double clipGlobalNorm(List<NDArray> grads, double maxNorm) {
        double sq = 0;
        for (NDArray g : grads) for (float v : g.toFloatArray()) sq += (double) v * v;
        double norm = Math.sqrt(sq);
        double scale = maxNorm / (norm + 1e-6);
        if (scale < 1) for (NDArray g : grads) g.muli((float) scale);
        return norm;
    }

    /**
     * The clipped surrogate objective as a loss (eq. 7 of Schulman et al. 2017, negated and averaged):
     * {@code mean(max(-A r, -A clip(r, 1 - eps, 1 + eps)))} with {@code r = exp(logp - oldLogp)}.
     */
    static NDArray clippedSurrogateLoss(NDArray logp, NDArray oldLogp, NDArray advantages, float clip) {
        NDArray ratio = logp.sub(oldLogp).exp();
        NDArray unclipped = advantages.neg().mul(ratio);
        NDArray clipped = advantages.neg().mul(ratio.clip(1f - clip, 1f + clip));
        return unclipped.maximum(clipped).mean();
    }

    /**
     * The value loss {@code 0.5 mean((V - R)^2)}; when {@code clip} is not NaN, CleanRL's clipped form
     * {@code 0.5 mean(max((V - R)^2, (V_old + clip(V - V_old, -clip, clip) - R)^2))}.
     */
    static NDArray valueLoss(NDArray value, NDArray oldValue, NDArray returns, float clip) {
        NDArray unclipped = value.sub(returns).square();
        if (Float.isNaN(clip)) return Differentiable.times(unclipped.mean(), 0.5);
        NDArray clipped = oldValue.add(value.sub(oldValue).clip(-clip, clip)).sub(returns).square();
        return Differentiable.times(unclipped.maximum(clipped).mean(), 0.5);
    }

    /**
     * Generalised advantage estimation over a rollout of {@code steps x envs} transitions (index
     * {@code t * envs + i}): {@code delta_t = r_t + gamma * next_t - V_t} and
     * {@code A_t = delta_t + gamma * lambda * (1 - end_t) * A_{t+1}}, where {@code next_t} is the value
     * of the state after transition t as the caller decides it (0 when terminated, the value of the
     * final observation when truncated, the next state's value otherwise) and {@code end_t} stops the
     * recursion at episode boundaries. The last step's recursion starts from 0.
     *
     * @param advantages overwritten with A
     * @param returns overwritten with {@code A + V}, the critic's targets
     */
    static void gae(int steps, int envs, double[] rewards, double[] values, double[] nextValues, boolean[] episodeEnds,
                    double gamma, double lambda, double[] advantages, double[] returns) {
        for (int i = 0; i < envs; i++) {
            double running = 0;
            for (int t = steps - 1; t >= 0; t--) {
                int at = t * envs + i;
                double delta = rewards[at] + gamma * nextValues[at] - values[at];
                running = delta + (episodeEnds[at] ? 0 : gamma * lambda * running);
                advantages[at] = running;
                returns[at] = running + values[at];
            }
        }
    }

    /** The minibatch's advantages, standardised (mean 0, unbiased standard deviation 1) when asked. */
    private static void minibatchAdvantages(double[] advantages, int[] order, int start, int mb, boolean normalize, float[] out) {
        double mean = 0, var = 0;
        if (normalize) {
            for (int j = 0; j < mb; j++) mean += advantages[order[start + j]];
            mean /= mb;
            for (int j = 0; j < mb; j++) {
                double e = advantages[order[start + j]] - mean;
                var += e * e;
            }
            var = mb > 1 ? var / (mb - 1) : 0;
        }
        double scale = normalize ? 1 / (Math.sqrt(var) + ADVANTAGE_EPS) : 1;
        for (int j = 0; j < mb; j++) out[j] = (float) ((advantages[order[start + j]] - mean) * scale);
    }

    private double[] criticValues(Trainer critic, float[] x, int rows) {
        float[] v;
        try (NDManager m = critic.getManager().newSubManager()) {
            NDArray in = m.create(x, new Shape(rows, x.length / rows));
            v = critic.getModel().getBlock().forward(new ParameterStore(m, false), new NDList(in), false).singletonOrThrow().toFloatArray();
        }
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) out[i] = v[i];
        return out;
    }

    /** Draws an action from the softmax of {@code logits}. */
    private static int sample(double[] logits, RandomGenerator rng) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) max = Math.max(max, l);
        double total = 0;
        for (double l : logits) total += Math.exp(l - max);
        double u = rng.nextDouble() * total, acc = 0;
        for (int a = 0; a < logits.length; a++) {
            acc += Math.exp(logits[a] - max);
            if (u < acc) return a;
        }
        return logits.length - 1;
    }

    /** {@code log softmax(logits)[a]}. */
    static double logSoftmax(double[] logits, int a) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) max = Math.max(max, l);
        double total = 0;
        for (double l : logits) total += Math.exp(l - max);
        return logits[a] - max - Math.log(total);
    }

    private static void shuffle(int[] a, RandomGenerator rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    private static void toFloat(double[] from, float[] to) {
        for (int i = 0; i < from.length; i++) to[i] = (float) from[i];
    }

    /** Greedy returns as {@link MlpPolicy#greedyReturns} computes them (episode i from {@code reset(seed + i)}). */
    public static double[] evaluateGreedy(MlpPolicy policy, Supplier<? extends ControlEnv> factory, int episodes, long seed) {
        return MlpPolicy.greedyReturns(policy, factory.get(), episodes, seed);
    }
}
