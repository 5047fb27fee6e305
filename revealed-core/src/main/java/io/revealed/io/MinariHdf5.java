package io.revealed.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.revealed.data.Actions;
import io.revealed.data.Episode;
import io.revealed.data.EpisodeDataset;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads episodes stored the way Minari (Farama) stores them in HDF5: one group per episode at the
 * top of the file, {@code episode_0}, {@code episode_1}, ..., each holding the datasets
 * <ul>
 *   <li>{@code observations}: T+1 rows, shape (T+1,) or (T+1, d, ...), any numeric type;</li>
 *   <li>{@code actions}: shape (T,) of integers (discrete), or (T,) / (T, k) of floats (continuous);</li>
 *   <li>{@code rewards}: shape (T,);</li>
 *   <li>{@code terminations}, {@code truncations}: shape (T,), booleans (h5py's bool enum, an HDF5
 *       bit field, or integers 0/1), true at most at the last step.</li>
 * </ul>
 * Episodes are read in the order of their numbers (gaps are allowed). An {@code infos} group and
 * anything else the format does not define is skipped with a warning; dictionary observation or
 * action spaces (stored as groups) are rejected. Observations of more than one dimension per step
 * are flattened in row-major order, with a warning.
 *
 * <p>Uses jHDF (pure Java), which reads contiguous and chunked datasets, gzip (deflate) and the
 * other common filters. Errors are {@link InputException}s naming the file and the dataset path
 * ({@code episode_3/actions}); a missing file is an {@link UncheckedIOException}.
 */
public final class MinariHdf5 {
    private MinariHdf5() {}

    private static final Pattern EPISODE = Pattern.compile("episode_(\\d{1,9})");
    private static final List<String> DATASETS = List.of("observations", "actions", "rewards", "terminations", "truncations");

