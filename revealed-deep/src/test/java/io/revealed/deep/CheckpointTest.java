package io.revealed.deep;

import io.revealed.env.ControlEnvs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The property checkpoints exist for: a run killed after a checkpoint and resumed from it, with every
 * object of the first attempt thrown away, ends exactly as the same run uninterrupted.
 */
class CheckpointTest {
    @TempDir
    Path tmp;

    /** Stands for a kill: thrown from the listener after the checkpoint of step {@code after}. */
    private static final class Killed extends RuntimeException {
        Killed() { super("killed"); }
    }

    // Small: a 200-slot buffer that has wrapped around by the checkpoint, normalised observations,
    // two gradient steps every fourth step, CartPole's short episodes (many resets of the environment).
    private static final Dqn.Options DQN = new Dqn.Options(new int[]{16}, 200, 1e-3, 0.99, 50, 32, 1.0, 0.05, 0.5, 100, 4, 2,
            Dqn.TdLoss.HUBER, 10, true, 3);
    private static final long DQN_STEPS = 800, DQN_EVERY = 270;

    @Test
    void dqn_killedAndResumed_endsBitForBitAsTheUninterruptedRun() {
        List<Dqn.Progress> straightReports = new ArrayList<>();
        Dqn.Result straight = new Dqn(DQN).train("CartPole-v1", DQN_STEPS, straightReports::add);

        Path dir = tmp.resolve("checkpoint");
        Checkpoint.Settings every = new Checkpoint.Settings(dir, DQN_EVERY, false);
        assertThrows(Killed.class, () -> new Dqn(DQN).train("CartPole-v1", DQN_STEPS, p -> {
            if (p.envSteps() > DQN_EVERY) throw new Killed();
        }, every));
        assertEquals(DQN_EVERY, Checkpoint.summary(dir).step());
        assertEquals(new Checkpoint.Summary("dqn", "CartPole-v1", DQN_EVERY, DQN_STEPS), Checkpoint.summary(dir));
        assertEquals(DQN, Dqn.checkpointOptions(dir));

        List<Dqn.Progress> resumedReports = new ArrayList<>();
        Dqn.Result resumed = new Dqn(DQN).train("CartPole-v1", DQN_STEPS, resumedReports::add, new Checkpoint.Settings(dir, DQN_EVERY, true));
        try (var a = straight.policy(); var b = resumed.policy()) {
            assertArrayEquals(Checkpoint.parameterValues(a.model.getBlock()), Checkpoint.parameterValues(b.model.getBlock()));
            assertEquals(a.normalizer().orElseThrow().count(), b.normalizer().orElseThrow().count());
            assertArrayEquals(a.normalizer().orElseThrow().mean(), b.normalizer().orElseThrow().mean());
            assertArrayEquals(a.normalizer().orElseThrow().variance(), b.normalizer().orElseThrow().variance());
        }
        assertArrayEquals(straight.episodes().envSteps(), resumed.episodes().envSteps());
        assertArrayEquals(straight.episodes().returns(), resumed.episodes().returns());
        assertEquals(straight.gradientSteps(), resumed.gradientSteps());
        // the resumed run reports the episodes after the checkpoint as the straight one did, losses included
        assertEquals(straightReports.subList(straightReports.size() - resumedReports.size(), straightReports.size()), resumedReports);
        assertTrue(resumedReports.size() > 5 && resumedReports.get(0).envSteps() > DQN_EVERY);
        assertEquals(DQN_STEPS, Checkpoint.summary(dir).step()); // the run saved its end too
    }

