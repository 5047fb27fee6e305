package io.revealed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.revealed.deep.Checkpoint;
import io.revealed.deep.Dqn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train-expert --resume continues a run from OUT/checkpoint and ends where the uninterrupted run ends. */
class TrainExpertResumeTest {
    @TempDir
    Path dir;

    private static final String[] SAC = {"train-expert", "--env", "pendulum", "--algo", "sac", "--learning-starts", "100",
            "--hidden", "16", "--batch-size", "32", "--seed", "3", "--eval-episodes", "2", "-q"};

    @Test
    void sac_runOf300Steps_resumedTo500_isTheStraight500StepRun() throws Exception {
        Path straight = dir.resolve("straight"), staged = dir.resolve("staged");
        assertEquals(0, cli(SAC, "--steps", "500", "--out", straight.toString()).exit());
        Cli first = cli(SAC, "--steps", "300", "--checkpoint-every", "120", "--out", staged.toString());
        assertEquals(0, first.exit(), first.err());
        assertEquals(300, Checkpoint.summary(staged.resolve("checkpoint")).step()); // the finished run keeps its checkpoint
        Cli resumed = Cli.run("train-expert", "--env", "pendulum", "--steps", "500", "--eval-episodes", "2", "--out", staged.toString(),
                "--resume", "--json");
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(500, new ObjectMapper().readTree(resumed.out()).get("env_steps").asLong());
        assertSameRun(straight, staged);
    }

    @Test
    void dqn_killedAfterACheckpoint_resumesToTheStraightRun() throws Exception {
        Path straight = dir.resolve("straight"), killed = dir.resolve("killed");
        String[] dqn = {"train-expert", "--env", "mountaincar", "--algo", "dqn", "--steps", "1500", "--eval-episodes", "1", "-q"};
        assertEquals(0, cli(dqn, "--out", straight.toString()).exit());
        // What train-expert would have left after a kill at step 1,200: the checkpoint of step 1,100.
        Dqn.Options preset = Dqn.Options.forEnv("MountainCar-v0").withSeed(1);
        assertThrows(IllegalStateException.class, () -> new Dqn(preset).train("MountainCar-v0", 1500, p -> {
            if (p.envSteps() > 1100) throw new IllegalStateException("killed");
        }, new Checkpoint.Settings(killed.resolve("checkpoint"), 1100, false)));

        Cli resumed = Cli.run("train-expert", "--env", "mountaincar", "--eval-episodes", "1", "--out", killed.toString(), "--resume", "-q");
        assertEquals(0, resumed.exit(), resumed.err());
        assertSameRun(straight, killed);

        Cli again = Cli.run("train-expert", "--env", "mountaincar", "--out", killed.toString(), "--resume");
        assertEquals(Main.EXIT_BAD_INPUT, again.exit());
        assertEquals("revealed: " + killed + ": the run is complete (1500 of 1500 steps); nothing to resume", again.err().strip());
    }

    @Test
    void resume_refusesNoCheckpoint() {
        Path none = dir.resolve("none");
        assertEquals("revealed: " + none + ": no checkpoint to resume from (" + none.resolve("checkpoint") + " is missing)",
                refused("train-expert", "--env", "pendulum", "--out", none.toString(), "--resume"));
    }

    @Test
    void resume_refusesOptionsThatConflictWithTheCheckpoint() {
        Path run = dir.resolve("run");
        assertThrows(IllegalStateException.class, () -> new Dqn(Dqn.Options.forEnv("MountainCar-v0").withSeed(1)).train("MountainCar-v0", 1500,
                p -> { throw new IllegalStateException("killed"); }, new Checkpoint.Settings(run.resolve("checkpoint"), 100, false)));
        String out = run.toString();
        assertEquals("revealed: --algo ppo conflicts with the checkpoint in " + run.resolve("checkpoint") + ", which is of dqn",
                refused("train-expert", "--env", "mountaincar", "--algo", "ppo", "--out", out, "--resume"));
        assertEquals("revealed: --env Acrobot-v1 conflicts with the checkpoint in " + run.resolve("checkpoint") + ", which is on MountainCar-v0",
                refused("train-expert", "--env", "acrobot", "--out", out, "--resume"));
        assertEquals("revealed: --seed 2 conflicts with the checkpoint's 1 (" + run.resolve("checkpoint") + ")",
                refused("train-expert", "--env", "mountaincar", "--seed", "2", "--out", out, "--resume"));
        assertEquals("revealed: --steps 2000 conflicts with the checkpoint's 1500 (DQN's exploration schedule depends on the run's length)",
                refused("train-expert", "--env", "mountaincar", "--steps", "2000", "--out", out, "--resume"));
        assertEquals("revealed: --no-normalize-observations conflicts with the checkpoint, which normalises observations",
                refused("train-expert", "--env", "mountaincar", "--no-normalize-observations", "--out", out, "--resume"));
        assertEquals("revealed: " + run + ": holds the checkpoint of an earlier run; add --resume to continue it, or --force to start afresh",
                refused("train-expert", "--env", "mountaincar", "--algo", "dqn", "--out", out));
        assertEquals("revealed: --checkpoint-every must be >= 1, got 0",
                refused("train-expert", "--env", "cartpole", "--checkpoint-every", "0", "--out", dir.resolve("ppo").toString()));
    }

