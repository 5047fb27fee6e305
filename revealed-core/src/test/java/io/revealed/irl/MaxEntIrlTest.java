package io.revealed.irl;

import io.revealed.analysis.ValueDifference;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.MaxCausalEntropy;
import io.revealed.behavior.Rollouts;
import io.revealed.data.Trajectory;
import io.revealed.env.Gridworld;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.Occupancy;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaxEntIrlTest {

    private static final PlanningOptions TIGHT = new PlanningOptions(1e-12, 1_000_000);

    private static List<Trajectory> demosOf(TabularMdp mdp, long seed) {
        Policy pi = new MaxCausalEntropy(1).solve(mdp, TestMdps.randomVector(mdp.states() * mdp.actions(), seed), new PlanningOptions()).policy();
        return Rollouts.sample(mdp, pi, 20, mdp.finiteHorizon() ? mdp.horizon().getAsInt() : 80, seed, null);
    }

    // ---- (a) deterministic dynamics: MaxEnt 2008 and MCE are the same model ----------------------

    private static void assertSameAsMce(TabularMdp mdp) {
        List<Trajectory> demos = demosOf(mdp, 3);
        MaxEntIrl.Problem maxent = new MaxEntIrl(new MaxEntIrl.Options(1e-6, 100, 0.01, TIGHT)).new Problem(mdp, demos);
        MceIrl.Problem mce = new MceIrl(new MceIrl.Options(1e-6, 100, 0.01, TIGHT)).new Problem(mdp, demos);
        double[] theta = {0.8, -1.3, 2.1};
        MaxEntIrl.Evaluation a = maxent.evaluate(theta);
        MceIrl.Evaluation b = mce.evaluate(theta);
        assertEquals(b.objective(), a.objective(), 1e-9);
        assertArrayEquals(b.gradient(), a.gradient(), 1e-9);
        assertArrayEquals(b.values(), a.values(), 1e-9);
        int steps = Math.max(1, a.policy().steps());
        assertEquals(b.policy().steps(), a.policy().steps());
        double[] pa = new double[mdp.actions()], pb = new double[mdp.actions()];
        for (int t = 0; t < steps; t++)
            for (int s = 0; s < mdp.states(); s++) {
                a.policy().probabilities(t, s, pa);
                b.policy().probabilities(t, s, pb);
                assertArrayEquals(pb, pa, 1e-9, "step " + t + ", state " + s);
            }
    }

    @Test
    void deterministicDynamics_sameObjectiveGradientAndPolicyAsMce_finiteHorizon() {
        // Branching 1: every (s, a) has a single successor with probability exactly 1.
        assertSameAsMce(MceIrlTest.withRandomFeatures(TestMdps.random(12, 3, 1, 0.95, 8, 41), 42));
    }

    @Test
    void deterministicDynamics_sameObjectiveGradientAndPolicyAsMce_discounted() {
        assertSameAsMce(MceIrlTest.withRandomFeatures(TestMdps.random(12, 3, 1, 0.8, null, 43), 44));
    }

    @Test
    void deterministicDynamics_fitsTheSameWeightsAsMce() {
        TabularMdp mdp = MceIrlTest.withRandomFeatures(TestMdps.random(10, 3, 1, 1.0, 6, 45), 46);
        List<Trajectory> demos = demosOf(mdp, 5);
        IrlResult a = new MaxEntIrl(new MaxEntIrl.Options(1e-7, 200, 0.01, TIGHT)).fit(mdp, demos, IrlListener.NONE);
        IrlResult b = new MceIrl(new MceIrl.Options(1e-7, 200, 0.01, TIGHT)).fit(mdp, demos, IrlListener.NONE);
        assertTrue(a.converged(), a.stopReason());
        assertArrayEquals(b.weights(), a.weights(), 1e-6);
        assertEquals(b.metrics().get("objective"), a.metrics().get("objective"), 1e-9);
    }

    // ---- (b) stochastic dynamics: the risk-seeking backward pass -----------------------------------

    /**
     * State 0 chooses between a safe action 0 (to state 1) and a risky action 1 (to state 2 or 3 with
     * probability 1/2 each); states 1-3 are absorbing under both actions. Horizon 2, g = 1, one-hot
     * features, theta = (0, 0, ln 3, -ln 3): the risky action's expected reward is 0, the same as
     * the safe one's.
     */
    private static TabularMdp riskyChoice() {
        TabularMdp.Builder b = TabularMdp.builder(4, 2).discount(1.0).horizon(2).initialState(0).features(Features.oneHot(4));
        b.transition(0, 0, 1, 1.0);
        b.transition(0, 1, 2, 0.5).transition(0, 1, 3, 0.5);
        for (int s = 1; s < 4; s++) b.transition(s, 0, s, 1.0).transition(s, 1, s, 1.0);
        return b.build();
    }

    private static final double LN3 = Math.log(3);

    @Test
    void stochasticDynamics_maxEntIsOptimisticAboutTheRiskyAction_handComputed() {
        // Last step (t = 1): V_2 = 0 and both actions are alike, so V_1(s) = r(s) + ln 2:
        //   V_1 = (ln 2, ln 2, ln 6, ln 2/3) in both models.
        // t = 0, state 0, r(0) = 0:
        //   safe:  Q = V_1(1) = ln 2 in both models.
        //   risky: MCE     Q = 1/2 ln 6 + 1/2 ln 2/3 = 1/2 ln 4 = ln 2   (= safe: indifferent)
        //          MaxEnt  Q = ln(1/2 * 6 + 1/2 * 2/3) = ln 10/3            (> ln 2)
        //   MCE:    V_0(0) = ln(2 + 2) = ln 4,       pi_0(.|0) = (1/2, 1/2)
        //   MaxEnt: V_0(0) = ln(2 + 10/3) = ln 16/3, pi_0(.|0) = (3/8, 5/8)
        // The 2008 model values state 0 higher by ln 4/3: it acts as if it could pick the good outcome.
        TabularMdp mdp = riskyChoice();
        List<Trajectory> demos = List.of(new Trajectory(new int[]{0, 1, 1}, new int[]{0, 0}, null, false, true));
        double[] theta = {0, 0, LN3, -LN3};
        MaxEntIrl.Evaluation maxent = new MaxEntIrl(new MaxEntIrl.Options(1e-6, 100, 0, TIGHT)).new Problem(mdp, demos).evaluate(theta);
        MceIrl.Evaluation mce = new MceIrl(new MceIrl.Options(1e-6, 100, 0, TIGHT)).new Problem(mdp, demos).evaluate(theta);
        assertEquals(Math.log(16.0 / 3), maxent.values()[0], 1e-12);
        assertEquals(Math.log(4), mce.values()[0], 1e-12);
        assertTrue(maxent.values()[0] > mce.values()[0] + 0.28);
        double[] p = new double[2];
        maxent.policy().probabilities(0, 0, p);
        assertArrayEquals(new double[]{3.0 / 8, 5.0 / 8}, p, 1e-12);
        mce.policy().probabilities(0, 0, p);
        assertArrayEquals(new double[]{0.5, 0.5}, p, 1e-12);
        // The demonstration starts in 0 and visits (0, 1); theta . mu_E = 0, so f = V_0(0).
        assertEquals(Math.log(16.0 / 3), maxent.objective(), 1e-12);
        assertEquals(Math.log(4), mce.objective(), 1e-12);
    }

    @Test
    void stochasticDynamics_gradientUsesThePathDistribution_handComputed() {
        // V_0(0) = theta_0 + ln 2 + ln(e^theta_1 + 1/2 e^theta_2 + 1/2 e^theta_3); at theta = (0, 0, ln 3, -ln 3)
        // the bracket is 1 + 3/2 + 1/6 = 8/3, so dV_0(0)/dtheta = (1, 3/8, 9/16, 1/16).
        // The path distribution: risky w.p. 5/8, then state 2 w.p. (1/2*6)/(10/3) = 9/10, state 3 w.p. 1/10;
        // its visitation (D_0 + D_1) is (1, 3/8, 5/8*9/10, 5/8*1/10) = (1, 3/8, 9/16, 1/16): the same.
        // Minus the demonstration's visitation (1, 1, 0, 0): gradient (0, -5/8, 9/16, 1/16).
        // The policy under the true dynamics (the paper's Algorithm 1) reaches states 2 and 3 with
        // 5/16 each instead, which is not the derivative. MCE's gradient: (1, 1/2, 1/4, 1/4) - (1, 1, 0, 0).
        TabularMdp mdp = riskyChoice();
        List<Trajectory> demos = List.of(new Trajectory(new int[]{0, 1, 1}, new int[]{0, 0}, null, false, true));
        double[] theta = {0, 0, LN3, -LN3};
        MaxEntIrl.Evaluation maxent = new MaxEntIrl(new MaxEntIrl.Options(1e-6, 100, 0, TIGHT)).new Problem(mdp, demos).evaluate(theta);
        MceIrl.Evaluation mce = new MceIrl(new MceIrl.Options(1e-6, 100, 0, TIGHT)).new Problem(mdp, demos).evaluate(theta);
        assertArrayEquals(new double[]{0, -5.0 / 8, 9.0 / 16, 1.0 / 16}, maxent.gradient(), 1e-12);
        assertArrayEquals(new double[]{0, -0.5, 0.25, 0.25}, mce.gradient(), 1e-12);
        double[] policyVisits = Occupancy.visitation(mdp, maxent.policy(), mdp.initial(), TIGHT).decision();
        assertArrayEquals(new double[]{1, 3.0 / 8, 5.0 / 16, 5.0 / 16}, policyVisits, 1e-12);
    }

    @Test
    void largeRewards_stayFiniteInLogSpace() {
        // theta = (0, 0, 1000, -1000): exp(1000) overflows a double. By the formula above,
        // V_0(0) = ln 2 + ln(1 + 1/2 e^1000 + 1/2 e^-1000) = 1000 + ln(1 + 2 e^-1000) = 1000 to rounding,
        // and the path distribution puts all its mass on the risky action and state 2.
        TabularMdp mdp = riskyChoice();
        List<Trajectory> demos = List.of(new Trajectory(new int[]{0, 1, 1}, new int[]{0, 0}, null, false, true));
        MaxEntIrl.Evaluation e = new MaxEntIrl(new MaxEntIrl.Options(1e-6, 100, 0, TIGHT)).new Problem(mdp, demos).evaluate(new double[]{0, 0, 1000, -1000});
        assertEquals(1000, e.values()[0], 1e-12);
        assertArrayEquals(new double[]{0, -1, 1, 0}, e.gradient(), 1e-12);
    }

    @Test
    void farBetterUnreachableState_changesNothing() {
        // The risky choice plus an unreachable absorbing state 4 worth 1000 per step. Its value is so
        // far above the others that exp(V - max V) underflows for every row of states 0-3, which are
        // then recomputed with their own maximum: the numbers must be those of the hand computation.
        TabularMdp.Builder b = TabularMdp.builder(5, 2).discount(1.0).horizon(2).initialState(0).features(Features.oneHot(5));
        b.transition(0, 0, 1, 1.0);
        b.transition(0, 1, 2, 0.5).transition(0, 1, 3, 0.5);
        for (int s = 1; s < 5; s++) b.transition(s, 0, s, 1.0).transition(s, 1, s, 1.0);
        TabularMdp mdp = b.build();
        List<Trajectory> demos = List.of(new Trajectory(new int[]{0, 1, 1}, new int[]{0, 0}, null, false, true));
        MaxEntIrl.Evaluation e = new MaxEntIrl(new MaxEntIrl.Options(1e-6, 100, 0, TIGHT)).new Problem(mdp, demos).evaluate(new double[]{0, 0, LN3, -LN3, 1000});
        assertEquals(Math.log(16.0 / 3), e.values()[0], 1e-12);
        assertArrayEquals(new double[]{0, -5.0 / 8, 9.0 / 16, 1.0 / 16, 0}, e.gradient(), 1e-12);
    }

    // ---- (c) gradient against finite differences ---------------------------------------------------

    private static void checkGradientByFiniteDifferences(TabularMdp mdp) {
        List<Trajectory> demos = demosOf(mdp, 9);
        MaxEntIrl.Problem p = new MaxEntIrl(new MaxEntIrl.Options(1e-6, 100, 0.01, TIGHT)).new Problem(mdp, demos);
        double[] theta = {0.9, -1.7, 1.2};
        double[] grad = p.evaluate(theta).gradient();
        double h = 1e-5;
        for (int k = 0; k < 3; k++) {
            double[] plus = theta.clone(), minus = theta.clone();
            plus[k] += h;
            minus[k] -= h;
            double fd = (p.evaluate(plus).objective() - p.evaluate(minus).objective()) / (2 * h);
            assertEquals(fd, grad[k], 1e-6 * Math.max(1, Math.abs(fd)), "component " + k);
        }
    }

    @Test
    void gradient_matchesFiniteDifferences_stochasticFiniteHorizon() {
        checkGradientByFiniteDifferences(MceIrlTest.withRandomFeatures(TestMdps.random(12, 3, 3, 0.95, 8, 1), 2));
    }

    @Test
    void gradient_matchesFiniteDifferences_stochasticDiscounted() {
        checkGradientByFiniteDifferences(MceIrlTest.withRandomFeatures(TestMdps.random(12, 3, 3, 0.8, null, 4), 5));
    }

    // ---- (d) recovery ----------------------------------------------------------------------------

    @Test
    void fit_recoversAGoalRewardFromBoltzmannDemonstrations() {
        TabularMdp mdp = new Gridworld(new Gridworld.Options(8, 0.1)).mdp();
        double[] trueRsa = mdp.reward().expected(mdp, null);
        Policy expert = new Boltzmann(5).solve(mdp, trueRsa, new PlanningOptions()).policy();
        List<Trajectory> demos = Rollouts.sample(mdp, expert, 100, mdp.horizon().getAsInt(), 0, null);
        int[] calls = new int[1];
        IrlResult res = new MaxEntIrl().fit(mdp, demos, (it, f, gap, w) -> calls[0]++);
        assertEquals("maxent-irl", res.algorithm());
        assertEquals(res.curve().size(), calls[0]);
        ValueDifference.Evd evd = ValueDifference.evd(mdp, trueRsa, res.reward().expected(mdp, null), new PlanningOptions());
        assertTrue(evd.optimalValue() > 0);
        assertTrue(evd.evd() >= -1e-9, "EVD is never negative: " + evd.evd());
        assertTrue(evd.evd() < 0.05 * evd.optimalValue(), "EVD " + evd.evd() + " vs optimal value " + evd.optimalValue());
    }
}
