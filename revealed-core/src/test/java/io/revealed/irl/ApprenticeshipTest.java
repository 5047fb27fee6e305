package io.revealed.irl;

import io.revealed.analysis.ValueDifference;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.Optimal;
import io.revealed.behavior.Rollouts;
import io.revealed.data.Trajectory;
import io.revealed.env.Gridworld;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.Occupancy;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.planning.TabularPolicy;
import io.revealed.planning.ValueIteration;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApprenticeshipTest {

    /*
     * mu_E = (2, 1); mu_0 = (0, 0), mu_1 = (2, -1), mu_2 = (0, -2).
     * Closest point of the hull to mu_E: on the edge mu_0 - mu_1 (direction (2, -1)/sqrt 5), mu_E
     * projects at (mu_E . (2, -1)) / 5 = 3/5 of the way, the point (1.2, -0.6), inside the edge.
     * mu_E - (1.2, -0.6) = (0.8, 1.6), length sqrt(3.2) = 4/sqrt 5, direction (1, 2)/sqrt 5, which is
     * normal to the edge; mu_2 lies on the far side: (1, 2)/sqrt 5 . (mu_E - mu_2) = (2 + 6)/sqrt 5 > 4/sqrt 5.
     * So by duality the max-margin weights are w = (1, 2)/sqrt 5 with margin t = 4/sqrt 5 (both
     * mu_0 and mu_1 give exactly t: (2 + 2)/sqrt 5 and (0 + 4)/sqrt 5), and the closest mixture is
     * lambda = (0.4, 0.6, 0).
     */
    static final double[] EXPERT = {2, 1};
    static final List<double[]> POINTS = List.of(new double[]{0, 0}, new double[]{2, -1}, new double[]{0, -2});

    @Test
    void maxMargin_matchesHandComputedAnswer() {
        Apprenticeship.Margin m = Apprenticeship.maxMargin(EXPERT, POINTS, 1);
        assertArrayEquals(new double[]{1 / Math.sqrt(5), 2 / Math.sqrt(5)}, m.w(), 1e-6);
        assertEquals(4 / Math.sqrt(5), m.t(), 1e-6);
        // The same problem in units 4 times larger (the QP works in units of the total visitation).
        List<double[]> scaled = POINTS.stream().map(p -> new double[]{4 * p[0], 4 * p[1]}).toList();
        Apprenticeship.Margin s = Apprenticeship.maxMargin(new double[]{8, 4}, scaled, 4);
        assertArrayEquals(m.w(), s.w(), 1e-6);
        assertEquals(16 / Math.sqrt(5), s.t(), 1e-5);
    }

    @Test
    void svmForm_matchesHandComputedAnswer() {
        // min |v|^2 s.t. v . (mu_E - mu_j) >= 1: v = w / t = (1, 2) / 4, |v|^2 = 5/16.
        double[][] d = new double[3][];
        for (int j = 0; j < 3; j++) d[j] = new double[]{EXPERT[0] - POINTS.get(j)[0], EXPERT[1] - POINTS.get(j)[1]};
        Apprenticeship.Margin m = Apprenticeship.svmMargin(d, 1);
        assertArrayEquals(new double[]{1 / Math.sqrt(5), 2 / Math.sqrt(5)}, m.w(), 1e-6);
        assertEquals(4 / Math.sqrt(5), m.t(), 1e-6);
    }

    @Test
    void closestMixture_matchesHandComputedAnswer() {
        assertArrayEquals(new double[]{0.4, 0.6, 0}, Apprenticeship.closestMixture(EXPERT, POINTS, 1), 1e-6);
    }

    @Test
    void maxMargin_isZeroWhenTheExpertIsInsideTheHull() {
        // (1, 0.5) lies inside the triangle (0, 0), (2, 0), (1, 1): every direction has a point at or beyond it.
        List<double[]> triangle = List.of(new double[]{0, 0}, new double[]{2, 0}, new double[]{1, 1});
        Apprenticeship.Margin m = Apprenticeship.maxMargin(new double[]{1, 0.5}, triangle, 1);
        assertEquals(0, m.t());
        assertArrayEquals(new double[]{0, 0}, m.w());
    }

    @Test
    void maxMargin_equalsTheDistanceToTheHull() {
        // Duality: max_{|w| <= 1} min_j w . (mu_E - mu_j) = min over mixtures |mu_E - sum_j lambda_j mu_j|.
        SplittableRandom r = TestMdps.rng(11);
        for (int trial = 0; trial < 5; trial++) {
            List<double[]> pts = new ArrayList<>();
            for (int j = 0; j < 6; j++) pts.add(new double[]{r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble()});
            double[] e = {1.2 * r.nextDouble(), 1.2 * r.nextDouble(), r.nextDouble() - 0.5, 1.5};
            Apprenticeship.Margin m = Apprenticeship.maxMargin(e, pts, 1);
            double[] lambda = Apprenticeship.closestMixture(e, pts, 1);
            double dist = 0;
            for (int k = 0; k < 4; k++) {
                double p = 0;
                for (int j = 0; j < 6; j++) p += lambda[j] * pts.get(j)[k];
                dist += (e[k] - p) * (e[k] - p);
            }
            assertEquals(Math.sqrt(dist), m.t(), 1e-6, "trial " + trial);
            for (double[] p : pts) {
                double margin = 0;
                for (int k = 0; k < 4; k++) margin += m.w()[k] * (e[k] - p[k]);
                assertTrue(margin >= m.t() - 1e-6, "trial " + trial + ": margin " + margin + " below t " + m.t());
            }
        }
    }

    @Test
    void projectionStep_matchesHandComputedAnswer() {
        // mubar = (0, 0), mu = (2, 0), mu_E = (1, 1): alpha = (2, 0).(1, 1) / |(2, 0)|^2 = 1/2, new mubar (1, 0).
        assertEquals(0.5, Apprenticeship.projectionStep(new double[]{1, 1}, new double[]{0, 0}, new double[]{2, 0}), 1e-15);
        // mu_E = (3, 0) projects beyond mu (alpha 6/4): clamped to mu itself.
        assertEquals(1.0, Apprenticeship.projectionStep(new double[]{3, 0}, new double[]{0, 0}, new double[]{2, 0}));
        // mu_E = (-1, 1) projects behind mubar: clamped to no step.
        assertEquals(0.0, Apprenticeship.projectionStep(new double[]{-1, 1}, new double[]{0, 0}, new double[]{2, 0}));
    }

    static List<Trajectory> gridworldDemos(TabularMdp mdp, long seed) {
        Policy expert = new Boltzmann(5).solve(mdp, mdp.reward().expected(mdp, null), new PlanningOptions()).policy();
        return Rollouts.sample(mdp, expert, 100, mdp.horizon().getAsInt(), seed, null);
    }

    @ParameterizedTest
    @CsvSource({"PROJECTION, 30", "MAX_MARGIN, 8"})
    void margin_neverGrows(Apprenticeship.Variant variant, int iterations) {
        // The projection step moves mubar to the point of a segment closest to mu_E (the paper's
        // monotonicity); the max-margin programme only gains constraints.
        TabularMdp mdp = new Gridworld(new Gridworld.Options()).mdp();
        List<Trajectory> demos = gridworldDemos(mdp, 0);
        Apprenticeship.Run run = new Apprenticeship(new Apprenticeship.Options(variant, 1e-3, iterations, new PlanningOptions(1e-9, 1_000_000)))
                .run(mdp, demos, IrlListener.NONE);
        double[] t = run.margins();
        assertEquals(iterations, t.length, run.result().stopReason());
        for (int i = 1; i < t.length; i++)
            assertTrue(t[i] <= t[i - 1] + Apprenticeship.CERTIFICATE_TOLERANCE * 24, "margin grew at iteration " + (i + 1) + ": " + t[i - 1] + " -> " + t[i]);
        assertTrue(t[t.length - 1] < 0.03 * t[0], "margin " + t[0] + " -> " + t[t.length - 1]);
        // The first margin is the distance from mu_E to the uniformly random policy's feature expectations.
        double[] muE = Demonstrations.featureExpectations(mdp, demos);
        double[] mu0 = mdp.features().expectation(Occupancy.visitation(mdp, ValueDifference.uniform(mdp),
                Demonstrations.startDistribution(mdp, demos), new PlanningOptions()).decision(), null);
        double d = 0;
        for (int k = 0; k < muE.length; k++) d += (muE[k] - mu0[k]) * (muE[k] - mu0[k]);
        assertEquals(Math.sqrt(d), t[0], 1e-6);
        assertArrayEquals(muE, run.expertFeatures(), 1e-12);
    }

    /**
     * A deterministic MDP (10 states, 3 actions, random successors), horizon 12, g = 1, uniform start,
     * one-hot features, and 20 demonstrations of the policy optimal for a random state reward: mu_E
     * is exactly the feature expectations of a deterministic policy from the demonstrations' start
     * distribution, so it is within reach. (Both variants need several iterations here: 9 and 12.)
     */
    static TabularMdp deterministic() {
        SplittableRandom r = TestMdps.rng(1);
        TabularMdp.Builder b = TabularMdp.builder(10, 3).discount(1.0).horizon(12).features(Features.oneHot(10));
        for (int s = 0; s < 10; s++) for (int a = 0; a < 3; a++) b.transition(s, a, r.nextInt(10), 1);
        return b.build();
    }

    @ParameterizedTest
    @EnumSource(Apprenticeship.Variant.class)
    void reachableExpert_featureGapFallsBelowEpsilon(Apprenticeship.Variant variant) {
        TabularMdp mdp = deterministic();
        double[] rsa = new double[30];
        double[] rs = TestMdps.randomVector(10, 1);
        for (int s = 0; s < 10; s++) for (int a = 0; a < 3; a++) rsa[s * 3 + a] = rs[s];
        Policy expert = Optimal.greedy(ValueIteration.solve(mdp, rsa, new PlanningOptions()), Optimal.DEFAULT_TOLERANCE);
        List<Trajectory> demos = Rollouts.sample(mdp, expert, 20, 12, 0, null);
        double epsilon = 1e-3;
        Apprenticeship.Run run = new Apprenticeship(new Apprenticeship.Options(variant, epsilon, 100, new PlanningOptions()))
                .run(mdp, demos, IrlListener.NONE);
        IrlResult res = run.result();
        assertTrue(res.converged(), res.stopReason() + " after " + res.iterations() + " iterations, margin " + res.metrics().get("margin"));
        assertTrue(res.iterations() > 3, "a problem that takes a few iterations: " + res.iterations());
        assertTrue(res.metrics().get("relative_feature_gap") <= epsilon, "gap " + res.metrics().get("relative_feature_gap"));
        assertTrue(res.metrics().get("mixture_distance") <= epsilon * 12, "distance " + res.metrics().get("mixture_distance"));
        // The returned (mixed) policy really has the mixture's feature expectations.
        double[] start = Demonstrations.startDistribution(mdp, demos);
        double[] mu = mdp.features().expectation(Occupancy.visitation(mdp, res.policy(), start, new PlanningOptions()).decision(), null);
        double[] muE = Demonstrations.featureExpectations(mdp, demos);
        for (int k = 0; k < 10; k++) assertEquals(muE[k], mu[k], 12 * epsilon, "feature " + k);
    }

    @ParameterizedTest
    @CsvSource({"6, 0.9", ", 0.8"})
    void mixedPolicy_hasTheMixtureOfTheOccupancies(Integer horizon, double discount) {
        TabularMdp mdp = TestMdps.random(8, 3, 3, discount, horizon, 4);
        int S = 8, A = 3;
        List<Policy> policies = new ArrayList<>();
        policies.add(ValueDifference.uniform(mdp));
        for (long seed = 1; seed <= 2; seed++)
            policies.add(Optimal.greedy(ValueIteration.solve(mdp, TestMdps.randomVector(S * A, seed), new PlanningOptions()), Optimal.DEFAULT_TOLERANCE));
        double[] lambda = {0.2, 0.5, 0.3};
        double[] start = {0.5, 0.5, 0, 0, 0, 0, 0, 0};
        Policy mixed = Apprenticeship.mix(mdp, policies, lambda, start);
        double[] expected = new double[S];
        for (int j = 0; j < 3; j++) {
            double[] d = Occupancy.visitation(mdp, policies.get(j), start, new PlanningOptions()).decision();
            for (int s = 0; s < S; s++) expected[s] += lambda[j] * d[s];
        }
        assertArrayEquals(expected, Occupancy.visitation(mdp, mixed, start, new PlanningOptions()).decision(), 1e-9);
        // Mixing the action probabilities state by state with lambda alone gives another occupancy.
        int T = Math.max(1, mixed.steps());
        double[] naive = new double[T * S * A], row = new double[A];
        for (int t = 0; t < T; t++)
            for (int s = 0; s < S; s++)
                for (int j = 0; j < 3; j++) {
                    policies.get(j).probabilities(t, s, row);
                    for (int a = 0; a < A; a++) naive[(t * S + s) * A + a] += lambda[j] * row[a];
                }
        double[] other = Occupancy.visitation(mdp, new TabularPolicy(S, A, mixed.steps(), naive), start, new PlanningOptions()).decision();
        double diff = 0;
        for (int s = 0; s < S; s++) diff = Math.max(diff, Math.abs(other[s] - expected[s]));
        assertTrue(diff > 1e-3, "per-state mixing happened to match: " + diff);
    }

    /**
     * Recovery on the default 8x8 gridworld (horizon 24, g = 1) from 100 Boltzmann-rational (beta = 5)
     * demonstrations: the returned reward's optimal policy and the returned mixed policy each lose
     * less than 5% of the optimal value. The mixture imitates the demonstrator, which itself loses
     * 1.5%. Measured with 20 iterations, seeds 0 to 3: reward EVD at most 0.8%, mixture loss at most
     * 4.2% (the mixture matches the sampled demonstrations, noise included); with the default 50
     * iterations and seeds 0 to 5 the reward EVD stays below 4.6%.
     */
    @ParameterizedTest
    @CsvSource({"PROJECTION, 0", "PROJECTION, 1", "PROJECTION, 2", "MAX_MARGIN, 0", "MAX_MARGIN, 1"})
    void gridworld_recoversAGoalRewardFromBoltzmannDemonstrations(Apprenticeship.Variant variant, long seed) {
        TabularMdp mdp = new Gridworld(new Gridworld.Options()).mdp();
        double[] trueRsa = mdp.reward().expected(mdp, null);
        List<Trajectory> demos = gridworldDemos(mdp, seed);
        Apprenticeship.Run run = new Apprenticeship(new Apprenticeship.Options(variant, 1e-3, 20, new PlanningOptions(1e-9, 1_000_000)))
                .run(mdp, demos, IrlListener.NONE);
        IrlResult res = run.result();
        ValueDifference.Evd evd = ValueDifference.evd(mdp, trueRsa, res.reward().expected(mdp, null), new PlanningOptions());
        assertTrue(evd.optimalValue() > 0);
        assertTrue(evd.evd() < 0.05 * evd.optimalValue(), "EVD " + evd.evd() + " vs optimal value " + evd.optimalValue());
        double mixtureLoss = evd.optimalValue() - ValueDifference.policyValue(mdp, trueRsa, res.policy(), new PlanningOptions());
        assertTrue(mixtureLoss < 0.05 * evd.optimalValue(), "mixture loses " + mixtureLoss + " of " + evd.optimalValue());
        // The reward is the weights of the found policy closest to mu_E, of unit length.
        int chosen = res.metrics().get("reward_policy").intValue();
        assertArrayEquals(run.policyWeights().get(chosen), res.weights(), 0);
        double norm = 0;
        for (double w : res.weights()) norm += w * w;
        assertEquals(1, norm, 1e-9);
        assertNull(run.policyWeights().get(0));
        assertEquals(1, java.util.Arrays.stream(run.mixture()).sum(), 1e-9);
    }

    @Test
    void listener_isCalledEveryIteration() {
        TabularMdp mdp = new Gridworld(new Gridworld.Options(4, 0.1)).mdp();
        List<Trajectory> demos = gridworldDemos(mdp, 3);
        List<Integer> seen = new ArrayList<>();
        IrlResult res = new Apprenticeship(new Apprenticeship.Options(Apprenticeship.Variant.MAX_MARGIN, 1e-3, 7, new PlanningOptions()))
                .fit(mdp, demos, (it, t, gap, w) -> seen.add(it));
        assertEquals(res.iterations(), seen.size());
        assertEquals(res.curve().size(), seen.size());
        for (int i = 0; i < seen.size(); i++) assertEquals(i + 1, seen.get(i));
        assertEquals("apprenticeship", res.algorithm());
        assertNotNull(res.policy());
    }

    @Test
    void options_areValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Apprenticeship.Options(Apprenticeship.Variant.PROJECTION, 0, 10, new PlanningOptions()));
        assertThrows(IllegalArgumentException.class, () -> new Apprenticeship.Options(Apprenticeship.Variant.PROJECTION, 1e-3, 0, new PlanningOptions()));
        assertThrows(NullPointerException.class, () -> new Apprenticeship.Options(null, 1e-3, 10, new PlanningOptions()));
        assertEquals(Apprenticeship.Variant.PROJECTION, new Apprenticeship.Options().variant());
    }
}
