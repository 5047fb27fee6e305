package io.revealed.io;

import io.revealed.data.Trajectory;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.revealed.io.MdpJsonTest.assertError;
import static io.revealed.io.MdpJsonTest.filesIn;
import static io.revealed.io.MdpJsonTest.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrajectoryJsonlTest {
    @TempDir
    Path dir;

    static void assertSameEpisodes(List<Trajectory> expected, List<Trajectory> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Trajectory e = expected.get(i), a = actual.get(i);
            assertArrayEquals(e.states(), a.states(), "episode " + i);
            assertArrayEquals(e.actions(), a.actions(), "episode " + i);
            assertArrayEquals(e.rewards(), a.rewards(), "episode " + i);
            assertEquals(e.terminated(), a.terminated(), "episode " + i);
            assertEquals(e.truncated(), a.truncated(), "episode " + i);
        }
    }

    /** The fixed episodes of the golden file demos-written.jsonl. */
    static List<Trajectory> goldenEpisodes() {
        return List.of(
                new Trajectory(new int[]{0, 1, 2}, new int[]{1, 0}, new double[]{0.5, -1}, true, false),
                new Trajectory(new int[]{4}, new int[]{}, null, false, true),
                new Trajectory(new int[]{3, 3}, new int[]{2}, new double[]{1e-4}, false, false));
    }

    static List<Trajectory> randomEpisodes(int n, int states, int actions, long seed) {
        SplittableRandom r = TestMdps.rng(seed);
        List<Trajectory> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = r.nextInt(0, 30);
            int[] s = new int[len + 1], a = new int[len];
            double[] rew = i % 3 == 0 ? null : new double[len];
            for (int t = 0; t <= len; t++) s[t] = r.nextInt(states);
            for (int t = 0; t < len; t++) {
                a[t] = r.nextInt(actions);
                if (rew != null) rew[t] = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-12, 12));
            }
            out.add(new Trajectory(s, a, rew, r.nextBoolean(), r.nextBoolean()));
        }
        return out;
    }

    Path write(String text) throws IOException {
        Path f = dir.resolve("demos.jsonl");
        Files.writeString(f, text);
        return f;
    }

    InputException assertBad(String text, long line, String field, String problem) throws IOException {
        Path f = write(text);
        InputException e = assertThrows(InputException.class, () -> TrajectoryJsonl.read(f));
        assertError(e, f, line, field, problem);
        return e;
    }

    static final String GOOD = "{\"obs\": [0, 1], \"acts\": [1], \"terminated\": true, \"truncated\": false}\n";

    // ------------------------------------------------------------------ round trips and golden files

    @Test
    void roundTrip_givesIdenticalEpisodes() {
        List<Trajectory> episodes = randomEpisodes(50, 20, 4, 1);
        Path f = dir.resolve("d.jsonl");
        TrajectoryJsonl.write(episodes, f);
        assertSameEpisodes(episodes, TrajectoryJsonl.read(f));
        assertSameEpisodes(episodes, TrajectoryJsonl.read(f, 20, 4));
    }

    @Test
    void goldenHandWrittenFile_readsToExactValues() throws Exception {
        List<Trajectory> d = TrajectoryJsonl.read(resource("demos-handwritten.jsonl"));
        assertEquals(3, d.size());
        assertArrayEquals(new int[]{0, 1, 2}, d.get(0).states());
        assertArrayEquals(new int[]{1, 0}, d.get(0).actions());
        assertArrayEquals(new double[]{0.5, -1}, d.get(0).rewards());
        assertTrue(d.get(0).terminated());
        assertFalse(d.get(0).truncated());
        assertArrayEquals(new int[]{4}, d.get(1).states());
        assertArrayEquals(new int[]{}, d.get(1).actions());
        assertNull(d.get(1).rewards());
        assertFalse(d.get(1).terminated());
        assertTrue(d.get(1).truncated());
        assertArrayEquals(new int[]{3, 3}, d.get(2).states());
        assertArrayEquals(new int[]{2}, d.get(2).actions());
        assertNull(d.get(2).rewards());
        assertFalse(d.get(2).terminated());
        assertFalse(d.get(2).truncated());
    }

    @Test
    void writer_matchesGoldenFileByteForByte() throws Exception {
        Path f = dir.resolve("demos.jsonl");
        TrajectoryJsonl.write(goldenEpisodes(), f);
        assertEquals(Files.readString(resource("demos-written.jsonl")), Files.readString(f));
        assertArrayEquals(Files.readAllBytes(resource("demos-written.jsonl")), Files.readAllBytes(f));
        assertSameEpisodes(goldenEpisodes(), TrajectoryJsonl.read(resource("demos-written.jsonl")));
    }

    @Test
    void streamingWriter_commitGivesTheSameBytesAsWritingAList() throws Exception {
        Path f = dir.resolve("streamed.jsonl");
        try (TrajectoryJsonl.Writer out = TrajectoryJsonl.writer(f)) {
            for (Trajectory t : goldenEpisodes()) out.write(t);
            assertFalse(Files.exists(f), "nothing appears before the commit");
            assertEquals(3, out.count());
            out.commit();
        }
        assertArrayEquals(Files.readAllBytes(resource("demos-written.jsonl")), Files.readAllBytes(f));
        assertEquals(List.of(f), filesIn(dir));
    }

    @Test
    void streamingWriter_closedWithoutCommit_leavesNothing() throws IOException {
        Path f = dir.resolve("streamed.jsonl");
        RuntimeException failure = assertThrows(RuntimeException.class, () -> {
            try (TrajectoryJsonl.Writer out = TrajectoryJsonl.writer(f)) {
                out.write(goldenEpisodes().get(0));
                throw new RuntimeException("the rollout failed");
            }
        });
        assertEquals("the rollout failed", failure.getMessage());
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void streamingWriter_refusesToCommitNoEpisodesOrToWriteAfterCommit() throws IOException {
        Path f = dir.resolve("streamed.jsonl");
        try (TrajectoryJsonl.Writer out = TrajectoryJsonl.writer(f)) {
            assertThrows(IllegalStateException.class, out::commit);
        }
        assertEquals(List.of(), filesIn(dir));
        try (TrajectoryJsonl.Writer out = TrajectoryJsonl.writer(f)) {
            out.write(goldenEpisodes().get(1)).commit();
            assertThrows(IllegalStateException.class, () -> out.write(goldenEpisodes().get(1)));
        }
        assertEquals(1, TrajectoryJsonl.read(f).size());
    }

    @Test
    void writeIntoMissingDirectory_failsClearlyAndLeavesNothing() throws IOException {
        Path missing = dir.resolve("no-such-dir");
        Path f = missing.resolve("demos.jsonl");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> TrajectoryJsonl.write(goldenEpisodes(), f));
        assertInstanceOf(NoSuchFileException.class, e.getCause());
        assertEquals("cannot write " + f + ": " + missing + ": directory does not exist", e.getMessage());
        e = assertThrows(UncheckedIOException.class, () -> TrajectoryJsonl.writer(f));
        assertInstanceOf(NoSuchFileException.class, e.getCause());
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void writingNoEpisodes_isRefused() {
        Path f = dir.resolve("empty.jsonl");
        assertThrows(IllegalArgumentException.class, () -> TrajectoryJsonl.write(List.of(), f));
        assertFalse(Files.exists(f));
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void obsAndActsLengthMismatch_isRejected() throws IOException {
        assertBad(GOOD + GOOD + "{\"obs\": [0, 1], \"acts\": [1, 0], \"terminated\": true, \"truncated\": false}\n", 3, "obs",
                "has 2 entries and acts has 2; obs needs exactly one more");
    }

    @Test
    void rewardsOfWrongLength_areRejected() throws IOException {
        assertBad("{\"obs\": [0, 1], \"acts\": [1], \"rews\": [1.0, 2.0], \"terminated\": true, \"truncated\": false}\n", 1, "rews",
                "has 2 entries, expected one per action (1)");
    }

    @Test
    void nonIntegerObservation_namesTheEntry() throws IOException {
        assertBad(GOOD + "{\"obs\": [0, 1, 2, 1.5], \"acts\": [1, 1, 1], \"terminated\": true, \"truncated\": false}\n", 2, "obs[3]",
                "expected an integer state index, got the number 1.5");
    }

    @Test
    void stringAction_namesTheEntry() throws IOException {
        assertBad("{\"obs\": [0, 1], \"acts\": [\"a\"], \"terminated\": true, \"truncated\": false}\n", 1, "acts[0]",
                "expected an integer action index, got the string \"a\"");
    }

    @Test
    void arrayObservation_isNotSupportedYet() throws IOException {
        assertBad("{\"obs\": [[0.1, 0.2], [0.3, 0.4]], \"acts\": [1], \"terminated\": true, \"truncated\": false}\n", 1, "obs[0]",
                "got an array (continuous observations are not supported yet)");
    }

    @Test
    void negativeIndex_isRejectedEvenWithoutSizes() throws IOException {
        assertBad("{\"obs\": [0, -1], \"acts\": [1], \"terminated\": true, \"truncated\": false}\n", 1, "obs[1]", "state -1 is negative");
    }

    @Test
    void outOfRangeIndex_withSizes_namesLineAndField() throws IOException {
        Path f = write(GOOD + "\n" + "{\"obs\": [0, 1, 2], \"acts\": [1, 3], \"terminated\": true, \"truncated\": false}\n");
        InputException e = assertThrows(InputException.class, () -> TrajectoryJsonl.read(f, 5, 3));
        assertError(e, f, 3, "acts[1]", "action 3 out of range [0, 3) (actions = 3)");
        Path g = write(GOOD + "{\"obs\": [0, 5], \"acts\": [1], \"terminated\": true, \"truncated\": false}\n");
        e = assertThrows(InputException.class, () -> TrajectoryJsonl.read(g, 5, 3));
        assertError(e, g, 2, "obs[1]", "state 5 out of range [0, 5) (states = 5)");
        assertEquals(2, TrajectoryJsonl.read(g).size(), "without sizes only the sign is checked");
    }

    @Test
    void malformedJsonOnLineN_namesThatLine() throws IOException {
        assertBad(GOOD + GOOD + GOOD + "{\"obs\": [0, 1], \"acts\": [1] \"terminated\": true, \"truncated\": false}\n" + GOOD, 4, "acts",
                "malformed JSON at column 29");
    }

    @Test
    void episodeSpreadOverTwoLines_isMalformed() throws IOException {
        assertBad(GOOD + "{\"obs\": [0, 1],\n \"acts\": [1], \"terminated\": true, \"truncated\": false}\n", 2, "obs", "malformed JSON");
    }

    @Test
    void twoEpisodesOnOneLine_areRejected() throws IOException {
        assertBad(GOOD.strip() + " " + GOOD, 1, null, "unexpected content after the episode object (one episode per line)");
    }

    @Test
    void missingField_isRejected() throws IOException {
        assertBad(GOOD + "{\"obs\": [0, 1], \"acts\": [1], \"terminated\": true}\n", 2, "truncated", "required field is missing");
    }

    @Test
    void unknownField_listsTheKnownOnes() throws IOException {
        assertBad("{\"obs\": [0, 1], \"actions\": [1], \"terminated\": true, \"truncated\": false}\n", 1, "actions",
                "unknown field; the known fields are obs, acts, rews, terminated, truncated");
    }

    @Test
    void wrongTypes_areRejected() throws IOException {
        assertBad("{\"obs\": [0, 1], \"acts\": [1], \"terminated\": 1, \"truncated\": false}\n", 1, "terminated",
                "expected true or false, got the integer 1");
        assertBad("[0, 1]\n", 1, null, "expected an episode object");
        assertBad("{\"obs\": [0, 1], \"acts\": [1], \"rews\": [NaN], \"terminated\": true, \"truncated\": false}\n", 1, "rews[0]",
                "got NaN; only finite numbers are allowed");
    }

    @Test
    void emptyOrBlankFile_hasNoTrajectories() throws IOException {
        assertBad("", 0, null, "no trajectories");
        assertBad("\n   \n\n", 0, null, "no trajectories");
    }

    @Test
    void invalidUtf8_namesTheLine() throws IOException {
        Path f = dir.resolve("demos.jsonl");
        byte[] good = GOOD.getBytes(StandardCharsets.UTF_8);
        byte[] head = "{\"o".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "bs\": [0], \"acts\": [], \"terminated\": true, \"truncated\": false}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[good.length + head.length + 1 + tail.length];
        System.arraycopy(good, 0, bytes, 0, good.length);
        System.arraycopy(head, 0, bytes, good.length, head.length);
        bytes[good.length + head.length] = (byte) 0xC3; // a lead byte whose continuation is missing
        System.arraycopy(tail, 0, bytes, good.length + head.length + 1, tail.length);
        Files.write(f, bytes);
        InputException e = assertThrows(InputException.class, () -> TrajectoryJsonl.read(f));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("malformed JSON") && e.getMessage().contains("Invalid UTF-8"), e.getMessage());
    }

    @Test
    void missingFile_isAnUncheckedIoExceptionNamingIt() {
        Path f = dir.resolve("nope.jsonl");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> TrajectoryJsonl.read(f));
        assertEquals("cannot read " + f + ": no such file", e.getMessage());
    }
}
