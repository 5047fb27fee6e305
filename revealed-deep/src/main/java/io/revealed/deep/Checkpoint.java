package io.revealed.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import ai.djl.nn.Parameter;
import io.revealed.env.ControlEnv;
import io.revealed.env.VecEnv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Properties;

/**
 * A trainer's checkpoint: a directory holding {@value #PROPERTIES} (what was trained, with which
 * options, how far, and the small state: counters, generators, the environment's state, the
 * observation normaliser) and raw little-endian binary files for the large state (network
 * parameters, Adam moments, the replay buffer, the training curve). docs/formats.md describes every
 * entry. The directory is written by {@link AtomicDirectory}, so a run killed while saving keeps
 * its previous checkpoint.
 *
 * <p>Reading validates as it goes: another algorithm, other options, a missing entry or a binary
 * file of the wrong length (truncated, or from another run) fail with an
 * {@link IllegalArgumentException} that names the file.
 *
 * <p>{@link Dqn}, {@link Sac} and {@link Ppo} write and read their checkpoints through {@link Writer}
 * and {@link Reader}; another trainer can do the same with its own entries.
 */
public final class Checkpoint {
    /** The file that describes a checkpoint. */
    public static final String PROPERTIES = "checkpoint.properties";
    /** The value of {@code format} in {@value #PROPERTIES}. */
    static final String FORMAT = "revealed-checkpoint-1";

    private Checkpoint() {}

    /**
     * Where a trainer keeps its checkpoint, how often it writes it and whether it starts from it.
     *
     * @param dir the checkpoint directory (replaced atomically at every save)
     * @param every env steps between saves; a run also saves when it ends
     * @param resume whether to continue from the checkpoint in {@code dir} rather than start afresh
     */
    public record Settings(Path dir, long every, boolean resume) {
        public Settings {
            Objects.requireNonNull(dir, "dir");
            if (every < 1) throw new IllegalArgumentException("every must be >= 1, got " + every);
        }
    }

    /**
     * What a checkpoint is of.
     *
     * @param algorithm {@code dqn}, {@code sac} or {@code ppo}
     * @param env the environment id
     * @param step env steps taken
     * @param totalSteps the run's length
     */
    public record Summary(String algorithm, String env, long step, long totalSteps) {}

    /** The summary of the checkpoint in {@code dir}. */
    public static Summary summary(Path dir) {
        Reader r = Reader.open(dir);
        return new Summary(r.string("algorithm"), r.string("env"), r.longValue("step"), r.longValue("total_steps"));
    }

    /** Whether {@code dir} holds a checkpoint (its {@value #PROPERTIES}). */
    public static boolean exists(Path dir) { return Files.isRegularFile(dir.resolve(PROPERTIES)); }

    /** Collects the entries and files of a checkpoint being written into a fresh directory. */
    static final class Writer {
        final Path dir;
        final Properties p = new Properties();

        Writer(Path dir, String algorithm) {
            this.dir = dir;
            p.setProperty("format", FORMAT);
            p.setProperty("algorithm", algorithm);
        }

        Writer put(String key, Object value) {
            p.setProperty(key, String.valueOf(value));
            return this;
        }

        Writer put(String key, double[] values) {
            p.setProperty(key, MlpPolicy.text(values));
            return this;
        }

        /** The environment, under {@code env.*}. */
        void env(ControlEnv env) {
            put("env", env.id());
            snapshot("env.", env.snapshot());
        }

        /** The environment of every copy of {@code env}, under {@code env.<i>.*}, and the number of copies. */
        void vecEnv(VecEnv env) {
            ControlEnv.Snapshot[] all = env.snapshots();
            put("env", env.id());
            put("env.copies", all.length);
            for (int i = 0; i < all.length; i++) snapshot("env." + i + ".", all[i]);
        }

        private void snapshot(String prefix, ControlEnv.Snapshot s) {
            put(prefix + "seed", s.seed());
            put(prefix + "initial_states", s.initialStates());
            put(prefix + "state", s.state());
            put(prefix + "elapsed_steps", s.elapsedSteps());
            put(prefix + "running", s.running());
        }

