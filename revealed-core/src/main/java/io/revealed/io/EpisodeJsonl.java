package io.revealed.io;

import com.fasterxml.jackson.core.JsonToken;
import io.revealed.data.Actions;
import io.revealed.data.Episode;
import io.revealed.data.EpisodeDataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes episodes with real-valued observations as JSON Lines, one episode per line, in
 * the layout of {@link TrajectoryJsonl}:
 * <pre>{@code
 * {"obs": [[0.1, -2.0], [0.15, -1.5]], "acts": [1], "rews": [1.0], "terminated": false, "truncated": true}
 * {"obs": [[0.0, 0.5], [0.2, 0.25]], "acts": [[0.5, -1.0]], "terminated": true, "truncated": false}
 * }</pre>
 * Each {@code obs} entry is an array of finite numbers (a bare number is read as a vector of one);
 * {@code obs} has one more entry than {@code acts}. Actions are non-negative JSON integers
 * (discrete) or arrays of finite numbers (continuous). Within one file every observation has the
 * same dimension and the actions are of one kind (and, when continuous, of one dimension); the
 * first line that fixes one of these is named when a later line disagrees. {@code rews},
 * {@code terminated}, {@code truncated}, blank lines and unknown or repeated fields follow the
 * rules of {@link TrajectoryJsonl}. A tabular trajectory file therefore reads here too, each state
 * index becoming a one-component observation.
 *
 * <p>The writer always writes observations as arrays and numbers with {@link Double#toString},
 * so a float widened to a double (as from a {@code .npy} file) is written exactly and reads back
 * to the same value. Errors are {@link InputException}s naming the file, the line and the field
 * ({@code obs[3][1]}); I/O failures are {@link UncheckedIOException}s; writing is atomic.
 */
public final class EpisodeJsonl {
    private EpisodeJsonl() {}

    private static final List<String> FIELDS = List.of("obs", "acts", "rews", "terminated", "truncated");

    /** One line as parsed, before the kind of actions of an episode without actions is known. */
    private record Parsed(double[][] obs, int[] discrete, double[][] continuous, double[] rews, boolean terminated, boolean truncated) {}

    /** What the lines read so far have fixed for the whole file, and on which line. */
    private static final class Shape {
        int obsDim;
        long obsLine;
        Boolean discrete;
        int actDim;
        long actLine;
    }

    /** Reads every episode of a file. */
    public static EpisodeDataset read(Path file) {
        List<Parsed> parsed = new ArrayList<>();
        Shape shape = new Shape();
        long lineNo = 0;
        Growable.Bytes line = new Growable.Bytes();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            for (int got; (got = in.read(chunk)) >= 0; ) {
                int from = 0;
                for (int i = 0; i < got; i++) {
                    if (chunk[i] != '\n') continue;
                    line.add(chunk, from, i - from);
                    parseLine(file, ++lineNo, line, shape, parsed);
                    line.n = 0;
                    from = i + 1;
                }
                line.add(chunk, from, got - from);
            }
            if (line.n > 0) parseLine(file, ++lineNo, line, shape, parsed); // no final newline
        } catch (IOException e) {
            throw IoErrors.failure("read", file, e);
        }
        if (parsed.isEmpty()) throw new InputException(file, 0, null, lineNo == 0 ? "no episodes (the file is empty)" : "no episodes (only blank lines)");
        List<Episode> episodes = new ArrayList<>(parsed.size());
        boolean continuous = Boolean.FALSE.equals(shape.discrete);
        for (Parsed p : parsed) {
            Actions acts;
            if (continuous) acts = new Actions.Continuous(p.continuous() == null ? new double[0][] : p.continuous(), shape.actDim);
            else acts = new Actions.Discrete(p.discrete() == null ? new int[0] : p.discrete());
            episodes.add(new Episode(p.obs(), acts, p.rews(), p.terminated(), p.truncated()));
        }
        return new EpisodeDataset(episodes);
    }

    private static void parseLine(Path file, long lineNo, Growable.Bytes line, Shape shape, List<Parsed> out) throws IOException {
        byte[] b = line.a;
        int from = 0, to = line.n;
        if (lineNo == 1 && to >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) from = 3; // UTF-8 BOM
        boolean blank = true;
        for (int i = from; i < to && blank; i++) blank = b[i] == ' ' || b[i] == '\t' || b[i] == '\r';
        if (blank) return;
        try (JsonCursor in = JsonCursor.ofLine(file, lineNo, b, from, to - from)) {
            out.add(parseEpisode(in, lineNo, shape));
        }
    }

    private static Parsed parseEpisode(JsonCursor in, long lineNo, Shape shape) throws IOException {
        in.next();
        in.expect(JsonToken.START_OBJECT, "an episode object {\"obs\": [...], \"acts\": [...], ...}");
        double[][] obs = null, continuous = null;
        int[] discrete = null;
        int acts = -1;
        double[] rews = null;
        boolean terminated = false, truncated = false;
        Set<String> seen = new HashSet<>();
        while (in.next() == JsonToken.FIELD_NAME) {
            String name = in.fieldName();
            if (!FIELDS.contains(name)) throw in.error("unknown field; the known fields are " + String.join(", ", FIELDS));
            if (!seen.add(name)) throw in.error("appears twice");
            in.next();
            switch (name) {
                case "obs" -> obs = observations(in, lineNo, shape);
                case "acts" -> {
                    in.expect(JsonToken.START_ARRAY, "an array of actions: integers (discrete) or arrays of numbers (continuous)");
                    Growable.Ints ints = new Growable.Ints();
                    List<double[]> rows = new ArrayList<>();
                    while (in.next() != JsonToken.END_ARRAY) {
                        JsonToken t = in.token();
                        boolean isDiscrete = t == JsonToken.VALUE_NUMBER_INT;
                        if (!isDiscrete && t != JsonToken.START_ARRAY)
                            throw in.error("expected an integer action index (discrete) or an array of numbers (continuous), got " + in.describe()
                                    + (t == JsonToken.VALUE_NUMBER_FLOAT ? "; write a continuous action as an array, e.g. [0.5]" : ""));
                        if (shape.discrete == null) {
                            shape.discrete = isDiscrete;
                            shape.actLine = lineNo;
                        } else if (shape.discrete != isDiscrete) {
                            throw in.error((isDiscrete ? "a discrete action" : "a continuous action") + ", but line " + shape.actLine + " has "
                                    + (isDiscrete ? "continuous" : "discrete") + " actions; a file holds one kind of action");
                        }
                        if (isDiscrete) {
                            ints.add(in.index("action", 0, "actions"));
                        } else {
                            double[] a = vector(in, "action");
                            if (shape.actDim == 0) shape.actDim = a.length;
                            else if (a.length != shape.actDim)
                                throw in.error("has " + JsonCursor.count(a.length, "component", "components") + ", but the actions on line "
                                        + shape.actLine + " have " + shape.actDim + "; every action in a file has the same dimension");
                            rows.add(a);
                        }
                    }
                    acts = ints.n + rows.size();
                    if (ints.n > 0) discrete = ints.toArray();
                    if (!rows.isEmpty()) continuous = rows.toArray(new double[0][]);
                }
                case "rews" -> {
                    if (in.token() != JsonToken.VALUE_NULL) {
                        in.expect(JsonToken.START_ARRAY, "an array of rewards, one per action");
                        Growable.Doubles d = new Growable.Doubles();
                        while (in.next() != JsonToken.END_ARRAY) d.add(in.finiteNumber());
                        rews = d.toArray();
                    }
                }
                case "terminated" -> terminated = in.bool();
                case "truncated" -> truncated = in.bool();
                default -> throw new AssertionError(name);
            }
        }
        in.expectEnd("the episode object (one episode per line)");
        for (String f : FIELDS)
            if (!f.equals("rews") && !seen.contains(f)) throw in.error(lineNo, f, "required field is missing");
        if (obs.length != acts + 1)
            throw in.error(lineNo, "obs", "has " + JsonCursor.count(obs.length, "entry", "entries") + " and acts has " + acts
                    + "; obs needs exactly one more (the observation after the last action)");
        if (rews != null && rews.length != acts)
            throw in.error(lineNo, "rews", "has " + JsonCursor.count(rews.length, "entry", "entries") + ", expected one per action (" + acts + ")");
        return new Parsed(obs, discrete, continuous, rews, terminated, truncated);
    }

    private static double[][] observations(JsonCursor in, long lineNo, Shape shape) throws IOException {
        in.expect(JsonToken.START_ARRAY, "an array of observations (each an array of numbers)");
        List<double[]> rows = new ArrayList<>();
        while (in.next() != JsonToken.END_ARRAY) {
            double[] o;
            if (in.token() == JsonToken.START_ARRAY) o = vector(in, "observation");
            else if (in.token() == JsonToken.VALUE_NUMBER_INT || in.token() == JsonToken.VALUE_NUMBER_FLOAT) o = new double[]{in.finiteNumber()};
            else throw in.error("expected an observation (an array of numbers, or one number), got " + in.describe());
            if (shape.obsDim == 0) {
                shape.obsDim = o.length;
                shape.obsLine = lineNo;
            } else if (o.length != shape.obsDim) {
                throw in.error("has " + JsonCursor.count(o.length, "component", "components") + ", but the observations on line "
                        + shape.obsLine + " have " + shape.obsDim + "; every observation in a file has the same dimension");
            }
            rows.add(o);
        }
        return rows.toArray(new double[0][]);
    }

    /** Reads an array of finite numbers at the current {@code START_ARRAY}; ends at its {@code END_ARRAY}. */
    private static double[] vector(JsonCursor in, String what) throws IOException {
        Growable.Doubles v = new Growable.Doubles();
        while (in.next() != JsonToken.END_ARRAY) {
            if (in.token() == JsonToken.START_ARRAY) throw in.error("expected a number, got an array (an " + what + " is a flat array of numbers)");
            v.add(in.finiteNumber());
        }
        if (v.n == 0) throw in.error("an " + what + " needs at least one number, got []");
        return v.toArray();
    }

    /**
     * Writes a dataset atomically, one episode per line.
     *
     * @throws UncheckedIOException when the file cannot be written; no partial or temporary file is left
     */
    public static void write(EpisodeDataset data, Path file) {
        AtomicFile.write(file, w -> {
            for (Episode e : data.episodes()) writeLine(w, e);
        });
    }

    private static void writeLine(Writer w, Episode e) throws IOException {
        w.write("{\"obs\": ");
        rows(w, e.observations(), "obs");
        w.write(", \"acts\": ");
        switch (e.actions()) {
            case Actions.Discrete d -> JsonText.ints(w, d.values());
            case Actions.Continuous c -> rows(w, c.values(), "acts");
        }
        if (e.rewards() != null) {
            w.write(", \"rews\": ");
            JsonText.doubles(w, e.rewards(), 0, e.rewards().length, "rews");
        }
        w.write(", \"terminated\": " + e.terminated() + ", \"truncated\": " + e.truncated() + "}\n");
    }

    private static void rows(Writer w, double[][] rows, String field) throws IOException {
        w.write('[');
        for (int t = 0; t < rows.length; t++) {
            if (t > 0) w.write(", ");
            JsonText.doubles(w, rows[t], 0, rows[t].length, field + "[" + t + "]");
        }
        w.write(']');
    }
}
