package io.revealed.deep;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
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
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.revealed.env.ControlEnv;
import io.revealed.env.ControlEnvs;
import io.revealed.env.Space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Deep Q-learning with experience replay and a target network (Mnih et al. 2015, "Human-level
 * control through deep reinforcement learning"), for discrete actions, following CleanRL's
 * {@code dqn.py} and its classic-control defaults.
 *
 * <p>One environment is stepped with an epsilon-greedy policy over the online network's Q values,
 * epsilon falling linearly from {@code startEpsilon} to {@code endEpsilon} over
 * {@code explorationFraction * totalSteps} steps. Transitions go into a {@link ReplayBuffer}. After
 * {@code learningStarts} steps, every {@code trainFrequency} steps one Adam step is taken on a
 * uniformly sampled batch with the loss {@code mean((y - Q(s, a))^2)},
 * {@code y = r + gamma (1 - terminated) max_a' Q_target(s', a')}; every
 * {@code targetUpdateInterval} steps the target network's parameters are overwritten with the
 * online network's (a hard update, CleanRL's {@code tau = 1}).
 *
 * <p><b>Episode ends.</b> Only {@code terminated} stops the bootstrap; a transition cut by the time
 * limit is stored with its real next observation and bootstrapped from it.
 *
 * <p><b>Reproducibility.</b> Environment seeds, exploration and batch sampling come from a
 * {@link SplittableRandom} seeded by {@link Options#seed()}, the initial weights from
 * {@link Engines#seed}; the same seed gives the same run.
 */
public final class Dqn {

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
     * @param trainFrequency env steps between gradient steps
     * @param seed seeds everything
     */
    public record Options(int[] hidden, int bufferSize, double learningRate, double gamma, int targetUpdateInterval,
                          int batchSize, double startEpsilon, double endEpsilon, double explorationFraction,
                          long learningStarts, int trainFrequency, long seed) {
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
        }

        /** CleanRL's classic-control defaults: 120-84, buffer 10k, Adam 2.5e-4, target every 500, batch 128, eps 1 -> 0.05 over half, start 10k, train every 10. */
        public Options() {
            this(new int[]{120, 84}, 10_000, 2.5e-4, 0.99, 500, 128, 1.0, 0.05, 0.5, 10_000, 10, 1);
        }

        public Options withSeed(long s) {
            return new Options(hidden, bufferSize, learningRate, gamma, targetUpdateInterval, batchSize, startEpsilon, endEpsilon,
                    explorationFraction, learningStarts, trainFrequency, s);
        }

        public Options withLearningStarts(long steps) {
            return new Options(hidden, bufferSize, learningRate, gamma, targetUpdateInterval, batchSize, startEpsilon, endEpsilon,
                    explorationFraction, steps, trainFrequency, seed);
        }

        public Options withLearningRate(double lr) {
            return new Options(hidden, bufferSize, lr, gamma, targetUpdateInterval, batchSize, startEpsilon, endEpsilon,
                    explorationFraction, learningStarts, trainFrequency, seed);
        }

        public Options withExplorationFraction(double f) {
            return new Options(hidden, bufferSize, learningRate, gamma, targetUpdateInterval, batchSize, startEpsilon, endEpsilon,
                    f, learningStarts, trainFrequency, seed);
        }

        public Options withTrainFrequency(int f) {
            return new Options(hidden, bufferSize, learningRate, gamma, targetUpdateInterval, batchSize, startEpsilon, endEpsilon,
                    explorationFraction, learningStarts, f, seed);
        }

        /** CleanRL's {@code linear_schedule}: epsilon at env step {@code step} of a run of {@code totalSteps}. */
        public double epsilon(long step, long totalSteps) {
            double duration = explorationFraction * totalSteps;
            double slope = (endEpsilon - startEpsilon) / duration;
            return Math.max(slope * step + startEpsilon, endEpsilon);
        }
    }

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
     */
    public record Result(DiscretePolicy policy, Ppo.Curve episodes, long envSteps, long gradientSteps) {
        public Result {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(episodes, "episodes");
        }
    }

    private final Options o;

    public Dqn(Options options) { this.o = Objects.requireNonNull(options, "options"); }

    public Options options() { return o; }

    /** Trains on the environment registered under {@code envId} (see {@link ControlEnvs}). */
    public Result train(String envId, long totalSteps, Listener listener) {
        ControlEnvs.create(envId); // fails early on an unknown id
        return train(() -> ControlEnvs.create(envId), totalSteps, listener);
    }

    /** Trains for {@code totalSteps} env steps on one environment made by {@code factory} (discrete actions). */
    public Result train(Supplier<? extends ControlEnv> factory, long totalSteps, Listener listener) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(listener, "listener");
        if (totalSteps < 1) throw new IllegalArgumentException("totalSteps must be >= 1, got " + totalSteps);
        ControlEnv env = Objects.requireNonNull(factory.get(), "factory returned null");
        if (!(env.actionSpace() instanceof Space.Discrete discrete))
            throw new IllegalArgumentException(env.id() + " has a continuous action space; Dqn handles discrete actions only");
        int d = env.observationSpace().dimension(), numActions = discrete.n();

        Engines.seed(o.seed());
        SplittableRandom rng = new SplittableRandom(o.seed());
        Mlp shape = new Mlp(d, o.hidden(), numActions, Mlp.Activation.RELU);
        Model online = Model.newInstance("dqn-q", Engines.pytorch().defaultDevice(), "PyTorch");
        online.setBlock(shape.block());
        DiscretePolicy policy = new DiscretePolicy(online, shape);
        float lr = (float) o.learningRate();
        Tracker schedule = ignored -> lr;
        try (Model target = Model.newInstance("dqn-target", Engines.pytorch().defaultDevice(), "PyTorch")) {
            target.setBlock(shape.block());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()) // the loss is computed by hand
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(schedule).build());
            try (Trainer trainer = online.newTrainer(config)) {
                trainer.initialize(new Shape(o.batchSize(), d));
                target.getBlock().initialize(target.getNDManager(), DataType.FLOAT32, new Shape(o.batchSize(), d));
                copyParameters(online.getBlock(), target.getBlock());
                return run(env, rng, policy, trainer, target.getBlock(), totalSteps, listener);
            }
        } catch (RuntimeException e) {
            policy.close();
            throw e;
        }
    }

    private Result run(ControlEnv env, SplittableRandom rng, DiscretePolicy policy, Trainer trainer, Block target, long totalSteps,
                       Listener listener) {
        int d = env.observationSpace().dimension(), numActions = policy.actions(), b = o.batchSize();
        ReplayBuffer buffer = new ReplayBuffer(o.bufferSize(), d);
        int[] idx = new int[b], ab = new int[b];
        float[] xb = new float[b * d], x2b = new float[b * d], rb = new float[b], yb = new float[b];
        boolean[] termb = new boolean[b];
        float[] x = new float[d];
        List<Long> endSteps = new ArrayList<>();
        List<Double> endReturns = new ArrayList<>();
        double episodeReturn = 0, lossSum = 0;
        int lossCount = 0;
        long gradientSteps = 0;

        double[] ob = env.reset(rng.nextLong());
        for (long step = 0; step < totalSteps; step++) {
            double eps = o.epsilon(step, totalSteps);
            int action;
            if (rng.nextDouble() < eps) action = rng.nextInt(numActions);
            else {
                for (int k = 0; k < d; k++) x[k] = (float) ob[k];
                action = policy.greedy(x, 1)[0];
            }
            ControlEnv.Step s = env.step(action);
            buffer.add(ob, action, s.reward(), s.observation(), s.terminated());
            episodeReturn += s.reward();
            if (s.done()) {
                endSteps.add(step + 1);
                endReturns.add(episodeReturn);
                listener.progress(new Progress(step + 1, endReturns.size(), episodeReturn, eps,
                        lossCount == 0 ? Double.NaN : lossSum / lossCount, gradientSteps));
                lossSum = 0;
                lossCount = 0;
                episodeReturn = 0;
                ob = env.reset();
            } else {
                ob = s.observation();
            }

            if (step > o.learningStarts()) {
                if (step % o.trainFrequency() == 0) {
                    buffer.sampleIndices(rng, idx);
                    buffer.gather(idx, xb, ab, rb, x2b, termb);
                    lossSum += trainStep(trainer, target, xb, ab, rb, x2b, termb, yb, d, numActions);
                    lossCount++;
                    gradientSteps++;
                }
                if (step % o.targetUpdateInterval() == 0) copyParameters(trainer.getModel().getBlock(), target);
            }
        }
        long[] steps = new long[endSteps.size()];
        double[] returns = new double[endReturns.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = endSteps.get(i);
            returns[i] = endReturns.get(i);
        }
        return new Result(policy, new Ppo.Curve(steps, returns), totalSteps, gradientSteps);
    }

    /** One Adam step on a batch; returns the loss. */
    private float trainStep(Trainer trainer, Block target, float[] xb, int[] ab, float[] rb, float[] x2b, boolean[] termb,
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
                NDArray l = qa.sub(y).square().mean();
                gc.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
            for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
                NDArray g = p.getValue().getArray().getGradient();
                g.attach(m);
                g.muli(0f); // start the next step from zero gradients
            }
            return loss;
        }
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
            t.set(a.toFloatArray());
        }
    }
}
