package io.revealed.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The project's shared data folder, {@code shared/} beside the checkout: {@code ../shared} from the
 * repository root, so {@code ../../shared} from a module folder, where Surefire runs the tests.
 * CI always clones with {@code shared/} beside it, so a missing file fails the test (never skips it).
 */
public final class SharedData {
    private SharedData() {}

    /** A file of {@code shared/data/imitation-expert-rollouts/}: real rollouts of the Python library imitation. */
    public static Path imitationRollout(String name) {
        return require(Path.of("..", "..", "shared", "data", "imitation-expert-rollouts", name));
    }

    private static Path require(Path p) {
        if (!Files.isRegularFile(p))
            fail("shared data file " + p.toAbsolutePath().normalize() + " is missing (working directory " + Path.of("").toAbsolutePath()
                    + "); the tests expect the project's shared/ folder beside the checkout");
        return p;
    }
}
