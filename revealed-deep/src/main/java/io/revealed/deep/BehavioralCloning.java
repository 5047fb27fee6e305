package io.revealed.deep;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.util.SplittableRandom;

/**
 * Behavioural cloning: a policy network trained by minibatch Adam on the demonstrations'
 * (observation, action) pairs. Discrete actions: a softmax policy minimising
 * {@code -log pi(a|s) - w H(pi(.|s))}, the negative log-likelihood with an entropy bonus of weight
 * w (1e-3 by default, as in the Python {@code imitation} library). Continuous actions: a
 * deterministic policy minimising the mean squared error to the demonstrated action (the
 * likelihood of a Gaussian policy with a fixed spread). Every step's arrays live in a
 * child {@link NDManager} closed at the end of the step, so memory stays flat however long it runs.
 */
public final class BehavioralCloning {

    /**
     * @param hidden hidden layer widths
     * @param learningRate Adam step size
     * @param batchSize minibatch size
     * @param steps number of gradient steps
     * @param entropyWeight weight w of the entropy bonus
     * @param seed seeds the network initialisation and the minibatch order
     */
    public record Options(int[] hidden, double learningRate, int batchSize, int steps, double entropyWeight, long seed) {
        public Options {
            hidden = hidden.clone();
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
            if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            if (!(entropyWeight >= 0) || !Double.isFinite(entropyWeight)) throw new IllegalArgumentException("entropyWeight must be >= 0, got " + entropyWeight);
        }

        public Options() { this(new int[]{64, 64}, 1e-3, 32, 5_000, 1e-3, 0); }

        public Options withSteps(int n) { return new Options(hidden, learningRate, batchSize, n, entropyWeight, seed); }

        public Options withSeed(long s) { return new Options(hidden, learningRate, batchSize, steps, entropyWeight, s); }
    }

    /** Told every {@code every} steps about the mean loss since the last call. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (step, loss) -> {};

        void progress(int step, double meanLoss);
    }

    private BehavioralCloning() {}

    /**
     * Trains a policy on {@code n} pairs: {@code obs} row-major {@code n x d}, {@code actions} in
     * {@code [0, numActions)}.
     */
    public static DiscretePolicy train(float[] obs, int obsDim, int[] actions, int numActions, Options o, Listener listener) {
        int n = actions.length;
        checkObservations(obs, obsDim, n);
        float[] targets = new float[n];
        for (int i = 0; i < n; i++) {
            if (actions[i] < 0 || actions[i] >= numActions)
                throw new IllegalArgumentException("action " + actions[i] + " at pair " + i + " is not in [0, " + numActions + ")");
            targets[i] = actions[i];
        }
        float w = (float) o.entropyWeight();
        Mlp shape = new Mlp(obsDim, o.hidden(), numActions);
        Model model = fit(shape, obs, targets, 1, o, listener, (logits, y) -> {
            NDArray logp = logits.logSoftmax(1);
            NDArray nll = logp.mul(y.reshape(-1).oneHot(numActions)).sum(new int[]{1}).neg().mean();
            NDArray entropy = logp.exp().mul(logp).sum(new int[]{1}).neg().mean();
            return nll.sub(Differentiable.times(entropy, w));
        });
        return new DiscretePolicy(model, shape);
    }

    /**
     * Trains a deterministic policy on {@code n} pairs: {@code obs} row-major {@code n x d},
     * {@code actions} row-major {@code n x k}; acting clips to {@code [low, high]}.
     */
    public static ContinuousPolicy trainContinuous(float[] obs, int obsDim, float[] actions, int actDim, double[] low, double[] high,
                                                   Options o, Listener listener) {
        if (obsDim < 1 || actDim < 1 || obs.length % obsDim != 0) throw new IllegalArgumentException("bad observation or action size");
        int n = obs.length / obsDim;
        checkObservations(obs, obsDim, n);
        if (actions.length != (long) n * actDim)
            throw new IllegalArgumentException("expected " + n + " x " + actDim + " actions, got " + actions.length + " numbers");
        for (int i = 0; i < actions.length; i++)
            if (!Float.isFinite(actions[i])) throw new IllegalArgumentException("action " + (i / actDim) + " has a non-finite value " + actions[i]);
        Mlp shape = new Mlp(obsDim, o.hidden(), actDim);
        Model model = fit(shape, obs, actions, actDim, o, listener, (pred, y) -> pred.sub(y).square().sum(new int[]{1}).mean());
        return new ContinuousPolicy(model, shape, low, high);
    }

    private static void checkObservations(float[] obs, int obsDim, int n) {
        if (obsDim < 1 || obs.length != (long) n * obsDim)
            throw new IllegalArgumentException("expected " + n + " x " + obsDim + " observations, got " + obs.length + " numbers");
        for (int i = 0; i < obs.length; i++)
            if (!Float.isFinite(obs[i])) throw new IllegalArgumentException("observation " + (i / obsDim) + " has a non-finite value " + obs[i]);
    }

    /** The loss of a minibatch from the network's outputs and the targets ({@code b x targetDim}). */
    @FunctionalInterface
    private interface BatchLoss {
        NDArray apply(NDArray outputs, NDArray targets);
    }

    /** The training loop both kinds share: seeded minibatches, Adam, one child manager per step. */
    private static Model fit(Mlp shape, float[] obs, float[] targets, int targetDim, Options o, Listener listener, BatchLoss lossFn) {
        int obsDim = shape.inputs(), n = obs.length / obsDim;
        Engines.seed(o.seed());
        Model model = Model.newInstance("bc-policy", Engines.pytorch().defaultDevice(), "PyTorch");
        model.setBlock(shape.block());
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()) // the loss is computed by lossFn
                .optInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT)
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) o.learningRate())).build());
        SplittableRandom rng = new SplittableRandom(o.seed());
        int b = Math.min(o.batchSize(), n);
        float[] xb = new float[b * obsDim], yb = new float[b * targetDim];
        double lossSum = 0;
        int lossCount = 0, every = Math.max(1, o.steps() / 100);
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(b, obsDim));
            for (int step = 1; step <= o.steps(); step++) {
                for (int j = 0; j < b; j++) {
                    int i = rng.nextInt(n);
                    System.arraycopy(obs, i * obsDim, xb, j * obsDim, obsDim);
                    System.arraycopy(targets, i * targetDim, yb, j * targetDim, targetDim);
                }
                try (NDManager m = trainer.getManager().newSubManager();
                     GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray out = trainer.forward(new NDList(m.create(xb, new Shape(b, obsDim)))).singletonOrThrow();
                    NDArray loss = lossFn.apply(out, m.create(yb, new Shape(b, targetDim)));
                    gc.backward(loss);
                    lossSum += loss.getFloat();
                    lossCount++;
                }
                trainer.step();
                if (step % every == 0 || step == o.steps()) {
                    listener.progress(step, lossSum / lossCount);
                    lossSum = 0;
                    lossCount = 0;
                }
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }
}