    @Test
    void dqnKeepingTheBest_killedAndResumed_selectsAsTheUninterruptedRun() {
        Dqn selecting = new Dqn(DQN).selectingBest(100, 3);
        Dqn.Result straight = selecting.train("CartPole-v1", DQN_STEPS, Dqn.Listener.NONE);
        Path dir = tmp.resolve("selecting");
        assertThrows(Killed.class, () -> selecting.train("CartPole-v1", DQN_STEPS, p -> {
            if (p.envSteps() > DQN_EVERY) throw new Killed();
        }, new Checkpoint.Settings(dir, DQN_EVERY, false)));
        assertArrayEquals(new long[]{100, 3}, Dqn.checkpointSelection(dir).orElseThrow());
        IllegalArgumentException lastOnly = assertThrows(IllegalArgumentException.class,
                () -> new Dqn(DQN).train("CartPole-v1", DQN_STEPS, Dqn.Listener.NONE, new Checkpoint.Settings(dir, DQN_EVERY, true)));
        assertTrue(lastOnly.getMessage().contains("checkpoint.properties") && lastOnly.getMessage().contains("select.every"), lastOnly.getMessage());
        Dqn.Result resumed = selecting.train("CartPole-v1", DQN_STEPS, Dqn.Listener.NONE, new Checkpoint.Settings(dir, DQN_EVERY, true));
        try (var a = straight.policy(); var b = resumed.policy()) {
            assertArrayEquals(Checkpoint.parameterValues(a.model.getBlock()), Checkpoint.parameterValues(b.model.getBlock()));
            assertArrayEquals(a.normalizer().orElseThrow().mean(), b.normalizer().orElseThrow().mean());
        }
        assertEquals(straight.selected().step(), resumed.selected().step());
        assertArrayEquals(straight.selected().evaluations().returns(), resumed.selected().evaluations().returns());
    }

    private static final Sac.Options SAC = new Sac.Options().withHidden(16).withBatchSize(32).withBufferSize(250).withLearningStarts(100).withSeed(2);
    private static final long SAC_STEPS = 500, SAC_EVERY = 300;

    @Test
    void sac_killedAndResumed_orExtended_endsBitForBitAsTheUninterruptedRun() {
        Sac.Result straight = new Sac(SAC).train("Pendulum-v1", SAC_STEPS, Sac.Listener.NONE);

        Path killed = tmp.resolve("killed");
        assertThrows(Killed.class, () -> new Sac(SAC).train("Pendulum-v1", SAC_STEPS, p -> {
            if (p.envSteps() > SAC_EVERY) throw new Killed();
        }, new Checkpoint.Settings(killed, SAC_EVERY, false)));
        assertEquals(SAC_EVERY, Checkpoint.summary(killed).step()); // mid-episode: Pendulum's episodes are 200 steps
        Sac.Result resumed = new Sac(SAC).train("Pendulum-v1", SAC_STEPS, Sac.Listener.NONE, new Checkpoint.Settings(killed, 1_000, true));

        Path shorter = tmp.resolve("shorter");
        new Sac(SAC).train("Pendulum-v1", SAC_EVERY, Sac.Listener.NONE, new Checkpoint.Settings(shorter, 1_000, false)).policy().close();
        Sac.Result extended = new Sac(SAC).train("Pendulum-v1", SAC_STEPS, Sac.Listener.NONE, new Checkpoint.Settings(shorter, 1_000, true));

        for (Sac.Result r : List.of(resumed, extended)) {
            try (var a = r.policy()) {
                assertArrayEquals(Checkpoint.parameterValues(straight.policy().model.getBlock()), Checkpoint.parameterValues(a.model.getBlock()));
            }
            assertArrayEquals(straight.criticLosses(), r.criticLosses());
            assertArrayEquals(straight.actorLosses(), r.actorLosses());
            assertEquals(straight.alpha(), r.alpha());
            assertArrayEquals(straight.episodes().envSteps(), r.episodes().envSteps());
            assertArrayEquals(straight.episodes().returns(), r.episodes().returns());
            assertEquals(straight.gradientSteps(), r.gradientSteps());
        }
        straight.policy().close();
    }

