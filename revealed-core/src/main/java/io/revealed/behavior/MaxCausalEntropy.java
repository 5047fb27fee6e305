package io.revealed.behavior;

import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.SoftValueIteration;

/**
 * The maximal causal entropy model (Ziebart 2010) at temperature alpha: the policy of the soft
 * Bellman equations, {@code pi(a|s) = exp((Q_soft(s,a) - V_soft(s))/alpha)}. Values are the soft
 * values V_soft, which include the entropy bonus.
 */
public record MaxCausalEntropy(double alpha) implements BehaviorModel {
    public MaxCausalEntropy {
        if (!(alpha > 0) || !Double.isFinite(alpha)) throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
    }

    @Override
    public Solution solve(TabularMdp mdp, double[] rsa, PlanningOptions options) {
        SoftValueIteration.Solution sol = SoftValueIteration.solve(mdp, rsa, alpha, options);
        return new Solution(sol.valuesAt(0, mdp.states()), sol.policy(), "soft values V_soft");
    }

    @Override
    public String spec() { return "mce:alpha=" + alpha; }
}
