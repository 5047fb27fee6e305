package io.revealed.analysis;

import io.revealed.behavior.Optimal;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.planning.PolicyEvaluation;
import io.revealed.planning.QValues;
import io.revealed.planning.TabularPolicy;
import io.revealed.planning.ValueIteration;

/**
 * Expected value difference (EVD; Levine et al. 2011): how much true value is lost by acting
 * optimally for a learned reward instead of the true one,
 * {@code EVD = E_{p0}[V*_true] - E_{p0}[V^{pi_learned}_true]}, where {@code pi_learned} is the
 * optimal policy (uniform over tied best actions) for the learned reward. Non-negative; 0 when
 * the learned reward induces an optimal policy for the true one.
 */
public final class ValueDifference {
    private ValueDifference() {}

    /**
     * @param optimalValue E_{p0}[V*] under the true reward
     * @param learnedValue true-reward value of the policy optimal for the learned reward
     * @param randomValue true-reward value of the uniformly random policy (a scale for reading EVD)
     */
    public record Evd(double optimalValue, double learnedValue, double randomValue) {
        public double evd() { return optimalValue - learnedValue; }

        /** EVD as a fraction of the optimal value's distance from the random policy's (0 best, 1 = no better than random). */
        public double normalized() {
            double span = optimalValue - randomValue;
            return span == 0 ? 0 : evd() / span;
        }
    }

    public static Evd evd(TabularMdp mdp, double[] trueRsa, double[] learnedRsa, PlanningOptions options) {
        QValues trueQ = ValueIteration.solve(mdp, trueRsa, options);
        double opt = startValue(mdp, trueQ.valuesAt(0));
        TabularPolicy greedy = Optimal.greedy(ValueIteration.solve(mdp, learnedRsa, options), Optimal.DEFAULT_TOLERANCE);
        double learned = policyValue(mdp, trueRsa, greedy, options);
        double random = policyValue(mdp, trueRsa, uniform(mdp), options);
        return new Evd(opt, learned, random);
    }

    /** {@code E_{p0}[V^pi]} under the reward {@code rsa}. */
    public static double policyValue(TabularMdp mdp, double[] rsa, Policy policy, PlanningOptions options) {
        return startValue(mdp, PolicyEvaluation.evaluate(mdp, rsa, policy, options));
    }

    private static double startValue(TabularMdp mdp, double[] v) {
        return PolicyEvaluation.expectedStart(mdp.initial(), v);
    }

    /** The uniformly random stationary policy. */
    public static TabularPolicy uniform(TabularMdp mdp) {
        int S = mdp.states(), A = mdp.actions();
        double[] p = new double[S * A];
        java.util.Arrays.fill(p, 1.0 / A);
        return new TabularPolicy(S, A, 0, p);
    }
}
