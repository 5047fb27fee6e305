package io.revealed.env;

import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.QValues;
import io.revealed.planning.ValueIteration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridworldTest {

    /** A 3x3 grid; states are numbered  0 1 2 / 3 4 5 / 6 7 8  (s = y*3 + x). */
    private static Gridworld grid3(double slip) {
        return Gridworld.fromSpec(EnvSpec.parse("gridworld:size=3,slip=" + slip));
    }

    private static void assertRow(TabularMdp m, int s, int a, int[] next, double[] prob) {
        int r = s * m.actions() + a;
        int from = m.rowStart()[r], to = m.rowStart()[r + 1];
        assertArrayEquals(next, java.util.Arrays.copyOfRange(m.successors(), from, to), "successors of s=" + s + ", a=" + a);
        assertArrayEquals(prob, java.util.Arrays.copyOfRange(m.probabilities(), from, to), 1e-15, "probabilities of s=" + s + ", a=" + a);
    }

    @Test
    void cornerCell_slip02_matchesHandComputation() {
        // Top-left cell 0, slip 0.2: intended move 0.8, each other move 0.05.
        // right: right->1 (0.8); down->3 (0.05); left, up bump -> 0; stay -> 0: P(0) = 0.15.
        // up:    up bumps -> 0 (0.8) + left bump (0.05) + stay (0.05) = 0.9; right->1 0.05; down->3 0.05.
        // stay:  stay 0.8 + left bump 0.05 + up bump 0.05 = 0.9 at 0; 1 and 3 get 0.05 each.
        TabularMdp m = grid3(0.2).mdp();
        assertRow(m, 0, Gridworld.RIGHT, new int[]{0, 1, 3}, new double[]{0.15, 0.8, 0.05});
        assertRow(m, 0, Gridworld.UP, new int[]{0, 1, 3}, new double[]{0.9, 0.05, 0.05});
        assertRow(m, 0, Gridworld.STAY, new int[]{0, 1, 3}, new double[]{0.9, 0.05, 0.05});
        // Bottom-right cell 8, right: bumps 0.8 + down bump 0.05 + stay 0.05 = 0.9; left->7 0.05; up->5 0.05.
        assertRow(m, 8, Gridworld.RIGHT, new int[]{5, 7, 8}, new double[]{0.05, 0.05, 0.9});
    }

    @Test
    void middleCell_slip02_matchesHandComputation() {
        // Centre cell 4, down: down->7 (0.8); right->5, left->3, up->1, stay->4 (0.05 each); all distinct.
        TabularMdp m = grid3(0.2).mdp();
        assertRow(m, 4, Gridworld.DOWN, new int[]{1, 3, 4, 5, 7}, new double[]{0.05, 0.05, 0.05, 0.05, 0.8});
        // left: left->3 (0.8), the rest 0.05 each.
        assertRow(m, 4, Gridworld.LEFT, new int[]{1, 3, 4, 5, 7}, new double[]{0.05, 0.8, 0.05, 0.05, 0.05});
    }

    @Test
    void noSlip_isDeterministic_andSlipOne_neverTakesTheIntendedMove() {
        TabularMdp m = grid3(0).mdp();
        assertRow(m, 4, Gridworld.UP, new int[]{1}, new double[]{1});
        assertRow(m, 2, Gridworld.RIGHT, new int[]{2}, new double[]{1});
        TabularMdp w = grid3(1).mdp();
        // Centre, right with slip 1: down 7, left 3, up 1, stay 4 with 0.25 each; 5 unreachable.
        assertRow(w, 4, Gridworld.RIGHT, new int[]{1, 3, 4, 7}, new double[]{0.25, 0.25, 0.25, 0.25});
    }

    @Test
    void everyRow_hasDistinctSortedSuccessors_summingToOne() {
        for (double slip : new double[]{0, 0.1, 0.2, 0.3, 1}) {
            TabularMdp m = Gridworld.fromSpec(EnvSpec.parse("gridworld:size=5,slip=" + slip)).mdp();
            for (int r = 0; r < m.states() * m.actions(); r++) {
                double sum = 0;
                for (int k = m.rowStart()[r]; k < m.rowStart()[r + 1]; k++) {
                    sum += m.probabilities()[k];
                    assertTrue(m.probabilities()[k] > 0);
                    if (k > m.rowStart()[r]) assertTrue(m.successors()[k - 1] < m.successors()[k], "row " + r);
                }
                assertEquals(1, sum, 1e-12, "row " + r + ", slip " + slip);
            }
        }
    }

    @Test
    void goalLayout_paysOneInTheBottomRightCellOnly() {
        Gridworld g = Gridworld.fromSpec(EnvSpec.parse("gridworld:size=4"));
        double[] r = g.mdp().reward().values();
        double[] expected = new double[16];
        expected[15] = 1;
        assertArrayEquals(expected, r, 0);
        assertEquals(3, g.x(15));
        assertEquals(3, g.y(15));
        assertEquals(15, g.state(3, 3));
        assertEquals(6, g.state(2, 1));
    }

    @Test
    void randomLayout_isSeededAndInRange() {
        double[] a = Gridworld.fromSpec(EnvSpec.parse("gridworld:size=6,reward=random,seed=4")).mdp().reward().values();
        double[] b = Gridworld.fromSpec(EnvSpec.parse("gridworld:size=6,reward=random,seed=4")).mdp().reward().values();
        double[] c = Gridworld.fromSpec(EnvSpec.parse("gridworld:size=6,reward=random,seed=5")).mdp().reward().values();
        assertArrayEquals(a, b, 0);
        assertFalse(java.util.Arrays.equals(a, c));
        double lo = 1, hi = -1;
        for (double v : a) {
            assertTrue(v >= -1 && v < 1, "reward " + v);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertTrue(lo < -0.3 && hi > 0.3, "36 uniform draws should spread over [-1, 1)");
    }

    @Test
    void defaults_horizonThreeTimesSize_discountOne_uniformStart_oneHot() {
        Gridworld g = Gridworld.fromSpec(EnvSpec.parse("gridworld:size=4"));
        TabularMdp m = g.mdp();
        assertEquals(12, m.horizon().getAsInt());
        assertEquals(1.0, m.discount());
        assertEquals(5, m.actions());
        for (double p : m.initial()) assertEquals(1.0 / 16, p, 0);
        Features f = m.features();
        assertEquals(16, f.dimension());
        assertEquals(1.0, f.get(6, 6));
        assertEquals(0.0, f.get(6, 7));
        assertEquals("cell(2,1)", f.names().get(6));
    }

    @Test
    void cornerStart_coordFeatures_infiniteHorizon() {
        Gridworld g = Gridworld.fromSpec(EnvSpec.parse("gridworld:size=3,start=corner,features=coords,horizon=none"));
        TabularMdp m = g.mdp();
        assertArrayEquals(new double[]{1, 0, 0, 0, 0, 0, 0, 0, 0}, m.initial(), 0);
        assertFalse(m.finiteHorizon());
        assertEquals(0.9, m.discount());
        // Cell (2, 1) = state 5: x/(3-1) = 1, y/(3-1) = 0.5, constant 1.
        assertEquals(3, m.features().dimension());
        assertArrayEquals(new double[]{1, 0.5, 1}, new double[]{m.features().get(5, 0), m.features().get(5, 1), m.features().get(5, 2)}, 0);
    }

    @Test
    void optimalValue_fromCorner_isHorizonMinusPathLength() {
        // Deterministic 3x3 grid, goal at (2,2), horizon 9, start top-left: 4 moves reach the goal,
        // then the agent acts in the goal cell at t = 4..8 and earns 5.
        Gridworld g = Gridworld.fromSpec(EnvSpec.parse("gridworld:size=3,slip=0,horizon=9,start=corner"));
        TabularMdp m = g.mdp();
        QValues q = ValueIteration.solve(m, m.reward().expected(m, null), new PlanningOptions());
        assertEquals(5, q.v(0, 0), 1e-12);
        assertEquals(9, q.v(0, 8), 1e-12);
    }

    @Test
    void invalidOptions_areRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gridworld.fromSpec(EnvSpec.parse("gridworld:size=1")));
        assertTrue(e.getMessage().contains("size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gridworld.fromSpec(EnvSpec.parse("gridworld:slip=1.5")));
        assertTrue(e.getMessage().contains("slip"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gridworld.fromSpec(EnvSpec.parse("gridworld:slipp=0.1")));
        assertTrue(e.getMessage().contains("'slipp'") && e.getMessage().contains("slip"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gridworld.fromSpec(EnvSpec.parse("gridworld:horizon=none,discount=1")));
    }

    @Test
    void optionsDefaults_matchTheSpecDefaults() {
        Gridworld.Options o = new Gridworld.Options();
        assertEquals(o, Gridworld.Options.fromSpec(EnvSpec.parse("gridworld")));
        assertEquals(24, o.horizon());
        assertNull(Gridworld.Options.fromSpec(EnvSpec.parse("gridworld:horizon=0")).horizon());
    }
}
