package io.revealed.io;

import io.revealed.data.Actions;
import io.revealed.data.Episode;
import io.revealed.data.EpisodeDataset;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.revealed.io.MdpJsonTest.assertError;
import static io.revealed.io.MdpJsonTest.filesIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpisodeJsonlTest {
    @TempDir
    Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(EpisodeJsonlTest.class.getResource("/io/episodes/" + name).toURI());
    }

    /** Same shape and bit-identical values (assertArrayEquals on doubles compares bits: -0.0 != 0.0). */
    static void assertSameEpisodes(List<Episode> expected, List<Episode> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Episode e = expected.get(i), a = actual.get(i);
            String where = "episode " + i;
            assertArrayEquals(e.observations(), a.observations(), where);
            switch (e.actions()) {
                case Actions.Discrete d -> assertArrayEquals(d.values(), assertInstanceOf(Actions.Discrete.class, a.actions()).values(), where);
                case Actions.Continuous c -> {
                    Actions.Continuous ac = assertInstanceOf(Actions.Continuous.class, a.actions());
                    assertEquals(c.dimension(), ac.dimension(), where);
                    assertArrayEquals(c.values(), ac.values(), where);
                }
            }
            assertArrayEquals(e.rewards(), a.rewards(), where);
            assertEquals(e.terminated(), a.terminated(), where);
            assertEquals(e.truncated(), a.truncated(), where);
        }
    }

    /** The fixed episodes of the golden file episodes-continuous-written.jsonl. */
    static EpisodeDataset goldenContinuous() {
        return new EpisodeDataset(List.of(
                new Episode(new double[][]{{0.5, -1}, {0.1f, 2}, {1e-4, -0.0}}, new Actions.Continuous(new double[][]{{0.25}, {-2}}),
                        new double[]{1, -0.5}, true, false),
                new Episode(new double[][]{{3, 4}}, new Actions.Continuous(new double[0][], 1), null, false, true)));
    }

    /** The fixed episodes of the golden file episodes-discrete-written.jsonl. */
    static EpisodeDataset goldenDiscrete() {
        return new EpisodeDataset(List.of(
                new Episode(new double[][]{{1.5}, {2.5}}, new Actions.Discrete(new int[]{3}), new double[]{1}, false, false),
                new Episode(new double[][]{{-7}, {0}, {123456.789}}, new Actions.Discrete(new int[]{0, 1}), null, true, false)));
    }

    static EpisodeDataset randomEpisodes(int n, int obsDim, int actDim, long seed) {
        SplittableRandom r = TestMdps.rng(seed);
        List<Episode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = r.nextInt(0, 20);
            double[][] o = new double[len + 1][obsDim];
            for (double[] row : o) for (int j = 0; j < obsDim; j++) row[j] = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-12, 12));
            for (double[] row : o) if (r.nextInt(4) == 0) row[0] = (float) row[0]; // widened floats, as from .npy files
            Actions a;
            if (actDim == 0) {
                int[] v = new int[len];
                for (int t = 0; t < len; t++) v[t] = r.nextInt(5);
                a = new Actions.Discrete(v);
            } else {
                double[][] v = new double[len][actDim];
                for (double[] row : v) for (int j = 0; j < actDim; j++) row[j] = r.nextDouble() * 4 - 2;
                a = new Actions.Continuous(v, actDim);
            }
            double[] rew = i % 3 == 0 ? null : new double[len];
            if (rew != null) for (int t = 0; t < len; t++) rew[t] = -r.nextDouble();
            out.add(new Episode(o, a, rew, r.nextBoolean(), r.nextBoolean()));
        }
        return new EpisodeDataset(out);
    }

    Path write(String text) throws IOException {
        Path f = dir.resolve("episodes.jsonl");
        Files.writeString(f, text);
        return f;
    }

    void assertBad(String text, long line, String field, String problem) throws IOException {
        Path f = write(text);
        InputException e = assertThrows(InputException.class, () -> EpisodeJsonl.read(f));
        assertError(e, f, line, field, problem);
    }

    static final String GOOD = "{\"obs\": [[0.5, 1], [1, 2]], \"acts\": [[1.0]], \"terminated\": true, \"truncated\": false}\n";

    // ------------------------------------------------------------------ round trips and golden files

    @Test
    void roundTrip_givesBitIdenticalEpisodes() {
        for (int actDim : new int[]{0, 1, 3}) {
            EpisodeDataset d = randomEpisodes(40, 4, actDim, actDim);
            Path f = dir.resolve("d" + actDim + ".jsonl");
            EpisodeJsonl.write(d, f);
            assertSameEpisodes(d.episodes(), EpisodeJsonl.read(f).episodes());
        }
    }

    @Test
    void writer_matchesGoldenFilesByteForByte() throws Exception {
        for (var golden : List.of(new Object[]{"episodes-continuous-written.jsonl", goldenContinuous()},
                new Object[]{"episodes-discrete-written.jsonl", goldenDiscrete()})) {
            String name = (String) golden[0];
            EpisodeDataset d = (EpisodeDataset) golden[1];
            Path f = dir.resolve(name);
            EpisodeJsonl.write(d, f);
            assertEquals(Files.readString(resource(name)), Files.readString(f), name);
            assertArrayEquals(Files.readAllBytes(resource(name)), Files.readAllBytes(f), name);
            assertSameEpisodes(d.episodes(), EpisodeJsonl.read(resource(name)).episodes());
        }
        assertEquals(2, filesIn(dir).size(), "no temporary files left");
    }

    @Test
    void handWrittenFile_readsToExactValues() throws Exception {
        EpisodeDataset d = EpisodeJsonl.read(resource("episodes-handwritten.jsonl"));
        assertEquals(3, d.size());
        assertEquals(3, d.steps());
        assertEquals(1, d.observationDimension(), "bare numbers are one-component observations");
        assertEquals(EpisodeDataset.ActionKind.CONTINUOUS, d.actionKind());
        assertEquals(2, d.actionDimension());
        Episode e = d.episodes().get(0);
        assertArrayEquals(new double[][]{{0}, {0.002}, {3}}, e.observations());
        assertArrayEquals(new double[][]{{1, 2.5}, {-0.5, 0}}, ((Actions.Continuous) e.actions()).values());
        assertArrayEquals(new double[]{1, 0.25}, e.rewards());
        assertTrue(e.terminated());
        e = d.episodes().get(1);
        assertArrayEquals(new double[][]{{0.5}}, e.observations());
        assertEquals(2, ((Actions.Continuous) e.actions()).dimension(),
                "an episode without actions takes the file's kind and dimension");
        assertNull(e.rewards());
        assertTrue(e.truncated());
        assertArrayEquals(new double[][]{{0.125, 8}}, ((Actions.Continuous) d.episodes().get(2).actions()).values());
        EpisodeDataset.Returns r = d.returns().orElseThrow();
        assertEquals(1, r.episodes());
        assertEquals(1.25, r.mean());
    }

    @Test
    void tabularTrajectoryFile_readsAsOneComponentObservations() throws Exception {
        EpisodeDataset d = EpisodeJsonl.read(MdpJsonTest.resource("demos-written.jsonl"));
        assertEquals(3, d.size());
        assertEquals(EpisodeDataset.ActionKind.DISCRETE, d.actionKind());
        assertArrayEquals(new double[][]{{0}, {1}, {2}}, d.episodes().get(0).observations());
        assertArrayEquals(new int[]{1, 0}, ((Actions.Discrete) d.episodes().get(0).actions()).values());
    }

    @Test
    void episodesWithoutActionsOnly_areDiscrete() throws IOException {
        EpisodeDataset d = EpisodeJsonl.read(write("{\"obs\": [[1, 2]], \"acts\": [], \"terminated\": false, \"truncated\": true}\n"));
        assertEquals(EpisodeDataset.ActionKind.DISCRETE, d.actionKind());
        assertEquals(0, d.steps());
    }

    @Test
    void writeIntoMissingDirectory_failsClearlyAndLeavesNothing() throws IOException {
        Path f = dir.resolve("no-such-dir").resolve("e.jsonl");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> EpisodeJsonl.write(goldenDiscrete(), f));
        assertInstanceOf(NoSuchFileException.class, e.getCause());
        assertEquals(List.of(), filesIn(dir));
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void observationOfWrongDimension_namesLineFieldAndTheFirstLine() throws IOException {
        assertBad(GOOD + "\n" + "{\"obs\": [[0.5, 1], [1, 2, 3]], \"acts\": [[1.0]], \"terminated\": true, \"truncated\": false}\n", 3, "obs[1]",
                "has 3 components, but the observations on line 1 have 2; every observation in a file has the same dimension");
        assertBad("{\"obs\": [0.5, 1], \"acts\": [1], \"terminated\": true, \"truncated\": false}\n"
                + "{\"obs\": [[0.5, 1], [2, 3]], \"acts\": [1], \"terminated\": true, \"truncated\": false}\n", 2, "obs[0]",
                "has 2 components, but the observations on line 1 have 1; every observation in a file has the same dimension");
    }

    @Test
    void nonFiniteOrNonNumericObservation_namesTheComponent() throws IOException {
        assertBad("{\"obs\": [[0.5, 1], [1, NaN]], \"acts\": [0], \"terminated\": true, \"truncated\": false}\n", 1, "obs[1][1]",
                "got NaN; only finite numbers are allowed");
        assertBad("{\"obs\": [[0.5, 1], [1, \"2\"]], \"acts\": [0], \"terminated\": true, \"truncated\": false}\n", 1, "obs[1][1]",
                "expected a number, got the string \"2\"");
        assertBad("{\"obs\": [[0.5, [1]], [1, 2]], \"acts\": [0], \"terminated\": true, \"truncated\": false}\n", 1, "obs[0][1]",
                "expected a number, got an array (an observation is a flat array of numbers)");
        assertBad("{\"obs\": [[], [1]], \"acts\": [0], \"terminated\": true, \"truncated\": false}\n", 1, "obs[0]",
                "an observation needs at least one number, got []");
        assertBad("{\"obs\": [true], \"acts\": [], \"terminated\": true, \"truncated\": false}\n", 1, "obs[0]",
                "expected an observation (an array of numbers, or one number), got true");
    }

    @Test
    void mixedActionKinds_areRejectedWithinALineAndAcrossLines() throws IOException {
        assertBad("{\"obs\": [1, 2, 3], \"acts\": [0, [1.0]], \"terminated\": true, \"truncated\": false}\n", 1, "acts[1]",
                "a continuous action, but line 1 has discrete actions; a file holds one kind of action");
        assertBad(GOOD + "{\"obs\": [[1, 2], [3, 4]], \"acts\": [1], \"terminated\": true, \"truncated\": false}\n", 2, "acts[0]",
                "a discrete action, but line 1 has continuous actions; a file holds one kind of action");
        assertBad(GOOD + "{\"obs\": [[1, 2], [3, 4]], \"acts\": [[1, 2]], \"terminated\": true, \"truncated\": false}\n", 2, "acts[0]",
                "has 2 components, but the actions on line 1 have 1; every action in a file has the same dimension");
    }

    @Test
    void badActions_nameTheEntry() throws IOException {
        assertBad("{\"obs\": [1, 2], \"acts\": [0.5], \"terminated\": true, \"truncated\": false}\n", 1, "acts[0]",
                "expected an integer action index (discrete) or an array of numbers (continuous), got the number 0.5; write a continuous action as an array, e.g. [0.5]");
        assertBad("{\"obs\": [1, 2], \"acts\": [-1], \"terminated\": true, \"truncated\": false}\n", 1, "acts[0]", "action -1 is negative");
        assertBad("{\"obs\": [1, 2], \"acts\": [[Infinity]], \"terminated\": true, \"truncated\": false}\n", 1, "acts[0][0]",
                "got Infinity; only finite numbers are allowed");
    }

    @Test
    void lengthsAndFields_followTheTrajectoryRules() throws IOException {
        assertBad(GOOD + "{\"obs\": [[1, 2]], \"acts\": [[1.0]], \"terminated\": true, \"truncated\": false}\n", 2, "obs",
                "has 1 entry and acts has 1; obs needs exactly one more (the observation after the last action)");
        assertBad("{\"obs\": [[1, 2], [3, 4]], \"acts\": [[1.0]], \"rews\": [], \"terminated\": true, \"truncated\": false}\n", 1, "rews",
                "has 0 entries, expected one per action (1)");
        assertBad("{\"obs\": [[1, 2], [3, 4]], \"acts\": [[1.0]], \"truncated\": false}\n", 1, "terminated", "required field is missing");
        assertBad("{\"obs\": [[1, 2], [3, 4]], \"obs\": [[1, 2], [3, 4]], \"acts\": [[1.0]], \"terminated\": true, \"truncated\": false}\n", 1, "obs",
                "appears twice");
        assertBad("{\"observations\": [], \"acts\": [], \"terminated\": true, \"truncated\": false}\n", 1, "observations",
                "unknown field; the known fields are obs, acts, rews, terminated, truncated");
    }

    @Test
    void emptyFiles_areRejected() throws IOException {
        assertBad("", 0, null, "no episodes (the file is empty)");
        assertBad("\n  \n", 0, null, "no episodes (only blank lines)");
    }
}
