package io.revealed.irl;

import io.revealed.analysis.ValueDifference;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.Rollouts;
import io.revealed.data.Trajectory;
import io.revealed.env.Gridworld;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.planning.QValues;
import io.revealed.planning.ValueIteration;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LpIrlTest {

    /**
     * States 0 - 1 - 2 in a line; action 0 moves left, action 1 right (walls keep the agent in place),
     * deterministic; g = 0.5; one-hot features; the demonstrator always moves right.
     */
    static TabularMdp chain() {
        TabularMdp.Builder b = TabularMdp.builder(3, 2).discount(0.5).horizon(null).features(Features.oneHot(3)).initialState(0);
        for (int s = 0; s < 3; s++) {
            b.transition(s, 0, Math.max(0, s - 1), 1);
            b.transition(s, 1, Math.min(2, s + 1), 1);
        }
        return b.build();
    }

    /** 0 -> 1 -> 2 -> 2 ... under "right". */
    static List<Trajectory> alwaysRight() {
        return List.of(new Trajectory(new int[]{0, 1, 2, 2, 2}, new int[]{1, 1, 1, 1}, null, false, true));
    }

    /*
     * Hand calculation for the chain. With pi = right and r = (r0, r1, r2):
     *   V2 = r2 / (1 - g) = 2 r2,  V1 = r1 + g V2 = r1 + r2,  V0 = r0 + g V1 = r0 + (r1 + r2) / 2.
     * Delta(s) = Q(s, right) - Q(s, left) = g (V(right of s) - V(left of s)):
     *   Delta(0) = 0.5 (V1 - V0) = -0.5 r0 + 0.25 r1 + 0.25 r2
     *   Delta(1) = 0.5 (V2 - V0) = -0.5 r0 - 0.25 r1 + 0.75 r2
     *   Delta(2) = 0.5 (V2 - V1) =          -0.5  r1 + 0.5  r2
     * One alternative per state, so the minimum is that Delta, and the objective is separable:
     *   -r0 - 0.5 r1 + 1.5 r2 - lambda (|r0| + |r1| + |r2|),  |r| <= 1.
     * Each r_s goes to the bound whose sign its coefficient has when |coefficient| > lambda, else to 0:
     *   lambda 0.25: r = (-1, -1, 1), objective 1 + 0.5 + 1.5 - 0.75 = 2.25
     *   lambda 0.75: r = (-1,  0, 1), objective 1 + 1.5 - 1.5      = 1.0
     *   lambda 1.25: r = ( 0,  0, 1), objective 1.5 - 1.25         = 0.25
     *   lambda 2:    r = 0,           objective 0
     * All these satisfy Delta >= 0 (e.g. (-1, -1, 1): Delta = 0.5, 1.5, 1.0), so the constraints do not bind.
     * The critical lambda is the largest |coefficient| whose reward is feasible: 1.5, at r = (0, 0, 1).
     */
    @ParameterizedTest
    @CsvSource({
            "0.25, -1, -1, 1, 2.25",
            "0.75, -1,  0, 1, 1.0",
            "1.25,  0,  0, 1, 0.25",
            "2.0,   0,  0, 0, 0.0"})
    void chain_matchesHandSolvedLinearProgramme(double lambda, double r0, double r1, double r2, double objective) {
        IrlResult res = new LpIrl(LpIrl.Options.withLambda(lambda, 1)).fit(chain(), alwaysRight(), IrlListener.NONE);
        assertArrayEquals(new double[]{r0, r1, r2}, res.reward().values(), 1e-9);
        assertEquals(objective, res.metrics().get("objective"), 1e-9);
        assertEquals(1.5, res.metrics().get("lambda_critical"), 1e-9);
        assertTrue(res.converged(), res.stopReason());
    }

    @Test
    void chain_defaultLambdaIsNineTenthsOfTheCriticalValue() {
        // lambda = 0.9 * 1.5 = 1.35: only r2 (coefficient 1.5) survives; objective 1.5 - 1.35 = 0.15.
        IrlResult res = new LpIrl().fit(chain(), alwaysRight(), IrlListener.NONE);
        assertEquals(1.35, res.metrics().get("lambda"), 1e-9);
        assertArrayEquals(new double[]{0, 0, 1}, res.reward().values(), 1e-9);
        assertEquals(0.15, res.metrics().get("objective"), 1e-9);
    }

    /*
     * Two states, three actions: a0 goes to state 1, a1 to state 0, a2 to either with probability 1/2;
     * g = 0.5; the demonstrator takes a0 everywhere. V1 = 2 r1, V0 = r0 + r1, and in both states
     *   Delta(a1) = g (V1 - V0) = 0.5 (r1 - r0),  Delta(a2) = g (V1 - (V0 + V1) / 2) = 0.25 (r1 - r0),
     * so the minimum is 0.25 (r1 - r0) and the objective 0.5 (r1 - r0) - lambda (|r0| + |r1|):
     * critical lambda 0.5; lambda 0.25 gives r = (-1, 1) and objective 1 - 0.5 = 0.5; lambda 0.75 gives 0.
     * (Summing over the alternatives instead of taking the minimum would give 1.5 (r1 - r0): critical 1.5.)
     */
    static TabularMdp twoStatesThreeActions() {
        TabularMdp.Builder b = TabularMdp.builder(2, 3).discount(0.5).horizon(null).features(Features.oneHot(2));
        for (int s = 0; s < 2; s++) {
            b.transition(s, 0, 1, 1);
            b.transition(s, 1, 0, 1);
            b.transition(s, 2, 0, 0.5).transition(s, 2, 1, 0.5);
        }
        return b.build();
    }

    @Test
    void margin_isTheMinimumOverAlternativeActions() {
        List<Trajectory> demos = List.of(new Trajectory(new int[]{0, 1, 1}, new int[]{0, 0}, null, false, true));
        IrlResult low = new LpIrl(LpIrl.Options.withLambda(0.25, 1)).fit(twoStatesThreeActions(), demos, IrlListener.NONE);
        assertArrayEquals(new double[]{-1, 1}, low.reward().values(), 1e-9);
        assertEquals(0.5, low.metrics().get("objective"), 1e-9);
        assertEquals(0.5, low.metrics().get("lambda_critical"), 1e-9);
        IrlResult high = new LpIrl(LpIrl.Options.withLambda(0.75, 1)).fit(twoStatesThreeActions(), demos, IrlListener.NONE);
        assertArrayEquals(new double[]{0, 0}, high.reward().values(), 1e-9);
    }

    @Test
    void rMax_scalesTheReward() {
        // The programme is positively homogeneous: doubling the bound doubles the answer.
        IrlResult res = new LpIrl(LpIrl.Options.withLambda(0.75, 2)).fit(chain(), alwaysRight(), IrlListener.NONE);
        assertArrayEquals(new double[]{-2, 0, 2}, res.reward().values(), 1e-9);
        assertEquals(2.0, res.metrics().get("objective"), 1e-9);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void learnedReward_makesTheDemonstratedPolicyOptimal(long seed) {
        // A random stochastic MDP; the demonstrator is optimal for a random reward and shows its
        // action once in every state, so every state is constrained.
        TabularMdp mdp = TestMdps.random(12, 3, 3, 0.9, null, seed);
        int S = mdp.states(), A = mdp.actions();
        QValues expertQ = ValueIteration.solve(mdp, TestMdps.randomVector(S * A, seed), new PlanningOptions());
        List<Trajectory> demos = new ArrayList<>();
        int[] expert = new int[S];
        for (int s = 0; s < S; s++) {
            for (int a = 1; a < A; a++) if (expertQ.q(0, s, a) > expertQ.q(0, s, expert[s])) expert[s] = a;
            demos.add(new Trajectory(new int[]{s, mdp.successors()[mdp.rowStart()[s * A + expert[s]]]}, new int[]{expert[s]}, null, false, true));
        }
        IrlResult res = new LpIrl().fit(mdp, demos, IrlListener.NONE);
        double[] r = res.reward().values();
        double scale = 0;
        for (double x : r) scale = Math.max(scale, Math.abs(x));
        assertEquals(1.0, scale, 1e-9, "below the critical lambda the optimum reaches the bound rMax");
        QValues q = ValueIteration.solve(mdp, res.reward().expected(mdp, null), new PlanningOptions());
        for (int s = 0; s < S; s++)
            for (int a = 0; a < A; a++)
                assertTrue(q.q(0, s, expert[s]) >= q.q(0, s, a) - 1e-7, "state " + s + ": demonstrated action " + expert[s] + " worse than " + a);
        assertEquals(1.0, res.metrics().get("policy_agreement"));
        assertEquals(S, res.metrics().get("visited_states"));
    }

    /**
     * Recovery: on an 8x8 infinite-horizon gridworld (g = 0.9) with 100 Boltzmann-rational (beta = 5)
     * demonstrations of 70 steps, the policy optimal for the learned reward loses less than 5% of
     * the optimal value (measured with the default options: 0.1% to 2.0% over seeds 0 to 5).
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2})
    void gridworld_recoversAGoalRewardFromBoltzmannDemonstrations(long seed) {
        TabularMdp mdp = new Gridworld(new Gridworld.Options(8, 0.1, Gridworld.Layout.GOAL, 0, null, 0.9,
                Gridworld.Start.UNIFORM, Gridworld.FeatureSet.ONEHOT)).mdp();
        double[] trueRsa = mdp.reward().expected(mdp, null);
        Policy expert = new Boltzmann(5).solve(mdp, trueRsa, new PlanningOptions()).policy();
        List<Trajectory> demos = Rollouts.sample(mdp, expert, 100, 70, seed, null);
        IrlResult res = new LpIrl().fit(mdp, demos, IrlListener.NONE);
        ValueDifference.Evd evd = ValueDifference.evd(mdp, trueRsa, res.reward().expected(mdp, null), new PlanningOptions());
        assertTrue(evd.optimalValue() > 0);
        assertTrue(evd.evd() >= -1e-9, "EVD is never negative: " + evd.evd());
        assertTrue(evd.evd() < 0.05 * evd.optimalValue(), "EVD " + evd.evd() + " vs optimal value " + evd.optimalValue());
        assertTrue(evd.evd() < 0.1 * (evd.optimalValue() - evd.randomValue()), "far better than random: " + evd);
    }

    @Test
    void demonstratedActions_takesTheMostFrequentActionAndMarksUnvisitedStates() {
        TabularMdp mdp = chain();
        List<Trajectory> demos = List.of(
                new Trajectory(new int[]{0, 0, 1, 0}, new int[]{0, 1, 0}, null, false, true),
                new Trajectory(new int[]{0, 1}, new int[]{1}, null, false, true));
        // State 0: left once, right twice -> right. State 1: left once -> left. State 2: never acted in.
        assertArrayEquals(new int[]{1, 0, -1}, LpIrl.demonstratedActions(mdp, demos));
        // A tie goes to the lower action: state 0 sees right once and left once.
        assertArrayEquals(new int[]{0, 0, -1}, LpIrl.demonstratedActions(mdp,
                List.of(new Trajectory(new int[]{0, 1, 0}, new int[]{1, 0}, null, false, true),
                        new Trajectory(new int[]{0, 0}, new int[]{0}, null, false, true))));
    }

    @Test
    void fit_rejectsFiniteHorizonsAndBadOptions() {
        TabularMdp finite = chain().withDiscountAndHorizon(1.0, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LpIrl().fit(finite, alwaysRight(), IrlListener.NONE));
        assertTrue(e.getMessage().contains("--horizon none"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LpIrl.Options(1.0, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> LpIrl.Options.withLambda(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> LpIrl.Options.withLambda(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LpIrl().fit(chain().withFeatures(null), alwaysRight(), IrlListener.NONE));
    }

    @Test
    void listener_isToldAboutTheSingleSolve() {
        List<Double> objectives = new ArrayList<>();
        IrlResult res = new LpIrl(LpIrl.Options.withLambda(0.75, 1)).fit(chain(), alwaysRight(), (it, f, gap, w) -> objectives.add(f));
        assertEquals(List.of(1.0), objectives.stream().map(x -> Math.round(x * 1e9) / 1e9).toList());
        assertEquals(1, res.curve().size());
        assertEquals("lp-irl", res.algorithm());
        assertEquals(TabularReward.Kind.STATE, res.reward().kind());
    }
}
