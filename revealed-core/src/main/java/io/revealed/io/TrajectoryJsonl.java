package io.revealed.io;

import com.fasterxml.jackson.core.JsonToken;
import io.revealed.data.Trajectory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes tabular trajectories as JSON Lines: one episode per line,
 * <pre>{@code
 * {"obs": [0, 3, 4], "acts": [1, 2], "rews": [0.0, 1.0], "terminated": true, "truncated": false}
 * }</pre>
 * {@code obs} (state indices) has one more entry than {@code acts} (action indices): the last one is
 * the observation after the final action. {@code rews} is optional (absent or {@code null} when the
 * episode has no rewards) and otherwise has one finite number per action. {@code obs}, {@code acts},
 * {@code terminated} and {@code truncated} are required; other fields are rejected, as is a field
 * given twice. Indices must be non-negative JSON integers: a fractional number, a string or an array
 * (a continuous observation, not supported yet) is an error. Blank lines are skipped; a file
 * without any episode is an error.
 *
 * <p>Errors are {@link InputException}s naming the file, the line (1-based, counting blank lines)
 * and the field ({@code obs[3]}, {@code acts}, ...); I/O failures are {@link UncheckedIOException}s.
 * Writing is atomic (a temporary file in the same directory, moved onto the target at the end);
 * {@link Writer} streams episodes to disk for datasets that should not be held in memory.
 */
public final class TrajectoryJsonl {
    private TrajectoryJsonl() {}

    private static final List<String> FIELDS = List.of("obs", "acts", "rews", "terminated", "truncated");

    /** Reads every episode of a file, checking only that indices are non-negative. */
    public static List<Trajectory> read(Path file) {
        return readChecked(file, -1, -1);
    }

    /**
     * Reads every episode of a file and checks that each observation is a state in
     * {@code [0, numStates)} and each action is in {@code [0, numActions)}.
     */
    public static List<Trajectory> read(Path file, int numStates, int numActions) {
        if (numStates < 1 || numActions < 1)
            throw new IllegalArgumentException("numStates and numActions must be >= 1, got " + numStates + " and " + numActions);
        return readChecked(file, numStates, numActions);
    }

