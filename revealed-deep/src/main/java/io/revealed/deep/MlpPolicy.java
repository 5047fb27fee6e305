package io.revealed.deep;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.revealed.env.ControlEnv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * A policy computed by an {@link Mlp}; owns its DJL model (close it when done).
 *
 * <p>It may carry an {@link ObservationNormalizer}: every observation given to it is then
 * normalised before the network sees it, so that acting, evaluation and demonstrations see the
 * inputs the network was trained on.
 *
 * <p>Saved as a directory: {@code policy.properties} (kind, network shape, action bounds for
 * continuous policies, {@code squash=tanh} for tanh-squashed ones, and the normaliser's
 * statistics under {@code obs_norm.*} when there is one) and DJL's parameter file
 * {@code policy-0000.params}. Folders saved without a normaliser load as policies without one.
 */
public abstract sealed class MlpPolicy implements AutoCloseable permits DiscretePolicy, ContinuousPolicy {
    final Model model;
    final Mlp shape;
    private ObservationNormalizer normalizer;

    MlpPolicy(Model model, Mlp shape) {
        this.model = model;
        this.shape = shape;
    }

    public Mlp shape() { return shape; }

    public int observationSize() { return shape.inputs(); }

    /** The normaliser applied to observations, if any (a trainer may still be updating it). */
    public java.util.Optional<ObservationNormalizer> normalizer() { return java.util.Optional.ofNullable(normalizer); }

    /** From now on, observations are normalised by {@code n} (null: not normalised) before the network. */
    void normalizeWith(ObservationNormalizer n) {
        if (n != null && n.dimension() != shape.inputs())
            throw new IllegalArgumentException("the normaliser has " + n.dimension() + " numbers, the policy takes " + shape.inputs());
        normalizer = n;
    }

    /** The network's raw outputs for {@code n} observations (row-major {@code n x d}), normalised first if the policy normalises. */
    NDArray outputs(NDManager m, float[] obs, int n) {
        if (obs.length != (long) n * shape.inputs())
            throw new IllegalArgumentException("expected " + n + " x " + shape.inputs() + " observations, got " + obs.length + " numbers");
        return networkOutputs(m, normalizer == null ? obs : normalizer.normalized(obs, n), n);
    }

    /** The network's raw outputs for {@code n} inputs that are already normalised (when the policy normalises). */
    NDArray networkOutputs(NDManager m, float[] inputs, int n) {
        NDArray x = m.create(inputs, new Shape(n, shape.inputs()));
        return model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }

    /**
     * Undiscounted returns of {@code episodes} greedy episodes (the most probable action, or the
     * clipped deterministic one) on {@code env}; episode {@code i} starts from
     * {@code env.reset(seed + i)}, so every command and benchmark that evaluates a policy this way
     * sees the same episodes. One episode after the other, one observation per forward pass.
     * {@link #greedyReturns(MlpPolicy, Supplier, int, long)} runs them side by side.
     */
    public static double[] greedyReturns(MlpPolicy policy, ControlEnv env, int episodes, long seed) {
        return lockstepReturns(policy, new ControlEnv[]{env}, episodes, seed);
    }

    /**
     * Returns of {@code episodes} greedy episodes, episode {@code i} starting from
     * {@code reset(seed + i)}, run side by side on up to {@value #EVAL_BATCH} copies made by
     * {@code envs}: one forward pass per step for all running episodes. Each episode follows the same
     * states as when run alone; the actions can differ in the last bits of floating point, because
     * the network's products are summed in a different order for a batch than for one row.
     */
    public static double[] greedyReturns(MlpPolicy policy, Supplier<? extends ControlEnv> envs, int episodes, long seed) {
        if (episodes < 1) throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        ControlEnv[] copies = new ControlEnv[Math.min(episodes, EVAL_BATCH)];
        for (int i = 0; i < copies.length; i++) copies[i] = envs.get();
        return lockstepReturns(policy, copies, episodes, seed);
    }

    /** The most episodes {@link #greedyReturns(MlpPolicy, Supplier, int, long)} runs at once. */
    public static final int EVAL_BATCH = 100;

