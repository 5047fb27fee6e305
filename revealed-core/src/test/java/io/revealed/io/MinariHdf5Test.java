package io.revealed.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.revealed.data.Actions;
import io.revealed.data.Episode;
import io.revealed.data.EpisodeDataset;
import io.revealed.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static io.revealed.io.MdpJsonTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinariHdf5Test {
    @TempDir
    Path dir;

    /**
     * jHDF logs through SLF4J, and revealed-core has no logging backend (the command line brings
     * slf4j-nop): keep SLF4J's "no providers" notice out of the test output.
     */
    @BeforeAll
    static void quietSlf4j() {
        if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "ERROR");
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(MinariHdf5Test.class.getResource("/io/episodes/" + name).toURI());
    }

    // ------------------------------------------------------------------ files written by h5py, as Minari writes them
    // Built by src/test/resources/io/episodes/make_minari_fixtures.py from the first episodes of the
    // real imitation rollouts; the literals below are what that script printed.

    @Test
    void h5pyCartPole_readsTheSameEpisodesAsTheNpzTheyCameFrom() throws Exception {
        ImportedEpisodes in = MinariHdf5.read(fixture("minari-cartpole.hdf5"));
        EpisodeDataset d = in.dataset();
        assertEquals(3, d.size());
        assertEquals(458 + 442 + 447, d.steps());
        assertEquals(4, d.observationDimension());
        assertEquals(EpisodeDataset.ActionKind.DISCRETE, d.actionKind());
        assertEquals(new EpisodeDataset.Returns(3, (458 + 442 + 447) / 3.0, 442, 458), d.returns().orElseThrow());
        Episode e0 = d.episodes().get(0);
        assertArrayEquals(new double[]{-0.02343761920928955, -0.04284890741109848, 0.005655271932482719, 0.018655290827155113}, e0.observations()[0]);
        assertArrayEquals(new double[]{-2.4129483699798584, -0.7940365672111511, 0.022077983245253563, 0.5431743264198303}, e0.observations()[458]);
        for (Episode e : d.episodes()) {
            assertTrue(e.terminated(), "h5py's bool enum, TRUE at the last step");
            assertFalse(e.truncated());
        }
        List<Episode> npz = ImitationNpz.read(SharedData.imitationRollout("cartpole_0_final.npz")).dataset().episodes();
        EpisodeJsonlTest.assertSameEpisodes(npz.subList(0, 3), d.episodes());
        assertEquals(List.of("skipped 'infos' in 3 episodes: per-step infos are not imported"), in.warnings());
    }

    @Test
    void h5pyPendulum_gzipChunkedContinuousTruncated() throws Exception {
        ImportedEpisodes in = MinariHdf5.read(fixture("minari-pendulum.hdf5"));
        EpisodeDataset d = in.dataset();
        assertEquals(2, d.size());
        assertEquals(400, d.steps());
        assertEquals(3, d.observationDimension());
        assertEquals(EpisodeDataset.ActionKind.CONTINUOUS, d.actionKind());
        assertEquals(1, d.actionDimension());
        Episode e0 = d.episodes().get(0), e1 = d.episodes().get(1);
        assertEquals(-127.21481965179021, e0.totalReward(), 1e-9);
        assertEquals(-126.0670581545482, e1.totalReward(), 1e-9);
        double[][] a0 = ((Actions.Continuous) e0.actions()).values();
        assertArrayEquals(new double[]{-2.0}, a0[0]);
        assertArrayEquals(new double[]{0.1044721007347107}, a0[199]);
        assertArrayEquals(new double[]{0.7948852777481079, 0.6067597270011902, 0.7369171380996704}, e1.observations()[0]);
        assertArrayEquals(new double[]{0.9988969564437866, 0.04695663973689079, 0.14976249635219574}, e1.observations()[200]);
        for (Episode e : d.episodes()) {
            assertTrue(e.truncated(), "Pendulum's time limit truncates");
            assertFalse(e.terminated());
        }
        List<Episode> npz = ImitationNpz.read(SharedData.imitationRollout("pendulum_0_final.npz")).dataset().episodes();
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(npz.get(i).observations(), d.episodes().get(i).observations());
            assertArrayEquals(((Actions.Continuous) npz.get(i).actions()).values(), ((Actions.Continuous) d.episodes().get(i).actions()).values());
            assertArrayEquals(npz.get(i).rewards(), d.episodes().get(i).rewards());
        }
    }

    // ------------------------------------------------------------------ files written by jHDF in the test

    Path write(Consumer<WritableHdfFile> body) {
        Path f = dir.resolve("minari.hdf5");
        try (WritableHdfFile h = HdfFile.write(f)) {
            body.accept(h);
        }
        return f;
    }

    /** An episode of T = 2 steps: observations (3 x 2), discrete actions, flags as jHDF writes booleans (a bit field). */
    static void episode(WritableGroup g, String name, double[][] obs, Object actions, boolean terminated, boolean truncated) {
        WritableGroup e = g.putGroup(name);
        e.putDataset("observations", obs);
        e.putDataset("actions", actions);
        int T = obs.length - 1;
        double[] rews = new double[T];
        Arrays.fill(rews, 0.5);
        e.putDataset("rewards", rews);
        boolean[] term = new boolean[T], trunc = new boolean[T];
        if (T > 0) {
            term[T - 1] = terminated;
            trunc[T - 1] = truncated;
        }
        e.putDataset("terminations", term);
        e.putDataset("truncations", trunc);
    }

    static final double[][] OBS = {{0, 1}, {2, 3}, {4, 5}};

    void assertBad(Path f, String field, String problem) {
        InputException e = assertThrows(InputException.class, () -> MinariHdf5.read(f));
        assertError(e, f, 0, field, problem);
    }

    @Test
    void jhdfWrittenFile_readsInEpisodeNumberOrder() {
        Path f = write(h -> {
            episode(h, "episode_10", new double[][]{{9, 9}, {8, 8}}, new long[]{3}, true, false); // jHDF 0.13 cannot write empty datasets
            episode(h, "episode_2", OBS, new long[]{1, 0}, false, true);
            h.putDataset("notes", new int[]{1});
        });
        ImportedEpisodes in = MinariHdf5.read(f);
        List<Episode> e = in.dataset().episodes();
        assertEquals(2, e.size());
        assertArrayEquals(OBS, e.get(0).observations());
        assertArrayEquals(new int[]{1, 0}, ((Actions.Discrete) e.get(0).actions()).values());
        assertArrayEquals(new double[]{0.5, 0.5}, e.get(0).rewards());
        assertTrue(e.get(0).truncated());
        assertFalse(e.get(0).terminated());
        assertArrayEquals(new double[][]{{9, 9}, {8, 8}}, e.get(1).observations());
        assertArrayEquals(new int[]{3}, ((Actions.Discrete) e.get(1).actions()).values());
        assertTrue(e.get(1).terminated());
        assertEquals(4, in.dataset().actionDimension());
        assertEquals(List.of("ignored 'notes' at the top of the file: episodes are groups named episode_0, episode_1, ..."), in.warnings());
    }

    @Test
    void integerFlagsAndFloatActions_areAccepted() {
        Path f = write(h -> {
            WritableGroup e = h.putGroup("episode_0");
            e.putDataset("observations", new float[]{1, 2, 3});
            e.putDataset("actions", new float[][]{{0.5f, 1}, {-1, 2}});
            e.putDataset("rewards", new float[]{1, 2});
            e.putDataset("terminations", new byte[]{0, 1});
            e.putDataset("truncations", new int[]{0, 0});
        });
        Episode e = MinariHdf5.read(f).dataset().episodes().get(0);
        assertArrayEquals(new double[][]{{1}, {2}, {3}}, e.observations());
        assertArrayEquals(new double[][]{{0.5, 1}, {-1, 2}}, ((Actions.Continuous) e.actions()).values());
        assertTrue(e.terminated());
    }

    @Test
    void missingDataset_namesItsPath() {
        Path f = write(h -> {
            WritableGroup e = h.putGroup("episode_0");
            e.putDataset("observations", OBS);
            e.putDataset("actions", new long[]{1, 0});
            e.putDataset("terminations", new boolean[2]);
            e.putDataset("truncations", new boolean[2]);
        });
        assertBad(f, "episode_0/rewards", "missing; a Minari episode has the datasets observations, actions, rewards, terminations, truncations");
    }

    @Test
    void wrongObservationCount_namesTheDataset() {
        Path f = write(h -> episode(h, "episode_0", OBS, new long[]{1, 0, 1}, true, false));
        assertBad(f, "episode_0/observations", "has 3 rows, expected 4 (one more than the 3 actions)");
    }

    @Test
    void flagBeforeTheLastStep_isRejected() {
        Path f = write(h -> {
            episode(h, "episode_0", OBS, new long[]{1, 0}, false, false);
            WritableGroup e = (WritableGroup) h.getChild("episode_0");
            e.putDataset("terminations2", new boolean[]{true, false});
        });
        // jHDF cannot replace a dataset, so build the bad flags in a second file
        Path g = dir.resolve("flags.hdf5");
        try (WritableHdfFile h = HdfFile.write(g)) {
            WritableGroup e = h.putGroup("episode_0");
            e.putDataset("observations", OBS);
            e.putDataset("actions", new long[]{1, 0});
            e.putDataset("rewards", new double[]{1, 1});
            e.putDataset("terminations", new boolean[]{true, false});
            e.putDataset("truncations", new int[]{0, 2});
        }
        assertBad(g, "episode_0/terminations[0]", "is true before the last step (1): an episode ends at its first termination or truncation");
        assertEquals(List.of("ignored 'terminations2' in 1 episode, which Minari's episode layout does not define"), MinariHdf5.read(f).warnings());
    }

    @Test
    void nonBooleanFlag_isRejected() {
        Path f = write(h -> {
            WritableGroup e = h.putGroup("episode_0");
            e.putDataset("observations", OBS);
            e.putDataset("actions", new long[]{1, 0});
            e.putDataset("rewards", new double[]{1, 1});
            e.putDataset("terminations", new int[]{0, 0});
            e.putDataset("truncations", new int[]{0, 2});
        });
        assertBad(f, "episode_0/truncations[1]", "is 2.0; expected a boolean (0 or 1)");
    }

    @Test
    void dictionaryObservations_areRejected() {
        Path f = write(h -> {
            WritableGroup e = h.putGroup("episode_0");
            e.putGroup("observations").putDataset("position", OBS);
            e.putDataset("actions", new long[]{1, 0});
        });
        assertBad(f, "episode_0/observations", "is a group (a dictionary or tuple space), which is not supported; expected one array");
    }

    @Test
    void episodesOfDifferentShapes_areRejected() {
        Path f = write(h -> {
            episode(h, "episode_0", OBS, new long[]{1, 0}, true, false);
            episode(h, "episode_1", new double[][]{{1, 2, 3}, {4, 5, 6}}, new long[]{0}, true, false);
        });
        assertBad(f, "episode_1/observations", "observations have 3 components, but those of episode_0 have 2");
        Path g = dir.resolve("kinds.hdf5");
        try (WritableHdfFile h = HdfFile.write(g)) {
            episode(h, "episode_0", OBS, new long[]{1, 0}, true, false);
            episode(h, "episode_1", OBS, new double[]{0.5, 1}, true, false);
        }
        assertBad(g, "episode_1/actions", "continuous actions, but episode_0 has discrete ones");
    }

    @Test
    void nonFiniteObservation_namesTheComponent() {
        Path f = write(h -> episode(h, "episode_0", new double[][]{{0, 1}, {Double.NaN, 3}, {4, 5}}, new long[]{1, 0}, true, false));
        assertBad(f, "episode_0/observations[1][0]", "is NaN; values must be finite");
    }

    @Test
    void fileWithoutEpisodes_saysWhatItFound() {
        Path f = write(h -> h.putDataset("observations", OBS));
        assertBad(f, null, "no episodes: a Minari file has groups episode_0, episode_1, ... at the top; found observations");
    }

    @Test
    void notHdf5_isOneClearError() throws IOException {
        Path f = dir.resolve("notes.hdf5");
        Files.writeString(f, "observations,actions\n");
        assertBad(f, null, "not a readable HDF5 file: No valid HDF5 signature found");
    }

    @Test
    void truncatedHdf5_isAnInputError() throws Exception {
        byte[] whole = Files.readAllBytes(fixture("minari-pendulum.hdf5"));
        Path f = dir.resolve("cut.hdf5");
        Files.write(f, Arrays.copyOf(whole, whole.length / 2));
        InputException e = assertThrows(InputException.class, () -> MinariHdf5.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void missingFile_isAnIoFailure() {
        Path f = dir.resolve("nope.hdf5");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> MinariHdf5.read(f));
        assertEquals("cannot read " + f + ": no such file", e.getMessage());
    }
}