    // Two copies of 32 steps (64 per update), annealed step size, normalised observations: CartPole's
    // episodes end within updates, so the copies are mid-episode at every checkpoint.
    private static final Ppo.Options PPO_CARTPOLE = new Ppo.Options(new int[]{8}, 2, 32, 2.5e-4, true, 0.99, 0.95, 2, 2, 0.2, true,
            true, 0.01, 0.5, 0.5, true, 4);
    private static final long PPO_CARTPOLE_STEPS = 640, PPO_CARTPOLE_EVERY = 200;

    @Test
    void ppo_killedAndResumed_endsBitForBitAsTheUninterruptedRun() {
        Ppo.Result straight = new Ppo(PPO_CARTPOLE).train("CartPole-v1", PPO_CARTPOLE_STEPS, Ppo.Listener.NONE);

        Path dir = tmp.resolve("ppo");
        assertThrows(Killed.class, () -> new Ppo(PPO_CARTPOLE).train("CartPole-v1", PPO_CARTPOLE_STEPS, p -> {
            if (p.envSteps() > PPO_CARTPOLE_EVERY) throw new Killed();
        }, new Checkpoint.Settings(dir, PPO_CARTPOLE_EVERY, false)));
        // saved after the update that crossed 200 steps (the 4th, 256 steps), before its report
        assertEquals(new Checkpoint.Summary("ppo", "CartPole-v1", 256, PPO_CARTPOLE_STEPS), Checkpoint.summary(dir));
        assertEquals(PPO_CARTPOLE, Ppo.checkpointOptions(dir));
        String longer = assertThrows(IllegalArgumentException.class, () -> new Ppo(PPO_CARTPOLE).train("CartPole-v1", 2 * PPO_CARTPOLE_STEPS,
                Ppo.Listener.NONE, new Checkpoint.Settings(dir, PPO_CARTPOLE_EVERY, true))).getMessage();
        assertTrue(longer.contains("checkpoint.properties") && longer.contains("anneals"), longer);

        double before = Double.parseDouble(Checkpoint.Reader.open(dir).string("train_seconds"));
        assertTrue(before > 0, "the killed run's training time is saved: " + before);
        List<Ppo.Progress> reports = new ArrayList<>();
        Ppo.Result resumed = new Ppo(PPO_CARTPOLE).train("CartPole-v1", PPO_CARTPOLE_STEPS, reports::add,
                new Checkpoint.Settings(dir, PPO_CARTPOLE_EVERY, true));
        assertTrue(resumed.trainSeconds() > before, "the resumed run's time counts the killed run's " + before + ": " + resumed.trainSeconds());
        try (var a = straight.policy(); var b = resumed.policy()) {
            assertArrayEquals(Checkpoint.parameterValues(a.model.getBlock()), Checkpoint.parameterValues(b.model.getBlock()));
            assertEquals(a.normalizer().orElseThrow().count(), b.normalizer().orElseThrow().count());
            assertArrayEquals(a.normalizer().orElseThrow().mean(), b.normalizer().orElseThrow().mean());
            assertArrayEquals(a.normalizer().orElseThrow().variance(), b.normalizer().orElseThrow().variance());
        }
        assertTrue(straight.episodes().size() > 10, "episodes: " + straight.episodes().size());
        assertArrayEquals(straight.episodes().envSteps(), resumed.episodes().envSteps());
        assertArrayEquals(straight.episodes().returns(), resumed.episodes().returns());
        // every update's statistics, losses included, those before the checkpoint read back from it
        assertEquals(straight.updates(), resumed.updates());
        assertEquals(straight.updates().subList(4, 10), reports);
        assertEquals(PPO_CARTPOLE_STEPS, Checkpoint.summary(dir).step()); // the run saved its end too
    }

    // Box actions with a constant step size: 100 steps per update, Pendulum's 200-step episodes, so
    // the checkpoint of 300 steps has every copy at step 150 of its episode.
    private static final Ppo.Options PPO_PENDULUM = new Ppo.Options(new int[]{8}, 2, 50, 1e-3, false, 0.9, 0.95, 4, 2, 0.2, false,
            true, 0.0, 0.5, 0.5, false, 6);

