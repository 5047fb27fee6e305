package io.revealed.io;

import com.fasterxml.jackson.core.JsonToken;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Reads and writes MDP files and reward files (JSON).
 *
 * <p><b>MDP file.</b> One object:
 * <pre>{@code
 * {"states": N, "actions": A, "discount": g, "horizon": H | null,
 *  "initial": [N probabilities],
 *  "transitions": [[s, a, s2, p], ...],
 *  "features": [[D numbers] x N] | null, "feature_names": [D strings],
 *  "reward": {"kind": "state" | "state_action" | "transition", "values": [...]} | null}
 * }</pre>
 * {@code states}, {@code actions}, {@code discount}, {@code initial} and {@code transitions} are
 * required; {@code horizon}, {@code features}, {@code feature_names} and {@code reward} may be
 * {@code null} or absent. Fields may come in any order; any other field is rejected, as is a field
 * given twice. Indices are JSON integers ({@code 2}, not {@code 2.0}); numbers must be finite
 * ({@code NaN} and {@code Infinity} are rejected). Entries for the same {@code (s, a, s2)} are
 * added together; every {@code (s, a)} must have entries and their probabilities must sum to 1
 * within {@link TabularMdp#SUM_TOLERANCE}, as must {@code initial}. A discount of 1 needs a
 * horizon. {@code feature_names} (optional, only with {@code features}) names the feature columns;
 * without it they are {@code f0, f1, ...}.
 *
 * <p><b>Reward object.</b> {@code values} is nested by kind: {@code state} {@code [S]},
 * {@code state_action} {@code [S][A]}, {@code transition} {@code [S][A][S]} (indexed s, a, s').
 *
 * <p><b>Reward file.</b> The reward object itself with an optional {@code "meta"} object of free
 * provenance (algorithm, weights, ...): {@code {"kind": ..., "values": [...], "meta": {...}}}.
 * It does not record the number of actions, so a {@code state} reward read without an MDP has
 * {@code actions = 1}; {@link #readReward(Path, int, int)} checks the shape against an MDP instead.
 *
 * <p><b>Errors.</b> Every problem in the content is an {@link InputException} with the message
 * {@code FILE:LINE: FIELD: PROBLEM}, where {@code FIELD} is a path such as {@code transitions[17][3]},
 * {@code initial[2]} or {@code reward.values[3][1]}. Problems found only after the whole file is read
 * carry the line of the value they concern (a state-action row that does not sum to 1: the line
 * of its first entry). The file is read with Jackson's streaming parser into primitive arrays (no
 * tree); when {@code "states"} and {@code "actions"} come before {@code "transitions"} (as this
 * class writes them) indices are checked as they are read, otherwise afterwards against the line
 * where each entry starts. I/O failures (a missing file) are {@link UncheckedIOException}s.
 *
 * <p>The MDP read has each CSR row sorted by next state with duplicates merged (in file order),
 * exactly as {@link TabularMdp.Builder} would build it.
 *
 * <p><b>Writing</b> produces a fixed layout: every field in the order above, {@code null} written
 * out, one transition per line in CSR order, one feature row and one reward row per line,
 * {@code feature_names} whenever there are features, and doubles with full precision. A write
 * followed by a read therefore gives identical arrays for any MDP whose rows are sorted and free
 * of duplicates (all MDPs built by the builder or read from a file); other MDPs read back
 * equivalent. Writes are atomic: to a temporary file in the same directory that is then moved
 * onto the target, so a failure leaves no partial file and an existing file is replaced only
 * when the new one is complete.
 */
public final class MdpJson {
    private MdpJson() {}

    private static final List<String> MDP_FIELDS = List.of("states", "actions", "discount", "horizon", "initial",
            "transitions", "features", "feature_names", "reward");
    private static final List<String> REWARD_FIELDS = List.of("kind", "values");
    private static final List<String> REWARD_FILE_FIELDS = List.of("kind", "values", "meta");

    /** A reward file's contents: the reward and its free-form provenance ({@code meta}, never null). */
    public record RewardFile(TabularReward reward, Map<String, Object> meta) {
        public RewardFile {
            Objects.requireNonNull(reward, "reward");
            meta = meta == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads and validates an MDP file.
     *
     * @throws InputException naming file, line and field of the first problem
     * @throws UncheckedIOException when the file cannot be read
     */
    public static TabularMdp read(Path file) {
        try (JsonCursor in = JsonCursor.open(file)) {
            return new MdpReader(in).read();
        } catch (IOException e) {
            throw IoErrors.failure("read", file, e);
        }
    }

    /** Reads a reward file; a {@code state} reward gets {@code actions = 1}. */
    public static TabularReward readReward(Path file) {
        return readRewardFile(file, -1, -1).reward();
    }

    /** Reads a reward file and checks its shape against an MDP with these sizes. */
    public static TabularReward readReward(Path file, int states, int actions) {
        if (states < 1 || actions < 1) throw new IllegalArgumentException("states and actions must be >= 1, got " + states + " and " + actions);
        return readRewardFile(file, states, actions).reward();
    }

    /** Reads a reward file with its {@code meta} object (empty when absent). */
    public static RewardFile readRewardFile(Path file) {
        return readRewardFile(file, -1, -1);
    }

    private static RewardFile readRewardFile(Path file, int states, int actions) {
        try (JsonCursor in = JsonCursor.open(file)) {
            if (in.next() == null) throw in.error(0, null, "empty file; expected a reward object {\"kind\": ..., \"values\": [...]}");
            RewardPart r = readRewardObject(in, "", true, states, actions);
            in.expectEnd("the reward object");
            TabularReward reward = r.finish(in, states, actions);
            return new RewardFile(reward, r.meta);
        } catch (IOException e) {
            throw IoErrors.failure("read", file, e);
        }
    }

    /** A reward object as read, before its shape is checked against the MDP's sizes. */
    private static final class RewardPart {
        long line;
        String prefix;
        TabularReward.Kind kind;
        NestedArray values;
        Map<String, Object> meta;

        /** Checks the shape against {@code states}/{@code actions} (-1: take them from the values). */
        TabularReward finish(JsonCursor in, int states, int actions) {
            int depth = kind.ordinal() + 1;
            String field = prefix + "values";
            String want = switch (kind) {
                case STATE -> "[S]";
                case STATE_ACTION -> "[S][A]";
                case TRANSITION -> "[S][A][S]";
            };
            String expected = states < 0 ? want : want + " = " + switch (kind) {
                case STATE -> "[" + states + "]";
                case STATE_ACTION -> "[" + states + "][" + actions + "]";
                case TRANSITION -> "[" + states + "][" + actions + "][" + states + "]";
            };
            if (values.depth() != depth && values.depth() != 0)
                throw in.error(values.line(), field, "a " + kind.json() + " reward has the shape " + expected + ", got " + values.shape());
            int s = values.dim(0);
            if (s == 0) throw in.error(values.line(), field, "is empty");
            int a = kind == TabularReward.Kind.STATE ? (actions > 0 ? actions : 1) : values.dim(1);
            boolean ok = (states < 0 || s == states) && (kind == TabularReward.Kind.STATE || actions < 0 || a == actions)
                    && (kind != TabularReward.Kind.TRANSITION || values.dim(2) == s);
            if (!ok) {
                if (states < 0) expected += " with the last size equal to the first";
                throw in.error(values.line(), field, "a " + kind.json() + " reward has the shape " + expected + ", got " + values.shape());
            }
            try {
                return new TabularReward(kind, s, a, values.values());
            } catch (IllegalArgumentException e) {
                throw in.error(values.line(), field, e.getMessage());
            }
        }
    }

    /**
     * Reads a reward object at the cursor's current token; sizes {@code > 0} are checked while
     * reading when the kind comes before the values.
     */
    private static RewardPart readRewardObject(JsonCursor in, String prefix, boolean file, int states, int actions) throws IOException {
        in.expect(JsonToken.START_OBJECT, "a reward object {\"kind\": ..., \"values\": [...]}");
        RewardPart r = new RewardPart();
        r.line = in.line();
        r.prefix = prefix;
        List<String> known = file ? REWARD_FILE_FIELDS : REWARD_FIELDS;
        Map<String, Long> seen = new HashMap<>();
        while (in.next() == JsonToken.FIELD_NAME) {
            String name = in.fieldName();
            checkField(in, name, known, seen);
            in.next();
            switch (name) {
                case "kind" -> {
                    String k = in.string();
                    try {
                        r.kind = TabularReward.Kind.fromJson(k);
                    } catch (IllegalArgumentException e) {
                        throw in.error("unknown reward kind \"" + k + "\"; expected state, state_action or transition");
                    }
                }
                case "values" -> {
                    in.expect(JsonToken.START_ARRAY, "a nested array of numbers");
                    NestedArray v = new NestedArray(3);
                    if (r.kind != null) {
                        v.depth(r.kind.ordinal() + 1);
                        if (states > 0) v.size(0, states, "(one per state)");
                        if (r.kind != TabularReward.Kind.STATE && actions > 0) v.size(1, actions, "(one per action)");
                        if (r.kind == TabularReward.Kind.TRANSITION && states > 0) v.size(2, states, "(one per next state)");
                    }
                    r.values = v.read(in);
                }
                case "meta" -> {
                    in.expect(JsonToken.START_OBJECT, "an object");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) in.anyValue();
                    r.meta = m;
                }
                default -> throw new AssertionError(name);
            }
        }
        if (r.kind == null) throw in.error(r.line, prefix + "kind", "required field is missing");
        if (r.values == null) throw in.error(r.line, prefix + "values", "required field is missing");
        return r;
    }

    private static void checkField(JsonCursor in, String name, List<String> known, Map<String, Long> seen) {
        if (!known.contains(name))
            throw in.error("unknown field; the known fields are " + String.join(", ", known));
        Long first = seen.putIfAbsent(name, in.line());
        if (first != null) throw in.error("appears twice (first at line " + first + ")");
    }

    /** One pass over an MDP file; fields in any order, checked against each other at the end. */
    private static final class MdpReader {
        private final JsonCursor in;
        private long rootLine;
        private int states = -1, actions = -1;
        private long actionsLine;
        private double discount = Double.NaN;
        private long discountLine;
        private Integer horizon;
        private double[] initial;
        private long initialLine;
        // transitions in file order
        private final Growable.Ints from = new Growable.Ints(), act = new Growable.Ints(), to = new Growable.Ints(), lines = new Growable.Ints();
        private final Growable.Doubles prob = new Growable.Doubles();
        private boolean transitionsSeen, indicesChecked;
        private long transitionsLine;
        private NestedArray features;
        private List<String> names;
        private long namesLine;
        private RewardPart reward;

        MdpReader(JsonCursor in) { this.in = in; }

        TabularMdp read() throws IOException {
            if (in.next() == null) throw in.error(0, null, "empty file; expected an MDP object {\"states\": N, \"actions\": A, ...}");
            in.expect(JsonToken.START_OBJECT, "an MDP object {\"states\": N, \"actions\": A, ...}");
            rootLine = in.line();
            Map<String, Long> seen = new HashMap<>();
            while (in.next() == JsonToken.FIELD_NAME) {
                String name = in.fieldName();
                checkField(in, name, MDP_FIELDS, seen);
                in.next();
                switch (name) {
                    case "states" -> states = positive("number of states");
                    case "actions" -> { actionsLine = in.line(); actions = positive("number of actions"); }
                    case "discount" -> {
                        discountLine = in.line();
                        discount = in.finiteNumber();
                        if (!(discount >= 0 && discount <= 1)) throw in.error("must be in [0, 1], got " + discount);
                    }
                    case "horizon" -> {
                        if (in.token() != JsonToken.VALUE_NULL) {
                            int h = in.intValue("horizon");
                            if (h < 1) throw in.error("must be >= 1 (or null for a discounted infinite horizon), got " + h);
                            horizon = h;
                        }
                    }
                    case "initial" -> readInitial();
                    case "transitions" -> readTransitions();
                    case "features" -> {
                        if (in.token() != JsonToken.VALUE_NULL) {
                            in.expect(JsonToken.START_ARRAY, "an array of feature rows, one per state");
                            NestedArray f = new NestedArray(2).depth(2);
                            if (states > 0) f.size(0, states, "(one per state)");
                            if (names != null) f.size(1, names.size(), "(one per name in feature_names)");
                            features = f.read(in);
                        }
                    }
                    case "feature_names" -> readNames();
                    case "reward" -> {
                        if (in.token() != JsonToken.VALUE_NULL) reward = readRewardObject(in, "reward.", false, states, actions);
                    }
                    default -> throw new AssertionError(name);
                }
            }
            in.expectEnd("the MDP object");
            return assemble();
        }

        private int positive(String what) throws IOException {
            int v = in.intValue(what);
            if (v < 1) throw in.error("must be >= 1, got " + v);
            return v;
        }

        private void readInitial() throws IOException {
            in.expect(JsonToken.START_ARRAY, "an array of probabilities, one per state");
            initialLine = in.line();
            Growable.Doubles d = new Growable.Doubles();
            while (in.next() != JsonToken.END_ARRAY) d.add(in.probability());
            initial = d.toArray();
        }

        private void readNames() throws IOException {
            if (in.token() == JsonToken.VALUE_NULL) return;
            in.expect(JsonToken.START_ARRAY, "an array of strings");
            namesLine = in.line();
            names = new ArrayList<>();
            while (in.next() != JsonToken.END_ARRAY) names.add(in.string());
        }

        private void readTransitions() throws IOException {
            in.expect(JsonToken.START_ARRAY, "an array of [s, a, s2, p] entries");
            transitionsSeen = true;
            transitionsLine = in.line();
            indicesChecked = states > 0 && actions > 0;
            int i = 0;
            while (in.next() != JsonToken.END_ARRAY) {
                in.expect(JsonToken.START_ARRAY, "an entry [s, a, s2, p]");
                long line = in.line();
                int s = 0, a = 0, s2 = 0, k = 0;
                double p = 0;
                while (in.next() != JsonToken.END_ARRAY) {
                    switch (k++) {
                        case 0 -> s = in.index("state", states, "states");
                        case 1 -> a = in.index("action", actions, "actions");
                        case 2 -> s2 = in.index("next state", states, "states");
                        case 3 -> p = in.probability();
                        default -> throw in.error(line, "transitions[" + i + "]", "has more than 4 entries; expected [s, a, s2, p]");
                    }
                }
                if (k < 4) throw in.error(line, "transitions[" + i + "]", "has " + JsonCursor.count(k, "entry", "entries") + "; expected [s, a, s2, p]");
                from.add(s); act.add(a); to.add(s2); prob.add(p);
                lines.add((int) Math.min(Integer.MAX_VALUE, line));
                i++;
            }
        }

        private InputException missing(String field) {
            return in.error(rootLine, field, "required field is missing");
        }

        private TabularMdp assemble() {
            if (states < 0) throw missing("states");
            if (actions < 0) throw missing("actions");
            if (Double.isNaN(discount)) throw missing("discount");
            if (initial == null) throw missing("initial");
            if (!transitionsSeen) throw missing("transitions");
            long rows = (long) states * actions;
            if (rows > Growable.MAX - 1)
                throw in.error(actionsLine, "actions", "states * actions = " + rows + " is too large");
            if (!indicesChecked) checkIndices();

            if (initial.length != states)
                throw in.error(initialLine, "initial", "has " + JsonCursor.count(initial.length, "entry", "entries") + ", expected one per state (" + states + ")");
            double sum = 0;
            for (double p : initial) sum += p;
            if (Math.abs(sum - 1) > TabularMdp.SUM_TOLERANCE)
                throw in.error(initialLine, "initial", "probabilities sum to " + sum + ", not 1 (tolerance " + TabularMdp.SUM_TOLERANCE + ")");
            if (discount >= 1 && horizon == null)
                throw in.error(discountLine, "discount", "discount 1 needs a finite horizon: give \"horizon\" or a discount < 1");

            Features f = null;
            if (features != null) {
                if (features.dim(0) != states)
                    throw in.error(features.line(), "features", "has " + JsonCursor.count(features.dim(0), "row", "rows") + ", expected one per state (" + states + ")");
                int d = features.dim(1);
                if (d < 1) throw in.error(features.line(), "features[0]", "is empty; every state needs at least one feature");
                if (names != null && names.size() != d)
                    throw in.error(namesLine, "feature_names", "has " + JsonCursor.count(names.size(), "name", "names") + ", but the feature rows have " + JsonCursor.count(d, "entry", "entries"));
                try {
                    f = new Features(states, d, features.values(), names);
                } catch (IllegalArgumentException e) {
                    throw in.error(features.line(), "features", e.getMessage());
                }
            } else if (names != null) {
                throw in.error(namesLine, "feature_names", "given without features");
            }
            TabularReward r = reward == null ? null : reward.finish(in, states, actions);

            int[][] csr = new int[2][];
            double[] p = toCsr(csr);
            try {
                return TabularMdp.of(states, actions, csr[0], csr[1], p, initial, discount, horizon, f, r);
            } catch (IllegalArgumentException e) {
                throw new InputException(in.file(), 0, null, e.getMessage(), e);
            }
        }

        /** Range checks for transitions read before "states" or "actions" was known. */
        private void checkIndices() {
            for (int i = 0; i < from.n; i++) {
                String where = "transitions[" + i + "]";
                if (from.a[i] >= states)
                    throw in.error(lines.a[i], where + "[0]", "state " + from.a[i] + " out of range [0, " + states + ") (states = " + states + ")");
                if (act.a[i] >= actions)
                    throw in.error(lines.a[i], where + "[1]", "action " + act.a[i] + " out of range [0, " + actions + ") (actions = " + actions + ")");
                if (to.a[i] >= states)
                    throw in.error(lines.a[i], where + "[2]", "next state " + to.a[i] + " out of range [0, " + states + ") (states = " + states + ")");
            }
        }

        /**
         * Sorts the entries into CSR rows (by state-action, then next state, stable), adds up
         * duplicates, and checks that every row exists and sums to 1. Fills {@code out[0]} with
         * the row offsets and {@code out[1]} with the successors; returns the probabilities.
         */
        private double[] toCsr(int[][] out) {
            int n = from.n, rows = states * actions;
            int[] start = new int[rows + 1];
            for (int i = 0; i < n; i++) start[from.a[i] * actions + act.a[i] + 1]++;
            for (int r = 0; r < rows; r++) start[r + 1] += start[r];
            long[] keys = new long[n]; // (next state << 32) | file index: sorting a row sorts by s2, then file order
            int[] fill = Arrays.copyOf(start, rows);
            for (int i = 0; i < n; i++) keys[fill[from.a[i] * actions + act.a[i]]++] = ((long) to.a[i] << 32) | i;
            int[] rowStart = new int[rows + 1];
            int[] next = new int[n];
            double[] p = new double[n];
            int m = 0;
            for (int r = 0; r < rows; r++) {
                int s = r / actions, a = r % actions;
                rowStart[r] = m;
                int lo = start[r], hi = start[r + 1];
                if (lo == hi)
                    throw in.error(transitionsLine, "transitions", "state " + s + ", action " + a + " has no entries; every state-action pair needs"
                            + " successors whose probabilities sum to 1 (an absorbing state can list [" + s + ", " + a + ", " + s + ", 1.0])");
                int firstEntry = (int) keys[lo]; // filled in file order, so the row's first entry
                Arrays.sort(keys, lo, hi);
                int rowFirst = m;
                for (int k = lo; k < hi; k++) {
                    int s2 = (int) (keys[k] >>> 32), i = (int) keys[k];
                    if (m > rowFirst && next[m - 1] == s2) {
                        p[m - 1] += prob.a[i];
                        if (p[m - 1] > 1)
                            throw in.error(lines.a[i], "transitions[" + i + "]", "state " + s + ", action " + a + ", next state " + s2
                                    + " is listed more than once and its probabilities add up to " + p[m - 1] + ", more than 1");
                    } else {
                        next[m] = s2;
                        p[m] = prob.a[i];
                        m++;
                    }
                }
                double sum = 0;
                for (int k = rowFirst; k < m; k++) sum += p[k];
                if (Math.abs(sum - 1) > TabularMdp.SUM_TOLERANCE)
                    throw in.error(lines.a[firstEntry], "transitions", "state " + s + ", action " + a + " (first entry transitions[" + firstEntry
                            + "]): probabilities sum to " + sum + ", not 1 (tolerance " + TabularMdp.SUM_TOLERANCE + ")");
            }
            rowStart[rows] = m;
            out[0] = rowStart;
            out[1] = m == n ? next : Arrays.copyOf(next, m);
            return m == n ? p : Arrays.copyOf(p, m);
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes an MDP file atomically (see the class comment for the layout).
     *
     * @throws UncheckedIOException when the file cannot be written (e.g. its directory is missing);
     *     no partial file or temporary file is left behind
     */
    public static void write(TabularMdp mdp, Path file) {
        AtomicFile.write(file, w -> writeMdp(mdp, w));
    }

    /**
     * Writes a reward file atomically: the reward object plus {@code "meta"}. Meta values may be
     * null, strings, booleans, numbers, enums, maps, iterables and arrays (e.g. {@code double[]});
     * each top-level entry goes on its own line, in the map's iteration order (use a
     * {@link LinkedHashMap} for a stable file).
     *
     * @param meta free provenance, may be null (written as {@code {}})
     * @throws IllegalArgumentException for a NaN or infinite number in meta or a value of another type
     *     (nothing is written)
     */
    public static void writeReward(TabularReward reward, Map<String, Object> meta, Path file) {
        Objects.requireNonNull(reward, "reward");
        AtomicFile.write(file, w -> {
            writeRewardObject(w, reward, meta == null ? Map.of() : meta, true, "");
            w.write('\n');
        });
    }

    private static void writeMdp(TabularMdp mdp, Writer w) throws IOException {
        int S = mdp.states(), A = mdp.actions();
        w.write("{\n  \"states\": " + S + ",\n  \"actions\": " + A + ",\n  \"discount\": ");
        JsonText.number(w, mdp.discount(), "discount");
        OptionalInt h = mdp.horizon();
        w.write(",\n  \"horizon\": " + (h.isPresent() ? Integer.toString(h.getAsInt()) : "null") + ",\n  \"initial\": ");
        JsonText.doubles(w, mdp.initial(), 0, S, "initial");
        w.write(",\n  \"transitions\": [\n");
        int[] rowStart = mdp.rowStart(), next = mdp.successors();
        double[] p = mdp.probabilities();
        int n = next.length;
        for (int r = 0; r < S * A; r++) {
            String head = "    [" + (r / A) + ", " + (r % A) + ", ";
            for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
                w.write(head);
                w.write(Integer.toString(next[k]));
                w.write(", ");
                JsonText.number(w, p[k], "transition probability");
                w.write(k == n - 1 ? "]\n" : "],\n");
            }
        }
        w.write("  ],\n  \"features\": ");
        Features f = mdp.features();
        if (f == null) {
            w.write("null");
        } else {
            int d = f.dimension();
            w.write("[\n");
            for (int s = 0; s < S; s++) {
                w.write("    ");
                JsonText.doubles(w, f.values(), s * d, s * d + d, "features[" + s + "]");
                w.write(s == S - 1 ? "\n" : ",\n");
            }
            w.write("  ],\n  \"feature_names\": ");
            JsonText.value(w, f.names(), "feature_names");
        }
        w.write(",\n  \"reward\": ");
        if (mdp.reward() == null) w.write("null");
        else writeRewardObject(w, mdp.reward(), null, false, "  ");
        w.write("\n}\n");
    }

    /** A reward object starting at the current position, its inner lines indented by {@code indent} + 2. */
    private static void writeRewardObject(Writer w, TabularReward r, Map<String, Object> meta, boolean withMeta, String indent) throws IOException {
        String in1 = indent + "  ", in2 = in1 + "  ", in3 = in2 + "  ";
        int S = r.states(), A = r.actions();
        double[] v = r.values();
        w.write("{\n" + in1 + "\"kind\": ");
        JsonText.string(w, r.kind().json());
        w.write(",\n" + in1 + "\"values\": ");
        switch (r.kind()) {
            case STATE -> JsonText.doubles(w, v, 0, S, "reward.values");
            case STATE_ACTION -> {
                w.write("[\n");
                for (int s = 0; s < S; s++) {
                    w.write(in2);
                    JsonText.doubles(w, v, s * A, s * A + A, "reward.values[" + s + "]");
                    w.write(s == S - 1 ? "\n" : ",\n");
                }
                w.write(in1 + "]");
            }
            case TRANSITION -> {
                w.write("[\n");
                for (int s = 0; s < S; s++) {
                    w.write(in2 + "[\n");
                    for (int a = 0; a < A; a++) {
                        w.write(in3);
                        int base = (s * A + a) * S;
                        JsonText.doubles(w, v, base, base + S, "reward.values[" + s + "][" + a + "]");
                        w.write(a == A - 1 ? "\n" : ",\n");
                    }
                    w.write(in2 + (s == S - 1 ? "]\n" : "],\n"));
                }
                w.write(in1 + "]");
            }
        }
        if (withMeta) {
            w.write(",\n" + in1 + "\"meta\": {");
            boolean first = true;
            for (Map.Entry<String, Object> e : meta.entrySet()) {
                w.write(first ? "\n" : ",\n");
                first = false;
                w.write(in2);
                JsonText.string(w, String.valueOf(e.getKey()));
                w.write(": ");
                JsonText.value(w, e.getValue(), "meta." + e.getKey());
            }
            w.write(first ? "}" : "\n" + in1 + "}");
        }
        w.write("\n" + indent + "}");
    }
}
