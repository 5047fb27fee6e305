package io.revealed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train-expert writes a run folder whose policy eval reloads and scores the same. */
class TrainExpertCommandTest {
    @TempDir
    Path dir;

    @Test
    void ppoRunFolder_holdsAPolicyThatEvalScoresIdentically() throws Exception {
        Path run = dir.resolve("ppo");
        Cli r = Cli.run("train-expert", "--env", "cartpole", "--steps", "4096", "--eval-episodes", "5", "--out", run.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(r.out());
        assertEquals(4096, m.get("env_steps").asLong());
        List<String> curve = Files.readAllLines(run.resolve("curves.csv"));
        assertEquals("env_steps,episode_return", curve.get(0));
        assertEquals(m.get("episodes").asInt() + 1, curve.size());
        // Every CartPole episode earns 1 per step, so returns are whole numbers between 1 and 500.
        for (String line : curve.subList(1, curve.size())) {
            double ret = Double.parseDouble(line.split(",")[1]);
            assertTrue(ret >= 1 && ret <= 500 && ret == Math.rint(ret), line);
        }
        assertTrue(Files.readString(run.resolve("report.html")).contains("<figure id=\"fig-curve-episode-return\""));
        Cli ev = Cli.run("eval", "--policy", run.toString(), "--env", "cartpole", "--episodes", "5", "--json");
        assertEquals(0, ev.exit(), ev.err());
        assertEquals(m.get("eval_mean_return").asDouble(), new ObjectMapper().readTree(ev.out()).get("mean return").asDouble(), 1e-9);
    }

    @Test
    void continuousEnvironment_andUnknownAlgorithm_areRefused() {
        Cli r = Cli.run("train-expert", "--env", "cartpole", "--algo", "sac", "--out", dir.resolve("x").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exit());
        assertTrue(r.err().contains("available: ppo, dqn"), r.err());
        Cli p = Cli.run("train-expert", "--env", "pendulum", "--steps", "1024", "--out", dir.resolve("y").toString());
        assertEquals(Main.EXIT_BAD_INPUT, p.exit());
        assertTrue(!p.err().contains("internal error"), p.err());
    }
}
