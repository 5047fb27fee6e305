package io.revealed.irl;

import io.revealed.behavior.BehaviorModel;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.MaxCausalEntropy;
import io.revealed.behavior.Optimal;
import io.revealed.behavior.Rollouts;
import io.revealed.data.Trajectory;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.planning.TabularPolicy;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClosedFormIrlTest {
    private static final PlanningOptions PLANNING = new PlanningOptions();

    private static double maxAbsDiff(Policy p, Policy q) {
        double[] x = p.toTable().probs(), y = q.toTable().probs();
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }

    /** 3 states, 3 actions, discount 0.9; one demonstration 0 -a0-> 0 -a0-> 1 -a2-> 0. */
    private static TabularMdp threeStates() {
        TabularMdp.Builder b = TabularMdp.builder(3, 3).discount(0.9);
        for (int s = 0; s < 3; s++)
            for (int a = 0; a < 3; a++) b.transition(s, a, (s + a) % 3, 1);
        return b.build();
    }

    private static final List<Trajectory> ONE_DEMO = List.of(new Trajectory(new int[]{0, 0, 1, 0}, new int[]{0, 0, 2}, null, false, true));

    @Test
    void estimatePolicy_isTheSmoothedFrequencyAndUniformWhereUnvisited() {
        // n(0,.) = (2, 0, 0), n(1,.) = (0, 0, 1), state 2 unvisited; delta = 0.5:
        // pi(.|0) = (2.5, 0.5, 0.5) / 3.5, pi(.|1) = (0.5, 0.5, 1.5) / 2.5, pi(.|2) = (1, 1, 1) / 3.
        TabularPolicy pi = ClosedFormIrl.estimatePolicy(threeStates(), ONE_DEMO, 0.5);
        assertArrayEquals(new double[]{2.5 / 3.5, 0.5 / 3.5, 0.5 / 3.5, 0.2, 0.2, 0.6, 1 / 3.0, 1 / 3.0, 1 / 3.0}, pi.probs(), 1e-15);
    }

    @Test
    void fit_returnsTheInverseOfTheEstimateAndItsLikelihood() {
        TabularMdp mdp = threeStates();
        IrlResult res = new ClosedFormIrl().fit(mdp, ONE_DEMO, IrlListener.NONE);
        assertEquals("closed-form", res.algorithm());
        assertEquals(0, res.weights().length);
        assertEquals(TabularReward.Kind.TRANSITION, res.reward().kind());
        // Default Boltzmann(5): R(s,a,s') = 0.2 ln pi(a|s) - 0.9 * 0.2 max_a' ln pi(a'|s').
        // R(0,0,1) = 0.2 ln(2.5/3.5) - 0.18 ln 0.6 = -0.067294 + 0.091949 = 0.024655.
        assertEquals(0.024655, res.reward().value(0, 0, 1), 1e-6);
        // -log likelihood of the demonstration: -(2 ln(2.5/3.5) + ln 0.6) = 0.672944 + 0.510826 = 1.183770.
        assertEquals(1.183770, res.metrics().get("nll_per_demo"), 1e-6);
        assertEquals(1.183770 / 3, res.metrics().get("nll_per_step"), 1e-6);
        assertEquals(2.0, res.metrics().get("visited_states"));
        // The model's policy of the inferred reward is the estimate itself.
        Policy again = new Boltzmann(5).solve(mdp, res.reward().expected(mdp, null), PLANNING).policy();
        assertTrue(maxAbsDiff(res.policy(), again) < 1e-8);
    }

    @Test
    void fit_withManyDemonstrations_recoversTheDemonstratorsPolicy() {
        for (BehaviorModel model : List.<BehaviorModel>of(new Boltzmann(5), new MaxCausalEntropy(0.5))) {
            TabularMdp mdp = TestMdps.random(5, 3, 3, 0.9, null, 41);
            double[] trueRsa = TestMdps.randomVector(15, 42);
            Policy expert = model.solve(mdp, trueRsa, PLANNING).policy();
            // 200 demonstrations of 100 steps: 20,000 steps, about 4,000 per state, so each
            // probability has a standard error below 0.008 and the worst of 15 stays well under 0.05.
            List<Trajectory> demos = Rollouts.sample(mdp, expert, 200, 100, 43, null);
            IrlResult res = new ClosedFormIrl(new ClosedFormIrl.Options(model, 0.5)).fit(mdp, demos, IrlListener.NONE);
            assertEquals(5.0, res.metrics().get("visited_states"), "every state is visited");
            Policy resolved = model.solve(mdp, res.reward().expected(mdp, null), PLANNING).policy();
            double diff = maxAbsDiff(expert, resolved);
            assertTrue(diff < 0.05, model.spec() + ": re-solved policy differs from the demonstrator's by " + diff);
            // And with only 200 steps the estimate is visibly worse: the check above measures data, not luck.
            IrlResult few = new ClosedFormIrl(new ClosedFormIrl.Options(model, 0.5)).fit(mdp, demos.subList(0, 2), IrlListener.NONE);
            assertTrue(maxAbsDiff(expert, few.policy()) > diff, model.spec());
        }
    }

    @Test
    void fit_wrongTemperature_onlyRescalesTheReward() {
        // L = (1/beta) log pi scales with 1/beta, so the beta = 1 inverse is exactly 5 times the beta = 5 one.
        TabularMdp mdp = TestMdps.random(5, 3, 3, 0.9, null, 51);
        Policy expert = new Boltzmann(5).solve(mdp, TestMdps.randomVector(15, 52), PLANNING).policy();
        List<Trajectory> demos = Rollouts.sample(mdp, expert, 20, 80, 53, null);
        double[] r5 = new ClosedFormIrl(new ClosedFormIrl.Options(new Boltzmann(5), 0.5)).fit(mdp, demos, IrlListener.NONE).reward().values();
        double[] r1 = new ClosedFormIrl(new ClosedFormIrl.Options(new Boltzmann(1), 0.5)).fit(mdp, demos, IrlListener.NONE).reward().values();
        for (int i = 0; i < r1.length; i++) assertEquals(5 * r5[i], r1[i], 1e-12);
    }

    @Test
    void fit_refusesAFiniteHorizonAndBadOptions() {
        TabularMdp finite = TestMdps.random(4, 2, 2, 1.0, 5, 1);
        List<Trajectory> demos = List.of(new Trajectory(new int[]{0, 1, 2, 3, 0, 1}, new int[]{0, 1, 0, 1, 0}, null, false, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClosedFormIrl().fit(finite, demos, IrlListener.NONE));
        assertTrue(e.getMessage().contains("has horizon 5") && e.getMessage().contains("--horizon none") && e.getMessage().contains("--discount"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ClosedFormIrl.Options(new Optimal(), 0.5));
        assertTrue(e.getMessage().contains("no inverse"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ClosedFormIrl.Options(new Boltzmann(1), 0));
        List<Trajectory> bad = List.of(new Trajectory(new int[]{0, 7}, new int[]{0}, null, false, true));
        e = assertThrows(IllegalArgumentException.class, () -> new ClosedFormIrl().fit(threeStates(), bad, IrlListener.NONE));
        assertTrue(e.getMessage().startsWith("demonstration 0: obs[1] = 7"), e.getMessage());
    }
}
