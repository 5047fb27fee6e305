package io.revealed.irl;

import io.revealed.analysis.ValueDifference;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.MaxCausalEntropy;
import io.revealed.behavior.Rollouts;
import io.revealed.data.Trajectory;
import io.revealed.env.Gridworld;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlirlTest {

    private static final PlanningOptions TIGHT = new PlanningOptions(1e-12, 1_000_000);

    private static Mlirl mlirl(double beta, Mlirl.Backup backup, double l2) {
        return new Mlirl(new Mlirl.Options(beta, backup, 1e-6, 200, l2, TIGHT));
    }

    private static List<Trajectory> demosOf(TabularMdp mdp, long seed) {
        Policy pi = new MaxCausalEntropy(1).solve(mdp, TestMdps.randomVector(mdp.states() * mdp.actions(), seed), new PlanningOptions()).policy();
        return Rollouts.sample(mdp, pi, 20, mdp.finiteHorizon() ? mdp.horizon().getAsInt() : 80, seed, null);
    }

    // ---- gradient against finite differences ---------------------------------------------------

    private static void checkGradientByFiniteDifferences(TabularMdp mdp, Mlirl.Backup backup) {
        List<Trajectory> demos = demosOf(mdp, 9);
        Mlirl.Problem p = mlirl(2, backup, 0.01).new Problem(mdp, demos);
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

    @ParameterizedTest
    @EnumSource(Mlirl.Backup.class)
    void gradient_matchesFiniteDifferences_finiteHorizon(Mlirl.Backup backup) {
        checkGradientByFiniteDifferences(MceIrlTest.withRandomFeatures(TestMdps.random(12, 3, 3, 0.95, 8, 1), 2), backup);
    }

    @ParameterizedTest
    @EnumSource(Mlirl.Backup.class)
    void gradient_matchesFiniteDifferences_discounted(Mlirl.Backup backup) {
        checkGradientByFiniteDifferences(MceIrlTest.withRandomFeatures(TestMdps.random(12, 3, 3, 0.8, null, 4), 5), backup);
    }

    @ParameterizedTest
    @EnumSource(Mlirl.Backup.class)
    void objective_dependsOnlyOnBetaTimesTheta(Mlirl.Backup backup) {
        // Q(c r) = c Q(r) for both backups, so (beta = 2, theta) and (beta = 1, 2 theta) give one policy.
        TabularMdp mdp = MceIrlTest.withRandomFeatures(TestMdps.random(12, 3, 3, 0.9, 7, 11), 12);
        List<Trajectory> demos = demosOf(mdp, 13);
        double[] theta = {0.4, -0.9, 0.7};
        double a = mlirl(2, backup, 0).new Problem(mdp, demos).evaluate(theta).objective();
        double b = mlirl(1, backup, 0).new Problem(mdp, demos).evaluate(new double[]{0.8, -1.8, 1.4}).objective();
        assertEquals(b, a, 1e-10);
    }

    // ---- hand-computed values, and saturation ---------------------------------------------------

    /**
     * Two states; action 0 stays, action 1 moves to the other state. Horizon 2, g = 1, one-hot
     * features; the demonstration stays in state 0 twice.
     */
    private static TabularMdp stayOrMove() {
        return TabularMdp.builder(2, 2).discount(1.0).horizon(2).initialState(0).features(Features.oneHot(2))
                .transition(0, 0, 0, 1).transition(0, 1, 1, 1).transition(1, 0, 1, 1).transition(1, 1, 0, 1).build();
    }

    private static final List<Trajectory> STAY = List.of(new Trajectory(new int[]{0, 0, 0}, new int[]{0, 0}, null, false, true));

    @Test
    void boltzmannBackup_matchesHandComputation() {
        // beta = 1, theta = (0, ln 3). Last step: V_2 = 0, both actions have Q_1(s,.) = r(s), pi_1 uniform,
        //   Boltzmann V_1(s) = r(s) = (0, ln 3);  log-sum-exp V_1(s) = r(s) + ln 2.
        // Step 0, state 0: Q_0(0,.) = (V_1(0), V_1(1)) = (0, ln 3) (both shifted by ln 2 for log-sum-exp),
        //   pi_0(.|0) = (1/4, 3/4) for both backups;
        //   Boltzmann V_0(0) = 3/4 ln 3;  log-sum-exp V_0(0) = ln(e^{ln 2} + e^{ln 6}) = ln 8.
        // NLL = -ln 1/4 - ln 1/2 = ln 8. As a function of theta, NLL = ln(1 + e^{theta_1 - theta_0}) + ln 2,
        //   so dNLL/dtheta = (-3/4, 3/4).
        double[] theta = {0, Math.log(3)};
        Mlirl.Evaluation boltz = mlirl(1, Mlirl.Backup.BOLTZMANN, 0).new Problem(stayOrMove(), STAY).evaluate(theta);
        Mlirl.Evaluation lse = mlirl(1, Mlirl.Backup.LOG_SUM_EXP, 0).new Problem(stayOrMove(), STAY).evaluate(theta);
        assertEquals(0.75 * Math.log(3), boltz.values()[0], 1e-12);
        assertEquals(Math.log(8), lse.values()[0], 1e-12);
        for (Mlirl.Evaluation e : List.of(boltz, lse)) {
            double[] p = new double[2];
            e.policy().probabilities(0, 0, p);
            assertArrayEquals(new double[]{0.25, 0.75}, p, 1e-12);
            assertEquals(Math.log(8), e.nll(), 1e-12);
            assertEquals(Math.log(8), e.objective(), 1e-12);
            assertArrayEquals(new double[]{-0.75, 0.75}, e.gradient(), 1e-12);
        }
    }

    @Test
    void saturatedPolicy_keepsAFiniteLikelihoodAndGradient() {
        // theta = (0, 1000): by the formula above NLL = ln(1 + e^1000) + ln 2 = 1000 + ln 2 to rounding,
        // and the gradient is (-1, 1). The policy's probability of the demonstrated action at step 0,
        // e^-1000 / (1 + e^-1000), underflows to 0, so the log of the probability would be -infinity.
        double[] theta = {0, 1000};
        Mlirl.Evaluation e = mlirl(1, Mlirl.Backup.BOLTZMANN, 0).new Problem(stayOrMove(), STAY).evaluate(theta);
        assertEquals(1000 + Math.log(2), e.nll(), 1e-9);
        assertArrayEquals(new double[]{-1, 1}, e.gradient(), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, Demonstrations.negativeLogLikelihood(stayOrMove(), e.policy(), STAY));
    }

    @Test
    void options_rejectBadValues() {
        assertThrows(IllegalArgumentException.class, () -> new Mlirl.Options(0, Mlirl.Backup.BOLTZMANN, 1e-4, 10, 0, TIGHT));
        assertThrows(IllegalArgumentException.class, () -> new Mlirl.Options(1, Mlirl.Backup.BOLTZMANN, 1e-4, 10, -1, TIGHT));
        assertThrows(IllegalArgumentException.class, () -> new Mlirl.Options(1, Mlirl.Backup.BOLTZMANN, 0, 10, 0, TIGHT));
    }

    // ---- recovery ------------------------------------------------------------------------------

    @Test
    void fit_recoversAGoalRewardFromBoltzmannDemonstrations() {
        TabularMdp mdp = new Gridworld(new Gridworld.Options(8, 0.1)).mdp();
        double[] trueRsa = mdp.reward().expected(mdp, null);
        Policy expert = new Boltzmann(5).solve(mdp, trueRsa, new PlanningOptions()).policy();
        List<Trajectory> demos = Rollouts.sample(mdp, expert, 100, mdp.horizon().getAsInt(), 0, null);
        int[] calls = new int[1];
        IrlResult res = new Mlirl().fit(mdp, demos, (it, f, gap, w) -> calls[0]++);
        assertEquals("mlirl", res.algorithm());
        assertEquals(res.curve().size(), calls[0]);
        assertTrue(res.converged(), res.stopReason());
        ValueDifference.Evd evd = ValueDifference.evd(mdp, trueRsa, res.reward().expected(mdp, null), new PlanningOptions());
        assertTrue(evd.optimalValue() > 0);
        assertTrue(evd.evd() >= -1e-9, "EVD is never negative: " + evd.evd());
        assertTrue(evd.evd() < 0.05 * evd.optimalValue(), "EVD " + evd.evd() + " vs optimal value " + evd.optimalValue());
        // The reported likelihood is that of the returned policy, computed independently.
        double nll = Demonstrations.negativeLogLikelihood(mdp, res.policy(), demos);
        assertEquals(nll, res.metrics().get("nll_per_demo"), 1e-9 * nll);
        assertEquals(nll / 24, res.metrics().get("nll_per_step"), 1e-9 * nll);
        // The objective is the likelihood plus the penalty (l2 T / 2) |theta|^2, T = 24 steps per demonstration.
        double sq = 0;
        for (double w : res.weights()) sq += w * w;
        assertEquals(nll + 0.5 * MceIrl.Options.DEFAULT_L2 * 24 * sq, res.metrics().get("objective"), 1e-9 * nll);
    }

    @Test
    void fit_discounted_reportsTheLikelihoodOfItsPolicy() {
        TabularMdp mdp = MceIrlTest.withRandomFeatures(TestMdps.random(12, 3, 3, 0.8, null, 21), 22);
        List<Trajectory> demos = demosOf(mdp, 23);
        IrlResult res = new Mlirl().fit(mdp, demos, IrlListener.NONE);
        assertTrue(res.converged(), res.stopReason());
        double nll = Demonstrations.negativeLogLikelihood(mdp, res.policy(), demos);
        assertEquals(nll, res.metrics().get("nll_per_demo"), 1e-9 * nll);
        // A maximum of the likelihood is no worse than the uniform policy (theta = 0): 80 steps of ln 3.
        assertTrue(nll < 80 * Math.log(3), "nll " + nll);
    }
}
