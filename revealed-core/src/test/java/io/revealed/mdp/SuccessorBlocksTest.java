package io.revealed.mdp;

import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The blocked layout computes the same gathers and scatters as a plain pass over the CSR rows. */
class SuccessorBlocksTest {
    @Test
    void gatherAndScatter_matchPlainCsrPasses() {
        int S = SuccessorBlocks.MIN_STATES + 12_345, A = 2;
        TabularMdp mdp = TestMdps.randomLarge(S, A, 3, 0.9, null, 5);
        SuccessorBlocks b = mdp.successorBlocks();
        assertNotNull(b);
        double[] v = TestMdps.randomVector(S, 6), w = TestMdps.randomVector(S * A, 7);
        double[] acc = new double[S * A], out = new double[S];
        b.gather(v, acc);
        b.scatter(w, out);
        int[] rs = mdp.rowStart(), nx = mdp.successors();
        double[] pr = mdp.probabilities();
        double[] expectOut = new double[S];
        for (int r = 0; r < S * A; r++) {
            double e = 0;
            for (int k = rs[r]; k < rs[r + 1]; k++) {
                e += pr[k] * v[nx[k]];
                expectOut[nx[k]] += w[r] * pr[k];
            }
            assertEquals(e, acc[r], 1e-12, "row " + r);
        }
        for (int s = 0; s < S; s++) assertEquals(expectOut[s], out[s], 1e-12, "state " + s);
    }

    @Test
    void smallMdps_haveNoBlocks() {
        assertNull(TestMdps.randomLarge(1000, 2, 3, 0.9, null, 1).successorBlocks());
    }
}
