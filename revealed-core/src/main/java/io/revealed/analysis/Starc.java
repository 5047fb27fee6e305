package io.revealed.analysis;

import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;

import java.util.Objects;

/**
 * STARC distances between rewards (Skalse et al., "STARC: A General Framework For Quantifying
 * Differences Between Reward Functions", ICLR 2024):
 * <pre>  s(R) = c(R) / n(c(R))   (0 when c(R) = 0),      d(R1, R2) = m(s(R1), s(R2)) / 2, </pre>
 * with c a {@link Canonicalization} (its kernel is exactly potential shaping plus
 * S'-redistribution), n a {@link Norm} and m the distance of a norm. Dividing by 2 puts the
 * distance in [0, 1] when m and n are the same norm: 0 between rewards that differ only by
 * shaping, redistribution and positive scaling, 1 between R and -R, 1/2 between a reward and any
 * reward equivalent to 0. It is a pseudometric (symmetric, triangle inequality), and bounds the
 * worst-case regret of optimising one reward instead of the other from above and below (the
 * paper's main theorem).
 *
 * <p>Defaults: the minimal L2 canonicalisation, the L2 norm and the L2 metric, for which
 * {@code d = sqrt((1 - cos(c(R1), c(R2))) / 2)}. The norms run over the full table of (s, a, s'),
 * unweighted. Cost: two canonicalisations (see each) plus O(nnz).
 */
public final class Starc {

    /**
     * A canonical norm below this fraction of the reward's own norm (over rbar) counts as 0: the
     * reward is equivalent to the zero reward, up to rounding in the canonicalisation.
     */
    public static final double ZERO_TOLERANCE = 1e-9;

    /** @param metric the norm whose distance compares standardised rewards */
    public record Options(Canonicalization canonicalization, Norm norm, Norm metric) {
        public Options {
            Objects.requireNonNull(canonicalization, "canonicalization");
            Objects.requireNonNull(norm, "norm");
            Objects.requireNonNull(metric, "metric");
        }

        public Options() { this(new Canonicalization.MinimalL2(), Norm.L2, Norm.L2); }

        public String spec() { return canonicalization.spec() + "," + norm.spec() + "," + metric.spec(); }
    }

    /**
     * @param distance d(R1, R2) in [0, 1] when norm and metric agree
     * @param norm1 n(c(R1)), 0 when R1 is equivalent to the zero reward
     * @param norm2 n(c(R2))
     */
    public record Result(double distance, double norm1, double norm2) {
        /** Whether either reward is equivalent to 0 (then its standardised form is 0). */
        public boolean degenerate() { return norm1 == 0 || norm2 == 0; }
    }

    private final Options options;

    public Starc(Options options) { this.options = Objects.requireNonNull(options); }

    public Starc() { this(new Options()); }

    public Options options() { return options; }

    /** The distance between two rewards on the MDP's dynamics, measured with {@code discount}. */
    public Result distance(TabularMdp mdp, TabularReward r1, TabularReward r2, double discount) {
        CanonicalReward c1 = options.canonicalization().apply(mdp, r1, discount);
        CanonicalReward c2 = options.canonicalization().apply(mdp, r2, discount);
        double n1 = canonicalNorm(mdp, r1, c1), n2 = canonicalNorm(mdp, r2, c2);
        double d = 0.5 * options.metric().ofDifference(c1.values(), n1, c2.values(), n2, c1.multiplicity());
        return new Result(d, n1, n2);
    }

    /** The standardised reward s(R) = c(R)/n(c(R)) (all zeros when R is equivalent to 0). */
    public CanonicalReward standardize(TabularMdp mdp, TabularReward r, double discount) {
        CanonicalReward c = options.canonicalization().apply(mdp, r, discount);
        double n = canonicalNorm(mdp, r, c);
        double[] v = c.values().clone();
        for (int i = 0; i < v.length; i++) v[i] = n == 0 ? 0 : v[i] / n;
        return new CanonicalReward(c.support(), v, c.states());
    }

    /** n(c(R)), or 0 when it is below {@link #ZERO_TOLERANCE} times the norm of R's own rbar. */
    private double canonicalNorm(TabularMdp mdp, TabularReward r, CanonicalReward c) {
        double n = c.norm(options.norm());
        double scale = options.norm().of(r.expected(mdp, null), mdp.states());
        return n <= ZERO_TOLERANCE * scale ? 0 : n;
    }
}
