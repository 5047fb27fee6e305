package io.revealed.analysis;

import io.revealed.behavior.BehaviorModel;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether two rewards say the same thing. Two rewards are <em>equivalent</em> when they differ
 * only by potential shaping, S'-redistribution and positive scaling: then every STARC distance
 * between them is 0, and Boltzmann-rational and maximal-causal-entropy demonstrators (infinite
 * horizon, each at its own temperature) cannot tell them apart except through the scale. They are
 * <em>equal up to shaping and redistribution</em> when no scaling is needed either: then those
 * models give exactly the same policy at every temperature. The optimality model is coarser: it
 * gives the same policy for many rewards that are not equivalent. This class checks both
 * algebraically (through the minimal canonicalisation) and behaviourally (by solving each model for
 * both rewards and comparing the policies).
 */
public final class Equivalence {
    private Equivalence() {}

    /** Relative tolerance of the algebraic checks (canonical forms compared in L2). */
    public static final double TOLERANCE = 1e-7;
    /** Two policies agree when no probability differs by more than this. */
    public static final double POLICY_TOLERANCE = 1e-6;

    /** One behavioural model's verdict. */
    public record ModelCheck(String model, double maxPolicyDifference, boolean samePolicy) {}

    /**
     * @param starcDistance the default STARC distance (minimal L2 canonicalisation, L2)
     * @param equivalent equal up to shaping, S'-redistribution and positive scaling
     * @param scale k with c(R2) = k c(R1) when equivalent (NaN otherwise, or when both are equivalent to 0)
     * @param equalUpToShaping equal up to shaping and S'-redistribution, with no rescaling
     */
    public record Result(double starcDistance, boolean equivalent, double scale, boolean equalUpToShaping, List<ModelCheck> models) {}

    /**
     * @param mdp the dynamics, discount and horizon everything is measured with
     * @param models the behavioural models whose policies are compared (may be empty)
     */
    public static Result check(TabularMdp mdp, TabularReward r1, TabularReward r2, List<BehaviorModel> models) {
        double g = mdp.discount();
        Canonicalization c = new Canonicalization.MinimalL2();
        CanonicalReward c1 = c.apply(mdp, r1, g), c2 = c.apply(mdp, r2, g);
        Starc.Result d = new Starc().distance(mdp, r1, r2, g);
        double n1 = c1.norm(Norm.L2), n2 = c2.norm(Norm.L2);
        double diff = Norm.L2.ofDifference(c1.values(), 1, c2.values(), 1, c1.multiplicity());
        double scaleRef = Math.max(Math.max(n1, n2), Math.max(Norm.L2.of(r1.expected(mdp, null), mdp.states()), Norm.L2.of(r2.expected(mdp, null), mdp.states())));
        boolean equal = diff <= TOLERANCE * Math.max(scaleRef, Double.MIN_NORMAL);
        boolean equivalent = d.distance() <= TOLERANCE || equal;
        double k = equivalent && !d.degenerate() ? n2 / n1 : Double.NaN;
        if (equivalent && d.degenerate() && !equal) equivalent = false; // one is 0, the other is not
        List<ModelCheck> checks = new ArrayList<>();
        double[] rsa1 = r1.expected(mdp, null), rsa2 = r2.expected(mdp, null);
        PlanningOptions planning = new PlanningOptions();
        for (BehaviorModel m : models) {
            Policy p1 = m.solve(mdp, rsa1, planning).policy(), p2 = m.solve(mdp, rsa2, planning).policy();
            double md = maxDifference(p1, p2);
            checks.add(new ModelCheck(m.spec(), md, md <= POLICY_TOLERANCE));
        }
        return new Result(d.distance(), equivalent, k, equal, List.copyOf(checks));
    }

    /** The largest difference of any action probability at any step and state. */
    public static double maxDifference(Policy p1, Policy p2) {
        if (p1.states() != p2.states() || p1.actions() != p2.actions())
            throw new IllegalArgumentException("policies of different shapes");
        int steps = Math.max(Math.max(p1.steps(), p2.steps()), 1), A = p1.actions();
        double[] a = new double[A], b = new double[A];
        double max = 0;
        for (int t = 0; t < steps; t++)
            for (int s = 0; s < p1.states(); s++) {
                p1.probabilities(t, s, a);
                p2.probabilities(t, s, b);
                for (int i = 0; i < A; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
            }
        return max;
    }
}
