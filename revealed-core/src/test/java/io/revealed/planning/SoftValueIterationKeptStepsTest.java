package io.revealed.planning;

import io.revealed.mdp.TabularMdp;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A finite horizon whose soft values are kept every k-th step only gives, bit for bit, the values,
 * policy and visitation of the solve that keeps them all, in whatever order they are asked for.
 */
class SoftValueIterationKeptStepsTest {
    private static final int S = 9, A = 3, H = 11;

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 10, 11, 12})
    void everyKthStep_givesTheValuesPolicyAndVisitationOfKeepingAll(int k) {
        TabularMdp mdp = TestMdps.random(S, A, 3, 0.95, H, 31);
        double[] rsa = TestMdps.randomVector(S * A, 32);
        SoftValueIteration.Solution full = SoftValueIteration.solve(mdp, rsa, 0.8, new PlanningOptions(), null, 1);
        SoftValueIteration.Solution kept = SoftValueIteration.solve(mdp, rsa, 0.8, new PlanningOptions(), null, k);
        assertTrue(full.horizonValues().keepsAll());
        assertFalse(kept.horizonValues().keepsAll());
        // Backwards, then forwards over the steps: each segment is recomputed once per pass.
        for (int t = H; t >= 0; t--) assertArrayEquals(full.valuesAt(t, S), kept.valuesAt(t, S), 0.0, "t = " + t);
        double[] p = new double[A], q = new double[A];
        for (int t = 0; t < H; t++)
            for (int s = 0; s < S; s++) {
                full.policy().probabilities(t, s, p);
                kept.policy().probabilities(t, s, q);
                assertArrayEquals(p, q, 0.0);
            }
        double[] start = distribution(S, 33);
        Occupancy.Visitation a = Occupancy.visitation(mdp, full.policy(), start, new PlanningOptions());
        Occupancy.Visitation b = Occupancy.visitation(mdp, kept.policy(), start, new PlanningOptions());
        assertArrayEquals(a.decision(), b.decision(), 0.0);
        assertArrayEquals(a.total(), b.total(), 0.0);
        assertFalse(kept.horizonValues().keepsAll(), "passes in order keep only every k-th step");
        assertArrayEquals(full.values(), kept.values(), 0.0);
        assertTrue(kept.horizonValues().keepsAll());
    }

    @Test
    void aCallerThatKeepsJumpingBetweenSegments_getsEveryValueKept_withTheSameValues() {
        TabularMdp mdp = TestMdps.random(S, A, 3, 1.0, H, 41);
        double[] rsa = TestMdps.randomVector(S * A, 42);
        SoftValueIteration.Solution full = SoftValueIteration.solve(mdp, rsa, 1.0, new PlanningOptions(), null, 1);
        SoftValueIteration.Solution kept = SoftValueIteration.solve(mdp, rsa, 1.0, new PlanningOptions(), null, 3);
        // One trajectory after another, each from t = 0: every trajectory recomputes the 4 segments.
        double[] p = new double[A], q = new double[A];
        int trajectories = 0;
        while (!kept.horizonValues().keepsAll()) {
            trajectories++;
            for (int t = 0; t < H; t++) {
                full.policy().probabilities(t, trajectories % S, p);
                kept.policy().probabilities(t, trajectories % S, q);
                assertArrayEquals(p, q, 0.0);
            }
        }
        // 4 segments (steps 1-2, 4-5, 7-8, 10); more than 4 passes of recomputations keep everything.
        assertEquals(SoftValueIteration.HorizonValues.MAX_PASSES + 1, trajectories);
        for (int t = 0; t <= H; t++) assertArrayEquals(full.valuesAt(t, S), kept.valuesAt(t, S), 0.0);
    }

    @Test
    void largeMdp_throughSuccessorBlocks_keptEveryThirdStep_isTheSameBitForBit() {
        int states = 70_000, horizon = 7;
        TabularMdp mdp = TestMdps.randomLarge(states, 2, 3, 1.0, horizon, 51);
        assertTrue(mdp.successorBlocks() != null);
        double[] rsa = TestMdps.randomVector(states * 2, 52);
        SoftValueIteration.Solution full = SoftValueIteration.solve(mdp, rsa, 1.0, new PlanningOptions(), null, 1);
        SoftValueIteration.Solution kept = SoftValueIteration.solve(mdp, rsa, 1.0, new PlanningOptions(), null, 3);
        double[] start = distribution(states, 53);
        Occupancy.Visitation a = Occupancy.visitation(mdp, full.policy(), start, new PlanningOptions());
        Occupancy.Visitation b = Occupancy.visitation(mdp, kept.policy(), start, new PlanningOptions());
        assertArrayEquals(a.decision(), b.decision(), 0.0);
        assertArrayEquals(full.valuesAt(0, states), kept.valuesAt(0, states), 0.0);
        // Policy evaluation asks for pi_t(.|s) from parallel workers, backwards in t: the segments are
        // recomputed under the values' lock while other workers wait, with the same result.
        double[] reward = TestMdps.randomVector(states * 2, 54);
        assertArrayEquals(PolicyEvaluation.evaluate(mdp, reward, full.policy(), new PlanningOptions()),
                PolicyEvaluation.evaluate(mdp, reward, kept.policy(), new PlanningOptions()), 0.0);
        assertFalse(kept.horizonValues().keepsAll());
    }

    @Test
    void onlyHorizonsWithMoreValuesThanTheLimit_keepEveryKthStep() {
        assertEquals(1, SoftValueIteration.keepEvery(TestMdps.random(4, 2, 2, 1.0, 50, 1)));
        assertEquals(1, SoftValueIteration.keepEvery(TestMdps.random(4, 2, 2, 0.9, null, 1)));
        assertEquals(1, SoftValueIteration.keepEvery(TestMdps.random(4, 2, 2, 1.0, 30_000_000, 1))); // 120,000,004 values <= 2^27
        // 4 states x 40,000,000 steps: 160,000,004 values > 2^27, kept every ceil(sqrt(4 10^7)) = 6325 steps
        assertEquals(6325, SoftValueIteration.keepEvery(TestMdps.random(4, 2, 2, 1.0, 40_000_000, 1)));
    }

    private static double[] distribution(int n, long seed) {
        double[] p = TestMdps.randomVector(n, seed);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += p[i] = Math.abs(p[i]);
        for (int i = 0; i < n; i++) p[i] /= sum;
        return p;
    }
}
