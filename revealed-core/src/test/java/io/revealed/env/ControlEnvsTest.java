package io.revealed.env;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlEnvsTest {

    static List<String> ids() { return ControlEnvs.ids(); }

    @Test
    void create_knowsGymnasiumAndSealsIds_withTheirTimeLimits() {
        assertEquals(500, ControlEnvs.create("CartPole-v1").maxEpisodeSteps());
        assertEquals(200, ControlEnvs.create("MountainCar-v0").maxEpisodeSteps());
        assertEquals(500, ControlEnvs.create("Acrobot-v1").maxEpisodeSteps());
        assertEquals(200, ControlEnvs.create("Pendulum-v1").maxEpisodeSteps());
        assertEquals(500, ControlEnvs.create("seals/CartPole-v0").maxEpisodeSteps());
        assertEquals(200, ControlEnvs.create("seals/MountainCar-v0").maxEpisodeSteps());
        for (String id : ControlEnvs.ids()) assertEquals(id, ControlEnvs.create(id).id());
    }

    @Test
    void create_acceptsAliasesAndAnyCase() {
        assertEquals("CartPole-v1", ControlEnvs.create("cartpole").id());
        assertEquals("MountainCar-v0", ControlEnvs.create("MountainCar").id());
        assertEquals("Acrobot-v1", ControlEnvs.create("ACROBOT").id());
        assertEquals("Pendulum-v1", ControlEnvs.create(" pendulum ").id());
        assertEquals("CartPole-v1", ControlEnvs.create("cartpole-V1").id());
        assertEquals("seals/MountainCar-v0", ControlEnvs.create("SEALS/mountaincar-v0").id());
    }

    @Test
    void create_unknownId_listsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControlEnvs.create("LunarLander-v3"));
        assertTrue(e.getMessage().contains("LunarLander-v3"));
        for (String id : ControlEnvs.ids()) assertTrue(e.getMessage().contains(id), e.getMessage());
        for (String alias : ControlEnvs.aliases()) assertTrue(e.getMessage().contains(alias), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("ids")
    void stepBeforeReset_throwsIllegalState(String id) {
        ControlEnv env = ControlEnvs.create(id);
        assertThrows(IllegalStateException.class, () -> env.step(new double[] {0}));
        assertThrows(IllegalStateException.class, env::reset);
    }

    @ParameterizedTest
    @MethodSource("ids")
    void invalidActions_throwIllegalArgument(String id) {
        ControlEnv env = ControlEnvs.create(id);
        env.reset(1);
        assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> env.step(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> env.step((double[]) null));
        if (env.actionSpace() instanceof Space.Discrete d) {
            assertThrows(IllegalArgumentException.class, () -> env.step(-1));
            assertThrows(IllegalArgumentException.class, () -> env.step(d.n()));
            assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0.5}));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {d.n()}));
            assertTrue(e.getMessage().contains(id) && e.getMessage().contains("0 .. " + (d.n() - 1)), e.getMessage());
        } else {
            assertThrows(IllegalArgumentException.class, () -> env.step(0));
        }
        assertEquals(0, env.elapsedSteps(), "a rejected action takes no step");
        env.step(new double[] {0}); // still usable
    }

    @ParameterizedTest
    @MethodSource("ids")
    void setState_validatesLengthValuesAndElapsedSteps(String id) {
        ControlEnv env = ControlEnvs.create(id);
        env.reset(0);
        int n = env.state().length;
        assertThrows(IllegalArgumentException.class, () -> env.setState(new double[n + 1]));
        double[] nan = new double[n];
        nan[0] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> env.setState(nan));
        double[] inf = new double[n];
        inf[n - 1] = Double.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> env.setState(inf));
        assertThrows(IllegalArgumentException.class, () -> env.setState(new double[n], -1));
        assertThrows(IllegalArgumentException.class, () -> env.setState(new double[n], env.maxEpisodeSteps()));
        double[] obs = env.setState(new double[n], 3);
        assertEquals(3, env.elapsedSteps());
        assertEquals(env.observationSpace().dimension(), obs.length);
    }

    @ParameterizedTest
    @MethodSource("ids")
    void observations_stayInTheObservationSpace_overARandomEpisode(String id) {
        ControlEnv env = ControlEnvs.create(id);
        var rng = io.revealed.testing.TestMdps.rng(id.hashCode());
        assertTrue(env.observationSpace().contains(env.reset(9)));
        ControlEnv.Step s;
        int steps = 0;
        do {
            double a = env.actionSpace() instanceof Space.Discrete d ? rng.nextInt(d.n()) : rng.nextDouble(-2.5, 2.5);
            s = env.step(new double[] {a});
            steps++;
            assertTrue(env.observationSpace().contains(s.observation()), () -> java.util.Arrays.toString(env.state()));
            assertTrue(Double.isFinite(s.reward()));
        } while (!s.done());
        assertEquals(steps, env.elapsedSteps());
        assertFalse(s.truncated() && steps != env.maxEpisodeSteps());
    }

    @Test
    void step_recordEqualityIsByValue() {
        ControlEnv.Step a = new ControlEnv.Step(new double[] {1, 2}, -1, false, true);
        ControlEnv.Step b = new ControlEnv.Step(new double[] {1, 2}, -1, false, true);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertTrue(a.done());
        assertFalse(new ControlEnv.Step(new double[] {1}, 0, false, false).done());
    }
}
