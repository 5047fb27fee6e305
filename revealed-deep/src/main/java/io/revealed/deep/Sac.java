package io.revealed.deep;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
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
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Soft Actor-Critic for continuous (box) actions (Haarnoja et al. 2018, "Soft Actor-Critic:
 * Off-Policy Maximum Entropy Deep Reinforcement Learning with a Stochastic Actor"), with twin
 * critics and the automatic entropy tuning of "Soft Actor-Critic Algorithms and Applications"
 * (Haarnoja et al. 2018b), following CleanRL's {@code sac_continuous_action.py}.
 *
 * <p><b>Actor.</b> An MLP gives, per action coordinate, a mean {@code mu} and a log standard
 * deviation squeezed into {@code [LOG_STD_MIN, LOG_STD_MAX]} by
 * {@code log sigma = min + (max - min) (tanh(raw) + 1) / 2}. An action is sampled by
 * reparameterisation, {@code u = mu + sigma * eps} with {@code eps ~ N(0, I)}, and squashed into the
 * box, {@code a = c + s tanh(u)} (centre {@code c = (high + low) / 2}, half-width
 * {@code s = (high - low) / 2}). Its log-density is (paper 1, appendix C, eq. 21, with the scale)
 * <pre>
 * log pi(a|o) = sum_i [ log N(u_i; mu_i, sigma_i) - log(s_i (1 - tanh(u_i)^2)) ]
 * </pre>
 * with {@code log(1 - tanh(u)^2)} computed as {@code 2 (log 2 - u - softplus(-2u))}, exact and finite
 * for every {@code u} (CleanRL adds 1e-6 inside the logarithm instead). The greedy (deterministic)
 * action is {@code c + s tanh(mu)}; the trained policy is returned and saved as that
 * ({@link ContinuousPolicy} with {@code squash=tanh}).
 *
 * <p><b>Updates</b>, on a batch sampled uniformly from the replay buffer, once per environment step
 * after {@code learningStarts}:
 * <ol>
 *   <li>Critics (paper 2, eqs. 5-6, with the minimum of the two target critics): with
 *       {@code a' ~ pi(.|o')},
 *       {@code y = r + gamma (1 - terminated) (min_j Q'_j(o', a') - alpha log pi(a'|o'))}, and one Adam
 *       step on {@code sum_j mean((Q_j(o, a) - y)^2)}.</li>
 *   <li>Every {@code policyFrequency} steps, {@code policyFrequency} actor steps (CleanRL's delayed
 *       update, compensating for the delay) on {@code mean(alpha log pi(a~|o) - min_j Q_j(o, a~))},
 *       {@code a~ ~ pi(.|o)} reparameterised (paper 2, eq. 7); after each, when tuning, one Adam step
 *       on {@code log alpha} for {@code J(alpha) = mean(-alpha (log pi(a~|o) + H))} with the target
 *       entropy {@code H = -dim(A)} (paper 2, eq. 18), using that actor step's (pre-update) samples.</li>
 *   <li>Every {@code targetNetworkFrequency} steps, Polyak averaging of the target critics:
 *       {@code theta' <- tau theta + (1 - tau) theta'}.</li>
 * </ol>
 * Before {@code learningStarts} the actions are uniform in the box.
 *
 * <p><b>Episode ends.</b> Only {@code terminated} stops the bootstrap; a transition cut by the time
 * limit (every Pendulum episode) is stored with its real next observation and bootstrapped from it.
 *
 * <p><b>Memory.</b> The replay buffer and batch arrays are primitive arrays allocated once; every
 * network call and every gradient step allocates its native arrays in a child {@link NDManager}
 * closed at its end.
 *
 * <p><b>Reproducibility.</b> Initial weights (PyTorch's default {@code nn.Linear} initialisation,
 * uniform in {@code +-1/sqrt(fan_in)}, drawn from Java generators), environment seeds, exploration
 * noise, the reparameterisation noise and batch sampling all come from {@link Options#seed()}
 * (through a {@link SplitMix} generator, the stream of {@code java.util.SplittableRandom}), and
 * the Java-side arithmetic uses {@link StrictMath}: the same seed gives the same run, in any process
 * and with one or two PyTorch threads (20,000 Pendulum steps, every loss equal bit for bit, also
 * under a 100 MB heap with glibc's {@code MALLOC_PERTURB_}; see {@link #constant} for what once
 * broke this).
 *
 * <p><b>Adam</b> is {@link Adam} (PyTorch's update) for the three networks, a scalar Adam in double
 * precision for {@code log alpha}.
 *
 * <p><b>Checkpoints</b> ({@link #train(Supplier, long, Listener, Checkpoint.Settings)}) save all
 * of the run's state (five networks, the Adam moments, {@code log alpha} and its moments, the replay
 * buffer, the generators, the environment mid-episode, the counters, curve and losses), so that a
 * resumed run ends bit for bit as an uninterrupted one.
 *
 * <p><b>Divergence.</b> A NaN or infinite loss stops training with a {@link DivergedException}
 * rather than letting NaN actions reach the environment.
 *
 * <p>Cost per environment step after {@code learningStarts}: one actor call on one row, and (on
 * average) one critic step (an actor and two target-critic forward passes, two critic forward and
 * backward passes) plus one actor step (an actor and two critic forward and backward passes) on
 * {@code batchSize} rows.
 */
public final class Sac {

    /** Bounds of the actor's log standard deviation (CleanRL's {@code LOG_STD_MIN}, {@code LOG_STD_MAX}). */
    public static final double LOG_STD_MIN = -5, LOG_STD_MAX = 2;

    private static final double HALF_LOG_2PI = 0.5 * StrictMath.log(2 * Math.PI);
    private static final double LOG_2 = StrictMath.log(2);
    /** PyTorch's Adam defaults, used for the scalar {@code log alpha}. */
    private static final double ADAM_BETA1 = 0.9, ADAM_BETA2 = 0.999, ADAM_EPS = 1e-8;

    /**
     * @param hidden hidden layer widths of the actor and of each critic (ReLU)
     * @param bufferSize replay buffer capacity
     * @param gamma discount factor
     * @param tau Polyak coefficient of the target critics ({@code theta' <- tau theta + (1 - tau) theta'})
     * @param batchSize transitions per gradient step
     * @param learningStarts env steps with uniformly random actions before the first gradient step
     * @param policyLearningRate Adam step size of the actor
     * @param qLearningRate Adam step size of the critics, and of {@code log alpha}
     * @param policyFrequency env steps between actor updates (each time, this many actor steps)
     * @param targetNetworkFrequency env steps between Polyak updates of the target critics
     * @param alpha the entropy temperature: fixed when {@code autotune} is off, the starting value otherwise
     * @param autotune whether alpha is learned towards the target entropy {@code -dim(A)}
     * @param seed seeds everything
     */
    public record Options(int[] hidden, int bufferSize, double gamma, double tau, int batchSize, long learningStarts,
                          double policyLearningRate, double qLearningRate, int policyFrequency, int targetNetworkFrequency,
                          double alpha, boolean autotune, long seed) {
        public Options {
            hidden = hidden.clone();
            for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden widths must be >= 1, got " + Arrays.toString(hidden));
            if (bufferSize < 1) throw new IllegalArgumentException("bufferSize must be >= 1, got " + bufferSize);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
            if (!(tau > 0 && tau <= 1)) throw new IllegalArgumentException("tau must be in (0, 1], got " + tau);
            if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            if (learningStarts < 0) throw new IllegalArgumentException("learningStarts must be >= 0, got " + learningStarts);
            positive("policyLearningRate", policyLearningRate);
            positive("qLearningRate", qLearningRate);
            if (policyFrequency < 1) throw new IllegalArgumentException("policyFrequency must be >= 1, got " + policyFrequency);
            if (targetNetworkFrequency < 1) throw new IllegalArgumentException("targetNetworkFrequency must be >= 1, got " + targetNetworkFrequency);
            positive("alpha", alpha);
        }

        /**
         * CleanRL's defaults except the network width: buffer 1e6, gamma 0.99, tau 0.005, batch 256,
         * learning from step 5,000, Adam 3e-4 (actor) and 1e-3 (critics, alpha), actor updated every 2
         * steps, target critics every step, alpha tuned from 1 (CleanRL's {@code log_alpha = 0}); 64-64
         * networks where CleanRL has 256-256. On Pendulum-v1 64-64 reaches the same greedy return
         * (-146.9 against -148.7 after 20,000 steps, seed 1) in a third of the time on two CPU cores
         * (53 s against 157 s on a shared machine; see docs/BENCHMARKS.md).
         */
        public Options() {
            this(new int[]{64, 64}, 1_000_000, 0.99, 0.005, 256, 5_000, 3e-4, 1e-3, 2, 1, 1.0, true, 1);
        }

        /** CleanRL's defaults exactly: {@link #Options()} with 256-256 networks. */
        public static Options cleanRl() { return new Options().withHidden(256, 256); }

        public Options withSeed(long s) {
            return new Options(hidden, bufferSize, gamma, tau, batchSize, learningStarts, policyLearningRate, qLearningRate,
                    policyFrequency, targetNetworkFrequency, alpha, autotune, s);
        }

        public Options withHidden(int... h) {
            return new Options(h, bufferSize, gamma, tau, batchSize, learningStarts, policyLearningRate, qLearningRate,
                    policyFrequency, targetNetworkFrequency, alpha, autotune, seed);
        }

        public Options withBufferSize(int n) {
            return new Options(hidden, n, gamma, tau, batchSize, learningStarts, policyLearningRate, qLearningRate,
                    policyFrequency, targetNetworkFrequency, alpha, autotune, seed);
        }

        public Options withGamma(double g) {
            return new Options(hidden, bufferSize, g, tau, batchSize, learningStarts, policyLearningRate, qLearningRate,
                    policyFrequency, targetNetworkFrequency, alpha, autotune, seed);
        }

        public Options withTau(double t) {
            return new Options(hidden, bufferSize, gamma, t, batchSize, learningStarts, policyLearningRate, qLearningRate,
                    policyFrequency, targetNetworkFrequency, alpha, autotune, seed);
        }

        public Options withBatchSize(int b) {
            return new Options(hidden, bufferSize, gamma, tau, b, learningStarts, policyLearningRate, qLearningRate,
                    policyFrequency, targetNetworkFrequency, alpha, autotune, seed);
        }

        public Options withLearningStarts(long steps) {
            return new Options(hidden, bufferSize, gamma, tau, batchSize, steps, policyLearningRate, qLearningRate,
                    policyFrequency, targetNetworkFrequency, alpha, autotune, seed);
        }

        public Options withLearningRates(double policy, double q) {
            return new Options(hidden, bufferSize, gamma, tau, batchSize, learningStarts, policy, q,
                    policyFrequency, targetNetworkFrequency, alpha, autotune, seed);
        }

        public Options withPolicyFrequency(int f) {
            return new Options(hidden, bufferSize, gamma, tau, batchSize, learningStarts, policyLearningRate, qLearningRate,
                    f, targetNetworkFrequency, alpha, autotune, seed);
        }

        /** A fixed temperature (no tuning). */
        public Options withFixedAlpha(double a) {
            return new Options(hidden, bufferSize, gamma, tau, batchSize, learningStarts, policyLearningRate, qLearningRate,
                    policyFrequency, targetNetworkFrequency, a, false, seed);
        }

        /** Alpha learned, starting from {@code initial}. */
        public Options withTunedAlpha(double initial) {
            return new Options(hidden, bufferSize, gamma, tau, batchSize, learningStarts, policyLearningRate, qLearningRate,
                    policyFrequency, targetNetworkFrequency, initial, true, seed);
        }

        @Override
        public int[] hidden() { return hidden.clone(); }

        @Override
        public String toString() {
            return "Sac.Options[hidden=" + Arrays.toString(hidden) + ", bufferSize=" + bufferSize + ", gamma=" + gamma + ", tau=" + tau
                    + ", batchSize=" + batchSize + ", learningStarts=" + learningStarts + ", policyLearningRate=" + policyLearningRate
                    + ", qLearningRate=" + qLearningRate + ", policyFrequency=" + policyFrequency + ", targetNetworkFrequency="
                    + targetNetworkFrequency + ", alpha=" + alpha + ", autotune=" + autotune + ", seed=" + seed + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Options p && Arrays.equals(hidden, p.hidden) && bufferSize == p.bufferSize && gamma == p.gamma
                    && tau == p.tau && batchSize == p.batchSize && learningStarts == p.learningStarts
                    && policyLearningRate == p.policyLearningRate && qLearningRate == p.qLearningRate
                    && policyFrequency == p.policyFrequency && targetNetworkFrequency == p.targetNetworkFrequency
                    && alpha == p.alpha && autotune == p.autotune && seed == p.seed;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(hidden), bufferSize, gamma, tau, batchSize, learningStarts, policyLearningRate,
                    qLearningRate, policyFrequency, targetNetworkFrequency, alpha, autotune, seed);
        }

        private static void positive(String name, double v) {
            if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(name + " must be > 0, got " + v);
        }
    }

    /**
     * Told at the end of every training episode.
     *
     * @param envSteps env steps taken so far
     * @param episodes episodes finished so far
     * @param episodeReturn the finished episode's undiscounted return
     * @param alpha the entropy temperature at that step
     * @param meanCriticLoss mean critic loss of the critic steps since the previous report (NaN if none)
     * @param meanActorLoss mean actor loss of the actor steps since the previous report (NaN if none)
     * @param gradientSteps critic steps taken so far
     */
    public record Progress(long envSteps, int episodes, double episodeReturn, double alpha, double meanCriticLoss, double meanActorLoss,
                           long gradientSteps) {}

    @FunctionalInterface
    public interface Listener {
        Listener NONE = p -> {};

        void progress(Progress p);
    }

    /**
     * @param policy the greedy actor, {@code c + s tanh(mu(o))}; the caller owns and closes it
     * @param episodes training episodes' returns against env steps
     * @param criticLosses the critic loss {@code sum_j mean((Q_j - y)^2)} of every critic step, in order
     * @param actorLosses the actor loss of every actor step, in order
     * @param alpha the final entropy temperature
     * @param envSteps env steps taken
     * @param gradientSteps critic steps taken
     * @param trainSeconds wall-clock seconds of training, those of the runs it resumed included
     */
    public record Result(ContinuousPolicy policy, Ppo.Curve episodes, float[] criticLosses, float[] actorLosses, double alpha,
                         long envSteps, long gradientSteps, double trainSeconds) {
        public Result {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(episodes, "episodes");
            criticLosses = criticLosses.clone();
            actorLosses = actorLosses.clone();
        }

        @Override
        public float[] criticLosses() { return criticLosses.clone(); }

        @Override
        public float[] actorLosses() { return actorLosses.clone(); }
    }

    /** Training stopped because a loss became NaN or infinite (the networks are then unusable). */
    public static final class DivergedException extends RuntimeException {
        DivergedException(long envStep, String which, float loss) {
            super("SAC diverged at env step " + envStep + ": the " + which + " loss is " + loss
                    + "; try another seed or smaller learning rates");
        }
    }

    private final Options o;

    public Sac(Options options) { this.o = Objects.requireNonNull(options, "options"); }

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

    /** Trains for {@code totalSteps} env steps on one environment made by {@code factory} (a bounded box of actions). */
    public Result train(Supplier<? extends ControlEnv> factory, long totalSteps, Listener listener) {
        return train(factory, totalSteps, listener, null);
    }

    /**
     * Trains for {@code totalSteps} env steps on one environment made by {@code factory} (a bounded
     * box of actions). With {@code checkpoints}, the whole state of the run is saved every
     * {@link Checkpoint.Settings#every()} steps and at the end into {@link Checkpoint.Settings#dir()}
     * (see {@link Checkpoint}); with {@link Checkpoint.Settings#resume()} the run continues from the
     * checkpoint there, which must be of SAC with these options, and ends exactly as an
     * uninterrupted run would have: the same parameters, bit for bit, the same episodes and losses.
     * Nothing in SAC depends on the run's length, so a resumed run may be longer than the one
     * checkpointed (a finished run can be extended).
     *
     * @throws IllegalArgumentException for a checkpoint that does not fit this run, naming the file
     */
    public Result train(Supplier<? extends ControlEnv> factory, long totalSteps, Listener listener, Checkpoint.Settings checkpoints) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(listener, "listener");
        if (totalSteps < 1) throw new IllegalArgumentException("totalSteps must be >= 1, got " + totalSteps);
        ControlEnv env = Objects.requireNonNull(factory.get(), "factory returned null");
        if (!(env.actionSpace() instanceof Space.Box box))
            throw new IllegalArgumentException(env.id() + " has a discrete action space; Sac handles continuous (box) actions only");
        for (int i = 0; i < box.dimension(); i++)
            if (!Double.isFinite(box.low(i)) || !Double.isFinite(box.high(i)) || !(box.low(i) < box.high(i)))
                throw new IllegalArgumentException(env.id() + ": Sac needs finite action bounds with low < high, got " + box);
        int d = env.observationSpace().dimension(), k = box.dimension();

        Engines.seed(o.seed());
        SplitMix rng = new SplitMix(o.seed());
        List<Model> models = new ArrayList<>();
        List<Trainer> trainers = new ArrayList<>();
        try {
            Model actorModel = model(models, "sac-actor", network(d, o.hidden(), 2 * k, rng));
            Model q1Model = model(models, "sac-q1", network(d + k, o.hidden(), 1, rng));
            Model q2Model = model(models, "sac-q2", network(d + k, o.hidden(), 1, rng));
            Model q1TargetModel = model(models, "sac-q1-target", new Mlp(d + k, o.hidden(), 1).block());
            Model q2TargetModel = model(models, "sac-q2-target", new Mlp(d + k, o.hidden(), 1).block());
            Trainer actor = trainer(trainers, actorModel, new Shape(o.batchSize(), d));
            Trainer q1 = trainer(trainers, q1Model, new Shape(o.batchSize(), d + k));
            Trainer q2 = trainer(trainers, q2Model, new Shape(o.batchSize(), d + k));
            for (Model t : List.of(q1TargetModel, q2TargetModel))
                t.getBlock().initialize(t.getNDManager(), DataType.FLOAT32, new Shape(o.batchSize(), d + k));
            Dqn.copyParameters(q1Model.getBlock(), q1TargetModel.getBlock());
            Dqn.copyParameters(q2Model.getBlock(), q2TargetModel.getBlock());
            Nets nets = new Nets(actor, q1, q2, q1TargetModel.getBlock(), q2TargetModel.getBlock(), box.low(), box.high(),
                    new Adam(actorModel.getBlock(), o.policyLearningRate()), new Adam(q1Model.getBlock(), o.qLearningRate()),
                    new Adam(q2Model.getBlock(), o.qLearningRate()));
            State st = new State(new ContinuousReplayBuffer(o.bufferSize(), d, k), new Alpha(o.alpha(), o.qLearningRate()));
            if (checkpoints != null && checkpoints.resume()) {
                load(checkpoints.dir(), env, nets, st, totalSteps);
            } else {
                st.rng = rng;
                st.ob = env.reset(rng.nextLong());
            }
            return run(env, st, nets, totalSteps, listener, checkpoints);
        } finally {
            for (Trainer t : trainers) t.close();
            for (Model m : models) m.close();
        }
    }

    /** The options of the SAC checkpoint in {@code dir} (for resuming it with the options it was made with). */
    public static Options checkpointOptions(Path dir) {
        return Checkpoint.readOptions(Checkpoint.Reader.open(dir).expect("sac"), Options.class);
    }

    /** The networks of one run, their optimisers and the action box. */
    private record Nets(Trainer actor, Trainer q1, Trainer q2, Block q1Target, Block q2Target, double[] low, double[] high,
                        Adam actorAdam, Adam q1Adam, Adam q2Adam) {
        float[] scale() {
            float[] s = new float[low.length];
            for (int i = 0; i < s.length; i++) s[i] = (float) ((high[i] - low[i]) / 2);
            return s;
        }

        float[] centre() {
            float[] c = new float[low.length];
            for (int i = 0; i < c.length; i++) c[i] = (float) ((high[i] + low[i]) / 2);
            return c;
        }
    }

    /** Everything of a run that changes as it goes and decides what follows: what a checkpoint saves besides the networks. */
    private static final class State {
        final Checkpoint.Clock clock = new Checkpoint.Clock();
        final ContinuousReplayBuffer buffer;
        final Alpha alpha;
        Checkpoint.EpisodeLog episodes = new Checkpoint.EpisodeLog();
        FloatList criticLosses = new FloatList(), actorLosses = new FloatList();
        SplitMix rng;
        double[] ob;
        double episodeReturn, criticSum, actorSum;
        int criticCount, actorCount;
        long step, gradientSteps;

        State(ContinuousReplayBuffer buffer, Alpha alpha) {
            this.buffer = buffer;
            this.alpha = alpha;
        }
    }

    private Result run(ControlEnv env, State st, Nets nets, long totalSteps, Listener listener, Checkpoint.Settings checkpoints) {
        int d = env.observationSpace().dimension(), k = nets.low().length, b = o.batchSize();
        ContinuousReplayBuffer buffer = st.buffer;
        SplitMix rng = st.rng;
        Alpha alpha = st.alpha;
        Batch batch = new Batch(b, d, k);
        float[] x = new float[d];
        double[] action = new double[k], noise = new double[k];
        float[] logProbs = new float[b];
        float[] scale = nets.scale(), centre = nets.centre();
        double targetEntropy = -k;

        for (long step = st.step; step < totalSteps; step++) {
            double[] ob = st.ob;
            if (step < o.learningStarts()) {
                for (int i = 0; i < k; i++) action[i] = nets.low()[i] + (nets.high()[i] - nets.low()[i]) * rng.nextDouble();
            } else {
                for (int i = 0; i < d; i++) x[i] = (float) ob[i];
                for (int i = 0; i < k; i++) noise[i] = gaussian(rng);
                squashedAction(actorOutputs(nets.actor(), x), noise, nets.low(), nets.high(), action);
            }
            ControlEnv.Step s = env.step(action);
            buffer.add(ob, action, s.reward(), s.observation(), s.terminated());
            st.episodeReturn += s.reward();
            if (s.done()) {
                st.episodes.add(step + 1, st.episodeReturn);
                listener.progress(new Progress(step + 1, st.episodes.size(), st.episodeReturn, alpha.value(),
                        st.criticCount == 0 ? Double.NaN : st.criticSum / st.criticCount,
                        st.actorCount == 0 ? Double.NaN : st.actorSum / st.actorCount, st.gradientSteps));
                st.criticSum = st.actorSum = 0;
                st.criticCount = st.actorCount = 0;
                st.episodeReturn = 0;
                st.ob = env.reset();
            } else {
                st.ob = s.observation();
            }

            if (step > o.learningStarts()) {
                batch.sample(buffer, rng);
                float lc = criticStep(nets, batch, scale, centre, alpha.value());
                if (!Float.isFinite(lc)) throw new DivergedException(step + 1, "critic", lc);
                st.criticLosses.add(lc);
                st.criticSum += lc;
                st.criticCount++;
                st.gradientSteps++;
                if (step % o.policyFrequency() == 0) {
                    for (int rep = 0; rep < o.policyFrequency(); rep++) {
                        batch.fillNoise(rng);
                        float la = actorStep(nets, batch, scale, centre, alpha.value(), logProbs);
                        if (!Float.isFinite(la)) throw new DivergedException(step + 1, "actor", la);
                        st.actorLosses.add(la);
                        st.actorSum += la;
                        st.actorCount++;
                        if (o.autotune()) alpha.step(alphaGradient(alpha.value(), logProbs, targetEntropy));
                    }
                }
                if (step % o.targetNetworkFrequency() == 0) {
                    polyak(nets.q1().getModel().getBlock(), nets.q1Target(), o.tau());
                    polyak(nets.q2().getModel().getBlock(), nets.q2Target(), o.tau());
                }
            }
            st.step = step + 1;
            if (checkpoints != null && (st.step % checkpoints.every() == 0 || st.step == totalSteps))
                save(checkpoints.dir(), env, nets, st, totalSteps);
        }
        ContinuousPolicy policy = greedyPolicy(nets.actor().getModel(), d, o.hidden(), k, nets.low(), nets.high());
        return new Result(policy, st.episodes.curve(), st.criticLosses.toArray(), st.actorLosses.toArray(), alpha.value(),
                totalSteps, st.gradientSteps, st.clock.seconds());
    }

    /** Writes the checkpoint of the run at {@code st.step} into {@code dir}, atomically (see docs/formats.md). */
    private void save(Path dir, ControlEnv env, Nets nets, State st, long totalSteps) {
        try {
            AtomicDirectory.write(dir, tmp -> {
                Checkpoint.Writer w = new Checkpoint.Writer(tmp, "sac");
                w.put("step", st.step).put("total_steps", totalSteps);
                st.clock.write(w);
                Checkpoint.putOptions(w, o);
                w.env(env);
                w.put("observation", st.ob);
                w.put("rng", st.rng.state());
                w.put("episode_return", st.episodeReturn).put("critic_loss_sum", st.criticSum).put("critic_loss_count", st.criticCount)
                        .put("actor_loss_sum", st.actorSum).put("actor_loss_count", st.actorCount);
                w.put("gradient_steps", st.gradientSteps);
                w.put("log_alpha", st.alpha.logAlpha).put("log_alpha.adam.m", st.alpha.m).put("log_alpha.adam.v", st.alpha.v)
                        .put("log_alpha.adam.steps", st.alpha.t);
                w.parameters("actor.f32", nets.actor().getModel().getBlock());
                w.parameters("q1.f32", nets.q1().getModel().getBlock());
                w.parameters("q2.f32", nets.q2().getModel().getBlock());
                w.parameters("q1-target.f32", nets.q1Target());
                w.parameters("q2-target.f32", nets.q2Target());
                w.adam("actor.adam.f32", nets.actorAdam());
                w.adam("q1.adam.f32", nets.q1Adam());
                w.adam("q2.adam.f32", nets.q2Adam());
                st.buffer.write(w, "replay.bin");
                st.episodes.write(w, "episodes.bin");
                w.put("critic_losses", st.criticLosses.size).put("actor_losses", st.actorLosses.size);
                w.floats("critic-losses.f32", st.criticLosses.toArray());
                w.floats("actor-losses.f32", st.actorLosses.toArray());
                w.finish();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Restores the run saved in {@code dir}. */
    private void load(Path dir, ControlEnv env, Nets nets, State st, long totalSteps) {
        Checkpoint.Reader r = Checkpoint.Reader.open(dir).expect("sac");
        Checkpoint.checkOptions(r, o);
        st.step = r.longValue("step");
        st.clock.read(r);
        if (st.step < 0 || st.step > totalSteps)
            throw r.bad("step", "is " + st.step + ", beyond this run's " + totalSteps + " steps");
        r.restoreEnv(env);
        st.ob = r.doubles("observation");
        if (st.ob.length != env.observationSpace().dimension()) throw r.bad("observation", "has " + st.ob.length + " numbers");
        st.rng = SplitMix.fromState(r.longValue("rng"));
        st.episodeReturn = r.doubleValue("episode_return");
        st.criticSum = r.doubleValue("critic_loss_sum");
        st.criticCount = r.intValue("critic_loss_count");
        st.actorSum = r.doubleValue("actor_loss_sum");
        st.actorCount = r.intValue("actor_loss_count");
        st.gradientSteps = r.longValue("gradient_steps");
        st.alpha.logAlpha = r.doubleValue("log_alpha");
        st.alpha.m = r.doubleValue("log_alpha.adam.m");
        st.alpha.v = r.doubleValue("log_alpha.adam.v");
        st.alpha.t = r.intValue("log_alpha.adam.steps");
        r.parameters("actor.f32", nets.actor().getModel().getBlock());
        r.parameters("q1.f32", nets.q1().getModel().getBlock());
        r.parameters("q2.f32", nets.q2().getModel().getBlock());
        r.parameters("q1-target.f32", nets.q1Target());
        r.parameters("q2-target.f32", nets.q2Target());
        r.adam("actor.adam.f32", nets.actorAdam());
        r.adam("q1.adam.f32", nets.q1Adam());
        r.adam("q2.adam.f32", nets.q2Adam());
        st.buffer.read(r, "replay.bin");
        st.episodes = Checkpoint.EpisodeLog.read(r, "episodes.bin");
        st.criticLosses = FloatList.of(r.floats("critic-losses.f32", r.intValue("critic_losses")));
        st.actorLosses = FloatList.of(r.floats("actor-losses.f32", r.intValue("actor_losses")));
    }

    /** One Adam step of both critics on the batch (eqs. 5-6 of paper 2); returns the loss. */
    private float criticStep(Nets nets, Batch bt, float[] scale, float[] centre, double alpha) {
        int b = bt.b, d = bt.d, k = bt.k;
        Trainer q1 = nets.q1(), q2 = nets.q2();
        try (NDManager m = q1.getManager().newSubManager()) {
            NDArray s = m.create(bt.obs, new Shape(b, d)), a = m.create(bt.actions, new Shape(b, k));
            NDArray s2 = m.create(bt.next, new Shape(b, d));
            NDArray sc = m.create(scale), ce = m.create(centre);
            // The target: a' ~ pi(.|o'), no gradient.
            NDList next = squashedSample(forward(nets.actor().getModel().getBlock(), m, s2), m.create(bt.noise, new Shape(b, k)), sc, ce);
            NDArray sa2 = s2.concat(next.get(0), 1);
            float[] q1Next = forward(nets.q1Target(), m, sa2).toFloatArray();
            float[] q2Next = forward(nets.q2Target(), m, sa2).toFloatArray();
            softTargets(bt.rewards, bt.terminated, q1Next, q2Next, next.get(1).toFloatArray(), alpha, o.gamma(), bt.targets);
            NDArray y = m.create(bt.targets);
            NDArray sa = s.concat(a, 1);
            float loss;
            try (GradientCollector gc = q1.newGradientCollector()) {
                NDArray l1 = q1.forward(new NDList(sa)).singletonOrThrow().reshape(-1).sub(y).square().mean();
                NDArray l2 = q2.forward(new NDList(sa)).singletonOrThrow().reshape(-1).sub(y).square().mean();
                NDArray l = l1.add(l2);
                gc.backward(l);
                loss = l.getFloat();
            }
            nets.q1Adam().step();
            nets.q2Adam().step();
            zeroGradients(m, q1, q2);
            return loss;
        }
    }

    /**
     * One Adam step of the actor on {@code mean(alpha log pi(a~|o) - min_j Q_j(o, a~))} (eq. 7 of
     * paper 2); writes the samples' log-probabilities into {@code logProbs} and returns the loss.
     */
    private float actorStep(Nets nets, Batch bt, float[] scale, float[] centre, double alpha, float[] logProbs) {
        int b = bt.b, d = bt.d, k = bt.k;
        Trainer actor = nets.actor(), q1 = nets.q1(), q2 = nets.q2();
        try (NDManager m = actor.getManager().newSubManager()) {
            NDArray s = m.create(bt.obs, new Shape(b, d));
            NDArray eps = m.create(bt.noise, new Shape(b, k)), sc = m.create(scale), ce = m.create(centre);
            float loss;
            try (GradientCollector gc = actor.newGradientCollector()) {
                NDList pi = squashedSample(actor.forward(new NDList(s)).singletonOrThrow(), eps, sc, ce);
                NDArray sa = s.concat(pi.get(0), 1);
                NDArray q = q1.forward(new NDList(sa)).singletonOrThrow().minimum(q2.forward(new NDList(sa)).singletonOrThrow()).reshape(-1);
                NDArray l = pi.get(1).mul(Differentiable.constant(m, alpha)).sub(q).mean();
                gc.backward(l);
                loss = l.getFloat();
                float[] lp = pi.get(1).toFloatArray();
                System.arraycopy(lp, 0, logProbs, 0, b);
            }
            nets.actorAdam().step();
            zeroGradients(m, actor, q1, q2); // the critics' gradients from this loss are discarded
            return loss;
        }
    }

    /**
     * The squashed Gaussian policy's reparameterised sample and its log-density, on a batch.
     *
     * @param outputs {@code b x 2k} actor outputs: the means, then the raw log standard deviations
     * @param noise {@code b x k} standard normal draws
     * @param scale the box's {@code k} half-widths
     * @param centre the box's {@code k} midpoints
     * @return the actions {@code c + s tanh(mu + sigma eps)} ({@code b x k}) and their log-densities ({@code b})
     */
    static NDList squashedSample(NDArray outputs, NDArray noise, NDArray scale, NDArray centre) {
        long k = noise.getShape().get(1);
        NDManager m = outputs.getManager();
        NDList parts = outputs.split(new long[]{k}, 1);
        NDArray mean = parts.get(0);
        NDArray logStd = parts.get(1).tanh().add(1f).mul(Differentiable.constant(m, 0.5 * (LOG_STD_MAX - LOG_STD_MIN))).add((float) LOG_STD_MIN);
        NDArray u = mean.add(logStd.exp().mul(noise));
        NDArray action = u.tanh().mul(scale).add(centre);
        // log N(u; mu, sigma) = -eps^2 / 2 - log sigma - log(2 pi) / 2, since (u - mu) / sigma = eps
        NDArray gaussian = noise.square().mul(Differentiable.constant(m, -0.5)).sub(logStd).sub((float) HALF_LOG_2PI);
        // log |da/du| = log s + log(1 - tanh(u)^2) = log s + 2 (log 2 - u - softplus(-2u))
        NDArray logJacobian = softplus(u.mul(Differentiable.constant(m, -2))).add(u).neg().add((float) LOG_2).mul(Differentiable.constant(m, 2)).add(scale.log());
        return new NDList(action, gaussian.sub(logJacobian).sum(new int[]{1}));
    }

    /** {@code log(1 + exp(z))} without overflow: {@code max(z, 0) + log(1 + exp(-|z|))}. */
    private static NDArray softplus(NDArray z) {
        return Activation.relu(z).add(z.abs().neg().exp().add(1f).log());
    }

    /** The squashed sample {@code c + s tanh(mu + sigma eps)} of one row of actor outputs (acting in the environment). */
    static void squashedAction(float[] outputs, double[] noise, double[] low, double[] high, double[] out) {
        int k = out.length;
        for (int i = 0; i < k; i++) {
            double logStd = LOG_STD_MIN + 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (StrictMath.tanh(outputs[k + i]) + 1);
            double u = outputs[i] + StrictMath.exp(logStd) * noise[i];
            out[i] = (high[i] + low[i]) / 2 + (high[i] - low[i]) / 2 * StrictMath.tanh(u);
        }
    }

    /**
     * The critics' targets {@code y_j = r_j + gamma (1 - terminated_j) (min(Q'_1, Q'_2) - alpha log pi(a'_j|o'_j))}
     * of a batch, from the target critics' values and the log-densities of actions sampled at the next observations.
     */
    static void softTargets(float[] rewards, boolean[] terminated, float[] q1Next, float[] q2Next, float[] nextLogProbs, double alpha,
                            double gamma, float[] out) {
        int b = rewards.length;
        if (terminated.length != b || q1Next.length != b || q2Next.length != b || nextLogProbs.length != b || out.length != b)
            throw new IllegalArgumentException("batch arrays disagree in size");
        for (int j = 0; j < b; j++) {
            double soft = Math.min(q1Next[j], q2Next[j]) - alpha * nextLogProbs[j];
            out[j] = (float) (rewards[j] + (terminated[j] ? 0 : gamma * soft));
        }
    }

    /**
     * The gradient with respect to {@code log alpha} of {@code J = mean(-alpha (log pi + H))}:
     * {@code -alpha mean(log pi + H)}.
     */
    static double alphaGradient(double alpha, float[] logProbs, double targetEntropy) {
        double sum = 0;
        for (float lp : logProbs) sum += lp + targetEntropy;
        return -alpha * sum / logProbs.length;
    }

    /** {@code to <- tau from + (1 - tau) to}, parameter by parameter (same architecture). */
    static void polyak(Block from, Block to, double tau) {
        var src = from.getParameters();
        var dst = to.getParameters();
        if (src.size() != dst.size()) throw new IllegalArgumentException("the networks have different parameter lists");
        for (int i = 0; i < src.size(); i++) {
            NDArray a = src.get(i).getValue().getArray(), t = dst.get(i).getValue().getArray();
            if (!a.getShape().equals(t.getShape()))
                throw new IllegalArgumentException("parameter " + src.get(i).getKey() + ": shape " + a.getShape() + " vs " + t.getShape());
            try (NDArray scaled = a.mul((float) tau)) {
                t.muli((float) (1 - tau)).addi(scaled);
            }
        }
    }

    /** The actor's outputs (means, raw log standard deviations) for one observation. */
    private static float[] actorOutputs(Trainer actor, float[] x) {
        try (NDManager m = actor.getManager().newSubManager()) {
            return forward(actor.getModel().getBlock(), m, m.create(x, new Shape(1, x.length))).toFloatArray();
        }
    }

    /**
     * A standard normal draw by the Box-Muller transform with {@link StrictMath}, so that a seed gives
     * the same numbers in every process (the JIT may compile {@code Math.log}, {@code Math.tanh} and the
     * JDK's own Gaussian sampler to intrinsics that differ in the last bit from the interpreter's).
     */
    static double gaussian(RandomGenerator rng) {
        double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }

    /** A forward pass without gradients, its arrays in {@code m}. */
    private static NDArray forward(Block block, NDManager m, NDArray x) {
        return block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }

    private static void zeroGradients(NDManager m, Trainer... trainers) {
        for (Trainer t : trainers)
            for (Pair<String, Parameter> p : t.getModel().getBlock().getParameters()) {
                NDArray g = p.getValue().getArray().getGradient();
                g.attach(m);
                g.muli(0f);
            }
    }

    /**
     * The greedy policy {@code c + s tanh(mu(o))} as a plain {@link Mlp} with {@code squash=tanh}: the
     * actor's layers, keeping only the mean rows of its output layer.
     */
    static ContinuousPolicy greedyPolicy(Model actor, int d, int[] hidden, int k, double[] low, double[] high) {
        var src = actor.getBlock().getParameters();
        Mlp shape = new Mlp(d, hidden, k);
        Model model = Model.newInstance("policy", Engines.pytorch().defaultDevice(), "PyTorch");
        try {
            model.setBlock(shape.block());
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, d));
            var dst = model.getBlock().getParameters();
            for (int i = 0; i < dst.size(); i++) {
                float[] values = src.get(i).getValue().getArray().toFloatArray();
                NDArray t = dst.get(i).getValue().getArray();
                NdArrays.overwrite(t, Arrays.copyOf(values, Math.toIntExact(t.size()))); // the output layer: its first k rows (row-major)
            }
            return new ContinuousPolicy(model, shape, low, high, true);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static Model model(List<Model> owned, String name, Block block) {
        Model m = Model.newInstance(name, Engines.pytorch().defaultDevice(), "PyTorch");
        owned.add(m);
        m.setBlock(block);
        return m;
    }

    /** A trainer that collects the gradients of {@code model}; the steps are {@link Adam}'s, whose state a checkpoint can save. */
    private static Trainer trainer(List<Trainer> owned, Model model, Shape input) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()); // the losses are computed by hand
        Trainer t = model.newTrainer(config);
        owned.add(t);
        t.initialize(input);
        return t;
    }

    /**
     * A ReLU MLP shaped as {@link Mlp#block()} (so that its layers load into one), initialised as
     * PyTorch's {@code nn.Linear}: weights and biases uniform in {@code +-1/sqrt(fan_in)}, from
     * generators seeded by {@code rng}.
     */
    static SequentialBlock network(int inputs, int[] hidden, int outputs, RandomGenerator rng) {
        SequentialBlock b = new SequentialBlock();
        int fanIn = inputs;
        for (int h : hidden) {
            b.add(linear(h, fanIn, rng));
            b.add(Activation.reluBlock());
            fanIn = h;
        }
        b.add(linear(outputs, fanIn, rng));
        return b;
    }

    private static Linear linear(int units, int fanIn, RandomGenerator rng) {
        Linear layer = Linear.builder().setUnits(units).build();
        layer.setInitializer(new FanInUniform(fanIn, rng.nextLong()), Parameter.Type.WEIGHT);
        layer.setInitializer(new FanInUniform(fanIn, rng.nextLong()), Parameter.Type.BIAS);
        return layer;
    }

    /** Uniform in {@code +-1/sqrt(fanIn)}, from a seeded Java generator. */
    record FanInUniform(int fanIn, long seed) implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            SplittableRandom r = new SplittableRandom(seed);
            double bound = 1 / Math.sqrt(fanIn);
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble(-bound, bound);
            return manager.create(v, shape).toType(dataType, false);
        }
    }

    /** The batch arrays, allocated once. */
    private static final class Batch {
        final int b, d, k;
        final int[] idx;
        final float[] obs, actions, rewards, next, noise, targets;
        final boolean[] terminated;

        Batch(int b, int d, int k) {
            this.b = b;
            this.d = d;
            this.k = k;
            idx = new int[b];
            obs = new float[b * d];
            next = new float[b * d];
            actions = new float[b * k];
            noise = new float[b * k];
            rewards = new float[b];
            targets = new float[b];
            terminated = new boolean[b];
        }

        /** A uniform batch of transitions and fresh noise for the next actions. */
        void sample(ContinuousReplayBuffer buffer, RandomGenerator rng) {
            buffer.sampleIndices(rng, idx);
            buffer.gather(idx, obs, actions, rewards, next, terminated);
            fillNoise(rng);
        }

        void fillNoise(RandomGenerator rng) {
            for (int i = 0; i < noise.length; i++) noise[i] = (float) gaussian(rng);
        }
    }

    /** The temperature, as {@code log alpha} optimised by a scalar Adam (PyTorch's update with bias correction). */
    static final class Alpha {
        private final double lr;
        double logAlpha, m, v;
        int t;

        Alpha(double initial, double lr) {
            this.logAlpha = StrictMath.log(initial);
            this.lr = lr;
        }

        double value() { return StrictMath.exp(logAlpha); }

        void step(double gradient) {
            t++;
            m = ADAM_BETA1 * m + (1 - ADAM_BETA1) * gradient;
            v = ADAM_BETA2 * v + (1 - ADAM_BETA2) * gradient * gradient;
            double mHat = m / (1 - StrictMath.pow(ADAM_BETA1, t)), vHat = v / (1 - StrictMath.pow(ADAM_BETA2, t));
            logAlpha -= lr * mHat / (Math.sqrt(vHat) + ADAM_EPS);
        }
    }

    private static final class FloatList {
        float[] data = new float[1024];
        int size;

        void add(float v) {
            if (size == data.length) data = Arrays.copyOf(data, 2 * size);
            data[size++] = v;
        }

        float[] toArray() { return Arrays.copyOf(data, size); }

        static FloatList of(float[] values) {
            FloatList l = new FloatList();
            l.data = Arrays.copyOf(values, Math.max(1024, values.length));
            l.size = values.length;
            return l;
        }
    }
}
