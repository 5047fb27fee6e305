package io.revealed.analysis;

import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;

import java.util.Locale;
import java.util.Objects;

/**
 * The Equivalent-Policy Invariant Comparison pseudometric (Gleave, Dennis, Legg, Russell and Leike,
 * "Quantifying Differences in Reward Functions", ICLR 2021), exact for tabular MDPs.
 *
 * <p>Each reward is first canonically shaped,
 * <pre>  C(R)(s,a,s') = R(s,a,s') + g E[R(s',A,S')] - E[R(s,A,S')] - g E[R(S,A,S')],
 *   A ~ D_A, S, S' ~ D_S independent, </pre>
 * which removes potential shaping whatever the dynamics; then
 * {@code d(R1, R2) = sqrt((1 - rho) / 2)} with rho the Pearson correlation of C(R1) and C(R2) over
 * a coverage distribution of transitions. The distance is in [0, 1] (the paper's 1/2 is kept),
 * 0 for rewards equal up to shaping and positive scaling, 1 for R and -R. Unlike STARC, EPIC does
 * not see through S'-redistribution, and does not use the dynamics except through the coverage.
 * When either canonical reward is constant over the coverage the correlation is undefined:
 * {@link Result#defined()} says so and the distance is NaN, never a made-up number.
 *
 * <p>D_S and D_A default to uniform. Coverage {@link Coverage#UNIFORM} weighs every (s, a, s')
 * equally, O(S^2 A); {@link Coverage#TRANSITIONS} draws s ~ D_S, a ~ D_A and s' from the dynamics,
 * O(nnz).
 */
public final class Epic {

    public enum Coverage {
        UNIFORM, TRANSITIONS;

