package io.revealed.deep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden checkpoints ({@code src/test/resources/checkpoint/}): one of DQN on CartPole, one of SAC on
 * Pendulum, one of PPO on Pendulum (box actions, normalised observations), all tiny and taken
 * mid-episode. They must still load and resume, and a run with the
 * same settings must still write exactly these files, so that a change of the format cannot pass
 * unnoticed. To write them again after a deliberate change (and then document it in
 * docs/formats.md): {@code -Drevealed.writeGoldenCheckpoints=true}.
 */
class CheckpointGoldenTest {
    @TempDir
    Path tmp;

    static final Dqn.Options DQN = new Dqn.Options(new int[]{4}, 50, 1e-3, 0.99, 10, 8, 1.0, 0.05, 0.5, 20, 2, 1,
            Dqn.TdLoss.HUBER, 10, true, 5);
    static final Sac.Options SAC = new Sac.Options().withHidden(4).withBatchSize(8).withBufferSize(50).withLearningStarts(20).withSeed(5);
    static final Ppo.Options PPO = new Ppo.Options(new int[]{4}, 2, 25, 1e-3, false, 0.9, 0.95, 2, 2, 0.2, false, true, 0.0, 0.5, 0.5,
            true, 5);
    /** PPO: saved after the second update of 50 steps (each copy at step 50 of its episode), of 150. */
    static final long PPO_AT = 100, PPO_TOTAL = 150;
    /** DQN: saved at step 90 of 200, stopped at the next episode end. SAC: saved at step 150 of 250, 50 steps before Pendulum's first episode end. */
    static final long DQN_AT = 90, DQN_TOTAL = 200, SAC_AT = 150, SAC_TOTAL = 250;

    @Test
    void dqn_goldenCheckpoint_isWrittenAgainByteForByte_andResumes() throws Exception {
        assertGolden("dqn-cartpole", new Checkpoint.Summary("dqn", "CartPole-v1", DQN_AT, DQN_TOTAL), CheckpointGoldenTest::dqnUntilKilled,
                dir -> new Dqn(DQN).train("CartPole-v1", DQN_TOTAL, Dqn.Listener.NONE, new Checkpoint.Settings(dir, 1_000, true)).policy().close());
    }

    @Test
    void sac_goldenCheckpoint_isWrittenAgainByteForByte_andResumes() throws Exception {
        assertGolden("sac-pendulum", new Checkpoint.Summary("sac", "Pendulum-v1", SAC_AT, SAC_TOTAL), CheckpointGoldenTest::sacUntilKilled,
                dir -> new Sac(SAC).train("Pendulum-v1", SAC_TOTAL, Sac.Listener.NONE, new Checkpoint.Settings(dir, 1_000, true)).policy().close());
    }

    @Test
    void ppo_goldenCheckpoint_isWrittenAgainByteForByte_andResumes() throws Exception {
        assertGolden("ppo-pendulum", new Checkpoint.Summary("ppo", "Pendulum-v1", PPO_AT, PPO_TOTAL), CheckpointGoldenTest::ppoUntilKilled,
                dir -> new Ppo(PPO).train("Pendulum-v1", PPO_TOTAL, Ppo.Listener.NONE, new Checkpoint.Settings(dir, 1_000, true)).policy().close());
    }

    /**
     * The golden checkpoint {@code name} is at {@code at}, the same run writes it again byte for byte,
     * and a copy of it resumes to the end of the run.
     */
    private void assertGolden(String name, Checkpoint.Summary at, Consumer<Path> untilKilled, Consumer<Path> resume) throws Exception {
        Path golden = golden(name, untilKilled);
        assertEquals(at, Checkpoint.summary(golden));
        Path again = tmp.resolve(name + "-again");
        untilKilled.accept(again);
        assertSameFiles(golden, again);
        Path copy = copy(golden, tmp.resolve(name + "-copy"));
        resume.accept(copy);
        assertEquals(new Checkpoint.Summary(at.algorithm(), at.env(), at.totalSteps(), at.totalSteps()), Checkpoint.summary(copy));
    }

    private static void ppoUntilKilled(Path dir) {
        try {
            new Ppo(PPO).train("Pendulum-v1", PPO_TOTAL, p -> {
                if (p.envSteps() >= PPO_AT) throw new IllegalStateException("killed");
            }, new Checkpoint.Settings(dir, PPO_AT, false));
        } catch (IllegalStateException expected) {
            // after the checkpoint of the second update
        }
    }

    private static void dqnUntilKilled(Path dir) {
        try {
            new Dqn(DQN).train("CartPole-v1", DQN_TOTAL, p -> {
                if (p.envSteps() > DQN_AT) throw new IllegalStateException("killed");
            }, new Checkpoint.Settings(dir, DQN_AT, false));
        } catch (IllegalStateException expected) {
            // after the checkpoint, as a kill would
        }
    }

    private static void sacUntilKilled(Path dir) {
        try {
            new Sac(SAC).train("Pendulum-v1", SAC_TOTAL, p -> {
                throw new IllegalStateException("killed");
            }, new Checkpoint.Settings(dir, SAC_AT, false));
        } catch (IllegalStateException expected) {
            // at step 200, after the checkpoint of step 150
        }
    }

    /** The golden checkpoint {@code name}, first written by {@code write} when asked to. */
    private Path golden(String name, Consumer<Path> write) throws IOException, URISyntaxException {
        if (Boolean.getBoolean("revealed.writeGoldenCheckpoints")) {
            Path target = Path.of("src/test/resources/checkpoint", name);
            if (Files.exists(target)) deleteTree(target);
            write.accept(tmp.resolve("w"));
            copy(tmp.resolve("w"), target);
            return target;
        }
        return Path.of(CheckpointGoldenTest.class.getResource("/checkpoint/" + name + "/" + Checkpoint.PROPERTIES).toURI()).getParent();
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        try (Stream<Path> e = Files.list(expected); Stream<Path> a = Files.list(actual)) {
            assertEquals(e.map(p -> p.getFileName().toString()).sorted().toList(), a.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> files = Files.list(expected)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.equals(Checkpoint.PROPERTIES)) assertEquals(withoutTime(properties(f)), withoutTime(properties(actual.resolve(name))), name);
                else assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(actual.resolve(name)), name);
            }
        }
    }

    /** The entries less {@code train_seconds}, a wall-clock record that differs from run to run. */
    private static Properties withoutTime(Properties p) {
        p.remove("train_seconds");
        return p;
    }

    private static Properties properties(Path f) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
            p.load(r);
        }
        return p;
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(dir);
    }
}
