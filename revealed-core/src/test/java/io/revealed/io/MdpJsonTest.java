package io.revealed.io;

import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MdpJsonTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------ helpers

    static Path resource(String name) throws URISyntaxException {
        return Path.of(MdpJsonTest.class.getResource("/io/" + name).toURI());
    }

    /** Every CSR array, the scalars, features and reward of two MDPs are identical (bit for bit). */
    static void assertSameMdp(TabularMdp expected, TabularMdp actual) {
        assertEquals(expected.states(), actual.states());
        assertEquals(expected.actions(), actual.actions());
        assertEquals(Double.doubleToLongBits(expected.discount()), Double.doubleToLongBits(actual.discount()));
        assertEquals(expected.horizon(), actual.horizon());
        assertArrayEquals(expected.rowStart(), actual.rowStart());
        assertArrayEquals(expected.successors(), actual.successors());
        assertArrayEquals(expected.probabilities(), actual.probabilities());
        assertArrayEquals(expected.initial(), actual.initial());
        if (expected.features() == null) {
            assertNull(actual.features());
        } else {
            assertEquals(expected.features().dimension(), actual.features().dimension());
            assertArrayEquals(expected.features().values(), actual.features().values());
            assertEquals(expected.features().names(), actual.features().names());
        }
        assertSameReward(expected.reward(), actual.reward());
    }

    static void assertSameReward(TabularReward expected, TabularReward actual) {
        if (expected == null) {
            assertNull(actual);
            return;
        }
        assertEquals(expected.kind(), actual.kind());
        assertEquals(expected.states(), actual.states());
        assertEquals(expected.actions(), actual.actions());
        assertArrayEquals(expected.values(), actual.values()); // assertArrayEquals(double[]) compares bits: -0.0 != 0.0
    }

    /** Doubles that a lossy number format would get wrong. */
    static double[] awkwardValues(int n, long seed) {
        double[] special = {0.1, -0.0, 1.0 / 3, Math.PI, 1e-300, Double.MIN_VALUE, -Double.MAX_VALUE, 123456789.123456789, 1e21, 2.5e-8};
        SplittableRandom r = TestMdps.rng(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i < special.length ? special[i] : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-20, 20));
        return v;
    }

    /** The fixed MDP of the golden file mdp-written.json. */
    static TabularMdp goldenMdp() {
        return TabularMdp.builder(3, 2)
                .transition(0, 0, 1, 1.0 / 3).transition(0, 0, 2, 2.0 / 3)
                .transition(0, 1, 0, 1)
                .transition(1, 0, 2, 0.1).transition(1, 0, 1, 0.9)
                .transition(1, 1, 1, 1)
                .transition(2, 0, 2, 1).transition(2, 1, 0, 1)
                .initial(new double[]{0.25, 0.75, 0}).discount(0.95)
                .features(new Features(3, 2, new double[]{1, 0, 0, 1, 0.5, -2.5e-8}, List.of("x", "y")))
                .reward(TabularReward.ofStateAction(3, 2, new double[]{0, 1, -1.5, 1e21, 0.1, 12345.678}))
                .build();
    }

    /** The fixed MDP of the golden file mdp-written-horizon.json: finite horizon, discount 1, transition reward. */
    static TabularMdp goldenHorizonMdp() {
        return TabularMdp.builder(2, 1).transition(0, 0, 1, 1).transition(1, 0, 1, 1)
                .initialState(0).discount(1).horizon(5)
                .reward(new TabularReward(TabularReward.Kind.TRANSITION, 2, 1, new double[]{0, 1, 0, -0.5}))
                .build();
    }

    static List<Path> filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void roundTrip_randomMdpWithFeaturesAndStateActionReward_givesIdenticalArrays() {
        TabularMdp m = TestMdps.random(7, 3, 4, 0.9, null, 1);
        m = m.withReward(TabularReward.ofStateAction(7, 3, awkwardValues(21, 2)));
        Path f = dir.resolve("m.json");
        MdpJson.write(m, f);
        assertSameMdp(m, MdpJson.read(f));
    }

    @ParameterizedTest
    @EnumSource(TabularReward.Kind.class)
    void roundTrip_eachRewardKind(TabularReward.Kind kind) {
        int S = 4, A = 3;
        int n = switch (kind) {
            case STATE -> S;
            case STATE_ACTION -> S * A;
            case TRANSITION -> S * A * S;
        };
        TabularMdp m = TestMdps.random(S, A, 2, 0.5, 3, 7).withReward(new TabularReward(kind, S, A, awkwardValues(n, 3)));
        Path f = dir.resolve("m.json");
        MdpJson.write(m, f);
        assertSameMdp(m, MdpJson.read(f));
    }

    @Test
    void roundTrip_withoutHorizonFeaturesOrReward() {
        TabularMdp m = TestMdps.randomLarge(5, 2, 1, 0.99, null, 4);
        Path f = dir.resolve("plain.json");
        MdpJson.write(m, f);
        TabularMdp back = MdpJson.read(f);
        assertSameMdp(m, back);
        assertTrue(back.horizon().isEmpty());
    }

    @Test
    void roundTrip_finiteHorizonWithDiscountOne() {
        TabularMdp m = goldenHorizonMdp();
        Path f = dir.resolve("h.json");
        MdpJson.write(m, f);
        assertSameMdp(m, MdpJson.read(f));
    }

    @Test
    @Timeout(30)
    void roundTrip_120kTransitions_streamsAndStaysExact() {
        int S = 10_000, A = 4, b = 3;
        SplittableRandom r = TestMdps.rng(11);
        int[] rowStart = new int[S * A + 1];
        int[] next = new int[S * A * b];
        double[] prob = new double[S * A * b];
        for (int row = 0; row < S * A; row++) {
            rowStart[row] = row * b;
            int first = r.nextInt(S - b); // b distinct sorted successors, as the reader produces them
            double acc = 0;
            for (int k = 0; k < b; k++) {
                next[row * b + k] = first + k;
                if (k < b - 1) acc += prob[row * b + k] = r.nextDouble() / b;
            }
            prob[row * b + b - 1] = 1 - acc;
        }
        rowStart[S * A] = S * A * b;
        double[] init = new double[S];
        Arrays.fill(init, 1.0 / S);
        TabularMdp m = TabularMdp.of(S, A, rowStart, next, prob, init, 0.99, null, null,
                new TabularReward(TabularReward.Kind.STATE_ACTION, S, A, awkwardValues(S * A, 5)));
        Path f = dir.resolve("big.json");
        MdpJson.write(m, f);
        assertSameMdp(m, MdpJson.read(f));
    }

    @Test
    void rewardFile_roundTripsEveryKindWithMeta() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("algorithm", "mce");
        meta.put("weights", new double[]{0.5, -1e-10});
        meta.put("iterations", 3);
        meta.put("nested", Map.of("ok", true));
        for (TabularReward r : List.of(TabularReward.ofState(awkwardValues(5, 1)),
                TabularReward.ofStateAction(2, 3, awkwardValues(6, 2)),
                new TabularReward(TabularReward.Kind.TRANSITION, 2, 2, awkwardValues(8, 3)))) {
            Path f = dir.resolve("reward-" + r.kind().json() + ".json");
            MdpJson.writeReward(r, meta, f);
            MdpJson.RewardFile back = MdpJson.readRewardFile(f);
            assertSameReward(r, back.reward());
            assertEquals(List.of("algorithm", "weights", "iterations", "nested"), List.copyOf(back.meta().keySet()));
            assertEquals("mce", back.meta().get("algorithm"));
            assertEquals(List.of(0.5, -1e-10), back.meta().get("weights"));
            assertEquals(3, back.meta().get("iterations"));
            assertEquals(Map.of("ok", true), back.meta().get("nested"));
        }
    }

    @Test
    void rewardFile_stateRewardHasOneActionUnlessTheMdpSizesAreGiven() {
        Path f = dir.resolve("r.json");
        MdpJson.writeReward(TabularReward.ofState(new double[]{1, 2, 3}, 4), null, f);
        assertEquals(1, MdpJson.readReward(f).actions());
        TabularReward r = MdpJson.readReward(f, 3, 4);
        assertEquals(4, r.actions());
        assertArrayEquals(new double[]{1, 2, 3}, r.values());
        assertTrue(MdpJson.readRewardFile(f).meta().isEmpty());
    }

    // ------------------------------------------------------------------ golden files

    @Test
    void goldenHandWrittenFile_readsToExactValues() throws Exception {
        TabularMdp m = MdpJson.read(resource("mdp-handwritten.json"));
        assertEquals(3, m.states());
        assertEquals(2, m.actions());
        assertEquals(1.0, m.discount());
        assertEquals(4, m.horizon().getAsInt());
        assertArrayEquals(new double[]{1, 0, 0}, m.initial());
        // rows sorted by next state; the two [1, 0, 2, .] entries are added: 0.5 + 0.25 = 0.75
        assertArrayEquals(new int[]{0, 2, 3, 5, 6, 7, 8}, m.rowStart());
        assertArrayEquals(new int[]{0, 1, 0, 1, 2, 0, 2, 2}, m.successors());
        assertArrayEquals(new double[]{0.2, 0.8, 1, 0.25, 0.75, 1, 1, 1}, m.probabilities());
        assertEquals(List.of("at_goal", "distance"), m.features().names());
        assertArrayEquals(new double[]{0, 2, 0, 1, 1, 0}, m.features().values());
        assertEquals(TabularReward.Kind.STATE, m.reward().kind());
        assertEquals(2, m.reward().actions());
        assertArrayEquals(new double[]{0, 0, 1}, m.reward().values());
    }

    @Test
    void writer_matchesGoldenFileByteForByte() throws Exception {
        Path f = dir.resolve("mdp.json");
        MdpJson.write(goldenMdp(), f);
        assertEquals(Files.readString(resource("mdp-written.json")), Files.readString(f));
        assertArrayEquals(Files.readAllBytes(resource("mdp-written.json")), Files.readAllBytes(f));
        assertSameMdp(goldenMdp(), MdpJson.read(resource("mdp-written.json")));
    }

    @Test
    void writer_finiteHorizonAndTransitionReward_matchGoldenFileByteForByte() throws Exception {
        Path f = dir.resolve("mdp.json");
        MdpJson.write(goldenHorizonMdp(), f);
        assertArrayEquals(Files.readAllBytes(resource("mdp-written-horizon.json")), Files.readAllBytes(f));
        assertSameMdp(goldenHorizonMdp(), MdpJson.read(resource("mdp-written-horizon.json")));
    }

    @Test
    void rewardWriter_matchesGoldenFileByteForByte() throws Exception {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("algorithm", "mce");
        meta.put("weights", new double[]{0.5, -1.0});
        meta.put("feature_names", List.of("a", "b"));
        meta.put("env", "gridworld:size=2");
        meta.put("iterations", 17);
        meta.put("converged", true);
        meta.put("note", null);
        Path f = dir.resolve("reward.json");
        MdpJson.writeReward(TabularReward.ofState(new double[]{0.5, -1, 3e-5}, 4), meta, f);
        assertEquals(Files.readString(resource("reward-written.json")), Files.readString(f));
        assertArrayEquals(Files.readAllBytes(resource("reward-written.json")), Files.readAllBytes(f));
    }

    // ------------------------------------------------------------------ bad input

    /** A valid file; each bad-input test changes one thing. Line numbers are in the comments. */
    static final String VALID = """
            {
              "states": 2,
              "actions": 2,
              "discount": 0.9,
              "horizon": null,
              "initial": [0.5, 0.5],
              "transitions": [
                [0, 0, 0, 1.0],
                [0, 1, 1, 1.0],
                [1, 0, 0, 0.5],
                [1, 0, 1, 0.5],
                [1, 1, 1, 1.0]
              ],
              "features": [[1.0, 0.0], [0.0, 1.0]],
              "reward": {"kind": "state_action", "values": [[0.0, 1.0],
                                                           [2.0, 3.0]]}
            }
            """;
    // line 1 {, 2 states, 3 actions, 4 discount, 5 horizon, 6 initial, 7 "transitions": [,
    // 8-12 transitions[0..4], 13 ], 14 features, 15 reward (values[0]), 16 values[1], 17 }

    static String replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        assertTrue(at >= 0 && text.indexOf(target, at + 1) < 0, "expected exactly one '" + target + "'");
        return text.substring(0, at) + replacement + text.substring(at + target.length());
    }

    Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** Reads {@code text} as an MDP file and checks the error's file, line, field and problem. */
    InputException assertBad(String text, long line, String field, String problem) throws IOException {
        Path f = write("bad.json", text);
        InputException e = assertThrows(InputException.class, () -> MdpJson.read(f));
        assertError(e, f, line, field, problem);
        return e;
    }

    static void assertError(InputException e, Path file, long line, String field, String problem) {
        String prefix = file + (line > 0 ? ":" + line : "") + ": " + (field == null ? "" : field + ": ");
        assertTrue(e.getMessage().startsWith(prefix), () -> "expected prefix '" + prefix + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "expected '" + problem + "' in: " + e.getMessage());
        assertEquals(file, e.file());
        assertEquals(line, e.line());
        assertEquals(field, e.field());
    }

    @Test
    void validBaseFile_reads() throws IOException {
        TabularMdp m = MdpJson.read(write("ok.json", VALID));
        assertEquals(5, m.transitions());
        assertArrayEquals(new double[]{0, 1, 2, 3}, m.reward().values());
    }

    @Test
    void malformedJson_namesLineAndColumn() throws IOException {
        // a trailing comma after the last entry: the parser stops at the ']' on line 13
        assertBad(replaceOnce(VALID, "[1, 1, 1, 1.0]\n", "[1, 1, 1, 1.0],\n"), 13, "transitions[5]", "malformed JSON at column 3");
    }

    @Test
    void missingRequiredField_isReportedAtTheObjectStart() throws IOException {
        assertBad(replaceOnce(VALID, "  \"discount\": 0.9,\n", ""), 1, "discount", "required field is missing");
    }

    @Test
    void wrongType_namesExpectedAndActual() throws IOException {
        assertBad(replaceOnce(VALID, "\"states\": 2", "\"states\": \"2\""), 2, "states",
                "expected an integer number of states, got the string \"2\"");
    }

    @Test
    void unknownTopLevelField_listsTheKnownOnes() throws IOException {
        assertBad(replaceOnce(VALID, "  \"horizon\": null,\n", "  \"gamma\": 0.9,\n"), 5, "gamma",
                "unknown field; the known fields are states, actions, discount, horizon, initial, transitions, features, feature_names, reward");
    }

    @Test
    void fieldGivenTwice_isRejected() throws IOException {
        assertBad(replaceOnce(VALID, "  \"horizon\": null,\n", "  \"states\": 2,\n"), 5, "states", "appears twice (first at line 2)");
    }

    @Test
    void nanAndInfinity_areRejectedWithTheirField() throws IOException {
        assertBad(replaceOnce(VALID, "[0.5, 0.5]", "[0.5, NaN]"), 6, "initial[1]", "got NaN; only finite numbers are allowed");
        assertBad(replaceOnce(VALID, "[0, 0, 0, 1.0]", "[0, 0, 0, Infinity]"), 8, "transitions[0][3]", "got Infinity");
        assertBad(replaceOnce(VALID, "[2.0, 3.0]", "[2.0, -Infinity]"), 16, "reward.values[1][1]", "got -Infinity");
        assertBad(replaceOnce(VALID, "[0.0, 1.0]]", "[0.0, 1.0, 1e999]]"), 14, "features[1][2]", "got 1e999");
    }

    @Test
    void nextStateOutOfRange_namesEntryAndComponent() throws IOException {
        assertBad(replaceOnce(VALID, "[0, 1, 1, 1.0]", "[0, 1, 7, 1.0]"), 9, "transitions[1][2]", "next state 7 out of range [0, 2) (states = 2)");
    }

    @Test
    void actionOutOfRange_namesEntryAndComponent() throws IOException {
        assertBad(replaceOnce(VALID, "[0, 1, 1, 1.0]", "[0, 2, 1, 1.0]"), 9, "transitions[1][1]", "action 2 out of range [0, 2) (actions = 2)");
    }

    @Test
    void indexOutOfRange_whenStatesComeAfterTransitions_isReportedAtTheEntry() throws IOException {
        String text = replaceOnce(VALID, "  \"states\": 2,\n", "");
        text = replaceOnce(text, "  \"features\"", "  \"states\": 2,\n  \"features\"");
        text = replaceOnce(text, "[1, 0, 1, 0.5]", "[1, 0, 5, 0.5]");
        assertBad(text, 10, "transitions[3][2]", "next state 5 out of range [0, 2)");
    }

    @Test
    void negativeIndex_isRejected() throws IOException {
        assertBad(replaceOnce(VALID, "[1, 1, 1, 1.0]", "[-1, 1, 1, 1.0]"), 12, "transitions[4][0]", "state -1 out of range [0, 2)");
    }

    @Test
    void nonIntegerIndex_isRejected() throws IOException {
        assertBad(replaceOnce(VALID, "[0, 0, 0, 1.0]", "[0.0, 0, 0, 1.0]"), 8, "transitions[0][0]",
                "expected an integer state index, got the number 0.0");
    }

    @Test
    void entryOfWrongLength_isRejected() throws IOException {
        assertBad(replaceOnce(VALID, "[1, 1, 1, 1.0]", "[1, 1, 1]"), 12, "transitions[4]", "has 3 entries; expected [s, a, s2, p]");
        assertBad(replaceOnce(VALID, "[1, 1, 1, 1.0]", "[1, 1, 1, 1.0, 0]"), 12, "transitions[4]", "has more than 4 entries");
    }

    @Test
    void probabilityOutsideUnitInterval_namesTheEntry() throws IOException {
        assertBad(replaceOnce(VALID, "[1, 0, 1, 0.5]", "[1, 0, 1, 1.5]"), 11, "transitions[3][3]", "probability 1.5 not in [0, 1]");
        assertBad(replaceOnce(VALID, "[1, 0, 1, 0.5]", "[1, 0, 1, -0.5]"), 11, "transitions[3][3]", "probability -0.5 not in [0, 1]");
    }

    @Test
    void rowNotSummingToOne_namesStateActionAndLineOfItsFirstEntry() throws IOException {
        // row (1, 0) is transitions[2] (line 10) and transitions[3] (line 11): 0.5 + 0.25
        assertBad(replaceOnce(VALID, "[1, 0, 1, 0.5]", "[1, 0, 1, 0.25]"), 10, "transitions",
                "state 1, action 0 (first entry transitions[2]): probabilities sum to 0.75, not 1");
    }

    @Test
    void duplicateEntriesAddingUpToMoreThanOne_areRejected() throws IOException {
        assertBad(replaceOnce(VALID, "[0, 1, 1, 1.0]", "[0, 0, 0, 1.0]"), 9, "transitions[1]",
                "state 0, action 0, next state 0 is listed more than once and its probabilities add up to 2.0");
    }

    @Test
    void stateActionWithoutEntries_isRejected() throws IOException {
        assertBad(replaceOnce(VALID, ",\n    [1, 1, 1, 1.0]", ""), 7, "transitions", "state 1, action 1 has no entries");
    }

    @Test
    void initialNotSummingToOne_isRejected() throws IOException {
        assertBad(replaceOnce(VALID, "[0.5, 0.5]", "[0.5, 0.25]"), 6, "initial", "probabilities sum to 0.75, not 1");
    }

    @Test
    void initialOfWrongLength_isRejected() throws IOException {
        assertBad(replaceOnce(VALID, "[0.5, 0.5]", "[0.5, 0.25, 0.25]"), 6, "initial", "has 3 entries, expected one per state (2)");
    }

    @Test
    void featureRowOfWrongLength_namesTheRow() throws IOException {
        assertBad(replaceOnce(VALID, "[0.0, 1.0]]", "[0.0, 1.0, 2.0]]"), 14, "features[1]", "has 3 entries, expected 2 like features[0]");
    }

    @Test
    void featuresWithWrongNumberOfRows_isRejected() throws IOException {
        assertBad(replaceOnce(VALID, "[[1.0, 0.0], [0.0, 1.0]]", "[[1.0, 0.0]]"), 14, "features", "has 1 entry, expected 2 (one per state)");
    }

    @Test
    void featureNamesOfWrongLength_isRejected() throws IOException {
        String text = replaceOnce(VALID, "  \"features\"", "  \"feature_names\": [\"a\"],\n  \"features\"");
        assertBad(text, 15, "features[0]", "has 2 entries, expected 1 (one per name in feature_names)");
        text = replaceOnce(VALID, "  \"reward\"", "  \"feature_names\": [\"a\", \"b\", \"c\"],\n  \"reward\"");
        assertBad(text, 15, "feature_names", "has 3 names, but the feature rows have 2 entries");
    }

    @Test
    void discountOutsideUnitInterval_isRejected() throws IOException {
        assertBad(replaceOnce(VALID, "\"discount\": 0.9", "\"discount\": 1.5"), 4, "discount", "must be in [0, 1], got 1.5");
    }

    @Test
    void discountOneWithoutHorizon_isRejected() throws IOException {
        assertBad(replaceOnce(VALID, "\"discount\": 0.9", "\"discount\": 1"), 4, "discount", "discount 1 needs a finite horizon");
    }

    @Test
    void horizonBelowOne_isRejected() throws IOException {
        assertBad(replaceOnce(VALID, "\"horizon\": null", "\"horizon\": 0"), 5, "horizon", "must be >= 1");
    }

    @Test
    void rewardRowOfWrongLength_namesTheRow() throws IOException {
        assertBad(replaceOnce(VALID, "[2.0, 3.0]", "[2.0, 3.0, 4.0]"), 16, "reward.values[1]", "has 3 entries, expected 2 (one per action)");
    }

    @Test
    void rewardValueNotANumber_namesTheValue() throws IOException {
        assertBad(replaceOnce(VALID, "[0.0, 1.0],", "[0.0, \"x\"],"), 15, "reward.values[0][1]", "expected a number, got the string \"x\"");
    }

    @Test
    void rewardShapeNotMatchingAKindGivenAfterTheValues_isRejected() throws IOException {
        String reward = VALID.substring(VALID.indexOf("{\"kind\""), VALID.indexOf("]]}") + 3);
        String text = replaceOnce(VALID, reward, "{\"values\": [0.0, 1.0], \"kind\": \"state_action\"}");
        assertBad(text, 15, "reward.values", "a state_action reward has the shape [S][A] = [2][2], got [2]");
    }

    @Test
    void unknownRewardKind_isRejected() throws IOException {
        assertBad(replaceOnce(VALID, "\"state_action\"", "\"state_acton\""), 15, "reward.kind",
                "unknown reward kind \"state_acton\"; expected state, state_action or transition");
    }

    @Test
    void unknownRewardField_listsTheKnownOnes() throws IOException {
        assertBad(replaceOnce(VALID, "{\"kind\"", "{\"scale\": 2, \"kind\""), 15, "reward.scale",
                "unknown field; the known fields are kind, values");
    }

    @Test
    void emptyFile_isRejected() throws IOException {
        assertBad("", 0, null, "empty file");
    }

    @Test
    void topLevelArray_isRejected() throws IOException {
        assertBad("\n[1, 2]\n", 2, null, "expected an MDP object");
    }

    @Test
    void contentAfterTheObject_isRejected() throws IOException {
        assertBad(VALID + "{}\n", 18, null, "unexpected content after the MDP object");
    }

    @Test
    void missingFile_isAnUncheckedIoExceptionNamingIt() {
        Path f = dir.resolve("nope.json");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> MdpJson.read(f));
        assertInstanceOf(NoSuchFileException.class, e.getCause());
        assertEquals("cannot read " + f + ": no such file", e.getMessage());
    }

    @Test
    void rewardFile_badShapeAgainstTheMdp_namesLineAndField() throws IOException {
        Path f = write("reward.json", """
                {
                  "kind": "state_action",
                  "values": [
                    [0.0, 1.0],
                    [2.0, 3.0, 4.0]
                  ],
                  "meta": {}
                }
                """);
        InputException e = assertThrows(InputException.class, () -> MdpJson.readReward(f, 2, 2));
        assertError(e, f, 5, "values[1]", "has 3 entries, expected 2 (one per action)");
        e = assertThrows(InputException.class, () -> MdpJson.readReward(f));
        assertError(e, f, 5, "values[1]", "has 3 entries, expected 2 like values[0]");
    }

    @Test
    void rewardFile_unknownFieldAndMissingKind_areRejected() throws IOException {
        Path f = write("reward.json", "{\"kind\": \"state\", \"values\": [1.0],\n \"metadata\": {}}");
        assertError(assertThrows(InputException.class, () -> MdpJson.readReward(f)), f, 2, "metadata",
                "unknown field; the known fields are kind, values, meta");
        Path g = write("reward2.json", "{\n\"values\": [1.0]}");
        assertError(assertThrows(InputException.class, () -> MdpJson.readReward(g)), g, 1, "kind", "required field is missing");
    }

    @Test
    void rewardFile_transitionRewardWithUnequalStateSizes_isRejected() throws IOException {
        Path f = write("reward.json", "{\"kind\": \"transition\",\n \"values\": [[[1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0]]]}");
        assertError(assertThrows(InputException.class, () -> MdpJson.readReward(f)), f, 2, "values",
                "a transition reward has the shape [S][A][S] with the last size equal to the first, got [2][1][3]");
    }

    // ------------------------------------------------------------------ atomic writes

    @Test
    void writeIntoMissingDirectory_failsClearlyAndLeavesNothing() throws IOException {
        Path missing = dir.resolve("no-such-dir");
        Path f = missing.resolve("mdp.json");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> MdpJson.write(goldenMdp(), f));
        assertInstanceOf(NoSuchFileException.class, e.getCause());
        assertEquals("cannot write " + f + ": " + missing + ": directory does not exist", e.getMessage());
        assertFalse(Files.exists(missing));
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void failureWhileWriting_leavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("reward.json");
        Files.writeString(f, "old contents");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("ok", 1);
        meta.put("bad", Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MdpJson.writeReward(TabularReward.ofState(new double[]{1, 2}), meta, f));
        assertTrue(e.getMessage().contains("meta.bad is NaN"), e.getMessage());
        assertEquals("old contents", Files.readString(f));
        assertEquals(List.of(f), filesIn(dir));
    }

    @Test
    void write_replacesAnExistingFile() throws Exception {
        Path f = dir.resolve("mdp.json");
        Files.writeString(f, "old contents that are longer than nothing");
        MdpJson.write(goldenMdp(), f);
        assertArrayEquals(Files.readAllBytes(resource("mdp-written.json")), Files.readAllBytes(f));
        assertEquals(List.of(f), filesIn(dir));
    }
}
