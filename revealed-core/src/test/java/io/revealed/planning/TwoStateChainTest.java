package io.revealed.planning;

import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A two-state chain worked out by hand. States 0 and 1, action 0 = stay, action 1 = switch, both
 * deterministic. State reward r(0) = 0, r(1) = 1.
 */
class TwoStateChainTest {
    static TabularMdp chain(double g, Integer horizon) {
        return TabularMdp.builder(2, 2)
                .transition(0, 0, 0, 1).transition(0, 1, 1, 1)
                .transition(1, 0, 1, 1).transition(1, 1, 0, 1)
                .initialState(0).discount(g).horizon(horizon)
                .reward(TabularReward.ofState(new double[]{0, 1}, 2)).build();
    }

    static double[] rsa(TabularMdp mdp) { return mdp.reward().expected(mdp, null); }

    @Test
    void valueIteration_discounted_matchesClosedForm() {
        // Optimal: go to state 1 and stay. V*(1) = 1/(1-g), V*(0) = g/(1-g).
        for (double g : new double[]{0, 0.5, 0.9, 0.99}) {
            TabularMdp mdp = chain(g, null);
            QValues q = ValueIteration.solve(mdp, rsa(mdp), new PlanningOptions());
            assertArrayEquals(new double[]{g / (1 - g), 1 / (1 - g)}, q.valuesAt(0), 1e-8, "g=" + g);
            // Q(0, stay) = 0 + g V*(0); Q(1, switch) = 1 + g V*(0).
            assertEquals(g * g / (1 - g), q.q(0, 0, 0), 1e-8);
            assertEquals(1 + g * g / (1 - g), q.q(0, 1, 1), 1e-8);
        }
    }

    @Test
    void valueIteration_finiteHorizon_matchesHandComputation() {
        // H = 2, g = 1: V_1 = r = (0, 1); V_0(0) = 0 + max(V_1(0), V_1(1)) = 1; V_0(1) = 1 + 1 = 2.
        TabularMdp mdp = chain(1.0, 2);
        QValues q = ValueIteration.solve(mdp, rsa(mdp), new PlanningOptions());
        assertArrayEquals(new double[]{1, 2}, q.valuesAt(0), 1e-12);
        assertArrayEquals(new double[]{0, 1}, q.valuesAt(1), 1e-12);
        assertArrayEquals(new double[]{0, 0}, q.valuesAt(2), 0);
    }

    @Test
    void softValueIteration_finiteHorizon_matchesHandComputation() {
        // alpha = 1, H = 2, g = 1. V_1(s) = log(2 e^{r(s)}) = r(s) + log 2.
        // Q_0(0, stay) = 0 + V_1(0) = log 2; Q_0(0, switch) = V_1(1) = 1 + log 2.
        // V_0(0) = log(e^{log 2} + e^{1 + log 2}) = log 2 + log(1 + e); pi_0(switch|0) = e / (1 + e).
        TabularMdp mdp = chain(1.0, 2);
        SoftValueIteration.Solution sol = SoftValueIteration.solve(mdp, rsa(mdp), 1.0, new PlanningOptions());
        double ln2 = Math.log(2), e = Math.E;
        assertArrayEquals(new double[]{ln2, 1 + ln2}, sol.valuesAt(1, 2), 1e-12);
        assertEquals(ln2 + Math.log(1 + e), sol.valuesAt(0, 2)[0], 1e-12);
        double[] p = new double[2];
        sol.policy().probabilities(0, 0, p);
        assertArrayEquals(new double[]{1 / (1 + e), e / (1 + e)}, p, 1e-12);
        // At the last step both actions give the same reward: uniform.
        sol.policy().probabilities(1, 1, p);
        assertArrayEquals(new double[]{0.5, 0.5}, p, 1e-12);
    }

    @Test
    void softValueIteration_temperature_scalesLikeReward() {
        // V_alpha(r) = alpha V_1(r / alpha): with alpha = 2, V_1 = r/2 + log 2 -> V = r + 2 log 2.
        TabularMdp mdp = chain(1.0, 2);
        SoftValueIteration.Solution sol = SoftValueIteration.solve(mdp, rsa(mdp), 2.0, new PlanningOptions());
        assertArrayEquals(new double[]{2 * Math.log(2), 1 + 2 * Math.log(2)}, sol.valuesAt(1, 2), 1e-12);
    }

    @Test
    void occupancy_ofSwitchThenStay_matchesHandComputation() {
        // Deterministic policy: switch in 0, stay in 1; start in 0. D_0 = (1,0), D_1 = D_2 = (0,1).
        // decision = D_0 + g D_1 = (1, g); terminal = g^2 D_2 = (0, g^2).
        double g = 0.5;
        TabularMdp mdp = chain(g, 2);
        TabularPolicy pi = new TabularPolicy(2, 2, 0, new double[]{0, 1, 1, 0});
        Occupancy.Visitation v = Occupancy.visitation(mdp, pi, mdp.initial(), new PlanningOptions());
        assertArrayEquals(new double[]{1, g}, v.decision(), 1e-15);
        assertArrayEquals(new double[]{0, g * g}, v.terminal(), 1e-15);
    }

    @Test
    void policyEvaluation_ofSwitchThenStay_matchesHandComputation() {
        // Discounted: V(1) = 1/(1-g) staying; V(0) = 0 + g V(1).
        double g = 0.9;
        TabularMdp mdp = chain(g, null);
        TabularPolicy pi = new TabularPolicy(2, 2, 0, new double[]{0, 1, 1, 0});
        double[] v = PolicyEvaluation.evaluate(mdp, rsa(mdp), pi, new PlanningOptions());
        assertArrayEquals(new double[]{g / (1 - g), 1 / (1 - g)}, v, 1e-8);
    }
}
