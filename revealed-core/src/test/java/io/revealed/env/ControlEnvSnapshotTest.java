package io.revealed.env;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A restored snapshot continues exactly as the environment it was taken from: steps, ends and later resets. */
class ControlEnvSnapshotTest {

    @Test
    void everyClassicControlTask_continuesFromItsSnapshot_throughLaterResets() {
        for (String id : new String[]{"CartPole-v1", "MountainCar-v0", "Acrobot-v1", "Pendulum-v1", "seals/CartPole-v0"}) {
            ControlEnv original = ControlEnvs.create(id);
            SplittableRandom actions = new SplittableRandom(7);
            original.reset(3);
            for (int i = 0; i < 250; i++) if (step(original, actions).done()) original.reset(); // several episodes in
            ControlEnv copy = ControlEnvs.create(id);
            copy.restore(original.snapshot());
            assertArrayEquals(original.state(), copy.state(), id);
            assertEquals(original.elapsedSteps(), copy.elapsedSteps(), id);
            SplittableRandom a = new SplittableRandom(9), b = new SplittableRandom(9);
            for (int i = 0; i < 600; i++) {
                ControlEnv.Step x = step(original, a), y = step(copy, b);
                assertEquals(x, y, id + " step " + i);
                if (x.done()) assertArrayEquals(original.reset(), copy.reset(), id + " reset after step " + i);
            }
        }
    }

    @Test
    void anUnseededEnvironment_cannotBeSnapshotted() {
        ControlEnv env = ControlEnvs.create("CartPole-v1");
        env.setState(new double[]{0, 0, 0, 0});
        assertThrows(IllegalStateException.class, env::snapshot);
    }

    private static ControlEnv.Step step(ControlEnv env, SplittableRandom rng) {
        if (env.actionSpace() instanceof Space.Discrete d) return env.step(rng.nextInt(d.n()));
        return env.step(new double[]{rng.nextDouble(-2, 2)});
    }
}
