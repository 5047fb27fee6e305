package io.revealed.irl;

import io.revealed.data.Trajectory;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.Policy;

import java.util.List;

/** Statistics of demonstrations that every tabular IRL algorithm needs. */
public final class Demonstrations {
    private Demonstrations() {}

    /**
     * Largest share of the discounted weight that may lie beyond the end of a demonstration of an
     * infinite-horizon problem: beyond it the demonstrations' discounted sums and the model's
     * infinite ones cannot be compared.
     */
    public static final double MAX_UNOBSERVED_WEIGHT = 1e-3;

    /**
     * Checks that the demonstrations fit the MDP: indices in range and, for a finite horizon H, at
     * least H actions per episode (only the first H are used); without a horizon, long enough that
     * {@code g^T <= MAX_UNOBSERVED_WEIGHT}.
     */
    public static void check(TabularMdp mdp, List<Trajectory> demos) {
        if (demos.isEmpty()) throw new IllegalArgumentException("no demonstrations");
        for (int i = 0; i < demos.size(); i++) {
            Trajectory d = demos.get(i);
            try {
                d.checkIndices(mdp.states(), mdp.actions());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("demonstration " + i + ": " + e.getMessage());
            }
            if (!mdp.finiteHorizon() && Math.pow(mdp.discount(), d.length()) > MAX_UNOBSERVED_WEIGHT)
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "demonstration %d has %d actions: with discount %s and no horizon, %.3g of the discounted weight lies beyond its end;"
                                + " give demonstrations of at least %d actions, or a finite --horizon %d",
                        i, d.length(), mdp.discount(), Math.pow(mdp.discount(), d.length()),
                        (int) Math.ceil(Math.log(MAX_UNOBSERVED_WEIGHT) / Math.log(mdp.discount())), d.length()));
            if (mdp.finiteHorizon() && d.length() < mdp.horizon().getAsInt())
                throw new IllegalArgumentException("demonstration " + i + " has " + d.length() + " actions but the horizon is "
                        + mdp.horizon().getAsInt() + "; give full-length demonstrations or a shorter --horizon");
        }
    }

    /** Steps of a demonstration that count: the first H for a finite horizon, all otherwise. */
    static int steps(TabularMdp mdp, Trajectory d) {
        return mdp.finiteHorizon() ? Math.min(d.length(), mdp.horizon().getAsInt()) : d.length();
    }

    /**
     * The empirical discounted state visitation {@code (1/N) sum_i sum_{t<T_i} g^t [s_t = s]} over the
     * steps where the demonstrator acted; it matches {@link io.revealed.planning.Occupancy.Visitation#decision()}.
     */
    public static double[] visitation(TabularMdp mdp, List<Trajectory> demos) {
        double[] d = new double[mdp.states()];
        double g = mdp.discount();
        for (Trajectory tr : demos) {
            double w = 1;
            int T = steps(mdp, tr);
            for (int t = 0; t < T; t++) {
                d[tr.states()[t]] += w;
                w *= g;
            }
        }
        for (int s = 0; s < d.length; s++) d[s] /= demos.size();
        return d;
    }

    /** Expert feature expectations: the visitation above times the features. */
    public static double[] featureExpectations(TabularMdp mdp, List<Trajectory> demos) {
        Features f = requireFeatures(mdp);
        return f.expectation(visitation(mdp, demos), null);
    }

    static Features requireFeatures(TabularMdp mdp) {
        if (mdp.features() == null) throw new IllegalArgumentException("IRL needs state features; this MDP has none");
        return mdp.features();
    }

    /** Mean over demonstrations of {@code -sum_t log pi_t(a_t|s_t)}. */
    public static double negativeLogLikelihood(TabularMdp mdp, Policy policy, List<Trajectory> demos) {
        double[] p = new double[mdp.actions()];
        // Step by step across the demonstrations (a time-indexed policy may recompute its values a
        // stretch of steps at a time), summing each demonstration's terms in its own order.
        int n = demos.size(), longest = 0;
        int[] steps = new int[n];
        for (int i = 0; i < n; i++) longest = Math.max(longest, steps[i] = steps(mdp, demos.get(i)));
        double[] sums = new double[n];
        for (int t = 0; t < longest; t++)
            for (int i = 0; i < n; i++) {
                if (t >= steps[i]) continue;
                Trajectory tr = demos.get(i);
                policy.probabilities(policy.stationary() ? 0 : t, tr.states()[t], p);
                sums[i] -= Math.log(p[tr.actions()[t]]);
            }
        double total = 0;
        for (double x : sums) total += x;
        return total / n;
    }

    /** The empirical distribution of the first states of the demonstrations. */
    public static double[] startDistribution(TabularMdp mdp, List<Trajectory> demos) {
        double[] p = new double[mdp.states()];
        for (Trajectory tr : demos) p[tr.states()[0]] += 1.0 / demos.size();
        return p;
    }
}
