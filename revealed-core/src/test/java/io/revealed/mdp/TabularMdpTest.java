package io.revealed.mdp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TabularMdpTest {
    static final double[] INIT2 = {1, 0};

    static IllegalArgumentException rejects(int[] rowStart, int[] next, double[] prob, double[] init, double g, Integer h) {
        return assertThrows(IllegalArgumentException.class, () -> TabularMdp.of(2, 1, rowStart, next, prob, init, g, h, null, null));
    }

    @Test
    void builder_mergesDuplicatesAndSortsSuccessors() {
        TabularMdp m = TabularMdp.builder(3, 1)
                .transition(0, 0, 2, 0.25).transition(0, 0, 1, 0.5).transition(0, 0, 2, 0.25)
                .transition(1, 0, 1, 1).transition(2, 0, 0, 1).build();
        assertArrayEquals(new int[]{0, 2, 3, 4}, m.rowStart());
        assertArrayEquals(new int[]{1, 2, 1, 0}, m.successors());
        assertArrayEquals(new double[]{0.5, 0.5, 1, 1}, m.probabilities());
        assertEquals(0.5, m.probability(0, 0, 2));
        assertArrayEquals(new double[]{1.0 / 3, 1.0 / 3, 1.0 / 3}, m.initial(), 0);
    }

    @Test
    void rowNotSummingToOne_namesStateAndAction() {
        IllegalArgumentException e = rejects(new int[]{0, 1, 2}, new int[]{0, 1}, new double[]{1, 0.9}, INIT2, 0.9, null);
        assertTrue(e.getMessage().startsWith("state 1, action 0: probabilities sum to 0.9"), e.getMessage());
    }

    @Test
    void nextStateOutOfRange_isNamed() {
        IllegalArgumentException e = rejects(new int[]{0, 1, 2}, new int[]{0, 5}, new double[]{1, 1}, INIT2, 0.9, null);
        assertTrue(e.getMessage().contains("state 1, action 0: next state 5 out of range"), e.getMessage());
    }

    @Test
    void nanProbability_isRejected() {
        IllegalArgumentException e = rejects(new int[]{0, 1, 2}, new int[]{0, 1}, new double[]{Double.NaN, 1}, INIT2, 0.9, null);
        assertTrue(e.getMessage().contains("state 0, action 0, next state 0: probability NaN not in [0, 1]"), e.getMessage());
    }

    @Test
    void negativeProbability_isRejected() {
        IllegalArgumentException e = rejects(new int[]{0, 2, 3}, new int[]{0, 1, 1}, new double[]{1.5, -0.5, 1}, INIT2, 0.9, null);
        assertTrue(e.getMessage().contains("probability 1.5 not in [0, 1]"), e.getMessage());
    }

    @Test
    void emptyRow_isRejected() {
        IllegalArgumentException e = rejects(new int[]{0, 0, 1}, new int[]{1}, new double[]{1}, INIT2, 0.9, null);
        assertTrue(e.getMessage().contains("state 0, action 0 has no successor"), e.getMessage());
    }

    @Test
    void initialDistribution_mustSumToOne() {
        IllegalArgumentException e = rejects(new int[]{0, 1, 2}, new int[]{0, 1}, new double[]{1, 1}, new double[]{0.5, 0.4}, 0.9, null);
        assertTrue(e.getMessage().contains("initial distribution sums to 0.9"), e.getMessage());
    }

    @Test
    void discountOneWithoutHorizon_isRejected() {
        IllegalArgumentException e = rejects(new int[]{0, 1, 2}, new int[]{0, 1}, new double[]{1, 1}, INIT2, 1.0, null);
        assertTrue(e.getMessage().contains("infinite-horizon MDP needs discount < 1"), e.getMessage());
        rejects(new int[]{0, 1, 2}, new int[]{0, 1}, new double[]{1, 1}, INIT2, 1.5, 3);
        rejects(new int[]{0, 1, 2}, new int[]{0, 1}, new double[]{1, 1}, INIT2, 0.5, 0);
    }

    @Test
    void builder_rejectsOutOfRangeIndicesImmediately() {
        TabularMdp.Builder b = TabularMdp.builder(2, 2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.transition(0, 2, 0, 1)).getMessage().contains("action 2 out of range"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.transition(3, 0, 0, 1)).getMessage().contains("state 3 out of range"));
    }

    @Test
    void reward_shapeAndNaN_areChecked() {
        assertThrows(IllegalArgumentException.class, () -> TabularReward.ofStateAction(2, 2, new double[3]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TabularReward.ofStateAction(2, 2, new double[]{0, 0, Double.NaN, 0}));
        assertTrue(e.getMessage().contains("state 1, action 0 is NaN"), e.getMessage());
    }

    @Test
    void transitionReward_expectedValueAveragesOverNextStates() {
        // r(0,0,0) = 2, r(0,0,1) = 4 with P = (0.25, 0.75): rbar = 0.5 + 3 = 3.5.
        TabularMdp m = TabularMdp.builder(2, 1).transition(0, 0, 0, 0.25).transition(0, 0, 1, 0.75).transition(1, 0, 1, 1).build();
        TabularReward r = new TabularReward(TabularReward.Kind.TRANSITION, 2, 1, new double[]{2, 4, 7, 9});
        assertArrayEquals(new double[]{3.5, 9}, r.expected(m, null), 1e-15);
    }

    @Test
    void features_linearAndExpectation() {
        Features f = new Features(2, 2, new double[]{1, 2, 3, 4}, null);
        assertArrayEquals(new double[]{1 * 0.5 + 2 * -1, 3 * 0.5 + 4 * -1}, f.linear(new double[]{0.5, -1}, null), 0);
        assertArrayEquals(new double[]{0.25 * 1 + 0.75 * 3, 0.25 * 2 + 0.75 * 4}, f.expectation(new double[]{0.25, 0.75}, null), 1e-15);
    }
}