    @Test
    void ppo_killedAfterACheckpoint_resumesToTheStraightRun_andKeepsItsLength() throws Exception {
        Path straight = dir.resolve("straight"), killed = dir.resolve("killed");
        // CleanRL's CartPole settings: 512 steps per update, the step size annealed over the 4 updates of 2,048 steps.
        String[] ppo = {"train-expert", "--env", "cartpole", "--steps", "2048", "--eval-episodes", "2", "-q"};
        assertEquals(0, cli(ppo, "--checkpoint-every", "700", "--out", straight.toString()).exit());
        assertEquals(2048, Checkpoint.summary(straight.resolve("checkpoint")).step());
        // What train-expert would have left after a kill in the third update: the checkpoint of the second.
        io.revealed.deep.Ppo.Options preset = io.revealed.deep.Ppo.Options.forEnv("CartPole-v1").withSeed(1);
        assertThrows(IllegalStateException.class, () -> new io.revealed.deep.Ppo(preset).train("CartPole-v1", 2048, p -> {
            if (p.envSteps() >= 1024) throw new IllegalStateException("killed");
        }, new Checkpoint.Settings(killed.resolve("checkpoint"), 1024, false)));

        String out = killed.toString();
        assertEquals("revealed: --steps 4096 conflicts with the checkpoint's 2048 (PPO's step size anneals over the run's length)",
                refused("train-expert", "--env", "cartpole", "--steps", "4096", "--out", out, "--resume"));
        assertEquals("revealed: --normalize-observations conflicts with the checkpoint, which does not normalise observations",
                refused("train-expert", "--env", "cartpole", "--normalize-observations", "--out", out, "--resume"));
        java.util.Properties saved = new java.util.Properties();
        try (var r = Files.newBufferedReader(killed.resolve("checkpoint").resolve(Checkpoint.PROPERTIES))) {
            saved.load(r);
        }
        double before = Double.parseDouble(saved.getProperty("train_seconds"));
        // 2,100 steps are the same 4 whole updates
        Cli resumed = Cli.run("train-expert", "--env", "cartpole", "--steps", "2100", "--eval-episodes", "2", "--out", out, "--resume", "-q");
        assertEquals(0, resumed.exit(), resumed.err());
        assertSameRun(straight, killed);
        double total = new ObjectMapper().readTree(killed.resolve("metrics.json").toFile()).get("train_seconds").asDouble();
        assertTrue(total > before, "train_seconds counts the killed run's " + before + " s too: " + total);
        assertEquals("revealed: " + killed + ": the run is complete (2048 of 2048 steps); nothing to resume",
                refused("train-expert", "--env", "cartpole", "--out", out, "--resume"));
    }

    @Test
    void sacFlagsThatDisagree_andATruncatedCheckpoint_areRefused() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, cli(SAC, "--steps", "150", "--out", run.toString()).exit());
        assertEquals("revealed: --batch-size 16 conflicts with the checkpoint's 32 (" + run.resolve("checkpoint") + ")",
                refused("train-expert", "--env", "pendulum", "--batch-size", "16", "--out", run.toString(), "--resume"));
        assertEquals("revealed: --hidden 16,16 conflicts with the checkpoint's 16 (" + run.resolve("checkpoint") + ")",
                refused("train-expert", "--env", "pendulum", "--hidden", "16,16", "--out", run.toString(), "--resume"));
        Cli agreeing = Cli.run("train-expert", "--env", "pendulum", "--hidden", "16", "--steps", "160", "--eval-episodes", "1",
                "--out", run.toString(), "--resume", "-q");
        assertEquals(0, agreeing.exit(), "flags that agree with the checkpoint are accepted: " + agreeing.err());
        Path replay = run.resolve("checkpoint/replay.bin");
        byte[] full = Files.readAllBytes(replay);
        Files.write(replay, java.util.Arrays.copyOf(full, full.length / 2));
        String err = refused("train-expert", "--env", "pendulum", "--steps", "200", "--out", run.toString(), "--resume");
        assertTrue(err.startsWith("revealed: cannot resume: " + replay + ": ") && err.contains("truncated"), err);
    }

    @Test
    void defaultCheckpointInterval_isATenthOfTheRun_atMost50000Steps() {
        assertEquals(2_000, TrainExpertCommand.defaultCheckpointEvery(20_000));
        assertEquals(12_000, TrainExpertCommand.defaultCheckpointEvery(120_000));
        assertEquals(50_000, TrainExpertCommand.defaultCheckpointEvery(1_000_000));
        assertEquals(1, TrainExpertCommand.defaultCheckpointEvery(5));
    }

    private static Cli cli(String[] base, String... more) {
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Cli.run(args);
    }

    private static String refused(String... args) {
        Cli r = Cli.run(args);
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
        return r.err().strip();
    }

    /** The same policy parameters, byte for byte, the same training curve and the same evaluation. */
    private static void assertSameRun(Path expected, Path actual) throws Exception {
        assertArrayEquals(Files.readAllBytes(expected.resolve("policy/policy-0000.params")), Files.readAllBytes(actual.resolve("policy/policy-0000.params")));
        assertEquals(Files.readString(expected.resolve("policy/policy.properties")).replaceAll("(?m)^#.*\n", ""),
                Files.readString(actual.resolve("policy/policy.properties")).replaceAll("(?m)^#.*\n", ""));
        assertEquals(Files.readString(expected.resolve("curves.csv")), Files.readString(actual.resolve("curves.csv")));
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(expected.resolve("metrics.json").toFile()).get("eval_mean_return").asDouble(),
                json.readTree(actual.resolve("metrics.json").toFile()).get("eval_mean_return").asDouble());
    }
}
