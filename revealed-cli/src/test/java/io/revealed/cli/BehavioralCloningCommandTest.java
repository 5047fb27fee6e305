package io.revealed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revealed.io.EpisodeJsonl;
import io.revealed.io.ImitationNpz;
import io.revealed.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behavioural cloning on the real CartPole expert demonstrations of the Python imitation library
 * (57 episodes, mean return 473.05): the cloned policy must reach at least 95% of the expert's
 * return over 100 episodes, and {@code eval} of the saved policy must give the same figure.
 */
class BehavioralCloningCommandTest {
    @TempDir
    Path dir;

    @Test
    void bcOnRealCartPoleDemonstrations_reaches95PercentOfTheExpert() throws Exception {
        Path demos = dir.resolve("cartpole.jsonl");
        EpisodeJsonl.write(ImitationNpz.read(SharedData.imitationRollout("cartpole_0_final.npz")).dataset(), demos);
        Path run = dir.resolve("bc");
        Cli r = Cli.run("learn", "--algo", "bc", "--env", "cartpole", "--demos", demos.toString(), "--out", run.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(r.out());
        assertEquals(473.05, m.get("demonstrations_mean_return").asDouble(), 0.01);
        double mean = m.get("eval_mean_return").asDouble();
        assertTrue(mean >= 0.95 * 473.05, "BC mean return " + mean);
        assertTrue(Files.isRegularFile(run.resolve("policy/policy.properties")));
        List<String> curve = Files.readAllLines(run.resolve("curves.csv"));
        assertEquals("step,loss", curve.get(0));
        assertEquals(101, curve.size(), "the trainer reports the loss 100 times");
        String report = Files.readString(run.resolve("report.html"));
        assertTrue(report.contains("<figure id=\"fig-curve-loss\"") && !report.contains("<section id=\"reward\">"), "a control run: summary and curves");
        Cli ev = Cli.run("eval", "--policy", run.toString(), "--env", "CartPole-v1", "--episodes", "100", "--json");
        assertEquals(0, ev.exit(), ev.err());
        assertEquals(mean, new ObjectMapper().readTree(ev.out()).get("mean return").asDouble(), 1e-9);
    }

    @Test
    void demonstrationsOfAnotherEnvironment_areRefusedClearly() throws Exception {
        Path demos = dir.resolve("pendulum.jsonl");
        EpisodeJsonl.write(ImitationNpz.read(SharedData.imitationRollout("pendulum_0_final.npz")).dataset(), demos);
        Cli r = Cli.run("learn", "--algo", "bc", "--env", "acrobot", "--demos", demos.toString(), "--out", dir.resolve("p").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exit());
        assertTrue(r.err().contains("observations have 3 numbers, Acrobot-v1 has 6"), r.err());
        Cli r2 = Cli.run("learn", "--algo", "bc", "--env", "pendulum", "--demos", demos.toString(), "--out", dir.resolve("p").toString(),
                "--steps", "0");
        assertEquals(Main.EXIT_BAD_INPUT, r2.exit());
        assertTrue(r2.err().contains("--steps must be >= 1"), r2.err());
    }
}
