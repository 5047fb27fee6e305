package io.revealed.irl;

import io.revealed.analysis.ValueDifference;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.Rollouts;
import io.revealed.data.Trajectory;
import io.revealed.env.Gridworld;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BayesianIrlTest {
    private static final PlanningOptions PLANNING = new PlanningOptions();

    /** 3 states, 2 actions, 2 successors per pair, with two fixed features per state. */
    private static TabularMdp threeStates(Integer horizon, double discount) {
        TabularMdp base = TestMdps.random(3, 2, 2, discount, horizon, 61);
        double[] phi = {1.0, 0.0,
                        0.0, 1.0,
                        0.5, -0.5};
        return base.withFeatures(new Features(3, 2, phi, null));
    }

    /** Ten short demonstrations from a Boltzmann(2) policy: a posterior that is informative but broad. */
    private static List<Trajectory> fewDemos(TabularMdp mdp) {
        double[] r = mdp.features().linear(new double[]{1, -0.5}, null);
        Policy pi = new Boltzmann(2).solve(mdp, BayesianIrl.stateActionReward(r, 2, null), PLANNING).policy();
        return Rollouts.sample(mdp, pi, 10, mdp.finiteHorizon() ? mdp.horizon().getAsInt() : 6, 62, null);
    }

    @Test
    void sample_sameSeedSameChain_otherSeedOtherChain() {
        TabularMdp mdp = threeStates(null, 0.9);
        List<Trajectory> demos = fewDemos(mdp);
        BayesianIrl.Options o = new BayesianIrl.Options(200, 50, 2, 0.25, 1, 1, 7, Double.POSITIVE_INFINITY, PLANNING);
        BayesianIrl.Posterior a = new BayesianIrl(o).sample(mdp, demos, IrlListener.NONE);
        BayesianIrl.Posterior b = new BayesianIrl(o).sample(mdp, demos, IrlListener.NONE);
        BayesianIrl.Posterior c = new BayesianIrl(o.withSeed(8)).sample(mdp, demos, IrlListener.NONE);
        assertTrue(Arrays.deepEquals(a.samples(), b.samples()));
        assertArrayEquals(a.logPosterior(), b.logPosterior(), 0);
        assertEquals(a.acceptanceRate(), b.acceptanceRate());
        assertFalse(Arrays.deepEquals(a.samples(), c.samples()));
        assertEquals(200, a.samples().length);
        assertEquals(50 + 200 * 2, a.steps());
    }

    @Test
    void sample_frequenciesMatchThePosteriorEnumeratedOverTheGrid_discounted() {
        checkAgainstEnumeration(threeStates(null, 0.9), Double.POSITIVE_INFINITY);
    }

    @Test
    void sample_frequenciesMatchThePosteriorEnumeratedOverTheGrid_finiteHorizonGaussianPrior() {
        checkAgainstEnumeration(threeStates(4, 1.0), 0.7);
    }

    /**
     * Grid step 0.5 in [-1, 1]^2: 25 points. The exact posterior is computed independently of the
     * sampler: prior times the likelihood of the demonstrations under the Boltzmann(alpha) policy that
     * {@link Boltzmann#solve} gives for each grid point, normalised over the grid.
     */
    private static void checkAgainstEnumeration(TabularMdp mdp, double priorStd) {
        List<Trajectory> demos = fewDemos(mdp);
        double alpha = 2, delta = 0.5;
        double[] grid = {-1, -0.5, 0, 0.5, 1};
        double[] logPost = new double[25], logPrior = new double[25];
        double best = Double.NEGATIVE_INFINITY;
        int argmax = -1;
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++) {
                double[] w = {grid[i], grid[j]};
                double[] rsa = BayesianIrl.stateActionReward(mdp.features().linear(w, null), 2, null);
                Policy pi = new Boltzmann(alpha).solve(mdp, rsa, PLANNING).policy();
                double lp = -demos.size() * Demonstrations.negativeLogLikelihood(mdp, pi, demos);
                if (priorStd != Double.POSITIVE_INFINITY) logPrior[i * 5 + j] = -(w[0] * w[0] + w[1] * w[1]) / (2 * priorStd * priorStd);
                lp += logPrior[i * 5 + j];
                logPost[i * 5 + j] = lp;
                if (lp > best) { best = lp; argmax = i * 5 + j; }
            }
        double[] exact = normalisedExp(logPost), prior = normalisedExp(logPrior);
        // The comparison says something only if the posterior is spread out and yet far from the
        // prior (a sampler that ignored the demonstrations would fail it).
        assertTrue(exact[argmax] < 0.5, "posterior too concentrated: " + exact[argmax]);
        assertTrue(totalVariation(exact, prior) > 0.2, "posterior too close to the prior: " + totalVariation(exact, prior));

        BayesianIrl.Options o = new BayesianIrl.Options(60_000, 1_000, 1, delta, 1, alpha, 3, priorStd, PLANNING);
        BayesianIrl.Posterior post = new BayesianIrl(o).sample(mdp, demos, IrlListener.NONE);
        double[] freq = new double[25];
        for (int n = 0; n < post.samples().length; n++) {
            double[] w = post.samples()[n];
            int c = index(w[0]) * 5 + index(w[1]);
            freq[c] += 1.0 / post.samples().length;
            // The reported log posterior is exactly the enumerated one (same additive constant: none).
            if (n % 997 == 0) assertEquals(logPost[c], post.logPosterior()[n], 1e-7);
        }
        double tv = totalVariation(freq, exact);
        // Measured about 0.01-0.02 (60,000 correlated samples, acceptance 0.5-0.6).
        assertTrue(tv < 0.05, "total variation " + tv + " between sample frequencies " + Arrays.toString(freq) + " and " + Arrays.toString(exact));
        // 25 points and 61,000 steps: the chain sees the mode, and reports it.
        assertEquals(best, post.mapLogPosterior(), 1e-7);
        assertArrayEquals(new double[]{grid[argmax / 5], grid[argmax % 5]}, post.map(), 1e-12);
        // The mean is the frequency-weighted grid average, close to the exact posterior mean.
        double[] exactMean = new double[2];
        for (int c = 0; c < 25; c++) { exactMean[0] += exact[c] * grid[c / 5]; exactMean[1] += exact[c] * grid[c % 5]; }
        assertArrayEquals(exactMean, post.mean(), 0.05);
    }

    private static double[] normalisedExp(double[] logp) {
        double m = Arrays.stream(logp).max().orElseThrow(), z = 0;
        double[] p = new double[logp.length];
        for (int c = 0; c < p.length; c++) z += p[c] = Math.exp(logp[c] - m);
        for (int c = 0; c < p.length; c++) p[c] /= z;
        return p;
    }

    private static double totalVariation(double[] p, double[] q) {
        double tv = 0;
        for (int c = 0; c < p.length; c++) tv += 0.5 * Math.abs(p[c] - q[c]);
        return tv;
    }

    private static int index(double w) {
        int i = (int) Math.round(w / 0.5) + 2;
        assertEquals((i - 2) * 0.5, w, 1e-12, "samples lie on the grid");
        return i;
    }

    @Test
    void fit_onAGoalGridworld_recoversARewardWhoseOptimalPolicyIsNearlyOptimal() {
        // The paper's tabular setting: one-hot features, one weight per cell of the 8x8 grid
        // (horizon 24, undiscounted), 100 Boltzmann(5) demonstrations, confidence alpha = 5, weights
        // on a 0.05 grid in [-1, 1]. 15,000 steps keep the test near 1.5 s.
        TabularMdp mdp = new Gridworld(new Gridworld.Options(8, 0.1)).mdp();
        double[] trueRsa = mdp.reward().expected(mdp, null);
        Policy expert = new Boltzmann(5).solve(mdp, trueRsa, PLANNING).policy();
        List<Trajectory> demos = Rollouts.sample(mdp, expert, 100, 24, 0, null);
        BayesianIrl.Options o = new BayesianIrl.Options(1_000, 5_000, 10, 0.05, 1, 5, 0, Double.POSITIVE_INFINITY, PLANNING);
        IrlResult res = new BayesianIrl(o).fit(mdp, demos, IrlListener.NONE);
        ValueDifference.Evd evd = ValueDifference.evd(mdp, trueRsa, res.reward().expected(mdp, null), PLANNING);
        assertTrue(evd.evd() >= -1e-9);
        assertTrue(evd.evd() < 0.05 * evd.optimalValue(), "EVD " + evd.evd() + " vs optimal value " + evd.optimalValue());
        assertTrue(evd.evd() < 0.1 * (evd.optimalValue() - evd.randomValue()), "far better than random: " + evd);
        // The goal cell carries the largest posterior-mean reward.
        double[] w = res.weights();
        for (int s = 0; s < 63; s++) assertTrue(w[s] < w[63], "cell " + s + ": " + w[s] + " vs goal " + w[63]);
        assertEquals("bayesian-irl", res.algorithm());
        assertEquals(1_000, res.curve().size());
        double acc = res.metrics().get("acceptance_rate");
        assertTrue(acc > 0 && acc < 1, "acceptance rate " + acc);
        assertTrue(res.metrics().get("log_posterior_map") >= res.curve().get(999).objective());
    }

    @Test
    void options_andInputs_areValidated() {
        assertThrows(IllegalArgumentException.class, () -> new BayesianIrl.Options(0, 0, 1, 0.1, 1, 1, 0, Double.POSITIVE_INFINITY, PLANNING));
        assertThrows(IllegalArgumentException.class, () -> new BayesianIrl.Options(10, 0, 1, 0.5, 0.25, 1, 0, Double.POSITIVE_INFINITY, PLANNING));
        assertThrows(IllegalArgumentException.class, () -> new BayesianIrl.Options(10, 0, 1, 0.1, 1, 0, 0, Double.POSITIVE_INFINITY, PLANNING));
        assertThrows(IllegalArgumentException.class, () -> new BayesianIrl.Options(10, 0, 1, 0.1, 1, 1, 0, 0, PLANNING));
        TabularMdp noFeatures = threeStates(null, 0.9).withFeatures(null);
        List<Trajectory> demos = List.of(new Trajectory(new int[]{0, 1}, new int[]{1}, null, false, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BayesianIrl().sample(noFeatures, demos, IrlListener.NONE));
        assertTrue(e.getMessage().contains("features"), e.getMessage());
    }
}
