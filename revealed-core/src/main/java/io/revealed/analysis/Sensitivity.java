package io.revealed.analysis;

import io.revealed.behavior.BehaviorModel;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.MaxCausalEntropy;
import io.revealed.behavior.Optimal;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.planning.TabularPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How wrong an inferred reward is when the behavioural model is misspecified (Skalse and Abate,
 * "Quantifying the Sensitivity of Inverse Reinforcement Learning to Misspecification", ICLR 2024).
 *
 * <p>The data come from a process g applied to the true reward R in the true MDP (dynamics tau,
 * discount gamma); the user infers a reward by inverting the policy under the model f they assume,
 * with the dynamics and discount they assume: {@code R_hat = f^{-1}(g(R))}. This class computes that
 * for a sweep of perturbation sizes, and reports the STARC distance {@code d(R, R_hat)} measured
 * with explicit dynamics and discount (by default the true ones), and the regret of acting
 * optimally for R_hat in the true MDP, measured under R.
 *
 * <p>Perturbations, each at size {@code e >= 0} (size 0 is the well-specified case):
 * <ul>
 *   <li>{@link Perturbation#TEMPERATURE}: the data come from f with its temperature multiplied
 *       by {@code 1 + e} (beta for Boltzmann, alpha for MCE). The paper predicts distance 0 at every e.</li>
 *   <li>{@link Perturbation#DISCOUNT}: f assumes the discount {@code gamma - e} (floored at 0).</li>
 *   <li>{@link Perturbation#DYNAMICS}: f assumes the dynamics {@code (1 - e) tau + e tau_noise}, with
 *       tau_noise uniform over all states unless another MDP's dynamics are given.</li>
 *   <li>{@link Perturbation#MODEL}: the data policy is {@code (1 - e) f(R) + e h(R)} for another model h.</li>
 *   <li>{@link Perturbation#POLICY}: the observed policy is {@code (1 - e) f(R) + e u}, u a seeded
 *       random policy: a small perturbation of the observed policy.</li>
 * </ul>
 * Inverses are closed-form for Boltzmann and MCE ({@link Inverses}). The optimality model's inverse is
 * set-valued; its representative here is the reward that is 0 on the actions the observed policy
 * uses and -1 on the others (it makes exactly those actions optimal). A full-support policy, such as
 * any slightly perturbed one, makes every action optimal, so the representative becomes the zero
 * reward and the distance 1/2: the optimality model is not robust to any perturbation.
 *
 * <p><b>Which inferred reward.</b> f^{-1}(pi) is a whole class: every reward that differs from a
 * representative by potential shaping and S'-redistribution <em>under the assumed dynamics and
 * discount</em>. Under the true ones these rewards are no longer all equivalent, so the error depends
 * on which member one takes (the paper's worst case is over all of them). Here the member is the
 * canonical one the assumed model singles out: the reward of least L2 norm in the class (the
 * minimal canonicalisation under the assumed dynamics and discount). It is equivalent to R when
 * nothing is misspecified, and it does not depend on how the closed-form inverse happened to be
 * written (the Boltzmann inverse as an r(s,a,s') reward, for example, is the same under every
 * dynamics, although the class it stands for is not).
 *
 * <p>Needs discounted infinite-horizon MDPs (stationary policies). Cost per point: solving the data
 * model, one inversion (dense r(s,a,s'), S*A*S) and one STARC distance.
 */
public final class Sensitivity {

    public enum Perturbation {
        TEMPERATURE, DISCOUNT, DYNAMICS, MODEL, POLICY;

        public static Perturbation parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown perturbation '" + s + "' (expected temperature, discount, dynamics, model or policy)");
            }
        }

        public String spec() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * @param assumed the model f the user inverts with
     * @param other the model h mixed in by {@link Perturbation#MODEL}
     * @param noise dynamics mixed in by {@link Perturbation#DYNAMICS} (null: uniform over states)
     * @param distance STARC options of d(R, R_hat)
     * @param measureDiscount discount d is measured with (NaN: the true one)
     * @param measureOnAssumedDynamics measure d on the assumed (perturbed) dynamics instead of the true ones
     * @param seed seed of the random policy of {@link Perturbation#POLICY}
     */
    public record Options(BehaviorModel assumed, BehaviorModel other, TabularMdp noise, Starc.Options distance,
                          double measureDiscount, boolean measureOnAssumedDynamics, long seed) {
        public Options {
            Objects.requireNonNull(assumed, "assumed");
            Objects.requireNonNull(other, "other");
            Objects.requireNonNull(distance, "distance");
            if (!Double.isNaN(measureDiscount) && !(measureDiscount >= 0 && measureDiscount <= 1))
                throw new IllegalArgumentException("the measuring discount must be in [0, 1], got " + measureDiscount);
        }

        /** Boltzmann(beta = 5) assumed, MCE(alpha = 1) as the other model, default STARC, true dynamics and discount. */
        public Options() { this(new Boltzmann(5), new MaxCausalEntropy(1), null, new Starc.Options(), Double.NaN, false, 0); }

        public Options withAssumed(BehaviorModel m) { return new Options(m, other, noise, distance, measureDiscount, measureOnAssumedDynamics, seed); }
    }

    /**
     * One point of a sweep.
     *
     * @param distance STARC d(R, R_hat)
     * @param regret optimal true value minus the true value of the policy optimal for R_hat (true MDP)
     * @param regretNormalized regret over (optimal - random) true value
     */
    public record Point(Perturbation perturbation, double size, String setting, double distance, double regret, double regretNormalized) {}

    private Sensitivity() {}

    /** The sweep of one perturbation over the given sizes. */
    public static List<Point> sweep(TabularMdp mdp, TabularReward trueReward, Perturbation p, double[] sizes, Options o) {
        if (mdp.finiteHorizon())
            throw new IllegalArgumentException("sensitivity analysis needs a discounted infinite-horizon MDP (stationary policies); give --horizon none and a --discount below 1");
        BehaviorModel f = o.assumed();
        if (p == Perturbation.TEMPERATURE && f instanceof Optimal)
            throw new IllegalArgumentException("the optimality model has no temperature to misspecify; choose another perturbation or assume boltzmann or mce");
        List<Point> out = new ArrayList<>();
        PlanningOptions planning = new PlanningOptions();
        double[] rsa = trueReward.expected(mdp, null);
        double measureG = Double.isNaN(o.measureDiscount()) ? mdp.discount() : o.measureDiscount();
        Policy fPolicy = f.solve(mdp, rsa, planning).policy();
        TabularPolicy random = randomPolicy(mdp.states(), mdp.actions(), o.seed());
        TabularMdp noise = o.noise() != null ? o.noise() : uniformDynamics(mdp);
        for (double e : sizes) {
            if (!(e >= 0) || !Double.isFinite(e)) throw new IllegalArgumentException("perturbation sizes must be >= 0, got " + e);
            if (e > 1 && p != Perturbation.TEMPERATURE && p != Perturbation.DISCOUNT)
                throw new IllegalArgumentException(p.spec() + " perturbation sizes are mixing weights in [0, 1], got " + e);
            TabularMdp assumedMdp = mdp;
            Policy observed;
            String setting;
            switch (p) {
                case TEMPERATURE -> {
                    BehaviorModel g = rescaled(f, 1 + e);
                    observed = g.solve(mdp, rsa, planning).policy();
                    setting = "data " + g.spec() + ", assumed " + f.spec();
                }
                case DISCOUNT -> {
                    double gAssumed = Math.max(0, mdp.discount() - e);
                    assumedMdp = mdp.withDiscountAndHorizon(gAssumed, null);
                    observed = fPolicy;
                    setting = String.format(Locale.ROOT, "assumed discount %.6g (true %.6g)", gAssumed, mdp.discount());
                }
                case DYNAMICS -> {
                    assumedMdp = mix(mdp, noise, e);
                    observed = fPolicy;
                    setting = String.format(Locale.ROOT, "assumed dynamics %.3g true + %.3g %s", 1 - e, e, o.noise() != null ? "other" : "uniform");
                }
                case MODEL -> {
                    observed = mixPolicies(fPolicy, o.other().solve(mdp, rsa, planning).policy(), e);
                    setting = String.format(Locale.ROOT, "data %.3g %s + %.3g %s", 1 - e, f.spec(), e, o.other().spec());
                }
                case POLICY -> {
                    observed = mixPolicies(fPolicy, random, e);
                    setting = String.format(Locale.ROOT, "observed %.3g f(R) + %.3g random policy (seed %d)", 1 - e, e, o.seed());
                }
                default -> throw new AssertionError(p);
            }
            TabularReward inferred = leastNorm(assumedMdp, invert(f, assumedMdp, observed));
            TabularMdp measureMdp = o.measureOnAssumedDynamics() ? assumedMdp : mdp;
            double d = new Starc(o.distance()).distance(measureMdp, trueReward, inferred, measureG).distance();
            ValueDifference.Evd evd = ValueDifference.evd(mdp, rsa, inferred.expected(mdp, null), planning);
            out.add(new Point(p, e, setting, d, evd.evd(), evd.normalized()));
        }
        return out;
    }

    /**
     * The least-L2-norm reward equivalent to {@code r} under the MDP's dynamics and discount: its
     * minimal canonicalisation, as a dense r(s,a,s') (0 off the MDP's transitions).
     */
    static TabularReward leastNorm(TabularMdp mdp, TabularReward r) {
        CanonicalReward c = new Canonicalization.MinimalL2().apply(mdp, r, mdp.discount());
        int S = mdp.states(), A = mdp.actions();
        double[] dense = new double[Math.toIntExact((long) S * A * S)];
        int[] rs = mdp.rowStart(), nx = mdp.successors();
        for (int row = 0; row < S * A; row++)
            for (int k = rs[row]; k < rs[row + 1]; k++) dense[row * S + nx[k]] += c.values()[k];
        return TabularReward.ofTransition(S, A, dense);
    }

    /** f^{-1}(policy) on the assumed MDP; for the optimality model the support representative. */
    static TabularReward invert(BehaviorModel f, TabularMdp assumed, Policy policy) {
        if (f instanceof Optimal opt) return optimalRepresentative(assumed, policy, opt.tolerance());
        return Inverses.invert(f, assumed, policy);
    }

    /** 0 on the actions the policy takes (probability above tol), -1 on the others. */
    static TabularReward optimalRepresentative(TabularMdp mdp, Policy policy, double tol) {
        int S = mdp.states(), A = mdp.actions();
        double[] r = new double[S * A], p = new double[A];
        for (int s = 0; s < S; s++) {
            policy.probabilities(0, s, p);
            for (int a = 0; a < A; a++) r[s * A + a] = p[a] > tol ? 0 : -1;
        }
        return TabularReward.ofStateAction(S, A, r);
    }

    static BehaviorModel rescaled(BehaviorModel m, double factor) {
        return switch (m) {
            case Boltzmann b -> new Boltzmann(b.beta() * factor);
            case MaxCausalEntropy c -> new MaxCausalEntropy(c.alpha() * factor);
            case Optimal o -> o;
        };
    }

    /** (1 - e) p + e q, state by state (both stationary). */
    static TabularPolicy mixPolicies(Policy p, Policy q, double e) {
        int S = p.states(), A = p.actions();
        double[] out = new double[S * A], a = new double[A], b = new double[A];
        for (int s = 0; s < S; s++) {
            p.probabilities(0, s, a);
            q.probabilities(0, s, b);
            double sum = 0;
            for (int i = 0; i < A; i++) sum += out[s * A + i] = (1 - e) * a[i] + e * b[i];
            for (int i = 0; i < A; i++) out[s * A + i] /= sum;
        }
        return new TabularPolicy(S, A, 0, out);
    }

    /** A random stationary policy with full support: each row uniform weights in [0.05, 1.05), normalised. */
    static TabularPolicy randomPolicy(int S, int A, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] p = new double[S * A];
        for (int s = 0; s < S; s++) {
            double sum = 0;
            for (int a = 0; a < A; a++) sum += p[s * A + a] = 0.05 + r.nextDouble();
            for (int a = 0; a < A; a++) p[s * A + a] /= sum;
        }
        return new TabularPolicy(S, A, 0, p);
    }

    /** Dynamics that go to every state with equal probability, whatever the action. */
    static TabularMdp uniformDynamics(TabularMdp mdp) {
        int S = mdp.states(), A = mdp.actions();
        long nnz = (long) S * A * S;
        if (nnz > 50_000_000L) throw new IllegalArgumentException("uniform noise dynamics would have " + nnz + " transitions; give another MDP's dynamics as the noise");
        int[] rs = new int[S * A + 1], nx = new int[(int) nnz];
        double[] pr = new double[(int) nnz];
        for (int r = 0; r < S * A; r++) {
            rs[r + 1] = (r + 1) * S;
            for (int s2 = 0; s2 < S; s2++) {
                nx[r * S + s2] = s2;
                pr[r * S + s2] = 1.0 / S;
            }
        }
        return TabularMdp.of(S, A, rs, nx, pr, mdp.initial(), mdp.discount(), null, mdp.features(), null);
    }

    /** The MDP with dynamics {@code (1 - e) tau + e tau_other} (same discount, initial distribution and features). */
    public static TabularMdp mix(TabularMdp mdp, TabularMdp other, double e) {
        int S = mdp.states(), A = mdp.actions();
        if (other.states() != S || other.actions() != A)
            throw new IllegalArgumentException("the noise dynamics have " + other.states() + " states and " + other.actions() + " actions, the MDP has " + S + " and " + A);
        if (e == 0) return mdp;
        double[] acc = new double[S];
        boolean[] seen = new boolean[S];
        int[] touched = new int[S];
        int[] rs = new int[S * A + 1];
        Growing out = new Growing(mdp.transitions() + other.transitions());
        for (int r = 0; r < S * A; r++) {
            int n = 0;
            for (int pass = 0; pass < 2; pass++) {
                TabularMdp m = pass == 0 ? mdp : other;
                double w = pass == 0 ? 1 - e : e;
                if (w == 0) continue;
                for (int k = m.rowStart()[r]; k < m.rowStart()[r + 1]; k++) {
                    int s2 = m.successors()[k];
                    if (!seen[s2]) { seen[s2] = true; touched[n++] = s2; }
                    acc[s2] += w * m.probabilities()[k];
                }
            }
            java.util.Arrays.sort(touched, 0, n);
            for (int i = 0; i < n; i++) {
                int s2 = touched[i];
                out.add(s2, acc[s2]);
                acc[s2] = 0;
                seen[s2] = false;
            }
            rs[r + 1] = out.size;
        }
        return TabularMdp.of(S, A, rs, out.trimmedSuccessors(), out.trimmedProbabilities(), mdp.initial(), mdp.discount(),
                mdp.finiteHorizon() ? mdp.horizon().getAsInt() : null, mdp.features(), mdp.reward());
    }

    private static final class Growing {
        int[] nx;
        double[] pr;
        int size;

        Growing(int capacity) { nx = new int[Math.max(capacity, 4)]; pr = new double[nx.length]; }

        void add(int s2, double p) {
            if (size == nx.length) { nx = java.util.Arrays.copyOf(nx, 2 * size); pr = java.util.Arrays.copyOf(pr, 2 * size); }
            nx[size] = s2;
            pr[size++] = p;
        }

        int[] trimmedSuccessors() { return java.util.Arrays.copyOf(nx, size); }

        double[] trimmedProbabilities() { return java.util.Arrays.copyOf(pr, size); }
    }
}