        public static Coverage parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "uniform" -> UNIFORM;
                case "transitions", "dynamics" -> TRANSITIONS;
                default -> throw new IllegalArgumentException("unknown coverage '" + s + "' (expected uniform or transitions)");
            };
        }

        public String spec() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * @param stateDistribution D_S (null for uniform); must sum to 1
     * @param actionDistribution D_A (null for uniform); must sum to 1
     */
    public record Options(Coverage coverage, double[] stateDistribution, double[] actionDistribution) {
        public Options {
            Objects.requireNonNull(coverage, "coverage");
            checkDistribution("state distribution", stateDistribution);
            checkDistribution("action distribution", actionDistribution);
        }

        public Options() { this(Coverage.UNIFORM, null, null); }

        public Options(Coverage coverage) { this(coverage, null, null); }
    }

    /**
     * A canonical reward whose standard deviation over the coverage is below this fraction of the
     * reward's largest magnitude counts as constant (what is left is rounding).
     */
    public static final double CONSTANT_TOLERANCE = 1e-10;

    /**
     * @param distance sqrt((1 - rho)/2), NaN when undefined
     * @param correlation rho, NaN when undefined
     * @param defined false when a canonical reward is constant over the coverage (equivalent to 0 there)
     */
    public record Result(double distance, double correlation, boolean defined) {}

    private final Options options;

    public Epic(Options options) { this.options = Objects.requireNonNull(options); }

    public Epic() { this(new Options()); }

    public Options options() { return options; }

    public Result distance(TabularMdp mdp, TabularReward r1, TabularReward r2, double discount) {
        if (!(discount >= 0 && discount <= 1)) throw new IllegalArgumentException("the discount must be in [0, 1], got " + discount);
        int S = mdp.states(), A = mdp.actions();
        double[] ds = options.stateDistribution() != null ? options.stateDistribution() : uniform(S);
        double[] da = options.actionDistribution() != null ? options.actionDistribution() : uniform(A);
        if (ds.length != S) throw new IllegalArgumentException("state distribution has " + ds.length + " entries, the MDP has " + S + " states");
        if (da.length != A) throw new IllegalArgumentException("action distribution has " + da.length + " entries, the MDP has " + A + " actions");
        double[] m1 = meanFrom(r1, S, A, ds, da), m2 = meanFrom(r2, S, A, ds, da);
        double c1 = dot(ds, m1), c2 = dot(ds, m2);
        // Two passes over the coverage: means, then centred moments (no cancellation).
        double[] sums = new double[3];
        forCoverage(mdp, r1, r2, discount, ds, da, m1, m2, c1, c2, (w, x, y) -> {
            sums[0] += w; sums[1] += w * x; sums[2] += w * y;
        });
        double mx = sums[1] / sums[0], my = sums[2] / sums[0];
        double[] mom = new double[3];
        forCoverage(mdp, r1, r2, discount, ds, da, m1, m2, c1, c2, (w, x, y) -> {
            double dx = x - mx, dy = y - my;
            mom[0] += w * dx * dx; mom[1] += w * dy * dy; mom[2] += w * dx * dy;
        });
        double vx = mom[0], vy = mom[1], cov = mom[2];
        if (!(Math.sqrt(vx / sums[0]) > CONSTANT_TOLERANCE * maxAbs(r1)) || !(Math.sqrt(vy / sums[0]) > CONSTANT_TOLERANCE * maxAbs(r2)))
            return new Result(Double.NaN, Double.NaN, false);
        double rho = Math.max(-1, Math.min(1, cov / Math.sqrt(vx * vy)));
        return new Result(Math.sqrt((1 - rho) / 2), rho, true);
    }

    private interface Visitor { void visit(double weight, double x, double y); }

    /** Calls {@code v} with every covered transition's weight and the two canonical rewards there. */
    private void forCoverage(TabularMdp mdp, TabularReward r1, TabularReward r2, double g, double[] ds, double[] da,
                             double[] m1, double[] m2, double c1, double c2, Visitor v) {
        int S = mdp.states(), A = mdp.actions();
        int[] rs = mdp.rowStart(), nx = mdp.successors();
        double[] pr = mdp.probabilities();
        for (int s = 0; s < S; s++)
            for (int a = 0; a < A; a++) {
                if (options.coverage() == Coverage.UNIFORM) {
                    for (int s2 = 0; s2 < S; s2++)
                        v.visit(1, r1.value(s, a, s2) + g * m1[s2] - m1[s] - g * c1, r2.value(s, a, s2) + g * m2[s2] - m2[s] - g * c2);
                } else {
                    double base = ds[s] * da[a];
                    if (base == 0) continue;
                    int row = s * A + a;
                    for (int k = rs[row]; k < rs[row + 1]; k++) {
                        int s2 = nx[k];
                        v.visit(base * pr[k], r1.value(s, a, s2) + g * m1[s2] - m1[s] - g * c1, r2.value(s, a, s2) + g * m2[s2] - m2[s] - g * c2);
                    }
                }
            }
    }

    /** {@code m(s) = E_{A ~ D_A, S' ~ D_S}[R(s, A, S')]}. */
    private static double[] meanFrom(TabularReward r, int S, int A, double[] ds, double[] da) {
        double[] m = new double[S];
        for (int s = 0; s < S; s++) {
            double acc = 0;
            for (int a = 0; a < A; a++) {
                if (da[a] == 0) continue;
                double inner;
                if (r.kind() == TabularReward.Kind.TRANSITION) {
                    inner = 0;
                    for (int s2 = 0; s2 < S; s2++) inner += ds[s2] * r.value(s, a, s2);
                } else {
                    inner = r.value(s, a, 0);
                }
                acc += da[a] * inner;
            }
            m[s] = acc;
        }
        return m;
    }

    private static double maxAbs(TabularReward r) {
        double m = 0;
        for (double x : r.values()) m = Math.max(m, Math.abs(x));
        return m;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double[] uniform(int n) {
        double[] u = new double[n];
        java.util.Arrays.fill(u, 1.0 / n);
        return u;
    }

    private static void checkDistribution(String what, double[] p) {
        if (p == null) return;
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0) || !Double.isFinite(p[i])) throw new IllegalArgumentException(what + " entry " + i + " is " + p[i]);
            sum += p[i];
        }
        if (Math.abs(sum - 1) > 1e-9) throw new IllegalArgumentException(what + " sums to " + sum + ", not 1");
    }
}
