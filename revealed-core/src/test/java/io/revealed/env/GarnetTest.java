package io.revealed.env;

import io.revealed.mdp.TabularMdp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GarnetTest {

    /** Every row has exactly {@code b} strictly increasing (so distinct) in-range successors, probabilities >= 0 summing to 1. */
    private static void assertGarnetRows(TabularMdp m, int b) {
        int[] rs = m.rowStart(), nx = m.successors();
        double[] pr = m.probabilities();
        for (int r = 0; r < m.states() * m.actions(); r++) {
            assertEquals(b, rs[r + 1] - rs[r], "row " + r);
            double sum = 0;
            for (int k = rs[r]; k < rs[r + 1]; k++) {
                if (k > rs[r] && nx[k - 1] >= nx[k]) throw new AssertionError("row " + r + " is not strictly increasing");
                if (nx[k] < 0 || nx[k] >= m.states()) throw new AssertionError("row " + r + ": successor " + nx[k]);
                if (!(pr[k] >= 0)) throw new AssertionError("row " + r + ": probability " + pr[k]);
                sum += pr[k];
            }
            if (Math.abs(sum - 1) > 1e-12) throw new AssertionError("row " + r + " sums to " + sum);
        }
    }

    @Test
    void rows_haveBranchingDistinctSuccessors_summingToOne() {
        assertGarnetRows(Garnet.generate(new Garnet.Options(50, 3, 7, 4, 5, 10, 1.0)), 7);
        // Branching above the scan limit uses the stamp array.
        assertGarnetRows(Garnet.generate(new Garnet.Options(100, 2, 40, 2, 5, 10, 1.0)), 40);
        // Branching == states: every row is all states.
        TabularMdp all = Garnet.generate(new Garnet.Options(6, 2, 6, 1, 5, 10, 1.0));
        assertGarnetRows(all, 6);
        for (int r = 0; r < 12; r++)
            assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5}, Arrays.copyOfRange(all.successors(), 6 * r, 6 * r + 6));
    }

    @Test
    void successors_areUniformSubsets() {
        // 10 states, 3 successors, 10 000 rows: each state is in a row with probability 3/10, so it
        // appears 3000 times on average with standard deviation sqrt(10000 * 0.3 * 0.7) ~ 46.
        TabularMdp m = Garnet.generate(new Garnet.Options(10, 1000, 3, 1, 11, 5, 1.0));
        int[] count = new int[10];
        for (int s2 : m.successors()) count[s2]++;
        for (int s = 0; s < 10; s++) assertEquals(3000, count[s], 250, "state " + s);
        // Stamp path: 40 states, 20 successors, 20 000 rows: 10 000 each, sd ~ 71.
        TabularMdp big = Garnet.generate(new Garnet.Options(40, 500, 20, 1, 11, 5, 1.0));
        int[] c2 = new int[40];
        for (int s2 : big.successors()) c2[s2]++;
        for (int s = 0; s < 40; s++) assertEquals(10_000, c2[s], 400, "state " + s);
    }

    @Test
    void probabilities_followAFlatDirichlet() {
        // Dirichlet(1,1,1) marginals are Beta(1,2): E[p] = 1/3, E[p^2] = 2/(2*3) = 1/6. Over 10 000 rows
        // the mean of the first entry has sd sqrt((1/6 - 1/9)/10000) ~ 0.0024.
        TabularMdp m = Garnet.generate(new Garnet.Options(10, 1000, 3, 1, 12, 5, 1.0));
        double[] p = m.probabilities();
        double first = 0, second = 0;
        for (int r = 0; r < 10_000; r++) first += p[3 * r];
        for (double v : p) second += v * v;
        assertEquals(1.0 / 3, first / 10_000, 0.012);
        assertEquals(1.0 / 6, second / p.length, 0.006);
    }

    @Test
    void sameSeed_identicalArrays_otherSeed_different() {
        Garnet.Options o = new Garnet.Options(200, 4, 5, 8, 3, 20, 1.0);
        TabularMdp a = Garnet.generate(o), b = Garnet.generate(o);
        TabularMdp c = Garnet.generate(new Garnet.Options(200, 4, 5, 8, 4, 20, 1.0));
        assertArrayEquals(a.rowStart(), b.rowStart());
        assertArrayEquals(a.successors(), b.successors());
        assertArrayEquals(a.probabilities(), b.probabilities(), 0);
        assertArrayEquals(a.features().values(), b.features().values(), 0);
        assertArrayEquals(a.reward().values(), b.reward().values(), 0);
        assertFalse(Arrays.equals(a.successors(), c.successors()));
        assertFalse(Arrays.equals(a.features().values(), c.features().values()));
    }

    @Test
    void reward_isFeaturesTimesGaussianWeights_drawnFirst() {
        // Documented draw order: the weights w (Gaussian), then the features state by state.
        long seed = 21;
        int F = 3;
        TabularMdp m = Garnet.generate(new Garnet.Options(30, 2, 4, F, seed, 10, 1.0));
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[F];
        for (int k = 0; k < F; k++) w[k] = rng.nextGaussian();
        double[] phi = m.features().values();
        for (int i = 0; i < 2 * F; i++) assertEquals(rng.nextDouble(), phi[i], 0, "feature value " + i);
        for (int s = 0; s < 30; s++) {
            double r = 0;
            for (int k = 0; k < F; k++) {
                assertTrue(phi[s * F + k] >= 0 && phi[s * F + k] < 1);
                r += phi[s * F + k] * w[k];
            }
            assertEquals(r, m.reward().values()[s], 1e-12);
        }
        for (double p : m.initial()) assertEquals(1.0 / 30, p, 0);
    }

    @Test
    void spec_defaultsAndInfiniteHorizon() {
        Garnet.Options d = Garnet.Options.fromSpec(EnvSpec.parse("garnet:states=100"));
        assertEquals(new Garnet.Options(100, 4, 5, 16, 0, 50, 1.0), d);
        Garnet.Options inf = Garnet.Options.fromSpec(EnvSpec.parse("garnet:states=100,horizon=none"));
        assertNull(inf.horizon());
        assertEquals(0.9, inf.discount());
        assertNull(Garnet.Options.fromSpec(EnvSpec.parse("garnet:states=100,horizon=0,discount=0.5")).horizon());
        TabularMdp m = Garnet.fromSpec(EnvSpec.parse("garnet:states=100,horizon=0,discount=0.5"));
        assertEquals(0.5, m.discount());
        assertTrue(m.horizon().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Garnet.fromSpec(EnvSpec.parse("garnet:states=4,branching=5")));
        assertTrue(e.getMessage().contains("branching"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Garnet.fromSpec(EnvSpec.parse("garnet:states=10,horizon=none,discount=1")));
        e = assertThrows(IllegalArgumentException.class, () -> Garnet.fromSpec(EnvSpec.parse("garnet:states=10,actoins=2")));
        assertTrue(e.getMessage().contains("'actoins'"), e.getMessage());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void millionStates_generateQuicklyWithTheRightShape() {
        TabularMdp m = Garnet.fromSpec(EnvSpec.parse("garnet:states=1000000,actions=4,branching=5,seed=3"));
        assertEquals(1_000_000, m.states());
        assertEquals(20_000_000, m.transitions());
        assertEquals(16, m.features().dimension());
        assertGarnetRows(m, 5);
    }
}