    /** Reads every episode of a Minari-style HDF5 file. */
    public static ImportedEpisodes read(Path file) {
        if (!Files.exists(file)) throw IoErrors.failure("read", file, new NoSuchFileException(file.toString()));
        List<String> warnings = new ArrayList<>();
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) { // jHDF's HdfException, or a buffer error on a damaged file
            throw new InputException(file, 0, null, "not a readable HDF5 file: " + message(e), e);
        }
        try (hdf) {
            TreeMap<Integer, Group> groups = new TreeMap<>();
            Map<String, Node> top = children(file, hdf, "");
            for (Map.Entry<String, Node> e : top.entrySet()) {
                Matcher m = EPISODE.matcher(e.getKey());
                if (m.matches() && e.getValue().isGroup()) groups.put(Integer.parseInt(m.group(1)), (Group) e.getValue());
                else warnings.add("ignored '" + e.getKey() + "' at the top of the file: episodes are groups named episode_0, episode_1, ...");
            }
            if (groups.isEmpty())
                throw new InputException(file, 0, null, "no episodes: a Minari file has groups episode_0, episode_1, ... at the top"
                        + (top.isEmpty() ? " (the file is empty)" : "; found " + String.join(", ", top.keySet())));
            Shape shape = new Shape();
            int infos = 0;
            Map<String, Integer> ignored = new TreeMap<>();
            List<Episode> episodes = new ArrayList<>(groups.size());
            for (Map.Entry<Integer, Group> e : groups.entrySet()) {
                String path = "episode_" + e.getKey();
                Map<String, Node> children = children(file, e.getValue(), path);
                for (String name : children.keySet()) {
                    if (DATASETS.contains(name)) continue;
                    if (name.equals("infos")) infos++;
                    else ignored.merge(name, 1, Integer::sum);
                }
                episodes.add(episode(file, path, children, shape));
            }
            if (infos > 0) warnings.add("skipped 'infos' in " + JsonCursor.count(infos, "episode", "episodes") + ": per-step infos are not imported");
            ignored.forEach((name, n) -> warnings.add("ignored '" + name + "' in " + JsonCursor.count(n, "episode", "episodes") + ", which Minari's episode layout does not define"));
            if (shape.flattened != null)
                warnings.add("flattened each observation of shape " + shape.flattened + " to " + shape.obsDim + " values (row-major)");
            return new ImportedEpisodes(new EpisodeDataset(episodes), warnings);
        }
    }

    /** What the first episode fixed for the whole file. */
    private static final class Shape {
        int obsDim;
        Boolean discrete;
        int actDim;
        String first;
        String flattened;
    }

    private static Episode episode(Path file, String path, Map<String, Node> children, Shape shape) {
        Column acts = column(file, path, children, "actions");
        if (acts.dims.length < 1 || acts.dims.length > 2)
            throw new InputException(file, 0, acts.path, "has shape " + Arrays.toString(acts.dims) + "; expected (T) or (T, k)");
        if (acts.bools != null) throw new InputException(file, 0, acts.path, "boolean actions are not supported; expected integers (discrete) or floats (continuous)");
        boolean discrete = acts.longs != null;
        if (discrete && acts.dims.length == 2)
            throw new InputException(file, 0, acts.path, "integer actions of shape " + Arrays.toString(acts.dims) + " (multi-discrete) are not supported; expected (T)");
        int T = acts.dims[0];
        int k = acts.dims.length == 2 ? acts.dims[1] : 1;
        if (k < 1) throw new InputException(file, 0, acts.path, "has shape " + Arrays.toString(acts.dims) + "; an action needs at least one component");

        Column obs = column(file, path, children, "observations");
        if (obs.bools != null) obs = obs.asNumbers();
        if (obs.dims.length < 1) throw new InputException(file, 0, obs.path, "is a scalar; expected one row per observation");
        if (obs.dims[0] != T + 1)
            throw new InputException(file, 0, obs.path, "has " + obs.dims[0] + " rows, expected " + (T + 1) + " (one more than the " + T + " actions)");
        int d = 1;
        for (int i = 1; i < obs.dims.length; i++) d *= obs.dims[i];
        if (d < 1) throw new InputException(file, 0, obs.path, "has shape " + Arrays.toString(obs.dims) + "; an observation needs at least one component");

        if (shape.first == null) {
            shape.first = path;
            shape.obsDim = d;
            shape.discrete = discrete;
            shape.actDim = k;
            if (obs.dims.length > 2) shape.flattened = Arrays.toString(Arrays.copyOfRange(obs.dims, 1, obs.dims.length));
        } else {
            if (d != shape.obsDim)
                throw new InputException(file, 0, obs.path, "observations have " + d + " components, but those of " + shape.first + " have " + shape.obsDim);
            if (discrete != shape.discrete)
                throw new InputException(file, 0, acts.path, (discrete ? "discrete" : "continuous") + " actions, but " + shape.first + " has "
                        + (shape.discrete ? "discrete" : "continuous") + " ones");
            if (!discrete && k != shape.actDim)
                throw new InputException(file, 0, acts.path, "actions have " + k + " components, but those of " + shape.first + " have " + shape.actDim);
        }

        double[][] o = new double[T + 1][];
        for (int t = 0; t <= T; t++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = obs.doubles[t * d + j];
                if (!Double.isFinite(v[j])) throw new InputException(file, 0, obs.path + "[" + t + "][" + j + "]", "is " + v[j] + "; values must be finite");
            }
            o[t] = v;
        }
        Actions a;
        if (discrete) {
            int[] v = new int[T];
            for (int t = 0; t < T; t++) {
                long x = acts.longs[t];
                if (x < 0 || x > Integer.MAX_VALUE)
                    throw new InputException(file, 0, acts.path + "[" + t + "]", "action " + x + (x < 0 ? " is negative" : " is too large") + "; discrete actions are indices >= 0");
                v[t] = (int) x;
            }
            a = new Actions.Discrete(v);
        } else {
            double[][] v = new double[T][k];
            for (int t = 0; t < T; t++)
                for (int j = 0; j < k; j++) {
                    v[t][j] = acts.doubles[t * k + j];
                    if (!Double.isFinite(v[t][j]))
                        throw new InputException(file, 0, acts.path + "[" + t + "]" + (acts.dims.length == 2 ? "[" + j + "]" : ""), "is " + v[t][j] + "; values must be finite");
                }
            a = new Actions.Continuous(v, k);
        }

        Column rews = column(file, path, children, "rewards");
        if (rews.bools != null) rews = rews.asNumbers();
        if (rews.dims.length != 1 || rews.dims[0] != T)
            throw new InputException(file, 0, rews.path, "has shape " + Arrays.toString(rews.dims) + "; expected one reward per action, [" + T + "]");
        double[] r = new double[T];
        for (int t = 0; t < T; t++) {
            r[t] = rews.doubles[t];
            if (!Double.isFinite(r[t])) throw new InputException(file, 0, rews.path + "[" + t + "]", "is " + r[t] + "; rewards must be finite");
        }
        boolean terminated = lastFlag(file, column(file, path, children, "terminations"), T);
        boolean truncated = lastFlag(file, column(file, path, children, "truncations"), T);
        return new Episode(o, a, r, terminated, truncated);
    }

    /** The flag at the last step; a flag set earlier would mean the episode went on after it ended. */
    private static boolean lastFlag(Path file, Column c, int T) {
        if (c.dims.length != 1 || c.dims[0] != T)
            throw new InputException(file, 0, c.path, "has shape " + Arrays.toString(c.dims) + "; expected one flag per action, [" + T + "]");
        boolean[] f = c.flags(file);
        for (int t = 0; t < T - 1; t++)
            if (f[t]) throw new InputException(file, 0, c.path + "[" + t + "]", "is true before the last step (" + (T - 1) + "): an episode ends at its first termination or truncation");
        return T > 0 && f[T - 1];
    }

    /**
     * One dataset's values, flat in row-major order: {@code doubles} for every numeric type, plus
     * {@code longs} for integer types; or {@code bools} (HDF5 bit fields); or {@code names}
     * (enums, which is how jHDF returns h5py's booleans: "FALSE" and "TRUE").
     */
    private record Column(String path, int[] dims, double[] doubles, long[] longs, boolean[] bools, String[] names) {
        Column asNumbers() {
            double[] v = new double[bools.length];
            for (int i = 0; i < v.length; i++) v[i] = bools[i] ? 1 : 0;
            return new Column(path, dims, v, null, null, null);
        }

        boolean[] flags(Path file) {
            if (bools != null) return bools;
            int n = longs != null ? longs.length : names != null ? names.length : doubles.length;
            boolean[] out = new boolean[n];
            for (int i = 0; i < n; i++) {
                if (names != null) {
                    if (names[i].equalsIgnoreCase("TRUE")) out[i] = true;
                    else if (!names[i].equalsIgnoreCase("FALSE"))
                        throw new InputException(file, 0, path + "[" + i + "]", "is the enum value " + names[i] + "; expected a boolean (TRUE or FALSE)");
                } else {
                    double v = longs != null ? longs[i] : doubles[i];
                    if (v != 0 && v != 1) throw new InputException(file, 0, path + "[" + i + "]", "is " + v + "; expected a boolean (0 or 1)");
                    out[i] = v == 1;
                }
            }
            return out;
        }
    }

    private static Column column(Path file, String group, Map<String, Node> children, String name) {
        String path = group + "/" + name;
        Node node = children.get(name);
        if (node == null)
            throw new InputException(file, 0, path, "missing; a Minari episode has the datasets " + String.join(", ", DATASETS));
        if (node.isGroup())
            throw new InputException(file, 0, path, "is a group (a dictionary or tuple space), which is not supported; expected one array");
        if (!(node instanceof Dataset ds))
            throw new InputException(file, 0, path, "is not a dataset");
        int[] dims;
        Object flat;
        try {
            if (ds.isCompound() || ds.isVariableLength())
                throw new InputException(file, 0, path, "is a compound or variable-length dataset; expected numbers");
            dims = ds.getDimensions();
            flat = ds.isEmpty() ? null : ds.getDataFlat();
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InputException(file, 0, path, "cannot read the dataset (is the file truncated or damaged?): " + message(e), e);
        }
        if (flat == null) flat = emptyOf(ds, dims);
        return switch (flat) {
            case double[] v -> new Column(path, dims, v, null, null, null);
            case float[] v -> {
                double[] w = new double[v.length];
                for (int i = 0; i < v.length; i++) w[i] = v[i];
                yield new Column(path, dims, w, null, null, null);
            }
            case long[] v -> integers(path, dims, v);
            case int[] v -> {
                long[] w = new long[v.length];
                for (int i = 0; i < v.length; i++) w[i] = v[i];
                yield integers(path, dims, w);
            }
            case short[] v -> {
                long[] w = new long[v.length];
                for (int i = 0; i < v.length; i++) w[i] = v[i];
                yield integers(path, dims, w);
            }
            case byte[] v -> {
                long[] w = new long[v.length];
                for (int i = 0; i < v.length; i++) w[i] = v[i];
                yield integers(path, dims, w);
            }
            case java.math.BigInteger[] v -> { // unsigned 64-bit
                long[] w = new long[v.length];
                for (int i = 0; i < v.length; i++) w[i] = v[i].bitLength() < 64 ? v[i].longValue() : Long.MAX_VALUE;
                yield integers(path, dims, w);
            }
            case boolean[] v -> new Column(path, dims, null, null, v, null);
            case String[] v -> new Column(path, dims, null, null, null, v);
            default -> throw new InputException(file, 0, path, "has elements of type " + flat.getClass().getComponentType() + "; expected numbers");
        };
    }

    private static Object emptyOf(Dataset ds, int[] dims) {
        Class<?> t = ds.getJavaType();
        if (t == double.class || t == float.class) return new double[0];
        if (t == boolean.class) return new boolean[0];
        if (t == String.class) return new String[0];
        return new long[0];
    }

    private static Column integers(String path, int[] dims, long[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return new Column(path, dims, d, v, null, null);
    }

    private static Map<String, Node> children(Path file, Group g, String path) {
        try {
            return g.getChildren();
        } catch (RuntimeException e) {
            throw new InputException(file, 0, path.isEmpty() ? null : path, "cannot read the group (is the file truncated or damaged?): " + message(e), e);
        }
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
