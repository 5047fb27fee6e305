package io.revealed.planning;

import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.MaxCausalEntropy;
import io.revealed.behavior.Optimal;
import io.revealed.mdp.TabularMdp;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Planners on random MDPs checked against independent dense computations and invariants. */
class PlannersAgainstDenseSolutionsTest {

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 0.9, 0.99})
    void valueIteration_matchesPolicyIterationWithDenseSolve(double g) {
        TabularMdp mdp = TestMdps.random(12, 3, 3, g, null, 1);
        double[] rsa = TestMdps.randomVector(36, 2);
        double[] expected = TestMdps.policyIteration(mdp, rsa);
        QValues q = ValueIteration.solve(mdp, rsa, new PlanningOptions());
        assertArrayEquals(expected, q.valuesAt(0), 1e-7);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 0.9, 0.99})
    void policyEvaluation_matchesDenseLinearSolve(double g) {
        TabularMdp mdp = TestMdps.random(10, 3, 4, g, null, 3);
        double[] rsa = TestMdps.randomVector(30, 4);
        var rnd = TestMdps.rng(5);
        double[][] pi = new double[10][3];
        double[] flat = new double[30];
        for (int s = 0; s < 10; s++) {
            double sum = 0;
            for (int a = 0; a < 3; a++) sum += pi[s][a] = rnd.nextDouble();
            for (int a = 0; a < 3; a++) flat[s * 3 + a] = pi[s][a] /= sum;
        }
        double[] expected = TestMdps.exactPolicyValue(mdp, rsa, pi);
        double[] v = PolicyEvaluation.evaluate(mdp, rsa, new TabularPolicy(10, 3, 0, flat), new PlanningOptions());
        assertArrayEquals(expected, v, 1e-7);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9, 0.99})
    void softValueIteration_discounted_satisfiesSoftBellmanAndEqualsPolicyValuePlusEntropy(double g) {
        TabularMdp mdp = TestMdps.random(8, 3, 3, g, null, 7);
        double[] rsa = TestMdps.randomVector(24, 8);
        double alpha = 0.7;
        SoftValueIteration.Solution sol = SoftValueIteration.solve(mdp, rsa, alpha, new PlanningOptions());
        double[] v = sol.values();
        double[][] p = TestMdps.dense(mdp);
        double[][] pi = new double[8][3];
        double[] entropyReward = new double[24];
        for (int s = 0; s < 8; s++) {
            double[] q = new double[3];
            double m = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < 3; a++) {
                q[a] = rsa[s * 3 + a];
                for (int s2 = 0; s2 < 8; s2++) q[a] += g * p[s * 3 + a][s2] * v[s2];
                m = Math.max(m, q[a]);
            }
            double z = 0;
            for (int a = 0; a < 3; a++) z += Math.exp((q[a] - m) / alpha);
            assertEquals(m + alpha * Math.log(z), v[s], 1e-8, "soft Bellman residual at state " + s);
            sol.policy().probabilities(0, s, pi[s]);
            for (int a = 0; a < 3; a++) entropyReward[s * 3 + a] = rsa[s * 3 + a] - alpha * Math.log(pi[s][a]);
        }
        // The soft value is the policy's value under r - alpha log pi (reward plus entropy bonus).
        assertArrayEquals(TestMdps.exactPolicyValue(mdp, entropyReward, pi), v, 1e-7);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 0.9, 0.99, 1.0})
    void finiteHorizonOccupancy_sumsToDiscountedHorizon(double g) {
        int H = 7;
        TabularMdp mdp = TestMdps.random(9, 2, 3, g, H, 11);
        double[] rsa = TestMdps.randomVector(18, 12);
        for (var model : new io.revealed.behavior.BehaviorModel[]{new Optimal(), new Boltzmann(2), new MaxCausalEntropy(1)}) {
            Policy pi = model.solve(mdp, rsa, new PlanningOptions()).policy();
            Occupancy.Visitation v = Occupancy.visitation(mdp, pi, mdp.initial(), new PlanningOptions());
            double expectedTotal = g == 1 ? H + 1 : (1 - Math.pow(g, H + 1)) / (1 - g);
            double expectedDecision = g == 1 ? H : (1 - Math.pow(g, H)) / (1 - g);
            assertEquals(expectedTotal, sum(v.total()), 1e-12, model.spec());
            assertEquals(expectedDecision, sum(v.decision()), 1e-12, model.spec());
        }
    }

    @Test
    void discountedOccupancy_matchesDenseSolveAndSumsToOneOverOneMinusG() {
        double g = 0.9;
        TabularMdp mdp = TestMdps.random(10, 2, 3, g, null, 13);
        double[] rsa = TestMdps.randomVector(20, 14);
        Policy pi = new Boltzmann(1.5).solve(mdp, rsa, new PlanningOptions()).policy();
        Occupancy.Visitation v = Occupancy.visitation(mdp, pi, mdp.initial(), new PlanningOptions());
        assertEquals(1 / (1 - g), sum(v.decision()), 1e-8);
        // d = p0 + g P_pi^T d  <=>  (I - g P_pi^T) d = p0.
        double[][] p = TestMdps.dense(mdp);
        double[][] m = new double[10][10];
        double[] row = new double[2];
        for (int s = 0; s < 10; s++) m[s][s] += 1;
        for (int s = 0; s < 10; s++) {
            pi.probabilities(0, s, row);
            for (int a = 0; a < 2; a++)
                for (int s2 = 0; s2 < 10; s2++) m[s2][s] -= g * row[a] * p[s * 2 + a][s2];
        }
        assertArrayEquals(TestMdps.solve(m, mdp.initial()), v.decision(), 1e-8);
    }

    @Test
    void everyModelsPolicyRowsSumToOne() {
        TabularMdp mdp = TestMdps.random(15, 4, 3, 0.95, 10, 17);
        double[] rsa = TestMdps.randomVector(60, 18);
        for (var model : new io.revealed.behavior.BehaviorModel[]{new Optimal(), new Boltzmann(5), new MaxCausalEntropy(0.3)}) {
            Policy pi = model.solve(mdp, rsa, new PlanningOptions()).policy();
            double[] p = new double[4];
            for (int t = 0; t < 10; t++)
                for (int s = 0; s < 15; s++) {
                    pi.probabilities(t, s, p);
                    assertEquals(1, sum(p), 1e-12);
                    for (double x : p) assertTrue(x >= 0);
                }
        }
    }

    @Test
    void largeMdp_parallelSweeps_matchSerialReference() {
        // 20,000 states runs in parallel blocks; a plain serial backward induction must agree bit for bit.
        checkAgainstSerial(20_000, 0.0);
    }

    @Test
    void veryLargeMdp_successorBlockSweeps_matchSerialReference() {
        // 300,000 states go through the successor blocks, which sum in another order: agree to rounding,
        // and two runs agree bit for bit.
        int S = 300_000;
        TabularMdp mdp = checkAgainstSerial(S, 1e-12);
        assertTrue(mdp.successorBlocks() != null);
        double[] rsa = TestMdps.randomVector(S * 3, 20);
        double[] v1 = SoftValueIteration.solve(mdp, rsa, 1.0, new PlanningOptions()).valuesAt(0, S);
        double[] v2 = SoftValueIteration.solve(mdp, rsa, 1.0, new PlanningOptions()).valuesAt(0, S);
        assertArrayEquals(v1, v2, 0.0);
    }

    private static TabularMdp checkAgainstSerial(int S, double tolerance) {
        int A = 3, H = 4;
        TabularMdp mdp = TestMdps.randomLarge(S, A, 4, 1.0, H, 19);
        double[] rsa = TestMdps.randomVector(S * A, 20);
        SoftValueIteration.Solution sol = SoftValueIteration.solve(mdp, rsa, 1.0, new PlanningOptions());
        double[] next = new double[S];
        for (int t = H - 1; t >= 0; t--) {
            double[] cur = new double[S];
            for (int s = 0; s < S; s++) {
                double[] q = new double[A];
                double m = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < A; a++) {
                    int r = s * A + a;
                    double e = 0;
                    for (int k = mdp.rowStart()[r]; k < mdp.rowStart()[r + 1]; k++) e += mdp.probabilities()[k] * next[mdp.successors()[k]];
                    q[a] = rsa[r] + e;
                    m = Math.max(m, q[a]);
                }
                // The documented formula: the largest term (the first maximum) contributes exactly 1.
                int best = 0;
                for (int a = 1; a < A; a++) if (q[a] > q[best]) best = a;
                double z = 1;
                for (int a = 0; a < A; a++) if (a != best) z += Math.exp(q[a] - m);
                cur[s] = m + Math.log(z);
            }
            next = cur;
        }
        double[] got = sol.valuesAt(0, S);
        for (int s = 0; s < S; s++) assertEquals(next[s], got[s], tolerance * Math.abs(next[s]), "state " + s);
        Occupancy.Visitation v = Occupancy.visitation(mdp, sol.policy(), mdp.initial(), new PlanningOptions());
        assertEquals(H + 1, sum(v.total()), 1e-9);
        return mdp;
    }

    static double sum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }
}
