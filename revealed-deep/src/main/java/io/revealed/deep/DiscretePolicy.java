package io.revealed.deep;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

/**
 * A softmax policy over discrete actions computed by an {@link Mlp}: logits for a batch of
 * observations, the greedy action, or action probabilities. Owns its DJL model: close it when done.
 *
 * <p>Saved as a directory: {@code policy.properties} (kind, network shape) and DJL's parameter
 * file {@code policy-0000.params}.
 */
public final class DiscretePolicy implements AutoCloseable {
    private final Model model;
    private final Mlp shape;

    DiscretePolicy(Model model, Mlp shape) {
        this.model = model;
        this.shape = shape;
    }

    public Mlp shape() { return shape; }

    public int observationSize() { return shape.inputs(); }

    public int actions() { return shape.outputs(); }

    /** Action probabilities for {@code n} observations (row-major {@code n x d}), row-major {@code n x A}. */
    public float[] probabilities(float[] obs, int n) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            return logits(m, obs, n).softmax(1).toFloatArray();
        }
    }

    /** The most probable action of each of {@code n} observations. */
    public int[] greedy(float[] obs, int n) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            long[] idx = logits(m, obs, n).argMax(1).toLongArray();
            int[] a = new int[n];
            for (int i = 0; i < n; i++) a[i] = (int) idx[i];
            return a;
        }
    }

    private NDArray logits(NDManager m, float[] obs, int n) {
        if (obs.length != (long) n * shape.inputs())
            throw new IllegalArgumentException("expected " + n + " x " + shape.inputs() + " observations, got " + obs.length + " numbers");
        NDArray x = m.create(obs, new Shape(n, shape.inputs()));
        return model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }

    /** Writes the policy into {@code dir} (created if needed). */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            Properties p = new Properties();
            p.setProperty("kind", "discrete-mlp");
            p.setProperty("inputs", Integer.toString(shape.inputs()));
            p.setProperty("hidden", Arrays.toString(shape.hidden()).replaceAll("[\\[\\] ]", ""));
            p.setProperty("outputs", Integer.toString(shape.outputs()));
            try (var w = Files.newBufferedWriter(dir.resolve("policy.properties"))) {
                p.store(w, "Revealed policy");
            }
            model.save(dir, "policy");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the policy to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads a policy written by {@link #save}. */
    public static DiscretePolicy load(Path dir) {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(dir.resolve("policy.properties"))) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("policy.properties") + ": " + e.getMessage(), e);
        }
        if (!"discrete-mlp".equals(p.getProperty("kind")))
            throw new IllegalArgumentException(dir + ": not a discrete MLP policy (kind = " + p.getProperty("kind") + ")");
        String hid = p.getProperty("hidden", "").trim();
        int[] hidden = hid.isEmpty() ? new int[0] : Arrays.stream(hid.split(",")).mapToInt(Integer::parseInt).toArray();
        Mlp shape = new Mlp(Integer.parseInt(p.getProperty("inputs")), hidden, Integer.parseInt(p.getProperty("outputs")));
        Model model = Model.newInstance("bc-policy", Engines.pytorch().defaultDevice(), "PyTorch");
        model.setBlock(shape.block());
        try {
            model.load(dir, "policy");
        } catch (IOException | MalformedModelException e) {
            model.close();
            throw new IllegalArgumentException("cannot load the policy parameters in " + dir + ": " + e.getMessage(), e);
        }
        return new DiscretePolicy(model, shape);
    }

    @Override
    public void close() { model.close(); }
}