    private static List<Trajectory> readChecked(Path file, int numStates, int numActions) {
        List<Trajectory> out = new ArrayList<>();
        long lineNo = 0;
        // Lines are split on '\n' as bytes and handed to Jackson undecoded: it checks the UTF-8
        // itself, so bad bytes are reported on their own line.
        Growable.Bytes line = new Growable.Bytes();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            for (int got; (got = in.read(chunk)) >= 0; ) {
                int from = 0;
                for (int i = 0; i < got; i++) {
                    if (chunk[i] != '\n') continue;
                    line.add(chunk, from, i - from);
                    parseLine(file, ++lineNo, line, numStates, numActions, out);
                    line.n = 0;
                    from = i + 1;
                }
                line.add(chunk, from, got - from);
            }
            if (line.n > 0) parseLine(file, ++lineNo, line, numStates, numActions, out); // no final newline
        } catch (IOException e) {
            throw IoErrors.failure("read", file, e);
        }
        if (out.isEmpty()) throw new InputException(file, 0, null, lineNo == 0 ? "no trajectories (the file is empty)" : "no trajectories (only blank lines)");
        return out;
    }

    /** Parses one line into {@code out}; blank lines are skipped. */
    private static void parseLine(Path file, long lineNo, Growable.Bytes line, int numStates, int numActions,
                                  List<Trajectory> out) throws IOException {
        byte[] b = line.a;
        int from = 0, to = line.n;
        if (lineNo == 1 && to >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) from = 3; // UTF-8 BOM
        boolean blank = true;
        for (int i = from; i < to && blank; i++) blank = b[i] == ' ' || b[i] == '\t' || b[i] == '\r';
        if (blank) return;
        out.add(parseEpisode(JsonCursor.ofLine(file, lineNo, b, from, to - from), lineNo, numStates, numActions));
    }

    private static Trajectory parseEpisode(JsonCursor cursor, long lineNo, int numStates, int numActions) throws IOException {
        try (JsonCursor in = cursor) {
            in.next();
            in.expect(JsonToken.START_OBJECT, "an episode object {\"obs\": [...], \"acts\": [...], ...}");
            int[] obs = null, acts = null;
            double[] rews = null;
            Boolean terminated = null, truncated = null;
            Map<String, Long> seen = new HashMap<>();
            while (in.next() == JsonToken.FIELD_NAME) {
                String name = in.fieldName();
                if (!FIELDS.contains(name)) throw in.error("unknown field; the known fields are " + String.join(", ", FIELDS));
                if (seen.put(name, lineNo) != null) throw in.error("appears twice");
                in.next();
                switch (name) {
                    case "obs" -> obs = indices(in, "state", numStates, "states");
                    case "acts" -> acts = indices(in, "action", numActions, "actions");
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
            for (String f : FIELDS) {
                if (f.equals("rews")) continue;
                if (!seen.containsKey(f)) throw in.error(lineNo, f, "required field is missing");
            }
            if (obs.length != acts.length + 1)
                throw in.error(lineNo, "obs", "has " + JsonCursor.count(obs.length, "entry", "entries") + " and acts has " + acts.length
                        + "; obs needs exactly one more (the observation after the last action)");
            if (rews != null && rews.length != acts.length)
                throw in.error(lineNo, "rews", "has " + JsonCursor.count(rews.length, "entry", "entries") + ", expected one per action (" + acts.length + ")");
            return new Trajectory(obs, acts, rews, terminated, truncated);
        }
    }

    private static int[] indices(JsonCursor in, String what, int bound, String boundName) throws IOException {
        in.expect(JsonToken.START_ARRAY, "an array of " + what + " indices");
        Growable.Ints v = new Growable.Ints();
        while (in.next() != JsonToken.END_ARRAY) v.add(in.index(what, bound, boundName));
        return v.toArray();
    }

    /**
     * Writes episodes atomically, one per line.
     *
     * @throws IllegalArgumentException when {@code episodes} is empty (the reader would reject the file)
     * @throws UncheckedIOException when the file cannot be written; no partial or temporary file is left
     */
    public static void write(List<Trajectory> episodes, Path file) {
        if (episodes.isEmpty()) throw new IllegalArgumentException("no trajectories to write to " + file);
        AtomicFile.write(file, w -> {
            for (Trajectory t : episodes) writeLine(w, t);
        });
    }

    private static void writeLine(java.io.Writer w, Trajectory t) throws IOException {
        w.write("{\"obs\": ");
        JsonText.ints(w, t.states());
        w.write(", \"acts\": ");
        JsonText.ints(w, t.actions());
        if (t.rewards() != null) {
            w.write(", \"rews\": ");
            JsonText.doubles(w, t.rewards(), 0, t.rewards().length, "rews");
        }
        w.write(", \"terminated\": " + t.terminated() + ", \"truncated\": " + t.truncated() + "}\n");
    }

    /** Opens a streaming writer for {@code file}; see {@link Writer}. */
    public static Writer writer(Path file) {
        try {
            return new Writer(file, AtomicFile.open(file));
        } catch (IOException e) {
            throw IoErrors.failure("write", file, e);
        }
    }

    /**
     * Appends episodes one at a time to a temporary file next to the target, so a large dataset
     * never sits in memory. {@link #commit()} moves the finished file into place; {@link #close()}
     * without a commit deletes the temporary file, so an exception inside a try-with-resources
     * block leaves no partial dataset behind:
     * <pre>{@code
     * try (TrajectoryJsonl.Writer out = TrajectoryJsonl.writer(path)) {
     *     for (...) out.write(episode);
     *     out.commit();
     * }
     * }</pre>
     * Not thread-safe.
     */
    public static final class Writer implements AutoCloseable {
        private final Path file;
        private final AtomicFile target;
        private long count;
        private boolean finished;

        private Writer(Path file, AtomicFile target) {
            this.file = file;
            this.target = target;
        }

        /** Appends one episode. */
        public Writer write(Trajectory episode) {
            if (finished) throw new IllegalStateException("writer for " + file + " is already committed or closed");
            try {
                writeLine(target.writer(), episode);
            } catch (IOException e) {
                throw IoErrors.failure("write", file, e);
            }
            count++;
            return this;
        }

        /** Episodes written so far. */
        public long count() { return count; }

        /**
         * Moves the file into place.
         *
         * @throws IllegalStateException when no episode was written (the reader would reject the file)
         */
        public void commit() {
            if (finished) throw new IllegalStateException("writer for " + file + " is already committed or closed");
            if (count == 0) throw new IllegalStateException("no trajectories written to " + file);
            finished = true;
            try {
                target.commit();
            } catch (IOException e) {
                throw IoErrors.failure("write", file, e);
            }
        }

        /** Deletes the temporary file unless {@link #commit()} succeeded. */
        @Override
        public void close() {
            finished = true;
            target.close();
        }
    }
}
