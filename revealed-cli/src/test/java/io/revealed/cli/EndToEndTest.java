package io.revealed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** demos, learn and quickstart from the command line, down to the files they write. */
class EndToEndTest {
    @TempDir
    Path dir;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void demos_sameSeed_sameFileBytes() throws Exception {
        Path a = dir.resolve("a.jsonl"), b = dir.resolve("b.jsonl"), c = dir.resolve("c.jsonl");
        for (Path p : List.of(a, b))
            assertEquals(0, Cli.run("demos", "--env", "gridworld:size=5", "--model", "boltzmann:beta=3", "--episodes", "20", "--seed", "7", "--out", p.toString(), "-q").exit());
        assertEquals(0, Cli.run("demos", "--env", "gridworld:size=5", "--model", "boltzmann:beta=3", "--episodes", "20", "--seed", "8", "--out", c.toString(), "-q").exit());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertTrue(!java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
        assertEquals(20, Files.readAllLines(a).size());
    }

    @Test
    void learn_writesTheRunFolderAndRecoversTheReward() throws Exception {
        Path demos = dir.resolve("demos.jsonl"), run = dir.resolve("run");
        assertEquals(0, Cli.run("demos", "--env", "gridworld:size=8,slip=0.1", "--model", "boltzmann:beta=5", "--episodes", "100", "--seed", "0", "--out", demos.toString(), "-q").exit());
        Cli r = Cli.run("learn", "--algo", "mce-irl", "--env", "gridworld:size=8,slip=0.1", "--demos", demos.toString(), "--out", run.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode summary = json.readTree(r.out());
        for (String f : List.of("config.json", "reward.json", "policy.json", "metrics.json", "curves.csv"))
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        JsonNode metrics = json.readTree(run.resolve("metrics.json").toFile());
        assertEquals(summary.get("evd").asDouble(), metrics.get("evd").asDouble(), 0);
        assertTrue(metrics.get("evd").asDouble() < 0.05 * metrics.get("optimal_value").asDouble(), metrics.toString());
        JsonNode config = json.readTree(run.resolve("config.json").toFile());
        assertEquals(64, Files.readString(demos).isEmpty() ? -1 : config.get("demos").get("sha256").asText().length());
        assertEquals(64, config.get("states").asInt());
        JsonNode reward = json.readTree(run.resolve("reward.json").toFile());
        assertEquals("state", reward.get("kind").asText());
        assertEquals(64, reward.get("values").size());
        JsonNode policy = json.readTree(run.resolve("policy.json").toFile());
        assertEquals(24, policy.get("steps").asInt());
        for (JsonNode row : policy.get("probabilities").get(0)) {
            double sum = 0;
            for (JsonNode p : row) sum += p.asDouble();
            assertEquals(1, sum, 1e-9);
        }
        List<String> curve = Files.readAllLines(run.resolve("curves.csv"));
        assertEquals("iteration,objective,relative_feature_gap,evd", curve.get(0));
        assertEquals(metrics.get("iterations").asInt() + 2, curve.size(), "a header, iteration 0 and one row per iteration");
    }

    @Test
    void quickstart_printsEvdAndWritesItsRunFolder() throws Exception {
        Path run = dir.resolve("qs");
        Cli r = Cli.run("quickstart", "--out", run.toString(), "-q");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("EVD"), r.out());
        assertTrue(r.out().contains(run.toString()), r.out());
        assertTrue(Files.isRegularFile(run.resolve("demos.jsonl")));
        String[] lines = r.out().strip().split("\n");
        assertEquals("report: " + run.resolve("report.html").toAbsolutePath(), lines[lines.length - 1], "quickstart ends with its report");
        String report = Files.readString(run.resolve("report.html"));
        assertEquals(2 * 64, TestHtml.count(TestHtml.figure(report, "fig-reward-map"), "<g class='cell'>"), "true and learned reward on the 8x8 grid");
        JsonNode metrics = json.readTree(run.resolve("metrics.json").toFile());
        assertTrue(metrics.get("evd").asDouble() < 0.05 * metrics.get("optimal_value").asDouble());
        // Run again: same seed, same numbers.
        Cli again = Cli.run("quickstart", "--out", run.toString(), "--json");
        assertEquals(0, again.exit(), again.err());
        assertEquals(metrics.get("evd").asDouble(), json.readTree(again.out()).get("evd").asDouble(), 0);
    }

    @Test
    void envListAndDescribe() {
        Cli list = Cli.run("env", "list");
        assertEquals(0, list.exit());
        for (String name : List.of("gridworld", "objectworld", "garnet", "file")) assertTrue(list.out().contains(name), list.out());
        Cli d = Cli.run("env", "describe", "gridworld:size=4");
        assertEquals(0, d.exit(), d.err());
        assertTrue(d.out().contains("16"), d.out());
    }
}
