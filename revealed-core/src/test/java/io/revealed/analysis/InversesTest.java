package io.revealed.analysis;

import io.revealed.behavior.BehaviorModel;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.MaxCausalEntropy;
import io.revealed.behavior.Optimal;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.planning.QValues;
import io.revealed.planning.SoftValueIteration;
import io.revealed.planning.TabularPolicy;
import io.revealed.planning.ValueIteration;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InversesTest {
    private static final PlanningOptions PLANNING = new PlanningOptions();

    /** Random MDPs with 6 states, 3 actions, 3 successors per pair, discount 0.9. */
    private static TabularMdp mdp(long seed) { return TestMdps.random(6, 3, 3, 0.9, null, seed); }

    /** A random transition reward r(s,a,s') in [-1, 1), so that rbar is not itself structured. */
    private static TabularReward randomTransitionReward(TabularMdp mdp, long seed) {
        int S = mdp.states(), A = mdp.actions();
        return TabularReward.ofTransition(S, A, TestMdps.randomVector(S * A * S, seed));
    }

    private static double maxAbsDiff(Policy p, Policy q) {
        double[] x = p.toTable().probs(), y = q.toTable().probs();
        assertEquals(x.length, y.length);
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }

    private static List<BehaviorModel> models() {
        return List.of(new Boltzmann(0.5), new Boltzmann(2), new Boltzmann(10),
                new MaxCausalEntropy(0.3), new MaxCausalEntropy(1), new MaxCausalEntropy(4));
    }

    @Test
    void invert_thenSolve_givesBackTheModelsPolicy() {
        for (long seed = 0; seed < 3; seed++) {
            TabularMdp mdp = mdp(seed);
            double[] trueRsa = randomTransitionReward(mdp, seed).expected(mdp, null);
            for (BehaviorModel model : models()) {
                Policy pi = model.solve(mdp, trueRsa, PLANNING).policy();
                TabularReward inverse = Inverses.invert(model, mdp, pi);
                Policy again = model.solve(mdp, inverse.expected(mdp, null), PLANNING).policy();
                double diff = maxAbsDiff(pi, again);
                assertTrue(diff < 1e-8, model.spec() + ", seed " + seed + ": policies differ by " + diff);
            }
        }
    }

    @Test
    void invert_reproducesAnArbitraryFullSupportPolicy() {
        // Not only policies the model produced: any full-support policy is some reward's Boltzmann
        // (and MCE) policy, and the inverse finds that reward.
        TabularMdp mdp = mdp(7);
        Policy pi = randomPolicy(mdp, 8);
        for (BehaviorModel model : models()) {
            Policy again = model.solve(mdp, Inverses.invert(model, mdp, pi).expected(mdp, null), PLANNING).policy();
            assertTrue(maxAbsDiff(pi, again) < 1e-8, model.spec());
        }
    }

    @Test
    void boltzmannInverse_optimalValuesAreTheMaximalScaledLogProbabilities() {
        // The derivation in the class comment: Q* = (1/beta) log pi, so V*(s) = max_a (1/beta) log pi(a|s).
        TabularMdp mdp = mdp(3);
        Policy pi = randomPolicy(mdp, 4);
        double beta = 3;
        QValues q = ValueIteration.solve(mdp, Inverses.boltzmann(mdp, pi, beta).expected(mdp, null), PLANNING);
        double[] p = new double[3];
        for (int s = 0; s < mdp.states(); s++) {
            pi.probabilities(0, s, p);
            double best = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < 3; a++) {
                assertEquals(Math.log(p[a]) / beta, q.q(0, s, a), 1e-8, "Q*(" + s + "," + a + ")");
                best = Math.max(best, Math.log(p[a]) / beta);
            }
            assertEquals(best, q.v(0, s), 1e-8);
        }
    }

    @Test
    void boltzmannInverse_matchesHandComputationOnTwoStates() {
        // pi(.|0) = (0.5, 0.5), pi(.|1) = (0.8, 0.2), beta = 2, g = 0.5.
        // L(0,a) = 0.5 ln 0.5 = -0.346574; L(1,0) = 0.5 ln 0.8 = -0.111572; L(1,1) = 0.5 ln 0.2 = -0.804719.
        // M(0) = -0.346574, M(1) = -0.111572. R(s,a,s') = L(s,a) - 0.5 M(s'):
        // R(0,0,0) = -0.346574 + 0.173287 = -0.173287; R(0,0,1) = -0.346574 + 0.055786 = -0.290788;
        // R(1,1,0) = -0.804719 + 0.173287 = -0.631432; R(1,0,1) = -0.111572 + 0.055786 = -0.055786.
        TabularMdp mdp = TabularMdp.builder(2, 2).discount(0.5)
                .transition(0, 0, 0, 1).transition(0, 1, 1, 1).transition(1, 0, 1, 1).transition(1, 1, 0, 1).build();
        Policy pi = new TabularPolicy(2, 2, 0, new double[]{0.5, 0.5, 0.8, 0.2});
        TabularReward r = Inverses.boltzmann(mdp, pi, 2);
        assertEquals(TabularReward.Kind.TRANSITION, r.kind());
        assertEquals(-0.173287, r.value(0, 0, 0), 1e-6);
        assertEquals(-0.290788, r.value(0, 0, 1), 1e-6);
        assertEquals(-0.631432, r.value(1, 1, 0), 1e-6);
        assertEquals(-0.055786, r.value(1, 0, 1), 1e-6);
        // The state-action form is its expectation over s' (deterministic here: the successor's entry).
        TabularReward e = Inverses.boltzmannExpected(mdp, pi, 2);
        assertArrayEquals(r.expected(mdp, null), e.values(), 1e-15);
        // MCE with alpha = 2: R(s,a) = 2 ln pi(a|s), e.g. R(1,1) = 2 ln 0.2 = -3.218876.
        TabularReward m = Inverses.maxCausalEntropy(mdp, pi, 2);
        assertEquals(TabularReward.Kind.STATE_ACTION, m.kind());
        assertEquals(-3.218876, m.value(1, 1, 0), 1e-6);
    }

    @Test
    void inverseOfTheModelsOwnPolicy_differsFromTheTrueRewardByPotentialShapingOnly() {
        for (long seed = 10; seed < 13; seed++) {
            TabularMdp mdp = mdp(seed);
            TabularReward truth = randomTransitionReward(mdp, seed);
            double[] rbar1 = truth.expected(mdp, null);
            for (BehaviorModel model : List.<BehaviorModel>of(new Boltzmann(2), new MaxCausalEntropy(0.7))) {
                BehaviorModel.Solution sol = model.solve(mdp, rbar1, PLANNING);
                double[] rbar2 = Inverses.invert(model, mdp, sol.policy()).expected(mdp, null);
                double[] d = new double[rbar1.length];
                for (int i = 0; i < d.length; i++) d[i] = rbar1[i] - rbar2[i];
                Shaping fit = Shaping.fit(mdp, d);
                assertTrue(fit.residual() < 1e-8, model.spec() + ", seed " + seed + ": residual " + fit.residual());
                // And the potential is the one the derivation predicts: rbar2 = rbar1 + g E[W(s')] - W(s)
                // with W the soft maximum (1/beta) log sum_a exp(beta Q*) for Boltzmann and V_soft for MCE,
                // so Phi = -W (the least-squares solution is unique: g < 1 gives full column rank).
                double[] w = model instanceof Boltzmann b ? softMaxOfQ(mdp, rbar1, b.beta()) : sol.values();
                for (int s = 0; s < mdp.states(); s++) assertEquals(-w[s], fit.phi()[s], 1e-7, model.spec() + " Phi(" + s + ")");
            }
        }
    }

    @Test
    void shapingCheck_detectsADifferenceThatIsNotShaping() {
        // Control for the test above: the least-squares check is not vacuous. A reward change at one
        // state-action pair only cannot be written as g E[Phi(s')] - Phi(s) (18 equations, 6 unknowns).
        TabularMdp mdp = mdp(10);
        double[] d = new double[mdp.states() * mdp.actions()];
        d[4] = 0.1;
        assertTrue(Shaping.fit(mdp, d).residual() > 1e-3);
    }

    @Test
    void mceInverse_worksOverAFiniteHorizon() {
        // V_t = 0 at every step, so the time-indexed soft policy equals the stationary one at each t.
        TabularMdp mdp = TestMdps.random(5, 3, 2, 1.0, 6, 21);
        Policy pi = randomPolicy(mdp, 22);
        SoftValueIteration.Solution sol = SoftValueIteration.solve(mdp, Inverses.maxCausalEntropy(mdp, pi, 1.5).expected(mdp, null), 1.5, PLANNING);
        double[] p = new double[3], q = new double[3];
        for (int t = 0; t < 6; t++)
            for (int s = 0; s < 5; s++) {
                pi.probabilities(0, s, p);
                sol.policy().probabilities(t, s, q);
                assertArrayEquals(p, q, 1e-12, "t=" + t + ", s=" + s);
            }
    }

    @Test
    void invert_refusesWhatHasNoInverse() {
        TabularMdp mdp = mdp(1);
        Policy pi = randomPolicy(mdp, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Inverses.invert(new Optimal(), mdp, pi));
        assertTrue(e.getMessage().contains("optimal behavioural model has no inverse"), e.getMessage());

        double[] probs = pi.toTable().probs().clone();
        probs[1 * 3] = 0;
        probs[1 * 3 + 1] += pi.toTable().probs()[3];
        Policy zero = new TabularPolicy(6, 3, 0, probs);
        e = assertThrows(IllegalArgumentException.class, () -> Inverses.invert(new Boltzmann(1), mdp, zero));
        assertTrue(e.getMessage().contains("at state 1, action 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Inverses.invert(new MaxCausalEntropy(1), mdp, zero));
        assertTrue(e.getMessage().contains("at state 1, action 0"), e.getMessage());

        TabularMdp finite = TestMdps.random(6, 3, 3, 1.0, 4, 1);
        Policy timed = new MaxCausalEntropy(1).solve(finite, TestMdps.randomVector(18, 3), PLANNING).policy().toTable();
        e = assertThrows(IllegalArgumentException.class, () -> Inverses.invert(new MaxCausalEntropy(1), finite, timed));
        assertTrue(e.getMessage().contains("time-indexed over 4 steps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Inverses.invert(new Boltzmann(1), finite, pi));
        assertTrue(e.getMessage().contains("discounted infinite-horizon"), e.getMessage());
    }

    @Test
    void boltzmannInverse_refusesADenseRewardAboveTheLimit() {
        // 4000 states x 4 actions x 4000 = 64 million entries > 50 million; the state-action form works.
        TabularMdp big = TestMdps.randomLarge(4000, 4, 1, 0.9, null, 5);
        Policy uniform = ValueDifference.uniform(big);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Inverses.boltzmann(big, uniform, 1));
        assertTrue(e.getMessage().contains("64000000 entries") && e.getMessage().contains("boltzmannExpected"), e.getMessage());
        // Uniform policy: rbar = (1 - g) (1/beta) ln(1/4) everywhere.
        double[] r = Inverses.boltzmannExpected(big, uniform, 1).values();
        assertEquals(0.1 * Math.log(0.25), r[12345], 1e-12);
    }

    /** A random full-support stationary policy with probabilities bounded away from 0. */
    static Policy randomPolicy(TabularMdp mdp, long seed) {
        SplittableRandom r = TestMdps.rng(seed);
        int S = mdp.states(), A = mdp.actions();
        double[] p = new double[S * A];
        for (int s = 0; s < S; s++) {
            double sum = 0;
            for (int a = 0; a < A; a++) sum += p[s * A + a] = 0.05 + r.nextDouble();
            for (int a = 0; a < A; a++) p[s * A + a] /= sum;
        }
        return new TabularPolicy(S, A, 0, p);
    }

    /** {@code (1/beta) log sum_a exp(beta Q*(s,a))} for the reward rbar. */
    private static double[] softMaxOfQ(TabularMdp mdp, double[] rbar, double beta) {
        QValues q = ValueIteration.solve(mdp, rbar, PLANNING);
        int S = mdp.states(), A = mdp.actions();
        double[] w = new double[S];
        for (int s = 0; s < S; s++) {
            double m = q.v(0, s), sum = 0;
            for (int a = 0; a < A; a++) sum += Math.exp(beta * (q.q(0, s, a) - m));
            w[s] = m + Math.log(sum) / beta;
        }
        return w;
    }

    /**
     * The least-squares potential for a reward difference {@code d(s,a)}: Phi minimising
     * {@code sum_{s,a} (g sum_s' P(s'|s,a) Phi(s') - Phi(s) - d(s,a))^2}, by the dense normal
     * equations, and the largest absolute residual.
     */
    record Shaping(double[] phi, double residual) {
        static Shaping fit(TabularMdp mdp, double[] d) {
            int S = mdp.states(), A = mdp.actions();
            double g = mdp.discount();
            double[][] p = TestMdps.dense(mdp);
            double[][] m = new double[S * A][S];
            for (int r = 0; r < S * A; r++) {
                for (int s2 = 0; s2 < S; s2++) m[r][s2] = g * p[r][s2];
                m[r][r / A] -= 1;
            }
            double[][] normal = new double[S][S];
            double[] rhs = new double[S];
            for (int r = 0; r < S * A; r++)
                for (int i = 0; i < S; i++) {
                    rhs[i] += m[r][i] * d[r];
                    for (int j = 0; j < S; j++) normal[i][j] += m[r][i] * m[r][j];
                }
            double[] phi = TestMdps.solve(normal, rhs);
            double res = 0;
            for (int r = 0; r < S * A; r++) {
                double e = -d[r];
                for (int j = 0; j < S; j++) e += m[r][j] * phi[j];
                res = Math.max(res, Math.abs(e));
            }
            return new Shaping(phi, res);
        }
    }
}
