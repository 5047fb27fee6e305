package io.revealed.env;

import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random "Garnet" MDPs (Archibald, McKinnon and Thomas 1995; Bhatnagar et al. 2009): every
 * state-action pair has a fixed number of distinct random successors with random probabilities.
 *
 * <p><b>Generation</b>, all from one {@link SplittableRandom} seeded by {@code seed}, in this order:
 * <ol>
 *   <li>reward weights {@code w_k ~ N(0, 1)}, {@code k = 0 .. features-1};</li>
 *   <li>state features {@code phi_k(s)} uniform in {@code [0, 1)}, state by state;</li>
 *   <li>transitions row by row ({@code s*A + a}): {@code branching} distinct successors drawn
 *       uniformly without replacement from all states (Floyd's algorithm), sorted ascending, then
 *       probabilities from a flat Dirichlet(1, ..., 1): independent Exp(1) draws normalised by
 *       their sum. The last probability of a row is set to one minus the sum of the others
 *       (clamped at 0), so every row sums to 1 to within a few ulps.</li>
 * </ol>
 * The reward is the state reward {@code r(s) = phi(s) . w}; the initial distribution is uniform.
 *
 * <p><b>Cost.</b> {@code O(S A b)} time (Floyd's algorithm is {@code O(b^2)} per row for small
 * {@code b}) and {@code 12 S A b + 4 S A} bytes of transitions plus {@code 8 S F} bytes of
 * features: about 0.4 GB for a million states with the defaults (4 actions, 5 successors,
 * 16 features). The arrays are written straight into CSR form with no intermediate copies.
 */
public final class Garnet {
    private Garnet() {}

    /** Above this branching factor, membership during sampling uses a per-state stamp array instead of a scan. */
    private static final int SCAN_LIMIT = 16;

    static final Environments.Info INFO = new Environments.Info("garnet",
            "random MDP: each (s,a) has 'branching' distinct successors with Dirichlet(1) probabilities; linear state reward",
            List.of(new Environments.Parameter("states", "100", "number of states"),
                    new Environments.Parameter("actions", "4", "number of actions"),
                    new Environments.Parameter("branching", "5", "distinct successors per (s,a), <= states"),
                    new Environments.Parameter("features", "16", "state features, uniform in [0,1); reward = features . w, w ~ N(0,1)"),
                    new Environments.Parameter("seed", "0", "random seed"),
                    new Environments.Parameter("horizon", "50", "finite horizon; 0 or none for an infinite discounted one"),
                    new Environments.Parameter("discount", "1.0 (0.9 if the horizon is infinite)", "discount factor")));

    /**
     * @param states number of states, at least 1
     * @param actions number of actions, at least 1
     * @param branching distinct successors per state-action pair, in {@code [1, states]}
     * @param features number of state features, at least 1
     * @param seed the seed of everything random
     * @param horizon finite horizon {@code >= 1}, or {@code null} for an infinite one (then discount < 1)
     * @param discount in [0, 1]
     */
    public record Options(int states, int actions, int branching, int features, long seed, Integer horizon, double discount) {
        public Options {
            if (states < 1) throw new IllegalArgumentException("garnet: states must be >= 1, got " + states);
            if (actions < 1) throw new IllegalArgumentException("garnet: actions must be >= 1, got " + actions);
            if (branching < 1 || branching > states)
                throw new IllegalArgumentException("garnet: branching must be in [1, states = " + states + "], got " + branching);
            if (features < 1) throw new IllegalArgumentException("garnet: features must be >= 1, got " + features);
            if ((long) states * actions * branching > Integer.MAX_VALUE - 8)
                throw new IllegalArgumentException("garnet: states * actions * branching = " + (long) states * actions * branching + " transitions is too many for one array");
            if ((long) states * features > Integer.MAX_VALUE - 8)
                throw new IllegalArgumentException("garnet: states * features = " + (long) states * features + " is too many for one array");
            if (horizon != null && horizon < 1) throw new IllegalArgumentException("garnet: horizon must be >= 1 or null, got " + horizon);
            if (!(discount >= 0 && discount <= 1)) throw new IllegalArgumentException("garnet: discount must be in [0, 1], got " + discount);
            if (horizon == null && discount >= 1)
                throw new IllegalArgumentException("garnet: an infinite horizon needs discount < 1, got " + discount);
        }

        /** 4 actions, 5 successors (or all states if fewer), 16 features, seed 0, horizon 50, discount 1. */
        public Options(int states) { this(states, 4, Math.min(5, states), 16, 0, 50, 1.0); }

        /** Reads the options of a {@code garnet:...} spec, rejecting unknown keys. */
        public static Options fromSpec(EnvSpec spec) {
            spec.checkKeys(INFO.keys());
            Integer horizon = spec.horizonParam("horizon", 50);
            int states = spec.intParam("states", 100);
            return new Options(states, spec.intParam("actions", 4), spec.intParam("branching", Math.min(5, Math.max(1, states))),
                    spec.intParam("features", 16), spec.longParam("seed", 0), horizon,
                    spec.doubleParam("discount", horizon == null ? 0.9 : 1.0));
        }
    }

    /** The Garnet MDP of a {@code garnet:...} spec. */
    public static TabularMdp fromSpec(EnvSpec spec) { return generate(Options.fromSpec(spec)); }

    /** Generates the MDP; see the class comment for the exact order of random draws. */
    public static TabularMdp generate(Options o) {
        int S = o.states(), A = o.actions(), b = o.branching(), F = o.features();
        SplittableRandom rng = new SplittableRandom(o.seed());

        double[] w = new double[F];
        for (int k = 0; k < F; k++) w[k] = rng.nextGaussian();
        double[] phi = new double[S * F];
        for (int i = 0; i < phi.length; i++) phi[i] = rng.nextDouble();

        int rows = S * A;
        int[] rowStart = new int[rows + 1];
        int[] next = new int[rows * b];
        double[] prob = new double[rows * b];
        int[] stamp = b > SCAN_LIMIT ? new int[S] : null; // stamp[t] == row + 1: t already drawn in this row
        for (int r = 0; r < rows; r++) {
            int from = r * b;
            rowStart[r] = from;
            // Floyd's algorithm: a uniform b-subset of 0..S-1 in exactly b draws.
            int n = 0;
            for (int j = S - b; j < S; j++) {
                int t = rng.nextInt(j + 1);
                boolean seen;
                if (stamp == null) {
                    seen = false;
                    for (int k = from; k < from + n; k++) if (next[k] == t) { seen = true; break; }
                } else {
                    seen = stamp[t] == r + 1;
                }
                int pick = seen ? j : t;
                next[from + n++] = pick;
                if (stamp != null) stamp[pick] = r + 1;
            }
            if (stamp == null) insertionSort(next, from, from + b);
            else Arrays.sort(next, from, from + b);
            // Flat Dirichlet: normalised Exp(1) draws; the last entry takes the rounding remainder.
            double sum = 0;
            for (int k = from; k < from + b; k++) sum += prob[k] = rng.nextExponential();
            if (!(sum > 0)) { // every draw exactly 0: probability ~ 2^-53b, but stay valid
                Arrays.fill(prob, from, from + b, 1.0);
                sum = b;
            }
            double acc = 0;
            for (int k = from; k < from + b - 1; k++) acc += prob[k] /= sum;
            prob[from + b - 1] = Math.max(0, 1 - acc);
        }
        rowStart[rows] = rows * b;

        double[] initial = new double[S];
        Arrays.fill(initial, 1.0 / S);
        Features features = new Features(S, F, phi, null);
        TabularReward reward = TabularReward.ofState(features.linear(w, null), A);
        return TabularMdp.of(S, A, rowStart, next, prob, initial, o.discount(), o.horizon(), features, reward);
    }

    private static void insertionSort(int[] a, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int v = a[i], j = i - 1;
            while (j >= from && a[j] > v) { a[j + 1] = a[j]; j--; }
            a[j + 1] = v;
        }
    }
}
