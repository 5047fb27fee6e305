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
    void sacRunFolder_onPendulum_holdsATanhPolicyThatEvalScoresIdentically() throws Exception {
        Path run = dir.resolve("sac");
        Cli r = Cli.run("train-expert", "--env", "pendulum", "--algo", "sac", "--steps", "400", "--learning-starts", "200",
                "--hidden", "16,16", "--batch-size", "32", "--seed", "3", "--eval-episodes", "2", "--out", run.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(r.out());
        assertEquals("sac", m.get("algorithm").asText());
        assertEquals(400, m.get("env_steps").asLong());
        assertEquals(2, m.get("episodes").asInt()); // Pendulum episodes are 200 steps
        assertTrue(Files.readString(run.resolve("policy/policy.properties")).contains("squash=tanh"));
        JsonNode config = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertTrue(config.get("algorithm_options").asText().contains("hidden=[16, 16]"), config.toString());
        assertEquals(3, config.get("seed").asLong());
        Cli ev = Cli.run("eval", "--policy", run.toString(), "--env", "pendulum", "--episodes", "2", "--json");
        assertEquals(0, ev.exit(), ev.err());
        assertEquals(m.get("eval_mean_return").asDouble(), new ObjectMapper().readTree(ev.out()).get("mean return").asDouble(), 1e-9);
    }

    @Test
    void mismatchedActionSpaces_unknownAlgorithms_andMisplacedSacOptions_areRefusedInOneLine() {
        Cli sacOnCartPole = Cli.run("train-expert", "--env", "cartpole", "--algo", "sac", "--out", dir.resolve("x").toString());
        assertEquals(Main.EXIT_BAD_INPUT, sacOnCartPole.exit());
        assertEquals("revealed: --algo sac needs continuous actions; CartPole-v1 has discrete ones (use --algo ppo or dqn)",
                sacOnCartPole.err().strip());
        Cli dqnOnPendulum = Cli.run("train-expert", "--env", "pendulum", "--algo", "dqn", "--steps", "1024", "--out", dir.resolve("y").toString());
        assertEquals(Main.EXIT_BAD_INPUT, dqnOnPendulum.exit());
        assertEquals("revealed: --algo dqn needs discrete actions; Pendulum-v1 has continuous ones (use --algo ppo or sac)",
                dqnOnPendulum.err().strip());
        Cli unknown = Cli.run("train-expert", "--env", "pendulum", "--algo", "td3", "--out", dir.resolve("z").toString());
        assertEquals(Main.EXIT_BAD_INPUT, unknown.exit());
        assertTrue(unknown.err().contains("available: ppo, dqn, sac"), unknown.err());
        Cli misplaced = Cli.run("train-expert", "--env", "cartpole", "--algo", "dqn", "--hidden", "8", "--out", dir.resolve("w").toString());
        assertEquals(Main.EXIT_BAD_INPUT, misplaced.exit());
        assertEquals("revealed: --hidden applies to --algo sac only", misplaced.err().strip());
        Cli bad = Cli.run("train-expert", "--env", "pendulum", "--algo", "sac", "--batch-size", "0", "--out", dir.resolve("v").toString());
        assertEquals(Main.EXIT_BAD_INPUT, bad.exit());
        assertEquals("revealed: bad SAC option: --batch-size must be >= 1, got 0", bad.err().strip());
        for (String d : new String[]{"x", "y", "z", "w", "v"}) assertTrue(!Files.exists(dir.resolve(d)), "no run folder " + d);
    }

    @Test
    void dqn_trainsWithTheEnvironmentsPreset_andItsStepsByDefault() throws Exception {
        Path run = dir.resolve("dqn");
        // 300 steps: fewer than the preset's 1,000 before learning starts, so no gradient step is taken.
        Cli r = Cli.run("train-expert", "--env", "mountaincar", "--algo", "dqn", "--steps", "300", "--eval-episodes", "1",
                "--out", run.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(300, new ObjectMapper().readTree(r.out()).get("env_steps").asLong());
        String options = new ObjectMapper().readTree(run.resolve("config.json").toFile()).get("algorithm_options").asText();
        assertEquals(io.revealed.deep.Dqn.Options.forEnv("MountainCar-v0").withSeed(1)
                + ", keeps the best policy evaluated every 5000 steps over 20 episodes", options);
        assertTrue(options.contains("hidden=[256, 256]") && options.contains("learningRate=0.004") && options.contains("gradientSteps=8"), options);
        String props = Files.readString(run.resolve("policy/policy.properties"));
        assertTrue(props.contains("hidden=256,256"), props);
        assertTrue(props.contains("obs_norm.mean="), "MountainCar's preset normalises observations: " + props);
        Cli raw = Cli.run("train-expert", "--env", "mountaincar", "--algo", "dqn", "--steps", "300", "--eval-episodes", "1",
                "--no-normalize-observations", "--out", dir.resolve("raw").toString(), "-q");
        assertEquals(0, raw.exit(), raw.err());
        assertTrue(!Files.readString(dir.resolve("raw/policy/policy.properties")).contains("obs_norm."), "the flag turns the preset's off");

        assertEquals(120_000, TrainExpertCommand.defaultSteps("dqn", "MountainCar-v0"));
        assertEquals(100_000, TrainExpertCommand.defaultSteps("dqn", "Acrobot-v1"));
        assertEquals(500_000, TrainExpertCommand.defaultSteps("dqn", "CartPole-v1"));
        assertEquals(500_000, TrainExpertCommand.defaultSteps("ppo", "Acrobot-v1"));
        assertEquals(100_000, TrainExpertCommand.defaultSteps("ppo", "Pendulum-v1"));
        assertEquals(1_000_000, TrainExpertCommand.defaultSteps("ppo", "MountainCar-v0"));
    }

    @Test
    void ppoRunFolder_onPendulum_holdsAClippedGaussianMeanPolicy_thatEvalAndDemosScoreIdentically() throws Exception {
        Path run = dir.resolve("ppo-pendulum");
        // One update of the Pendulum preset (4 copies x 1,024 steps).
        Cli r = Cli.run("train-expert", "--env", "pendulum", "--algo", "ppo", "--steps", "4096", "--seed", "2", "--eval-episodes", "3",
                "--out", run.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(r.out());
        assertEquals("ppo", m.get("algorithm").asText());
        assertEquals(4096, m.get("env_steps").asLong());
        assertEquals(20, m.get("episodes").asInt()); // Pendulum episodes are 200 steps: 5 per copy
        String props = Files.readString(run.resolve("policy/policy.properties"));
        assertTrue(props.contains("kind=continuous-mlp") && props.contains("low=-2.0") && props.contains("high=2.0"), props);
        assertTrue(!props.contains("squash="), props); // clipped, not squashed
        String options = new ObjectMapper().readTree(run.resolve("config.json").toFile()).get("algorithm_options").asText();
        assertEquals(io.revealed.deep.Ppo.Options.forEnv("Pendulum-v1").withSeed(2).toString(), options);
        assertTrue(options.contains("hidden=[64, 64]") && options.contains("gamma=0.9,"), options);
        double trained = m.get("eval_mean_return").asDouble();
        Cli ev = Cli.run("eval", "--policy", run.toString(), "--env", "pendulum", "--episodes", "3", "--json");
        assertEquals(0, ev.exit(), ev.err());
        assertEquals(trained, new ObjectMapper().readTree(ev.out()).get("mean return").asDouble(), 1e-9);
        Path demos = dir.resolve("pendulum-demos.jsonl");
        Cli d = Cli.run("demos", "--env", "pendulum", "--policy", run.toString(), "--episodes", "3", "--seed", "0",
                "--out", demos.toString(), "--json");
        assertEquals(0, d.exit(), d.err());
        // demos plays one episode at a time, eval three side by side: the network sums its products in
        // another order for a batch, so continuous actions may differ in their last bits.
        assertEquals(trained, new ObjectMapper().readTree(d.out()).get("mean return").asDouble(), 1e-6 * Math.abs(trained));
    }

    @Test
    void normalizedPolicy_isSavedWithItsStatistics_andEvalAndDemosActAsTrainingDid() throws Exception {
        Path run = dir.resolve("norm");
        Cli r = Cli.run("train-expert", "--env", "cartpole", "--steps", "2048", "--normalize-observations", "--eval-episodes", "5",
                "--out", run.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        double trained = new ObjectMapper().readTree(r.out()).get("eval_mean_return").asDouble();
        String props = Files.readString(run.resolve("policy/policy.properties"));
        assertTrue(props.contains("obs_norm.mean=") && props.contains("obs_norm.variance="), props);
        assertTrue(new ObjectMapper().readTree(run.resolve("config.json").toFile()).get("algorithm_options").asText()
                .contains("normalizeObservations=true"));

        Cli ev = Cli.run("eval", "--policy", run.toString(), "--env", "cartpole", "--episodes", "5", "--json");
        assertEquals(0, ev.exit(), ev.err());
        assertEquals(trained, new ObjectMapper().readTree(ev.out()).get("mean return").asDouble(), 1e-9);
        Path demos = dir.resolve("demos.jsonl");
        Cli d = Cli.run("demos", "--env", "cartpole", "--policy", run.toString(), "--episodes", "5", "--seed", "0",
                "--out", demos.toString(), "--json");
        assertEquals(0, d.exit(), d.err());
        assertEquals(trained, new ObjectMapper().readTree(d.out()).get("mean return").asDouble(), 1e-9);
    }

    @Test
    void dqn_keepsTheBestEvaluatedPolicy_andWritesTheEvaluations() throws Exception {
        Path run = dir.resolve("select");
        Cli r = Cli.run("train-expert", "--env", "cartpole", "--algo", "dqn", "--steps", "1200", "--select-every", "400", "--select-episodes", "3",
                "--eval-episodes", "2", "--out", run.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        var metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        java.util.List<String> lines = Files.readAllLines(run.resolve("selection.csv"));
        assertEquals(java.util.List.of("env_steps", "mean_return"), java.util.List.of(lines.get(0).split(",")));
        assertEquals(4, lines.size(), "evaluations after 400, 800 and 1200 steps: " + lines);
        double best = Double.NEGATIVE_INFINITY;
        long bestStep = -1;
        for (String l : lines.subList(1, lines.size())) {
            double mean = Double.parseDouble(l.split(",")[1]);
            if (mean > best) { best = mean; bestStep = Long.parseLong(l.split(",")[0]); }
        }
        assertEquals(bestStep, metrics.get("selected_at_step").asLong());
        assertEquals(best, metrics.get("selected_mean_return").asDouble(), 0.0);
        assertTrue(new ObjectMapper().readTree(run.resolve("config.json").toFile()).get("algorithm_options").asText()
                .contains("keeps the best policy evaluated every 400 steps over 3 episodes"));
        String page = Files.readString(run.resolve("report.html"));
        assertTrue(page.contains("id=\"fig-selection\"") && page.contains("Which policy the run kept")
                && page.contains(String.format(java.util.Locale.ROOT, "after %,d environment steps", bestStep)), "the report shows the evaluations");

        Cli again = Cli.run("train-expert", "--env", "cartpole", "--algo", "dqn", "--steps", "400", "--select-every", "400", "--select-episodes", "3",
                "--eval-episodes", "2", "--out", run.toString(), "--force");
        assertEquals(0, again.exit(), "--force replaces a folder holding selection.csv: " + again.err());
        assertTrue(again.out().contains("kept policy") && again.out().contains("after 400 steps"), again.out());

        Cli ppo = Cli.run("train-expert", "--env", "cartpole", "--select-every", "400", "--out", dir.resolve("p").toString());
        assertEquals(Main.EXIT_BAD_INPUT, ppo.exit());
        assertEquals("revealed: --select-every applies to --algo dqn only", ppo.err().strip());
        Cli zero = Cli.run("train-expert", "--env", "cartpole", "--algo", "dqn", "--select-every", "0", "--select-episodes", "3",
                "--out", dir.resolve("z").toString());
        assertEquals(Main.EXIT_BAD_INPUT, zero.exit());
        assertEquals("revealed: --select-episodes needs --select-every > 0", zero.err().strip());
        assertTrue(!Files.exists(dir.resolve("p")) && !Files.exists(dir.resolve("z")));
    }

    @Test
    void aPolicyNoBetterThanRandomActions_isReportedWithAWarning() throws Exception {
        // 300 steps of DQN never reach a gradient step (learning starts later): the greedy policy is the
        // initial network's, which on CartPole pushes one way and falls sooner than random actions do.
        Path run = dir.resolve("untrained");
        Cli r = Cli.run("train-expert", "--env", "cartpole", "--algo", "dqn", "--steps", "300", "--eval-episodes", "5", "--out", run.toString());
        assertEquals(0, r.exit(), r.err());
        var metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        double trained = metrics.get("eval_mean_return").asDouble(), random = metrics.get("random_mean_return").asDouble();
        // the random mean is what demos --policy random plays on the same five starts
        Path demos = dir.resolve("random.jsonl");
        Cli d = Cli.run("demos", "--env", "cartpole", "--episodes", "5", "--seed", "0", "--out", demos.toString(), "--json");
        assertEquals(random, new ObjectMapper().readTree(d.out()).get("mean return").asDouble(), 1e-12);
        assertTrue(trained <= random, trained + " vs " + random);
        assertTrue(r.err().contains("no better than random actions") && r.err().contains("try another --seed"), r.err());
    }
}
