package io.revealed.io;

import io.revealed.data.Actions;
import io.revealed.data.Episode;
import io.revealed.data.EpisodeDataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the legacy {@code .npz} rollouts of the Python library {@code imitation}
 * (HumanCompatibleAI): a zip of {@code .npy} arrays (see {@link Npy})
 * <ul>
 *   <li>{@code acts}: every step's action, all episodes concatenated: integers of shape (T,)
 *       (discrete), or floats of shape (T,) or (T, k) (continuous);</li>
 *   <li>{@code obs}: every episode's observations concatenated, shape (T + N,) or (T + N, d, ...),
 *       since each episode has one more observation than actions;</li>
 *   <li>{@code terminal}: one flag per episode (N of them);</li>
 *   <li>{@code indices}: the N-1 split points of {@code acts} (cumulative episode lengths);</li>
 *   <li>{@code rews} (optional): every step's reward, shape (T,);</li>
 *   <li>{@code infos} (optional): Python objects (a pickle), skipped with a warning.</li>
 * </ul>
 * Episode i has the actions {@code acts[indices[i-1] : indices[i]]} (with 0 and T at the ends) and
 * the observations of the same slice shifted by i, plus one more row. A terminal flag becomes
 * {@link Episode#terminated()}; an episode without one is {@link Episode#truncated()}. Observations
 * of more than one dimension per step (images) are flattened in row-major order, with a warning.
 *
 * <p>Cost: the archive's arrays are decompressed into memory one at a time (the largest is
 * {@code obs}) and copied into one {@code double[]} per observation and action row.
 * Errors are {@link InputException}s naming the file and the array ({@code indices},
 * {@code obs[17][2]}); a file that cannot be opened at all is an {@link UncheckedIOException}.
 */
public final class ImitationNpz {
    private ImitationNpz() {}

    private static final List<String> USED = List.of("obs", "acts", "rews", "infos", "terminal", "indices");