    @Test
    void ppoBoxActions_killedAndResumed_orExtended_endsBitForBitAsTheUninterruptedRun() {
        Ppo.Result straight = new Ppo(PPO_PENDULUM).train("Pendulum-v1", 600, Ppo.Listener.NONE);

        Path killed = tmp.resolve("killed");
        assertThrows(Killed.class, () -> new Ppo(PPO_PENDULUM).train("Pendulum-v1", 600, p -> {
            if (p.envSteps() >= 300) throw new Killed();
        }, new Checkpoint.Settings(killed, 300, false)));
        assertEquals(300, Checkpoint.summary(killed).step());
        Ppo.Result resumed = new Ppo(PPO_PENDULUM).train("Pendulum-v1", 600, Ppo.Listener.NONE, new Checkpoint.Settings(killed, 1_000, true));

        Path shorter = tmp.resolve("shorter");
        new Ppo(PPO_PENDULUM).train("Pendulum-v1", 300, Ppo.Listener.NONE, new Checkpoint.Settings(shorter, 1_000, false)).policy().close();
        Ppo.Result extended = new Ppo(PPO_PENDULUM).train("Pendulum-v1", 600, Ppo.Listener.NONE, new Checkpoint.Settings(shorter, 1_000, true));

        for (Ppo.Result r : List.of(resumed, extended)) {
            try (var a = r.policy()) {
                assertArrayEquals(Checkpoint.parameterValues(straight.policy().model.getBlock()), Checkpoint.parameterValues(a.model.getBlock()));
            }
            // the entropy of each update is that of the learned log standard deviations
            assertEquals(straight.updates(), r.updates());
            assertArrayEquals(straight.episodes().envSteps(), r.episodes().envSteps());
            assertArrayEquals(straight.episodes().returns(), r.episodes().returns());
        }
        assertEquals(2, straight.episodes().size()); // one 200-step episode per copy
        straight.policy().close();
    }