    /** Slot {@code j} of {@code envs} plays episodes one after another; a free slot takes the next episode index. */
    private static double[] lockstepReturns(MlpPolicy policy, ControlEnv[] envs, int episodes, long seed) {
        if (episodes < 1) throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        int d = policy.observationSize(), k = envs.length;
        double[] returns = new double[episodes];
        int[] episodeOf = new int[k];
        double[][] obs = new double[k][];
        int next = 0, running = 0;
        for (int j = 0; j < k && next < episodes; j++, next++, running++) {
            episodeOf[j] = next;
            obs[j] = envs[j].reset(seed + next);
        }
        int[] active = new int[k];
        float[] x = new float[k * d];
        while (running > 0) {
            int n = 0;
            for (int j = 0; j < k; j++) {
                if (obs[j] == null) continue;
                for (int c = 0; c < d; c++) x[n * d + c] = (float) obs[j][c];
                active[n++] = j;
            }
            float[] batch = n == k ? x : Arrays.copyOf(x, n * d);
            int[] discrete = policy instanceof DiscretePolicy dp ? dp.greedy(batch, n) : null;
            double[] continuous = discrete == null ? ((ContinuousPolicy) policy).act(batch, n) : null;
            int dimension = discrete == null ? continuous.length / n : 0;
            for (int r = 0; r < n; r++) {
                int j = active[r];
                ControlEnv.Step s = discrete != null ? envs[j].step(discrete[r])
                        : envs[j].step(Arrays.copyOfRange(continuous, r * dimension, (r + 1) * dimension));
                returns[episodeOf[j]] += s.reward();
                if (!s.done()) {
                    obs[j] = s.observation();
                } else if (next < episodes) {
                    episodeOf[j] = next;
                    obs[j] = envs[j].reset(seed + next++);
                } else {
                    obs[j] = null;
                    running--;
                }
            }
        }
        return returns;
    }

    /**
     * Writes the policy into {@code dir}, atomically: an existing policy there is replaced only once
     * the new one is complete.
     */
    public void save(Path dir) {
        try {
            AtomicDirectory.write(dir, tmp -> {
                Properties p = new Properties();
                p.setProperty("inputs", Integer.toString(shape.inputs()));
                p.setProperty("hidden", Arrays.toString(shape.hidden()).replaceAll("[\\[\\] ]", ""));
                p.setProperty("outputs", Integer.toString(shape.outputs()));
                p.setProperty("activation", shape.activation().name().toLowerCase(java.util.Locale.ROOT));
                describe(p);
                if (normalizer != null) normalizer.describe(p);
                try (var w = Files.newBufferedWriter(tmp.resolve("policy.properties"))) {
                    p.store(w, "Revealed policy");
                }
                model.save(tmp, "policy");
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the policy to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Adds the kind and kind-specific entries. */
    abstract void describe(Properties p);

    /** Reads a policy written by {@link #save}. */
    public static MlpPolicy load(Path dir) {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(dir.resolve("policy.properties"))) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("policy.properties") + ": " + e.getMessage(), e);
        }
        Mlp shape;
        try {
            String hid = p.getProperty("hidden", "").trim();
            int[] hidden = hid.isEmpty() ? new int[0] : Arrays.stream(hid.split(",")).mapToInt(Integer::parseInt).toArray();
            Mlp.Activation act = Mlp.Activation.valueOf(p.getProperty("activation", "relu").toUpperCase(java.util.Locale.ROOT));
            shape = new Mlp(Integer.parseInt(p.getProperty("inputs")), hidden, Integer.parseInt(p.getProperty("outputs")), act);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(dir.resolve("policy.properties") + ": bad network shape: " + e.getMessage(), e);
        }
        Model model = Model.newInstance("policy", Engines.pytorch().defaultDevice(), "PyTorch");
        model.setBlock(shape.block());
        try {
            model.load(dir, "policy");
            // Record the input shape as a freshly trained block has it (loaded parameters are kept),
            // so that a loaded policy can be saved again.
            model.getBlock().initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, shape.inputs()));
        } catch (IOException | MalformedModelException e) {
            model.close();
            throw new IllegalArgumentException("cannot load the policy parameters in " + dir + ": " + e.getMessage(), e);
        }
        String kind = p.getProperty("kind");
        MlpPolicy policy = switch (kind == null ? "" : kind) {
            case "discrete-mlp" -> new DiscretePolicy(model, shape);
            case "continuous-mlp" -> {
                String squash = p.getProperty("squash", "none");
                if (!squash.equals("none") && !squash.equals("tanh")) {
                    model.close();
                    throw new IllegalArgumentException(dir + ": unknown squash '" + squash + "' (known: none, tanh)");
                }
                yield new ContinuousPolicy(model, shape, doubles(p.getProperty("low")), doubles(p.getProperty("high")), squash.equals("tanh"));
            }
            default -> {
                model.close();
                throw new IllegalArgumentException(dir + ": unknown policy kind '" + kind + "'");
            }
        };
        try {
            policy.normalizeWith(ObservationNormalizer.read(p, shape.inputs()));
        } catch (RuntimeException e) {
            policy.close();
            throw new IllegalArgumentException(dir.resolve("policy.properties") + ": bad observation normaliser: " + e.getMessage(), e);
        }
        return policy;
    }

    static String text(double[] v) {
        return Arrays.toString(v).replaceAll("[\\[\\] ]", "");
    }

    private static double[] doubles(String s) {
        return Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    @Override
    public void close() { model.close(); }
}
