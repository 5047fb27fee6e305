package io.revealed.analysis;

import io.revealed.analysis.CorrelatedProxies.Correlation;
import io.revealed.analysis.CorrelatedProxies.Example;
import io.revealed.analysis.CorrelatedProxies.Optimum;
import io.revealed.analysis.CorrelatedProxies.Options;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.PolicyEvaluation;
import io.revealed.planning.TabularPolicy;
import io.revealed.planning.ValueIteration;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorrelatedProxiesTest {
    private static final PlanningOptions PLANNING = new PlanningOptions();

    /** A random stationary policy with full support (every probability above 0.1 / (1.1 A)). */
    static TabularPolicy randomPolicy(int states, int actions, long seed) {
        SplittableRandom r = TestMdps.rng(seed + 77);
        double[] p = new double[states * actions];
        for (int s = 0; s < states; s++) {
            double sum = 0;
            for (int a = 0; a < actions; a++) sum += p[s * actions + a] = 0.1 + r.nextDouble();
            for (int a = 0; a < actions; a++) p[s * actions + a] /= sum;
        }
        return new TabularPolicy(states, actions, 0, p);
    }

    static double[] rowsOf(double[] probs, int s, int actions) {
        return java.util.Arrays.copyOfRange(probs, s * actions, (s + 1) * actions);
    }

    /**
     * Two states, actions 0 = stay and 1 = switch (deterministic), start in state 0, g = 0.5. Under the
     * uniform policy the state after the first step is either state with probability 1/2, so
     * mu(s) = (1-g) (1, 0) + g (1/2, 1/2) = (3/4, 1/4) and mu(s,a) = (3/8, 3/8, 1/8, 1/8).
     */
    static TabularMdp twoStates() {
        return TabularMdp.builder(2, 2)
                .transition(0, 0, 0, 1).transition(0, 1, 1, 1)
                .transition(1, 0, 1, 1).transition(1, 1, 0, 1)
                .initialState(0).discount(0.5).build();
    }

    // ------------------------------------------------------------ occupancy

    @Test
    void occupancy_twoStates_matchesHandComputation() {
        TabularMdp mdp = twoStates();
        assertArrayEquals(new double[]{0.375, 0.375, 0.125, 0.125},
                CorrelatedProxies.occupancy(mdp, ValueDifference.uniform(mdp)), 1e-12);
    }

    @Test
    void occupancy_sumsToOne_satisfiesFlow_andMatchesDenseSolve() {
        for (long seed = 1; seed <= 3; seed++) {
            TabularMdp mdp = TestMdps.random(7, 3, 3, 0.9, null, seed);
            TabularPolicy pi = randomPolicy(7, 3, seed);
            double[] mu = CorrelatedProxies.occupancy(mdp, pi);
            int S = 7, A = 3;
            double g = mdp.discount(), sum = 0;
            for (double m : mu) sum += m;
            assertEquals(1, sum, 1e-12);
            // Flow: sum_a mu(s',a) = (1-g) p0(s') + g sum_{s,a} P(s'|s,a) mu(s,a).
            double[][] p = TestMdps.dense(mdp);
            for (int s2 = 0; s2 < S; s2++) {
                double out = 0, in = (1 - g) * mdp.initial()[s2];
                for (int a = 0; a < A; a++) out += mu[s2 * A + a];
                for (int r = 0; r < S * A; r++) in += g * p[r][s2] * mu[r];
                assertEquals(in, out, 1e-10, "flow at state " + s2);
            }
            // Independently: d = (1-g) (I - g P_pi^T)^{-1} p0, mu(s,a) = d(s) pi(a|s).
            double[][] m = new double[S][S];
            double[] rhs = new double[S];
            for (int s = 0; s < S; s++) {
                m[s][s] += 1;
                rhs[s] = (1 - g) * mdp.initial()[s];
            }
            for (int s = 0; s < S; s++)
                for (int a = 0; a < A; a++)
                    for (int s2 = 0; s2 < S; s2++) m[s2][s] -= g * pi.probability(0, s, a) * p[s * A + a][s2];
            double[] d = TestMdps.solve(m, rhs);
            for (int s = 0; s < S; s++)
                for (int a = 0; a < A; a++) assertEquals(d[s] * pi.probability(0, s, a), mu[s * A + a], 1e-10);
        }
    }

    @Test
    void expectedReward_isTheNormalisedPolicyValue() {
        TabularMdp mdp = TestMdps.random(6, 2, 3, 0.8, null, 4);
        double[] rsa = TestMdps.randomVector(12, 4);
        TabularPolicy pi = randomPolicy(6, 2, 4);
        double value = PolicyEvaluation.expectedStart(mdp.initial(), PolicyEvaluation.evaluate(mdp, rsa, pi, PLANNING));
        assertEquals((1 - 0.8) * value, CorrelatedProxies.expectedReward(CorrelatedProxies.occupancy(mdp, pi), rsa), 1e-9);
    }

    // ------------------------------------------------------------ chi-squared

    @Test
    void chiSquared_ofTheReferenceItself_isZero() {
        TabularMdp mdp = TestMdps.random(6, 3, 2, 0.9, null, 5);
        double[] mu = CorrelatedProxies.occupancy(mdp, randomPolicy(6, 3, 5));
        assertEquals(0, CorrelatedProxies.chiSquared(mu, mu), 0);
    }

    @Test
    void chiSquared_twoStates_matchesHandComputation() {
        // Reference: uniform, mu_ref = (3/8, 3/8, 1/8, 1/8). Policy: always stay, so it sits in state 0:
        // mu = (1, 0, 0, 0). chi2 = (1 - 3/8)^2 / (3/8) + 3/8 + 1/8 + 1/8 = 25/24 + 15/24 = 5/3.
        TabularMdp mdp = twoStates();
        double[] muRef = CorrelatedProxies.occupancy(mdp, ValueDifference.uniform(mdp));
        double[] mu = CorrelatedProxies.occupancy(mdp, new TabularPolicy(2, 2, 0, new double[]{1, 0, 1, 0}));
        assertArrayEquals(new double[]{1, 0, 0, 0}, mu, 1e-12);
        assertEquals(5.0 / 3, CorrelatedProxies.chiSquared(mu, muRef), 1e-12);
        // The other way round the uniform policy puts mass where always-stay has none.
        assertEquals(Double.POSITIVE_INFINITY, CorrelatedProxies.chiSquared(muRef, mu));
    }

    @Test
    void chiSquared_rejectsUnnormalisedInput() {
        assertThrows(IllegalArgumentException.class, () -> CorrelatedProxies.chiSquared(new double[]{0.5, 0.4}, new double[]{0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> CorrelatedProxies.chiSquared(new double[]{1.5, -0.5}, new double[]{0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> CorrelatedProxies.chiSquared(new double[]{1}, new double[]{0.5, 0.5}));
    }

    // ------------------------------------------------------------ correlation

    @Test
    void correlation_ofPositiveAffineTransform_isOne_andOfNegative_isMinusOne() {
        TabularMdp mdp = TestMdps.random(6, 3, 3, 0.9, null, 6);
        TabularPolicy ref = randomPolicy(6, 3, 6);
        double[] r = TestMdps.randomVector(18, 6);
        TabularReward trueR = TabularReward.ofStateAction(6, 3, r);
        for (double a : new double[]{0.3, 2, 50}) {
            double[] up = new double[18], down = new double[18];
            for (int i = 0; i < 18; i++) {
                up[i] = a * r[i] + 7;
                down[i] = -a * r[i] - 3;
            }
            assertEquals(1, CorrelatedProxies.correlation(mdp, TabularReward.ofStateAction(6, 3, up), trueR, ref).pearson(), 1e-12);
            assertEquals(-1, CorrelatedProxies.correlation(mdp, TabularReward.ofStateAction(6, 3, down), trueR, ref).pearson(), 1e-12);
        }
    }

    @Test
    void correlation_weighsByTheReferenceOccupancy() {
        // Two-state chain, mu_ref = (3/8, 3/8, 1/8, 1/8). True = state indicator (0, 0, 1, 1); proxy = switch
        // indicator (0, 1, 0, 1). E = 1/4 and 1/2; E[true proxy] = 1/8, cov = 1/8 - 1/8 = 0: uncorrelated.
        // Proxy (0, 1, 1, 1) instead: E = 5/8, E[tp] = 1/4, cov = 1/4 - 5/32 = 3/32,
        // var_true = 1/4 - 1/16 = 3/16, var_proxy = 5/8 - 25/64 = 15/64, r = (3/32) / sqrt(45/1024) = 3 / sqrt(45).
        TabularMdp mdp = twoStates();
        TabularPolicy uniform = ValueDifference.uniform(mdp);
        TabularReward trueR = TabularReward.ofStateAction(2, 2, new double[]{0, 0, 1, 1});
        Correlation none = CorrelatedProxies.correlation(mdp, TabularReward.ofStateAction(2, 2, new double[]{0, 1, 0, 1}), trueR, uniform);
        assertEquals(0, none.pearson(), 1e-12);
        Correlation some = CorrelatedProxies.correlation(mdp, TabularReward.ofStateAction(2, 2, new double[]{0, 1, 1, 1}), trueR, uniform);
        assertEquals(5.0 / 8, some.proxyMean(), 1e-12);
        assertEquals(1.0 / 4, some.trueMean(), 1e-12);
        assertEquals(3.0 / 32, some.covariance(), 1e-12);
        assertEquals(3 / Math.sqrt(45), some.pearson(), 1e-12);
    }

    @Test
    void correlation_ofConstantReward_isUndefined_andSaysSo() {
        TabularMdp mdp = TestMdps.random(5, 2, 2, 0.9, null, 7);
        TabularPolicy ref = randomPolicy(5, 2, 7);
        TabularReward constant = TabularReward.ofStateAction(5, 2, new double[]{0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3});
        TabularReward varying = TabularReward.ofStateAction(5, 2, TestMdps.randomVector(10, 7));
        Correlation c = CorrelatedProxies.correlation(mdp, constant, varying, ref);
        assertFalse(c.defined());
        assertEquals(0, c.proxyStd(), 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, c::pearson);
        assertTrue(e.getMessage().contains("proxy"), e.getMessage());
        assertFalse(CorrelatedProxies.correlation(mdp, varying, constant, ref).defined());
        assertTrue(CorrelatedProxies.correlation(mdp, varying, varying, ref).defined());
    }

    @Test
    void improvementLowerBound_holdsForRandomPolicies() {
        // The bound follows from Cauchy-Schwarz for every occupancy; check it on random policies, and that
        // for a proxy equal to the true reward (r = 1) it is the exact improvement.
        TabularMdp mdp = TestMdps.random(6, 3, 3, 0.9, null, 8);
        TabularPolicy ref = randomPolicy(6, 3, 8);
        double[] muRef = CorrelatedProxies.occupancy(mdp, ref);
        double[] trueR = TestMdps.randomVector(18, 8), proxyR = TestMdps.randomVector(18, 9);
        for (int i = 0; i < 18; i++) proxyR[i] += 0.8 * trueR[i];
        Correlation c = CorrelatedProxies.correlation(muRef, proxyR, trueR, CorrelatedProxies.DEFAULT_CONSTANT_TOLERANCE);
        assertTrue(c.pearson() > 0.2 && c.pearson() < 0.95, "want a partly correlated proxy, got r = " + c.pearson());
        Correlation self = CorrelatedProxies.correlation(muRef, trueR, trueR, CorrelatedProxies.DEFAULT_CONSTANT_TOLERANCE);
        double refTrue = CorrelatedProxies.expectedReward(muRef, trueR), refProxy = CorrelatedProxies.expectedReward(muRef, proxyR);
        for (long seed = 100; seed < 120; seed++) {
            double[] mu = CorrelatedProxies.occupancy(mdp, randomPolicy(6, 3, seed));
            double chi2 = CorrelatedProxies.chiSquared(mu, muRef);
            double trueGain = CorrelatedProxies.expectedReward(mu, trueR) - refTrue;
            double proxyGain = CorrelatedProxies.expectedReward(mu, proxyR) - refProxy;
            assertTrue(trueGain >= c.improvementLowerBound(proxyGain, chi2) - 1e-12, "seed " + seed);
            assertEquals(trueGain, self.improvementLowerBound(trueGain, chi2), 1e-9);
        }
        assertEquals(Double.NEGATIVE_INFINITY, c.improvementLowerBound(1, Double.POSITIVE_INFINITY));
    }

    // ------------------------------------------------------------ optimisation

    @Test
    void optimise_lambdaZero_matchesValueIterationAndPolicyIteration() {
        for (long seed = 10; seed <= 12; seed++) {
            TabularMdp mdp = TestMdps.random(8, 3, 3, 0.9, null, seed);
            double[] r = TestMdps.randomVector(24, seed);
            Optimum o = CorrelatedProxies.optimise(mdp, TabularReward.ofStateAction(8, 3, r), randomPolicy(8, 3, seed), 0);
            double vStar = PolicyEvaluation.expectedStart(mdp.initial(), ValueIteration.solve(mdp, r, PLANNING).valuesAt(0));
            assertEquals((1 - 0.9) * vStar, o.proxyReturn(), 1e-8, "seed " + seed);
            double vPi = PolicyEvaluation.expectedStart(mdp.initial(), TestMdps.policyIteration(mdp, r));
            assertEquals((1 - 0.9) * vPi, o.proxyReturn(), 1e-8, "seed " + seed);
            assertTrue(o.solverGap() < 1e-8, "solver gap " + o.solverGap());
        }
    }

    @Test
    void optimise_oneStateBandit_matchesClosedForm() {
        // One state, so mu(a) = pi(a) and the flow constraint is sum mu = 1. Stationarity of
        // r_a - 2 lambda mu_a / mu_ref_a - nu with sum mu = 1 gives nu = rbar - 2 lambda and
        // mu_a = mu_ref_a (1 + (r_a - rbar) / (2 lambda)), valid while every mu_a >= 0;
        // chi2 = Var_ref(r) / (4 lambda^2). mu_ref = (0.2, 0.3, 0.5), r = (1, 0, -1): rbar = -0.3,
        // Var = 0.2 * 1.69 + 0.3 * 0.09 + 0.5 * 0.49 = 0.61. With lambda = 2: mu = (0.2 * 1.325, 0.3 * 1.075,
        // 0.5 * 0.825) = (0.265, 0.3225, 0.4125), chi2 = 0.61 / 16.
        TabularMdp mdp = TabularMdp.builder(1, 3).transition(0, 0, 0, 1).transition(0, 1, 0, 1).transition(0, 2, 0, 1)
                .discount(0.7).build();
        TabularPolicy ref = new TabularPolicy(1, 3, 0, new double[]{0.2, 0.3, 0.5});
        Optimum o = CorrelatedProxies.optimise(mdp, TabularReward.ofStateAction(1, 3, new double[]{1, 0, -1}), ref, 2);
        assertArrayEquals(new double[]{0.265, 0.3225, 0.4125}, o.occupancy(), 1e-9);
        assertArrayEquals(new double[]{0.265, 0.3225, 0.4125}, o.policy().probs(), 1e-9);
        assertEquals(0.61 / 16, o.chiSquared(), 1e-9);
        assertEquals(0.265 - 0.4125, o.proxyReturn(), 1e-9);
        assertEquals(-0.3, o.referenceProxyReturn(), 1e-12);
        assertTrue(o.trueReturn().isEmpty() && o.correlation().isEmpty());
    }

    @Test
    void optimise_lambdaSweep_approachesTheReferenceMonotonically() {
        // For a penalised objective, a larger weight never buys more proxy return nor a larger divergence:
        // comparing the optima at lambda1 < lambda2 (each optimal for its own weight) gives
        // (lambda2 - lambda1)(chi2_1 - chi2_2) >= 0, and then proxy_1 >= proxy_2.
        TabularMdp mdp = TestMdps.random(8, 3, 3, 0.9, null, 13);
        double[] r = TestMdps.randomVector(24, 13);
        TabularReward proxy = TabularReward.ofStateAction(8, 3, r);
        TabularPolicy ref = randomPolicy(8, 3, 13);
        double[] muRef = CorrelatedProxies.occupancy(mdp, ref);
        double[] lambdas = {0.001, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 100, 1000};
        double lastChi2 = Double.POSITIVE_INFINITY, lastProxy = Double.POSITIVE_INFINITY;
        Optimum o = null;
        for (double lambda : lambdas) {
            o = CorrelatedProxies.optimise(mdp, proxy, ref, lambda);
            assertTrue(o.chiSquared() < lastChi2, "chi2 at lambda " + lambda + ": " + o.chiSquared() + " vs " + lastChi2);
            assertTrue(o.proxyReturn() <= lastProxy + 1e-9, "proxy return at lambda " + lambda);
            assertTrue(o.proxyReturn() >= o.referenceProxyReturn() - 1e-9, "the reference is feasible, so never worse");
            lastChi2 = o.chiSquared();
            lastProxy = o.proxyReturn();
        }
        assertTrue(lastChi2 < 1e-6, "chi2 at lambda 1000: " + lastChi2);
        assertArrayEquals(muRef, o.occupancy(), 1e-3);
    }

    @Test
    void optimise_beatsRandomPoliciesOnItsObjective() {
        // An independent optimality check: no random policy (all inside the reference's full support)
        // scores higher on proxy - lambda chi2 than the optimum.
        TabularMdp mdp = TestMdps.random(6, 3, 3, 0.9, null, 14);
        double[] r = TestMdps.randomVector(18, 14);
        TabularPolicy ref = randomPolicy(6, 3, 14);
        double[] muRef = CorrelatedProxies.occupancy(mdp, ref);
        double lambda = 0.05;
        Optimum o = CorrelatedProxies.optimise(mdp, TabularReward.ofStateAction(6, 3, r), ref, lambda);
        for (long seed = 200; seed < 240; seed++) {
            double[] mu = CorrelatedProxies.occupancy(mdp, randomPolicy(6, 3, seed));
            double objective = CorrelatedProxies.expectedReward(mu, r) - lambda * CorrelatedProxies.chiSquared(mu, muRef);
            assertTrue(objective <= o.objective() + 1e-9, "seed " + seed);
        }
        assertTrue(o.objective() >= CorrelatedProxies.expectedReward(muRef, r));
    }

    @Test
    void optimise_keepsOutOfTheReferencesSupport_whenRegularised() {
        // The reference never switches in the two-state chain and so never leaves state 0: mu_ref = (1, 0, 0, 0).
        // A proxy paying 1 in state 1 makes the unregularised optimum switch there at once, but any
        // lambda > 0 must keep mu = 0 off the support, so the only feasible occupancy is the reference's.
        TabularMdp mdp = twoStates();
        TabularPolicy stay = new TabularPolicy(2, 2, 0, new double[]{1, 0, 1, 0});
        TabularReward proxy = TabularReward.ofState(new double[]{0, 1}, 2);
        Optimum free = CorrelatedProxies.optimise(mdp, proxy, stay, 0);
        assertEquals(0.5, free.proxyReturn(), 1e-9); // switch once, then stay: (1-g) g / (1-g) = g = 0.5
        assertEquals(Double.POSITIVE_INFINITY, free.chiSquared());
        Optimum held = CorrelatedProxies.optimise(mdp, proxy, stay, 1e-6);
        assertArrayEquals(new double[]{1, 0, 0, 0}, held.occupancy(), 1e-12);
        assertEquals(0, held.chiSquared(), 1e-12);
        // State 1 is never visited, so its policy copies the reference.
        assertArrayEquals(new double[]{1, 0}, rowsOf(held.policy().probs(), 1, 2), 0);
    }

    // ------------------------------------------------------------ worked example

    @Test
    void example_coveredSensor_isCorrelated_hackedWithoutPenalty_andImprovedWithIt() {
        Example ex = Example.coveredSensor();
        // Reference occupancy of the states: each step moves to the state named by the action, so
        // mu(s') = (1-g) p0(s') + g pi_ref(s') = 0.1 (1, 0, 0) + 0.9 (0.5, 0.49, 0.01) = (0.55, 0.441, 0.009).
        // True (0, 1, -2): mean 0.441 - 0.018 = 0.423, E[t^2] = 0.441 + 0.036 = 0.477.
        // Proxy (0, 1, 4): mean 0.441 + 0.036 = 0.477, E[p^2] = 0.441 + 0.144 = 0.585.
        // E[tp] = 0.441 - 0.072 = 0.369, cov = 0.369 - 0.423 * 0.477 = 0.167229.
        double cov = 0.369 - 0.423 * 0.477, varT = 0.477 - 0.423 * 0.423, varP = 0.585 - 0.477 * 0.477;
        Correlation c = CorrelatedProxies.correlation(ex.mdp(), ex.proxy(), ex.trueReward(), ex.reference());
        assertEquals(cov / Math.sqrt(varT * varP), c.pearson(), 1e-9);
        assertEquals(0.5123, c.pearson(), 1e-4);

        // Claim 2, hacking: the proxy optimum covers the sensor for ever; from the resting start it is
        // covered from step 1 on, so its normalised true return is 0.9 * (-2) = -1.8 < 0.423.
        Optimum hacked = ex.optimise(0);
        assertEquals(0.9 * 4, hacked.proxyReturn(), 1e-9);
        assertEquals(-1.8, hacked.trueReturn().getAsDouble(), 1e-9);
        assertEquals(0.423, hacked.referenceTrueReturn().getAsDouble(), 1e-9);
        assertEquals(1, hacked.policy().probability(0, Example.RESTING, Example.COVERED), 1e-9);

        // Claim 3, mitigation: at lambda = 0.1 the penalty on inflating the covered state (its excess
        // is divided by its reference mass 0.009) outweighs the proxy's 4, while cleaning (reference mass
        // 0.441) is cheap to inflate, so the optimum moves mass mostly to cleaning and the true return rises.
        // The numbers are those the QP computes (printed once and pasted); the inequality is the claim.
        Optimum regularised = ex.optimise(ex.lambda());
        assertEquals(0.1, ex.lambda(), 0);
        assertEquals(0.567644, regularised.trueReturn().getAsDouble(), 1e-6);
        assertEquals(1.040121, regularised.proxyReturn(), 1e-6);
        assertEquals(2.290258, regularised.chiSquared(), 1e-6);
        assertTrue(regularised.trueReturn().getAsDouble() > regularised.referenceTrueReturn().getAsDouble() + 0.1);
        assertEquals(c, regularised.correlation().orElseThrow());
    }

    // ------------------------------------------------------------ validation

    @Test
    void rejectsFiniteHorizons_timeIndexedPolicies_andBadWeights() {
        TabularMdp finite = TestMdps.random(3, 2, 2, 1.0, 5, 15);
        TabularPolicy uniform = ValueDifference.uniform(finite);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorrelatedProxies.occupancy(finite, uniform));
        assertTrue(e.getMessage().contains("infinite-horizon"), e.getMessage());
        TabularMdp mdp = TestMdps.random(3, 2, 2, 0.9, null, 15);
        TabularPolicy timed = new TabularPolicy(3, 2, 2, new double[]{.5, .5, .5, .5, .5, .5, .5, .5, .5, .5, .5, .5});
        assertThrows(IllegalArgumentException.class, () -> CorrelatedProxies.occupancy(mdp, timed));
        TabularReward r = TabularReward.ofState(new double[]{0, 1, 2}, 2);
        TabularPolicy ref = ValueDifference.uniform(mdp);
        assertThrows(IllegalArgumentException.class, () -> CorrelatedProxies.optimise(mdp, r, ref, -1));
        assertThrows(IllegalArgumentException.class, () -> CorrelatedProxies.optimise(mdp, r, ref, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CorrelatedProxies.optimise(mdp, r, ref, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Options(PLANNING, -1, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new Options(PLANNING, 1e-12, 0));
        assertThrows(NullPointerException.class, () -> new Options(null, 1e-12, 1e-6));
    }
}
