package io.revealed.irl;

import io.revealed.behavior.MaxCausalEntropy;
import io.revealed.behavior.Rollouts;
import io.revealed.data.Trajectory;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.Occupancy;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MceIrlTest {

    /** An MDP with 3 dense random features per state. */
    static TabularMdp withRandomFeatures(TabularMdp mdp, long seed) {
        SplittableRandom r = TestMdps.rng(seed);
        double[] f = new double[mdp.states() * 3];
        for (int i = 0; i < f.length; i++) f[i] = r.nextDouble();
        return mdp.withFeatures(new Features(mdp.states(), 3, f, null));
    }

    static void checkGradientByFiniteDifferences(TabularMdp mdp) {
        Policy demoPolicy = new MaxCausalEntropy(1).solve(mdp, TestMdps.randomVector(mdp.states() * mdp.actions(), 3), new PlanningOptions()).policy();
        List<Trajectory> demos = Rollouts.sample(mdp, demoPolicy, 20, mdp.finiteHorizon() ? mdp.horizon().getAsInt() : 60, 9, null);
        MceIrl irl = new MceIrl(new MceIrl.Options(1e-6, 100, 0.01, new PlanningOptions(1e-12, 1_000_000)));
        MceIrl.Problem p = irl.new Problem(mdp, demos);
        double[] theta = {0.3, -0.7, 0.2};
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
    void gradient_matchesFiniteDifferences_finiteHorizon() {
        checkGradientByFiniteDifferences(withRandomFeatures(TestMdps.random(12, 3, 3, 0.95, 8, 1), 2));
    }

    @Test
    void gradient_matchesFiniteDifferences_discounted() {
        checkGradientByFiniteDifferences(withRandomFeatures(TestMdps.random(12, 3, 3, 0.8, null, 4), 5));
    }

    @Test
    void gradient_isModelMinusExpertFeatureExpectationsPlusPenalty() {
        // Horizon 5, g = 1: total visitation M = 5. The model starts where the demonstrations start.
        TabularMdp mdp = withRandomFeatures(TestMdps.random(10, 2, 3, 1.0, 5, 6), 7);
        Policy pi = new MaxCausalEntropy(1).solve(mdp, new double[20], new PlanningOptions()).policy();
        List<Trajectory> demos = Rollouts.sample(mdp, pi, 10, 5, 1, null);
        MceIrl.Problem p = new MceIrl().new Problem(mdp, demos);
        double[] theta = {1, 2, -1};
        MceIrl.Evaluation e = p.evaluate(theta);
        double[] start = Demonstrations.startDistribution(mdp, demos);
        double[] model = mdp.features().expectation(Occupancy.visitation(mdp, e.policy(), start, new PlanningOptions()).decision(), null);
        double[] expected = new double[3];
        for (int k = 0; k < 3; k++) expected[k] = model[k] - p.expertFeatures()[k] + MceIrl.Options.DEFAULT_L2 * 5 * theta[k];
        assertArrayEquals(expected, e.gradient(), 1e-12);
        // The expert side is the plain average of features over the first H visited states.
        double[] mu = new double[3];
        for (Trajectory d : demos)
            for (int t = 0; t < 5; t++)
                for (int k = 0; k < 3; k++) mu[k] += mdp.features().get(d.states()[t], k) / demos.size();
        assertArrayEquals(mu, p.expertFeatures(), 1e-12);
    }

    @Test
    void fit_onDataFromItsOwnModel_recoversTheTrueWeights() {
        // With infinitely many demonstrations the MCE dual is minimised at the true weights. Feed it
        // the exact expert statistics by using a huge sample and check the weights come back close.
        TabularMdp base = withRandomFeatures(TestMdps.random(8, 2, 2, 1.0, 6, 21), 22);
        double[] trueTheta = {1.5, -1.0, 0.5};
        double[] r = base.features().linear(trueTheta, null);
        TabularMdp mdp = base.withReward(TabularReward.ofState(r, 2));
        Policy pi = new MaxCausalEntropy(1).solve(mdp, mdp.reward().expected(mdp, null), new PlanningOptions()).policy();
        List<Trajectory> demos = Rollouts.sample(mdp, pi, 40_000, 6, 23, null);
        IrlResult res = new MceIrl(new MceIrl.Options(1e-6, 200, 0, new PlanningOptions())).fit(mdp, demos, IrlListener.NONE);
        assertTrue(res.converged(), res.stopReason());
        // Sampling error of the feature expectations with 40,000 episodes is about 1e-2 relative;
        // the weights are identified (3 generic features on 8 states) and come back within 0.15.
        assertArrayEquals(trueTheta, res.weights(), 0.15);
    }

    @Test
    void fit_rejectsShortDemonstrationsForAFiniteHorizon() {
        TabularMdp mdp = withRandomFeatures(TestMdps.random(5, 2, 2, 1.0, 6, 31), 32);
        List<Trajectory> demos = List.of(new Trajectory(new int[]{0, 1, 2}, new int[]{0, 1}, null, false, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MceIrl().fit(mdp, demos, IrlListener.NONE));
        assertTrue(e.getMessage().contains("demonstration 0 has 2 actions but the horizon is 6"), e.getMessage());
    }
}