        /** The parameters of {@code block}, in its order, as float32 into {@code name}. */
        void parameters(String name, Block block) throws IOException {
            floats(name, parameterValues(block));
        }

        void adam(String name, Adam adam) throws IOException {
            put(name + ".steps", adam.steps());
            floats(name, adam.state());
        }

        void floats(String name, float[] values) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            Files.write(dir.resolve(name), b.array());
        }

        void bytes(String name, ByteBuffer b) throws IOException {
            Files.write(dir.resolve(name), Arrays.copyOf(b.array(), b.position()));
        }

        /** Writes {@value #PROPERTIES}, last. */
        void finish() throws IOException {
            try (var w = Files.newBufferedWriter(dir.resolve(PROPERTIES))) {
                p.store(w, "Revealed trainer checkpoint");
            }
        }
    }

    /** Reads a checkpoint's entries and files, each failure naming the file. */
    static final class Reader {
        final Path dir;
        private final Properties p = new Properties();

        private Reader(Path dir) { this.dir = dir; }

        static Reader open(Path dir) {
            Reader r = new Reader(dir);
            Path file = dir.resolve(PROPERTIES);
            try (var in = Files.newBufferedReader(file)) {
                r.p.load(in);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(file + ": no checkpoint there", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            if (!FORMAT.equals(r.p.getProperty("format")))
                throw r.bad("format", "is '" + r.p.getProperty("format") + "', expected " + FORMAT);
            return r;
        }

        /** Checks that the checkpoint is of {@code algorithm}. */
        Reader expect(String algorithm) {
            String a = string("algorithm");
            if (!a.equals(algorithm))
                throw new IllegalArgumentException(dir.resolve(PROPERTIES) + ": a checkpoint of " + a + ", not of " + algorithm);
            return this;
        }

        Properties properties() { return p; }

        IllegalArgumentException bad(String key, String why) {
            return new IllegalArgumentException(dir.resolve(PROPERTIES) + ": " + key + " " + why);
        }

        String string(String key) {
            String v = p.getProperty(key);
            if (v == null) throw bad(key, "is missing (truncated or not a checkpoint?)");
            return v.trim();
        }

        long longValue(String key) {
            try {
                return Long.parseLong(string(key));
            } catch (NumberFormatException e) {
                throw bad(key, "is not an integer: " + p.getProperty(key));
            }
        }

        int intValue(String key) { return Math.toIntExact(longValue(key)); }

        double doubleValue(String key) {
            try {
                return Double.parseDouble(string(key));
            } catch (NumberFormatException e) {
                throw bad(key, "is not a number: " + p.getProperty(key));
            }
        }

        boolean booleanValue(String key) {
            String v = string(key);
            if (!v.equals("true") && !v.equals("false")) throw bad(key, "is not true or false: " + v);
            return v.equals("true");
        }

        double[] doubles(String key) {
            String v = string(key);
            if (v.isEmpty()) return new double[0];
            try {
                return Arrays.stream(v.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
            } catch (NumberFormatException e) {
                throw bad(key, "is not a list of numbers: " + v);
            }
        }

        int[] ints(String key) {
            String v = string(key);
            if (v.isEmpty()) return new int[0];
            try {
                return Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
            } catch (NumberFormatException e) {
                throw bad(key, "is not a list of integers: " + v);
            }
        }

        /** Puts {@code env} (of the checkpoint's id) where the checkpoint left it; returns its observation. */
        double[] restoreEnv(ControlEnv env) {
            checkEnvId(env.id());
            ControlEnv.Snapshot s = snapshot("env.");
            try {
                return env.restore(s);
            } catch (IllegalArgumentException e) {
                throw bad("env.*", "do not fit " + env.id() + ": " + e.getMessage());
            }
        }

        /** Puts every copy of {@code env} where the checkpoint left it; returns their observations. */
        double[] restoreVecEnv(VecEnv env) {
            checkEnvId(env.id());
            int copies = intValue("env.copies");
            if (copies != env.copies()) throw bad("env.copies", "is " + copies + ", but the run steps " + env.copies() + " copies");
            ControlEnv.Snapshot[] all = new ControlEnv.Snapshot[copies];
            for (int i = 0; i < copies; i++) all[i] = snapshot("env." + i + ".");
            try {
                return env.restore(all);
            } catch (IllegalArgumentException e) {
                throw bad("env.*", "do not fit " + env.id() + ": " + e.getMessage());
            }
        }

        private void checkEnvId(String runs) {
            String id = string("env");
            if (!id.equals(runs)) throw bad("env", "is " + id + ", but the run is on " + runs);
        }

        /** The snapshot saved under {@code prefix}. */
        private ControlEnv.Snapshot snapshot(String prefix) {
            long seed = longValue(prefix + "seed"), initialStates = longValue(prefix + "initial_states");
            double[] state = doubles(prefix + "state");
            int elapsed = intValue(prefix + "elapsed_steps");
            boolean running = booleanValue(prefix + "running");
            try {
                return new ControlEnv.Snapshot(seed, initialStates, state, elapsed, running);
            } catch (IllegalArgumentException e) {
                throw bad(prefix + "*", "are not a snapshot: " + e.getMessage());
            }
        }

        /** The observation normaliser saved under {@code obs_norm.*}, for observations of {@code dimension} numbers. */
        ObservationNormalizer normalizer(int dimension) {
            ObservationNormalizer n;
            try {
                n = ObservationNormalizer.read(p, dimension);
            } catch (RuntimeException e) {
                throw bad("obs_norm.*", "are malformed: " + e.getMessage());
            }
            if (n == null) throw bad("obs_norm.mean", "is missing");
            return n;
        }

        /** Overwrites {@code block}'s parameters with those saved in {@code name}. */
        void parameters(String name, Block block) {
            var ps = block.getParameters();
            int total = 0;
            for (Pair<String, Parameter> q : ps) total += Math.toIntExact(q.getValue().getArray().size());
            float[] values = floats(name, total);
            int at = 0;
            for (Pair<String, Parameter> q : ps) {
                NDArray a = q.getValue().getArray();
                int n = Math.toIntExact(a.size());
                NdArrays.overwrite(a, Arrays.copyOfRange(values, at, at + n));
                at += n;
            }
        }

        void adam(String name, Adam adam) {
            adam.restore(floats(name, adam.stateSize()), longValue(name + ".steps"));
        }

        /** The {@code count} float32 numbers of file {@code name}. */
        float[] floats(String name, int count) {
            ByteBuffer b = bytes(name, 4L * count);
            float[] out = new float[count];
            b.asFloatBuffer().get(out);
            return out;
        }

        /** File {@code name}, which must be {@code length} bytes long, little-endian. */
        ByteBuffer bytes(String name, long length) {
            Path file = dir.resolve(name);
            byte[] data;
            try {
                data = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(file + ": missing from the checkpoint", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            if (data.length != length)
                throw new IllegalArgumentException(file + ": " + data.length + " bytes, expected " + length
                        + (data.length < length ? " (truncated?)" : " (from another run?)"));
            return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Every parameter of {@code block}, in its order, as one array. */
    static float[] parameterValues(Block block) {
        var ps = block.getParameters();
        int total = 0;
        for (Pair<String, Parameter> q : ps) total += Math.toIntExact(q.getValue().getArray().size());
        float[] out = new float[total];
        int at = 0;
        for (Pair<String, Parameter> q : ps) {
            float[] v = q.getValue().getArray().toFloatArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    /** The options record {@code options} under keys {@code option.<component>}. */
    static void putOptions(Writer w, Record options) {
        for (var c : options.getClass().getRecordComponents()) w.put("option." + c.getName(), optionText(component(options, c)));
    }

    /** The options saved by {@link #putOptions}, as a {@code type} record. */
    static <R extends Record> R readOptions(Reader r, Class<R> type) {
        var cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            String key = "option." + cs[i].getName();
            Class<?> t = types[i] = cs[i].getType();
            if (t == int.class) args[i] = r.intValue(key);
            else if (t == long.class) args[i] = r.longValue(key);
            else if (t == double.class) args[i] = r.doubleValue(key);
            else if (t == boolean.class) args[i] = r.booleanValue(key);
            else if (t == int[].class) args[i] = r.ints(key);
            else if (t.isEnum()) args[i] = enumValue(r, key, t);
            else throw new IllegalStateException("no checkpoint text for options of type " + t);
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw r.bad("option.*", "are not valid options: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails, naming the first option that differs, unless the checkpoint's options are {@code given}. */
    static void checkOptions(Reader r, Record given) {
        for (var c : given.getClass().getRecordComponents()) {
            String key = "option." + c.getName(), here = optionText(component(given, c)), saved = r.string(key);
            if (!saved.equals(here))
                throw r.bad(key, "is " + saved + " in the checkpoint but " + here + " for this run; resume with the checkpoint's options");
        }
    }

    private static Object component(Record options, java.lang.reflect.RecordComponent c) {
        try {
            return c.getAccessor().invoke(options);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String optionText(Object v) {
        return v instanceof int[] a ? Arrays.toString(a).replaceAll("[\\[\\] ]", "") : v instanceof Enum<?> e ? e.name() : String.valueOf(v);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Reader r, String key, Class<?> t) {
        try {
            return Enum.valueOf((Class) t, r.string(key));
        } catch (IllegalArgumentException e) {
            throw r.bad(key, "is not one of " + Arrays.toString(t.getEnumConstants()));
        }
    }

    /**
     * Wall-clock seconds of training, over a run and the earlier runs it resumed: saved under
     * {@code train_seconds} (a record of the run, not part of what decides it; a checkpoint without
     * it counts from 0).
     */
    static final class Clock {
        private final long start = System.nanoTime();
        private double before;

        double seconds() { return before + (System.nanoTime() - start) / 1e9; }

        void write(Writer w) { w.put("train_seconds", seconds()); }

        void read(Reader r) {
            before = r.properties().getProperty("train_seconds") == null ? 0 : r.doubleValue("train_seconds");
            if (!(before >= 0) || !Double.isFinite(before)) throw r.bad("train_seconds", "is " + before + ", not a duration");
        }
    }

    /** The episodes finished so far: the env step each ended at and its return. */
    static final class EpisodeLog {
        private long[] steps = new long[256];
        private double[] returns = new double[256];
        private int size;

        void add(long step, double episodeReturn) {
            if (size == steps.length) {
                steps = Arrays.copyOf(steps, 2 * size);
                returns = Arrays.copyOf(returns, 2 * size);
            }
            steps[size] = step;
            returns[size++] = episodeReturn;
        }

        int size() { return size; }

        /** The mean return of the last (up to) {@code k} episodes; NaN before the first. */
        double meanOfLast(int k) {
            if (size == 0) return Double.NaN;
            int from = Math.max(0, size - k);
            double sum = 0;
            for (int i = from; i < size; i++) sum += returns[i];
            return sum / (size - from);
        }

        Ppo.Curve curve() { return new Ppo.Curve(Arrays.copyOf(steps, size), Arrays.copyOf(returns, size)); }

        /** Into file {@code name}: per episode an int64 env step and a float64 return; the count under {@code episodes}. */
        void write(Writer w, String name) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(16 * size).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < size; i++) b.putLong(steps[i]).putDouble(returns[i]);
            w.put("episodes", size);
            w.bytes(name, b);
        }

        static EpisodeLog read(Reader r, String name) {
            int n = r.intValue("episodes");
            if (n < 0) throw r.bad("episodes", "is negative");
            ByteBuffer b = r.bytes(name, 16L * n);
            EpisodeLog log = new EpisodeLog();
            for (int i = 0; i < n; i++) log.add(b.getLong(), b.getDouble());
            return log;
        }
    }
}