    /** Reads every episode of an {@code .npz} rollout file. */
    public static ImportedEpisodes read(Path file) {
        List<String> warnings = new ArrayList<>();
        Map<String, Npy.Array> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, ZipEntry> entries = new LinkedHashMap<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                String n = entry.getName();
                if (entry.isDirectory()) continue;
                if (!n.endsWith(".npy")) {
                    warnings.add("ignored the entry '" + n + "', which is not a .npy array");
                    continue;
                }
                entries.put(n.substring(0, n.length() - 4), entry);
            }
            for (String name : List.of("obs", "acts", "terminal", "indices"))
                if (!entries.containsKey(name))
                    throw new InputException(file, 0, name, "missing: the archive has " + (entries.isEmpty() ? "no .npy arrays" : "only " + String.join(", ", entries.keySet()))
                            + "; imitation's rollouts have obs, acts, terminal and indices (and usually rews and infos)");
            for (Map.Entry<String, ZipEntry> e : entries.entrySet()) {
                String name = e.getKey();
                if (!USED.contains(name)) {
                    warnings.add("ignored the array '" + name + "', which imitation's rollout format does not define");
                    continue;
                }
                Npy.Array a = Npy.parse(file, name, bytes(zip, e.getValue(), file, name));
                if (name.equals("infos")) {
                    warnings.add(a.kind() == Npy.Kind.OBJECT
                            ? "skipped 'infos': an array of Python objects (a pickle), which this reader does not decode"
                            : "skipped 'infos' (" + a.descr() + " " + a.shapeText() + "): per-step infos are not imported");
                    continue;
                }
                arrays.put(name, a);
            }
        } catch (InputException e) {
            throw e;
        } catch (ZipException e) {
            throw new InputException(file, 0, null, "not a readable .npz file (a zip archive of .npy arrays): " + e.getMessage(), e);
        } catch (IOException e) {
            throw IoErrors.failure("read", file, e);
        }
        return new ImportedEpisodes(episodes(file, arrays, warnings), warnings);
    }

    private static byte[] bytes(ZipFile zip, ZipEntry entry, Path file, String name) {
        if (entry.getSize() > Growable.MAX)
            throw new InputException(file, 0, name, "is " + entry.getSize() + " bytes; arrays larger than 2 GiB are not supported");
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (IOException e) { // a bad CRC, corrupt deflate data, a truncated entry
            throw new InputException(file, 0, name, "cannot decompress " + entry.getName() + ": " + e.getMessage(), e);
        }
    }

    private static EpisodeDataset episodes(Path file, Map<String, Npy.Array> arrays, List<String> warnings) {
        Npy.Array obs = arrays.get("obs"), acts = arrays.get("acts"), rews = arrays.get("rews");
        Npy.Array terminal = arrays.get("terminal"), indices = arrays.get("indices");

        // acts: (T,) integers, or (T,) / (T, k) floats
        if (!acts.numeric()) throw acts.error("expected numbers, got " + acts.descr());
        if (acts.ndim() < 1 || acts.ndim() > 2) throw acts.error("has shape " + acts.shapeText() + "; expected (T,) or (T, k)");
        if (acts.kind() == Npy.Kind.BOOL) throw acts.error("boolean actions (" + acts.descr() + ") are not supported; expected integers (discrete) or floats (continuous)");
        boolean discrete = acts.integer();
        if (discrete && acts.ndim() == 2)
            throw acts.error("integer actions of shape " + acts.shapeText() + " (multi-discrete) are not supported; expected (T,)");
        int T = (int) acts.shape()[0];
        int k = acts.ndim() == 2 ? (int) acts.shape()[1] : 1;
        if (!discrete && k < 1) throw acts.error("has shape " + acts.shapeText() + "; an action needs at least one component");

        // terminal and indices: N episodes, N-1 split points
        if (terminal.ndim() != 1 || !(terminal.kind() == Npy.Kind.BOOL || terminal.integer()))
            throw terminal.error("expected one boolean per episode, shape (N,), got " + terminal.descr() + " " + terminal.shapeText());
        int N = (int) terminal.shape()[0];
        if (N < 1) throw terminal.error("has no entries: the file holds no episode");
        if (indices.ndim() != 1 || !indices.integer())
            throw indices.error("expected integer split points of shape (N-1,), got " + indices.descr() + " " + indices.shapeText());
        if (indices.shape()[0] != N - 1)
            throw indices.error("has " + indices.shape()[0] + " entries, but terminal has " + N + " episodes; expected N-1 = " + (N - 1) + " split points");
        int[] bounds = new int[N + 1];
        bounds[N] = T;
        for (int i = 0; i < N - 1; i++) {
            long v = indices.getLong(i);
            long previous = bounds[i];
            if (v < previous || v > T)
                throw new InputException(file, 0, "indices[" + i + "]", "split point " + v + " is out of order or out of range: it must lie in ["
                        + previous + ", " + T + "] (after the previous split point, at most the " + T + " actions)");
            bounds[i + 1] = (int) v;
        }

        // obs: (T + N, ...) numbers
        if (!obs.numeric()) throw obs.error("expected numbers, got " + obs.descr());
        if (obs.ndim() < 1) throw obs.error("has shape " + obs.shapeText() + "; expected one row per observation");
        if (obs.shape()[0] != (long) T + N)
            throw obs.error("has " + obs.shape()[0] + " rows, expected " + ((long) T + N) + ": the " + T + " actions plus one extra observation for each of the " + N + " episodes");
        long dl = Npy.product(obs.shape(), 1);
        if (dl < 1) throw obs.error("has shape " + obs.shapeText() + "; an observation needs at least one component");
        int d = (int) dl;
        if (obs.ndim() > 2)
            warnings.add("flattened each observation of shape " + Npy.shapeText(java.util.Arrays.copyOfRange(obs.shape(), 1, obs.ndim())) + " to " + d + " values (row-major)");

        if (rews != null) {
            if (!rews.numeric() || rews.ndim() != 1 || rews.shape()[0] != T)
                throw rews.error("expected one reward per action, shape (" + T + ",), got " + rews.descr() + " " + rews.shapeText());
        } else {
            warnings.add("the file has no 'rews': the episodes have no rewards");
        }

        List<Episode> out = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            int from = bounds[i], to = bounds[i + 1], len = to - from;
            double[][] o = new double[len + 1][];
            for (int r = 0; r <= len; r++) {
                int row = from + i + r;
                double[] v = new double[d];
                for (int j = 0; j < d; j++) {
                    v[j] = obs.getDouble(row * d + j);
                    if (!Double.isFinite(v[j])) throw new InputException(file, 0, "obs[" + row + "][" + j + "]", "is " + v[j] + "; values must be finite");
                }
                o[r] = v;
            }
            Actions a;
            if (discrete) {
                int[] v = new int[len];
                for (int t = 0; t < len; t++) {
                    long x = acts.getLong(from + t);
                    if (acts.kind() == Npy.Kind.UNSIGNED && acts.itemSize() == 8 && x < 0) x = Long.MAX_VALUE; // above 2^63
                    if (x < 0 || x > Integer.MAX_VALUE)
                        throw new InputException(file, 0, "acts[" + (from + t) + "]", "action " + x + (x < 0 ? " is negative" : " is too large") + "; discrete actions are indices >= 0");
                    v[t] = (int) x;
                }
                a = new Actions.Discrete(v);
            } else {
                double[][] v = new double[len][k];
                for (int t = 0; t < len; t++)
                    for (int j = 0; j < k; j++) {
                        double x = acts.getDouble((from + t) * k + j);
                        if (!Double.isFinite(x)) throw new InputException(file, 0, "acts[" + (from + t) + "]" + (acts.ndim() == 2 ? "[" + j + "]" : ""), "is " + x + "; values must be finite");
                        v[t][j] = x;
                    }
                a = new Actions.Continuous(v, k);
            }
            double[] r = null;
            if (rews != null) {
                r = new double[len];
                for (int t = 0; t < len; t++) {
                    r[t] = rews.getDouble(from + t);
                    if (!Double.isFinite(r[t])) throw new InputException(file, 0, "rews[" + (from + t) + "]", "is " + r[t] + "; rewards must be finite");
                }
            }
            boolean term = terminal.getLong(i) != 0;
            out.add(new Episode(o, a, r, term, !term));
        }
        return new EpisodeDataset(out);
    }
}
