package io.revealed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revealed.data.EpisodeDataset;
import io.revealed.io.EpisodeJsonl;
import io.revealed.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.revealed.cli.CommandLineErrorsTest.assertCleanError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** revealed import, on the real imitation rollouts in shared/data and on Minari-style HDF5 written by h5py. */
class ImportCommandTest {
    @TempDir
    Path dir;

    @Test
    void realCartPoleRollouts_convertToOneLinePerEpisode() throws Exception {
        Path out = dir.resolve("cartpole.jsonl");
        Path npz = SharedData.imitationRollout("cartpole_0_final.npz");
        Cli r = Cli.run("import", "--format", "imitation-npz", npz.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertEquals(57, Files.readAllLines(out).size());
        List<String> lines = r.out().lines().toList();
        assertEquals("imported imitation-npz -> " + out, lines.get(0));
        assertTrue(lines.contains("  mean return      473.053"), r.out());
        assertTrue(lines.contains("  episodes         57"), r.out());
        assertTrue(lines.contains("  steps            26964"), r.out());
        assertTrue(lines.contains("  actions          discrete, 2 values (0..1)"), r.out());
        assertTrue(lines.getLast().startsWith("  warning          skipped 'infos'"), "the summary comes last: " + r.out());
        EpisodeDataset d = EpisodeJsonl.read(out);
        assertEquals(26_964, d.steps());
        assertEquals(473.05, d.returns().orElseThrow().mean(), 0.01);
    }

    @Test
    void json_givesTheSameFiguresAsOneObject() throws Exception {
        Path out = dir.resolve("pendulum.jsonl");
        Cli r = Cli.run("import", "--format", "imitation-npz", SharedData.imitationRollout("pendulum_0_final.npz").toString(), "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(56, j.get("episodes").asInt());
        assertEquals(11_200, j.get("steps").asLong());
        assertEquals(3, j.get("observation_dim").asInt());
        assertEquals("continuous", j.get("action_kind").asText());
        assertEquals(1, j.get("action_dim").asInt());
        assertEquals(-189.40, j.get("mean_return").asDouble(), 0.01);
        assertEquals(1, j.get("warnings").size());
        assertEquals(56, Files.readAllLines(out).size());
    }

    @Test
    void minariFile_converts() throws Exception {
        Path h5 = Path.of(ImportCommandTest.class.getResource("/io/episodes/minari-pendulum.hdf5").toURI());
        Path out = dir.resolve("minari.jsonl");
        Cli r = Cli.run("import", "--format", "minari", h5.toString(), "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(2, j.get("episodes").asInt());
        assertEquals(400, j.get("steps").asInt());
        assertEquals(2, Files.readAllLines(out).size());
        assertTrue(Files.readAllLines(out).getFirst().endsWith("\"terminated\": false, \"truncated\": true}"));
    }

    @Test
    void badFile_isOneClearLineAndWritesNothing() throws Exception {
        Path bad = dir.resolve("rollouts.npz");
        Files.writeString(bad, "not a zip\n");
        Path out = dir.resolve("out.jsonl");
        Cli r = Cli.run("import", "--format", "imitation-npz", bad.toString(), "--out", out.toString());
        assertCleanError(r, Main.EXIT_BAD_INPUT, bad.toString(), "not a readable .npz file");
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(Files.exists(out));
        r = Cli.run("import", "--format", "minari", bad.toString(), "--out", out.toString());
        assertCleanError(r, Main.EXIT_BAD_INPUT, bad.toString(), "not a readable HDF5 file");
        assertFalse(Files.exists(out));
    }

    @Test
    void missingFileAndFolder_areReported() {
        Path out = dir.resolve("out.jsonl");
        assertCleanError(Cli.run("import", "--format", "minari", dir.resolve("nope.hdf5").toString(), "--out", out.toString()),
                Main.EXIT_BAD_INPUT, "nope.hdf5", "no such file");
        assertCleanError(Cli.run("import", "--format", "minari", dir.resolve("nope.hdf5").toString(), "--out", dir.resolve("no/out.jsonl").toString()),
                Main.EXIT_BAD_INPUT, "folder does not exist");
    }

    @Test
    void unknownFormat_isAUsageError() {
        assertCleanError(Cli.run("import", "--format", "d4rl", "x.hdf5", "--out", dir.resolve("o.jsonl").toString()),
                Main.EXIT_USAGE, "unknown format 'd4rl'; use imitation-npz or minari");
    }
}
