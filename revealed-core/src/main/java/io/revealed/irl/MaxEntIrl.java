package io.revealed.irl;

import io.revealed.data.Trajectory;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.optim.Lbfgs;
import io.revealed.planning.Occupancy;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.planning.TabularPolicy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maximum Entropy IRL, the path-based model of Ziebart, Maas, Bagnell and Dey, "Maximum Entropy
 * Inverse Reinforcement Learning", AAAI 2008, for a state reward linear in features,
 * {@code r_theta(s) = theta . phi(s)}, finite-horizon or discounted.
 *
 * <p><b>Model.</b> A demonstrated path is exponentially more likely the more reward it collects:
 * {@code P(zeta | s_0) = exp(sum_t r(s_t)) prod_t P(s_{t+1}|s_t,a_t) / Z(s_0)} (the paper's Eq. 4). The
 * partition function is the backward pass of the paper's Algorithm 1, kept in log space
 * ({@code V = log Z}):
 * <pre>  Q_t(s,a) = r(s) + g log sum_{s'} P(s'|s,a) exp(V_{t+1}(s')),   V_t(s) = log sum_a exp Q_t(s,a),
 *   pi_t(a|s) = exp(Q_t(s,a) - V_t(s)),</pre>
 * with {@code V_H = 0} over a finite horizon H and the stationary fixed point without one (the map is
 * a g-contraction in the sup norm). The discount multiplies the whole log-expectation, so that with
 * a single successor it is MCE IRL's {@code g V(s')}; with g = 1 the recursion is exactly the path
 * partition function. Where MCE IRL ({@link MceIrl}) takes {@code E_{s'}[V(s')]}, this model takes
 * {@code log E_{s'}[exp V(s')]}, which is larger under stochastic dynamics (Jensen): the model acts
 * as if it could pick the lucky outcome of a risky action. The two agree exactly under
 * deterministic dynamics. Every exponential is taken after subtracting the row's maximum, so large
 * rewards do not overflow.
 *
 * <p><b>Objective.</b> The convex function
 * <pre>  f(theta) = E_{s0 ~ p0}[V_0(s0)] - theta . mu_E + (l2 M / 2) |theta|^2 </pre>
 * with M the total discounted visitation as in {@link MceIrl}. With g = 1 and p0 the demonstrations'
 * start distribution (the default) it is the negative log-likelihood per demonstration of the
 * demonstrated paths, less the dynamics' own log-probabilities, which do not depend on theta. Its
 * gradient is {@code mu_theta - mu_E + l2 M theta}, where {@code mu_theta} are the discounted feature
 * expectations of the <em>path distribution</em>: actions drawn from {@code pi_t}, and next states
 * from the tilted dynamics {@code P(s'|s,a) exp(V_{t+1}(s')) / sum_{s''} P(s''|s,a) exp(V_{t+1}(s''))}.
 * The paper's Algorithm 1 propagates its state frequencies with the true dynamics instead; that is
 * the gradient only under deterministic dynamics (where the tilt is the identity), and under
 * stochastic dynamics it is not the gradient of any objective, so a line search cannot rely on it.
 * This class uses the exact gradient; the policy's own feature expectations under the true dynamics
 * (Algorithm 1's) are reported as the metric {@code relative_policy_feature_gap}. Minimised by
 * L-BFGS from theta = 0; stops when {@code max_k |gradient_k| / M} falls below the tolerance.
 *
 * <p>Cost per evaluation: one backward pass and one forward pass over the transitions, each
 * O(H nnz) for a finite horizon or O(iterations nnz) when discounted (the backward pass
 * warm-started from the previous values, the forward pass run until the discounted weight left is
 * below the planning tolerance). Each step exponentiates the values once per state, shifted by
 * their maximum, so that a row costs a multiply-add per transition and one logarithm; a row whose
 * shifted sum underflows (see {@link #SHIFTED_SUM_FLOOR}) is recomputed with its own maximum.
 * Memory {@code (H+1) S} values; the returned finite-horizon policy recomputes its rows from them.
 */
public final class MaxEntIrl implements IrlAlgorithm {

    /**
     * @param tolerance stop when the gradient (the feature gap when l2 = 0) divided by the total visitation mass is below this
     * @param maxIterations cap on L-BFGS iterations
     * @param l2 weight of an L2 penalty on theta relative to the total visitation (as in {@link MceIrl.Options})
     * @param planning stopping rule of the discounted backward and forward passes
     * @param start where the model's paths start: the demonstrations' first states (default) or the MDP's initial distribution
     */
    public record Options(double tolerance, int maxIterations, double l2, PlanningOptions planning, MceIrl.StartDistribution start) {
        public Options {
            java.util.Objects.requireNonNull(planning, "planning");
            java.util.Objects.requireNonNull(start, "start");
            if (!(tolerance > 0) || !Double.isFinite(tolerance)) throw new IllegalArgumentException("tolerance must be a finite number > 0, got " + tolerance);
            if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
            if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        }

        public Options(double tolerance, int maxIterations, double l2, PlanningOptions planning) {
            this(tolerance, maxIterations, l2, planning, MceIrl.StartDistribution.DEMONSTRATIONS);
        }

        /** Tolerance 1e-4, 200 iterations, l2 = {@link MceIrl.Options#DEFAULT_L2}, planning tolerance 1e-9, paths from the demonstrations' starts. */
        public Options() { this(1e-4, 200, MceIrl.Options.DEFAULT_L2, new PlanningOptions(1e-9, 1_000_000)); }
    }

    /**
     * Smallest row sum {@code sum_{s'} P(s'|s,a) exp(V(s') - max V)} trusted to full precision. Below
     * it (every successor more than about 460 nats below the step's best value) the row is recomputed
     * with its own maximum, so no log-expectation is lost to underflow however large the rewards.
     */
    static final double SHIFTED_SUM_FLOOR = 1e-200;

    private final Options options;

    public MaxEntIrl(Options options) { this.options = java.util.Objects.requireNonNull(options, "options"); }

    public MaxEntIrl() { this(new Options()); }

    public Options options() { return options; }

    @Override
    public String name() { return "maxent-irl"; }

    /**
     * Value and gradient of the objective at theta.
     *
     * @param modelFeatures the path distribution's discounted feature expectations
     * @param policy the model's local action probabilities {@code pi_t(a|s) = exp(Q_t(s,a) - V_t(s))}
     * @param values {@code V_0 = log Z_0}, length S
     */
    public record Evaluation(double objective, double[] gradient, double[] modelFeatures, Policy policy, double[] values) {}

    /** Everything fixed across evaluations: MDP, features, expert statistics, warm start. */
    public final class Problem {
        final TabularMdp mdp;
        final Features features;
        final double[] expert;
        final double mass;
        final double[] start;
        private double[] warm; // last discounted values

        public Problem(TabularMdp mdp, List<Trajectory> demos) {
            Demonstrations.check(mdp, demos);
            this.mdp = mdp;
            this.features = Demonstrations.requireFeatures(mdp);
            this.expert = Demonstrations.featureExpectations(mdp, demos);
            this.mass = Backups.visitationMass(mdp);
            this.start = options.start() == MceIrl.StartDistribution.MDP ? mdp.initial() : Demonstrations.startDistribution(mdp, demos);
        }

        /** Expert feature expectations (do not modify). */
        public double[] expertFeatures() { return expert; }

        /** The start distribution of the model's paths (do not modify). */
        public double[] startDistribution() { return start; }

        public Evaluation evaluate(double[] theta) {
            int S = mdp.states();
            double[] r = features.linear(theta, null);
            double[] v = backward(r);
            int H = mdp.finiteHorizon() ? mdp.horizon().getAsInt() : 0;
            double f = 0;
            for (int s = 0; s < S; s++) f += start[s] * v[s];
            double[] model = features.expectation(forward(r, v), null);
            double[] grad = new double[theta.length];
            for (int k = 0; k < theta.length; k++) {
                f += -theta[k] * expert[k] + 0.5 * options.l2() * mass * theta[k] * theta[k];
                grad[k] = model[k] - expert[k] + options.l2() * mass * theta[k];
            }
            return new Evaluation(f, grad, model, policy(r, v, H), Arrays.copyOf(v, S));
        }

        /**
         * Writes {@code e(s') = exp(V(s') - c)} for the values at {@code v[off .. off+S)} and returns
         * {@code c = max V}: one exponential per state, after which a row's expectation
         * {@code E_{s'}[exp V(s')] = e^c sum_{s'} P(s'|s,a) e(s')} costs a multiply-add per transition.
         */
        private double shifted(double[] v, int off, double[] e) {
            int S = mdp.states();
            double c = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < S; s++) c = Math.max(c, v[off + s]);
            for (int s = 0; s < S; s++) e[s] = Math.exp(v[off + s] - c);
            return c;
        }

        /** {@code sum_{s'} P(s'|row) e(s')}: the row's expectation of the shifted exponentials. */
        private double rowSum(int row, double[] e) {
            int[] rs = mdp.rowStart(), nx = mdp.successors();
            double[] pr = mdp.probabilities();
            double z = 0;
            for (int k = rs[row], end = rs[row + 1]; k < end; k++) z += pr[k] * e[nx[k]];
            return z;
        }

        /**
         * {@code L(s,a) = log E_{s'}[exp V(s')]} from the shifted exponentials when their row sum is
         * at least {@link #SHIFTED_SUM_FLOOR}, otherwise recomputed with the row's own maximum.
         */
        private double logExpectation(int row, double z, double c, double[] v, int off) {
            return z >= SHIFTED_SUM_FLOOR ? c + Math.log(z) : Backups.logExpectedExp(mdp, row, v, off);
        }

        /**
         * {@code Q_t(s,.)} into {@code q} and {@code z(s,a)} into {@code sums} (may be null), with V at
         * {@code v[off ..]} and its shifted exponentials in {@code e} (null to take each row's own maximum).
         */
        private void actionValues(double[] r, double[] v, int off, double c, double[] e, int s, double[] q, double[] sums) {
            int A = mdp.actions();
            double g = mdp.discount();
            for (int a = 0, row = s * A; a < A; a++, row++) {
                double z = e == null ? 0 : rowSum(row, e);
                if (sums != null) sums[a] = z;
                double l = e == null ? Backups.logExpectedExp(mdp, row, v, off) : logExpectation(row, z, c, v, off);
                q[a] = g == 0 ? r[s] : r[s] + g * l;
            }
        }

        /** The backward pass: {@code V_t} for t = 0..H at {@code v[t*S ..]} (finite horizon), or the fixed point (length S). */
        private double[] backward(double[] r) {
            int S = mdp.states(), A = mdp.actions();
            double g = mdp.discount();
            double[] q = new double[A], e = new double[S];
            if (mdp.finiteHorizon()) {
                int H = mdp.horizon().getAsInt();
                double[] v = new double[Math.multiplyExact(H + 1, S)];
                for (int t = H - 1; t >= 0; t--) {
                    int off = (t + 1) * S;
                    double c = shifted(v, off, e);
                    for (int s = 0; s < S; s++) {
                        actionValues(r, v, off, c, e, s, q, null);
                        v[t * S + s] = Backups.logSumExp(q, A);
                    }
                }
                return v;
            }
            double[] v = warm == null ? new double[S] : warm.clone(), next = new double[S];
            PlanningOptions po = options.planning();
            double diff = Double.NaN;
            for (int it = 0; it < po.maxIterations(); it++) {
                double c = shifted(v, 0, e);
                diff = 0;
                for (int s = 0; s < S; s++) {
                    actionValues(r, v, 0, c, e, s, q, null);
                    next[s] = Backups.logSumExp(q, A);
                    diff = Math.max(diff, Math.abs(next[s] - v[s]));
                }
                double[] tmp = v;
                v = next;
                next = tmp;
                if (Backups.converged(diff, g, po.tolerance())) {
                    warm = v.clone();
                    return v;
                }
            }
            throw new PlanningOptions.NotConvergedException("MaxEnt soft value iteration did not converge in " + po.maxIterations() + " iterations (last change " + diff + ")");
        }

        /**
         * The forward pass: the discounted state visitation {@code sum_t g^t D_t} of the path
         * distribution, {@code D_{t+1}(s') = sum_{s,a} D_t(s) pi_t(a|s) P(s'|s,a) exp(V_{t+1}(s')) / E_{s''}[exp V_{t+1}(s'')]}.
         */
        private double[] forward(double[] r, double[] v) {
            int S = mdp.states(), A = mdp.actions();
            int[] rs = mdp.rowStart(), nx = mdp.successors();
            double[] pr = mdp.probabilities();
            double g = mdp.discount();
            boolean finite = mdp.finiteHorizon();
            int steps = finite ? mdp.horizon().getAsInt() : Backups.discountedSteps(g, options.planning(), "the discounted MaxEnt visitation");
            double[] d = start.clone(), next = new double[S], decision = new double[S];
            double[] q = new double[A], sums = new double[A], e = new double[S];
            double c = finite ? 0 : shifted(v, 0, e);
            double weight = 1;
            for (int t = 0; t < steps; t++) {
                for (int s = 0; s < S; s++) decision[s] += weight * d[s];
                if (t == steps - 1) break;
                int off = finite ? (t + 1) * S : 0;
                if (finite) c = shifted(v, off, e);
                Arrays.fill(next, 0);
                for (int s = 0; s < S; s++) {
                    double ds = d[s];
                    if (ds == 0) continue;
                    actionValues(r, v, off, c, e, s, q, sums);
                    Backups.softmax(q, A, 1, q, 0);
                    for (int a = 0, row = s * A; a < A; a++, row++) {
                        double m = ds * q[a];
                        if (m == 0) continue;
                        if (sums[a] >= SHIFTED_SUM_FLOOR) {
                            double f = m / sums[a];
                            for (int k = rs[row], end = rs[row + 1]; k < end; k++) next[nx[k]] += f * pr[k] * e[nx[k]];
                        } else {
                            double l = Backups.logExpectedExp(mdp, row, v, off);
                            for (int k = rs[row], end = rs[row + 1]; k < end; k++)
                                if (pr[k] > 0) next[nx[k]] += m * pr[k] * Math.exp(v[off + nx[k]] - l);
                        }
                    }
                }
                double[] tmp = d;
                d = next;
                next = tmp;
                weight *= g;
            }
            return decision;
        }

        /** The model's local action probabilities: time-indexed and recomputed from v, or a stationary table. */
        private Policy policy(double[] r, double[] v, int H) {
            int S = mdp.states(), A = mdp.actions();
            // Row by row, each with its own maximum: no shared scratch, so safe from several threads.
            if (H > 0) return new Backups.RecomputedPolicy(S, A, H, 1, (t, s, out) -> actionValues(r, v, (t + 1) * S, 0, null, s, out, null));
            double[] p = new double[S * A];
            double[] q = new double[A], e = new double[S];
            double c = shifted(v, 0, e);
            for (int s = 0; s < S; s++) {
                actionValues(r, v, 0, c, e, s, q, null);
                Backups.softmax(q, A, 1, p, s * A);
            }
            return new TabularPolicy(S, A, 0, p);
        }

        /** {@code max_k |mu_model - mu_E|_k / mass}: the feature-expectation gap relative to the visitation. */
        double relativeGap(double[] modelFeatures) {
            double gap = 0;
            for (int k = 0; k < expert.length; k++) gap = Math.max(gap, Math.abs(modelFeatures[k] - expert[k]));
            return gap / mass;
        }

        /** {@code max_k |gradient_k| / mass}, the stopping criterion: the gap itself when l2 = 0. */
        double relativeGradient(double[] gradient) {
            double m = 0;
            for (double x : gradient) m = Math.max(m, Math.abs(x));
            return m / mass;
        }
    }

    @Override
    public IrlResult fit(TabularMdp mdp, List<Trajectory> demos, IrlListener listener) {
        Problem problem = new Problem(mdp, demos);
        int K = problem.features.dimension();
        GradientFit.Outcome<Evaluation> out = new GradientFit<Evaluation>(problem::evaluate, Evaluation::objective, Evaluation::gradient,
                e -> problem.relativeGap(e.modelFeatures()), problem::relativeGradient)
                .run(K, options.maxIterations(), options.tolerance(), listener);
        Lbfgs.Result res = out.result();
        double[] theta = res.x();
        Evaluation fin = out.last();
        TabularReward reward = TabularReward.ofState(problem.features.linear(theta, null), mdp.actions());
        // Algorithm 1's statistic: the feature expectations of the policy under the true dynamics.
        double[] policyFeatures = problem.features.expectation(
                Occupancy.visitation(mdp, fin.policy(), problem.start, options.planning()).decision(), null);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("objective", res.f());
        metrics.put("nll_per_demo", Demonstrations.negativeLogLikelihood(mdp, fin.policy(), demos));
        metrics.put("nll_per_step", metrics.get("nll_per_demo") / Backups.meanSteps(mdp, demos));
        metrics.put("feature_gap", problem.relativeGap(fin.modelFeatures()) * problem.mass);
        metrics.put("relative_feature_gap", problem.relativeGap(fin.modelFeatures()));
        metrics.put("relative_policy_feature_gap", problem.relativeGap(policyFeatures));
        metrics.put("relative_gradient", problem.relativeGradient(fin.gradient()));
        metrics.put("iterations", (double) res.iterations());
        metrics.put("evaluations", (double) res.evaluations());
        return new IrlResult(name(), theta, reward, fin.policy(), res.iterations(), out.converged(), out.stopReason(), metrics, out.curve());
    }
}