    @Test
    void aWriteThatDies_leavesThePreviousCheckpoint_andALeftoverPartialFolderIsIgnored() throws IOException {
        Path dir = tmp.resolve("checkpoint");
        new Sac(SAC).train("Pendulum-v1", 150, Sac.Listener.NONE, new Checkpoint.Settings(dir, 1_000, false)).policy().close();
        byte[] before = Files.readAllBytes(dir.resolve(Checkpoint.PROPERTIES));
        // a save that fails half-way through
        assertThrows(IOException.class, () -> AtomicDirectory.write(dir, t -> {
            Files.writeString(t.resolve(Checkpoint.PROPERTIES), "format=revealed-checkpoint-1\n");
            throw new IOException("disk full");
        }));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve(Checkpoint.PROPERTIES)));
        // what a kill during a save leaves: a hidden staging folder beside the checkpoint
        Path partial = Files.createDirectory(tmp.resolve(".checkpoint.partial-1234"));
        Files.writeString(partial.resolve(Checkpoint.PROPERTIES), "format=revealed-checkpoint-1\nalgorithm=sac\nstep=9\n");
        assertEquals(150, Checkpoint.summary(dir).step());
        new Sac(SAC).train("Pendulum-v1", 200, Sac.Listener.NONE, new Checkpoint.Settings(dir, 1_000, true)).policy().close();
        assertEquals(200, Checkpoint.summary(dir).step());
    }

    @Test
    void aCheckpointThatDoesNotFit_failsNamingTheFile() throws IOException {
        Path dir = tmp.resolve("checkpoint");
        new Sac(SAC).train("Pendulum-v1", 150, Sac.Listener.NONE, new Checkpoint.Settings(dir, 1_000, false)).policy().close();
        Checkpoint.Settings resume = new Checkpoint.Settings(dir, 1_000, true);

        String none = assertThrows(IllegalArgumentException.class,
                () -> new Sac(SAC).train("Pendulum-v1", 200, Sac.Listener.NONE, new Checkpoint.Settings(tmp.resolve("nothing"), 10, true))).getMessage();
        assertTrue(none.contains("nothing") && none.contains("no checkpoint"), none);

        String algorithm = assertThrows(IllegalArgumentException.class,
                () -> new Dqn(new Dqn.Options()).train("CartPole-v1", 200, Dqn.Listener.NONE, resume)).getMessage();
        assertTrue(algorithm.contains(Checkpoint.PROPERTIES) && algorithm.contains("of sac, not of dqn"), algorithm);

        String options = assertThrows(IllegalArgumentException.class,
                () -> new Sac(SAC.withBatchSize(16)).train("Pendulum-v1", 200, Sac.Listener.NONE, resume)).getMessage();
        assertTrue(options.contains("option.batchSize is 32 in the checkpoint but 16"), options);

        String shorter = assertThrows(IllegalArgumentException.class,
                () -> new Sac(SAC).train("Pendulum-v1", 100, Sac.Listener.NONE, resume)).getMessage();
        assertTrue(shorter.contains("step is 150, beyond this run's 100 steps"), shorter);

        Path replay = dir.resolve("replay.bin");
        byte[] full = Files.readAllBytes(replay);
        Files.write(replay, java.util.Arrays.copyOf(full, full.length - 7));
        String truncated = assertThrows(IllegalArgumentException.class,
                () -> new Sac(SAC).train("Pendulum-v1", 200, Sac.Listener.NONE, resume)).getMessage();
        assertTrue(truncated.contains("replay.bin") && truncated.contains("truncated"), truncated);
        Files.write(replay, full);

        Files.delete(dir.resolve("q1.adam.f32"));
        String missing = assertThrows(IllegalArgumentException.class,
                () -> new Sac(SAC).train("Pendulum-v1", 200, Sac.Listener.NONE, resume)).getMessage();
        assertTrue(missing.contains("q1.adam.f32") && missing.contains("missing"), missing);

        Files.writeString(dir.resolve(Checkpoint.PROPERTIES), "format=revealed-checkpoint-1\nalgorithm=sac\n");
        String cut = assertThrows(IllegalArgumentException.class,
                () -> new Sac(SAC).train("Pendulum-v1", 200, Sac.Listener.NONE, resume)).getMessage();
        assertTrue(cut.contains(Checkpoint.PROPERTIES) && cut.contains("missing"), cut);
    }

    @Test
    void environmentSnapshot_continuesLaterResetsToo() {
        var a = ControlEnvs.create("CartPole-v1");
        a.reset(11);
        for (int i = 0; i < 3; i++) a.reset();
        a.step(1);
        a.step(0);
        var b = ControlEnvs.create("CartPole-v1");
        b.restore(a.snapshot());
        assertEquals(a.step(1), b.step(1));
        assertEquals(a.elapsedSteps(), b.elapsedSteps());
        assertArrayEquals(a.reset(), b.reset());
    }

    @Test
    void sealsSnapshot_keepsTheAbsorbingState() {
        var a = ControlEnvs.create("seals/MountainCar-v0");
        a.reset(5);
        a.setState(new double[]{0.49, 0.05}, 10);
        assertTrue(a.step(2).reward() < 0 && ((io.revealed.env.AbsorbAfterDone) a).absorbing(), "reached the flag: absorbing from now on");
        a.step(0);
        var b = ControlEnvs.create("seals/MountainCar-v0");
        b.restore(a.snapshot());
        assertTrue(((io.revealed.env.AbsorbAfterDone) b).absorbing());
        for (int i = 0; i < 3; i++) assertEquals(a.step(1), b.step(1));
        assertEquals(a.elapsedSteps(), b.elapsedSteps());
        assertArrayEquals(a.reset(), b.reset());
        a.step(0);
        var c = ControlEnvs.create("seals/MountainCar-v0");
        c.restore(a.snapshot());
        assertEquals(a.step(2), c.step(2));
    }
}
