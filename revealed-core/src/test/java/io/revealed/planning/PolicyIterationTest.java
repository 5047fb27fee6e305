package io.revealed.planning;

import io.revealed.env.Garnet;
import io.revealed.mdp.TabularMdp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyIterationTest {
    @Test
    void twoStateChain_matchesTheClosedForm_toRounding() {
        // TwoStateChainTest's chain: V*(1) = 1/(1-g), V*(0) = g/(1-g); Q(0, stay) = g^2/(1-g),
        // Q(0, switch) = g/(1-g), Q(1, stay) = 1/(1-g), Q(1, switch) = 1 + g^2/(1-g).
        for (double g : new double[]{0, 0.5, 0.9, 0.99}) {
            TabularMdp mdp = TwoStateChainTest.chain(g, null);
            PolicyIteration.Result r = PolicyIteration.solve(mdp, TwoStateChainTest.rsa(mdp), null);
            double c = 1 / (1 - g);
            assertArrayEquals(new double[]{g * g * c, g * c, c, 1 + g * g * c}, r.q().q(), 1e-12 * c, "g=" + g);
            assertArrayEquals(new double[]{g * c, c}, r.q().valuesAt(0), 1e-12 * c);
            if (g > 0) assertArrayEquals(new int[]{1, 0}, r.policy(), "switch to state 1, then stay"); // at g = 0 state 0's actions tie
            assertTrue(r.evaluations() <= 3, "from 'stay everywhere': " + r.evaluations() + " evaluations");
        }
    }

    @Test
    void randomMdps_agreeWithValueIteration() {
        for (double g : new double[]{0, 0.5, 0.9, 0.99}) {
            for (long seed = 1; seed <= 3; seed++) {
                TabularMdp mdp = Garnet.generate(new Garnet.Options(60, 4, 5, 4, seed, null, g));
                double[] rsa = mdp.reward().expected(mdp, null);
                QValues vi = ValueIteration.solve(mdp, rsa, new PlanningOptions(1e-12, 1_000_000));
                PolicyIteration.Result pi = PolicyIteration.solve(mdp, rsa, null);
                double scale = 1 / (1 - g);
                assertArrayEquals(vi.q(), pi.q().q(), 1e-9 * scale, "g=" + g + " seed=" + seed);
                assertArrayEquals(vi.v(), pi.q().v(), 1e-9 * scale);
                for (int s = 0; s < mdp.states(); s++)
                    assertEquals(vi.v(0, s), vi.q(0, s, pi.policy()[s]), 1e-9 * scale, "the returned policy is optimal in state " + s);
            }
        }
    }

    @Test
    void startedFromAnOptimalPolicy_evaluatesOnce() {
        TabularMdp mdp = Garnet.generate(new Garnet.Options(80, 3, 4, 4, 7, null, 0.95));
        double[] rsa = mdp.reward().expected(mdp, null);
        PolicyIteration.Result cold = PolicyIteration.solve(mdp, rsa, null);
        assertTrue(cold.evaluations() > 1, "cold start improves at least once");
        PolicyIteration.Result warm = PolicyIteration.solve(mdp, rsa, cold.policy());
        assertEquals(1, warm.evaluations());
        assertArrayEquals(cold.q().q(), warm.q().q(), 0.0);
    }

    @Test
    void refusesWhatItCannotSolve() {
        assertThrows(IllegalArgumentException.class, () -> PolicyIteration.solve(TwoStateChainTest.chain(1.0, 3), new double[4], null));
        assertThrows(IllegalArgumentException.class, () -> PolicyIteration.solve(TwoStateChainTest.chain(1.0, null), new double[4], null));
        assertThrows(IllegalArgumentException.class, () -> PolicyIteration.solve(TwoStateChainTest.chain(0.9, null), new double[4], new int[]{0, 2}));
        TabularMdp big = Garnet.generate(new Garnet.Options(PolicyIteration.MAX_STATES + 1, 2, 2, 1, 1, null, 0.9));
        assertThrows(IllegalArgumentException.class, () -> PolicyIteration.solve(big, new double[big.states() * 2], null));
    }
}
