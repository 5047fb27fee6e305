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
 * Maximum-likelihood IRL (MLIRL; Babes-Vroman, Marivate, Subramanian and Littman, "Apprenticeship
 * Learning About Multiple Intentions", ICML 2011) for a state reward linear in features,
 * {@code r_theta(s) = theta . phi(s)}, finite-horizon or discounted.
 *
 * <p><b>Model.</b> The demonstrator is Boltzmann-rational, {@code pi_t(a|s) = exp(beta Q_t(s,a)) / sum_b exp(beta Q_t(s,b))},
 * with Q from a differentiable value iteration:
 * <pre>  Q_t(s,a) = r(s) + g sum_{s'} P(s'|s,a) V_{t+1}(s'),   V_t(s) = sum_a pi_t(a|s) Q_t(s,a)   ({@link Backup#BOLTZMANN}),</pre>
 * the paper's Boltzmann backup, which tends to the hard max (so Q to Q*) as beta grows; or
 * {@code V_t(s) = (1/beta) log sum_a exp(beta Q_t(s,a))} ({@link Backup#LOG_SUM_EXP}), the soft (MCE)
 * backup at temperature 1/beta, which adds an entropy bonus but is a g-contraction. {@code V_H = 0}
 * over a finite horizon H (time-indexed policy); without a horizon the stationary fixed point.
 * The Boltzmann backup is not a contraction in general (Asadi and Littman 2017): if its iteration
 * does not settle, a {@link PlanningOptions.NotConvergedException} says so; use LOG_SUM_EXP then.
 *
 * <p><b>Objective.</b> The negative log-likelihood of the demonstrated actions per demonstration,
 * {@code f(theta) = -(1/N) sum_i sum_t log pi_t(a_t|s_t) + (l2 T / 2) |theta|^2}, with T the mean
 * number of counted steps per demonstration (the first H for a finite horizon, all of them
 * otherwise; T = M of {@link MceIrl} when g = 1) so that l2 means the same at every length. Every
 * step counts with weight 1: the likelihood is not discounted. Not convex in general.
 *
 * <p><b>Gradient</b>, exact, by reverse-mode differentiation through the value iteration. With
 * {@code w(s,a) = dV(s)/dQ(s,a)}, which is {@code pi(a|s) (1 + beta (Q(s,a) - V(s)))} for the
 * Boltzmann backup (from {@code d pi = beta pi (dQ - sum_b pi_b dQ_b)}) and {@code pi(a|s)} for
 * log-sum-exp, the adjoint of Q_t is
 * {@code G_t(s,a) = -beta (c_t(s,a) - n_t(s) pi_t(a|s)) + w_t(s,a) U_t(s)}, where {@code c_t(s,a)} counts
 * the demonstrations' (s, a) at step t (over N), {@code n_t(s) = sum_a c_t(s,a)}, and the adjoint of the
 * values is propagated forward in time: {@code U_0 = 0}, {@code U_{t+1}(s') = g sum_{s,a} P(s'|s,a) G_t(s,a)}.
 * Then {@code df/dr(s) = sum_t sum_a G_t(s,a)} and {@code df/dtheta = Phi^T df/dr}. For a discounted
 * problem the counts are summed over time, {@code l(s,a) = -beta (c(s,a) - n(s) pi(a|s))}, and U solves
 * the fixed point {@code U(s') = g sum_{s,a} P(s'|s,a) (l(s,a) + w(s,a) U(s))}, iterated to the planning
 * tolerance (its rate is that of the value iteration near the fixed point).
 *
 * <p><b>Saturation.</b> {@code log pi} is computed as {@code beta (Q(s,a) - max_b Q(s,b)) - log sum_b exp(beta (Q(s,b) - max))},
 * finite for any finite Q, with a derivative in Q bounded by beta. A saturated policy (a
 * demonstrated action whose probability underflows to 0) therefore costs a large finite amount
 * with a useful gradient, where {@code log} of the probability would be {@code -infinity} after
 * one long step; no clipping is needed, and clipping at a floor would zero the gradient exactly
 * where it is needed. The L2 penalty keeps the weights bounded when the demonstrations are
 * deterministic in some state (the likelihood then rises towards an infinite reward).
 *
 * <p><b>beta.</b> For both backups, the values of the reward {@code c r} at inverse temperature
 * {@code beta / c} are c times those of r at beta, so the policy depends on theta only through
 * {@code beta theta}: beta sets the scale of the returned weights and, with l2, the strength of the
 * prior, nothing else. The default 1 puts the weights on the scale of MCE IRL's (temperature 1).
 *
 * <p>Minimised by L-BFGS from theta = 0; stops when {@code max_k |gradient_k| / T} is below the
 * tolerance. Cost per evaluation: one backward pass of the values and one forward pass of the
 * adjoints, O(H nnz) each for a finite horizon, O(iterations nnz) when discounted (both warm-started
 * from the previous evaluation), independent of the number of features apart from the final
 * O(S K) product with the features. Memory {@code (H+1) S} values; the finite-horizon policy
 * recomputes its rows from them.
 */
public final class Mlirl implements IrlAlgorithm {

    /** The value backup that turns action values into state values. */
    public enum Backup {
        /** {@code V(s) = sum_a pi(a|s) Q(s,a)}: the paper's; tends to max_a Q as beta grows. */
        BOLTZMANN,
        /** {@code V(s) = (1/beta) log sum_a exp(beta Q(s,a))}: the soft backup, a contraction. */
        LOG_SUM_EXP
    }

    /**
     * @param beta inverse temperature of the Boltzmann policy; only scales the weights (see the class comment)
     * @param backup value backup, {@link Backup#BOLTZMANN} as in the paper
     * @param tolerance stop when {@code max_k |gradient_k|} divided by the mean steps per demonstration is below this
     * @param maxIterations cap on L-BFGS iterations
     * @param l2 weight of an L2 penalty on theta relative to the steps per demonstration (0 for none)
     * @param planning stopping rule of the discounted value and adjoint iterations
     */
    public record Options(double beta, Backup backup, double tolerance, int maxIterations, double l2, PlanningOptions planning) {
        public Options {
            java.util.Objects.requireNonNull(backup, "backup");
            java.util.Objects.requireNonNull(planning, "planning");
            if (!(beta > 0) || !Double.isFinite(beta)) throw new IllegalArgumentException("beta must be a finite number > 0, got " + beta);
            if (!(tolerance > 0) || !Double.isFinite(tolerance)) throw new IllegalArgumentException("tolerance must be a finite number > 0, got " + tolerance);
            if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
            if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        }

        /** beta 1, the Boltzmann backup, tolerance 1e-4, 200 iterations, l2 = {@link MceIrl.Options#DEFAULT_L2}, planning tolerance 1e-9. */
        public Options() { this(1.0, Backup.BOLTZMANN, 1e-4, 200, MceIrl.Options.DEFAULT_L2, new PlanningOptions(1e-9, 1_000_000)); }
    }

    private final Options options;

    public Mlirl(Options options) { this.options = java.util.Objects.requireNonNull(options, "options"); }

    public Mlirl() { this(new Options()); }

    public Options options() { return options; }

    @Override
    public String name() { return "mlirl"; }

    /**
     * Value and gradient of the objective at theta.
     *
     * @param nll the negative log-likelihood per demonstration, without the penalty
     * @param policy the Boltzmann policy of the model
     * @param values V_0, length S
     */
    public record Evaluation(double objective, double nll, double[] gradient, Policy policy, double[] values) {}

    /** Everything fixed across evaluations: MDP, features, demonstrations, warm starts. */
    public final class Problem {
        final TabularMdp mdp;
        final Features features;
        final List<Trajectory> demos;
        final double steps; // mean counted steps per demonstration
        final double[] counts, visits; // discounted: c(s,a) and n(s) summed over time, divided by N
        private double[] warmV, warmU;

        public Problem(TabularMdp mdp, List<Trajectory> demos) {
            Demonstrations.check(mdp, demos);
            this.mdp = mdp;
            this.features = Demonstrations.requireFeatures(mdp);
            this.demos = List.copyOf(demos);
            this.steps = Backups.meanSteps(mdp, demos);
            int S = mdp.states(), A = mdp.actions();
            if (mdp.finiteHorizon()) {
                counts = null;
                visits = null;
            } else {
                counts = new double[S * A];
                visits = new double[S];
                double w = 1.0 / demos.size();
                for (Trajectory d : demos)
                    for (int t = 0; t < d.length(); t++) {
                        counts[d.states()[t] * A + d.actions()[t]] += w;
                        visits[d.states()[t]] += w;
                    }
            }
        }

        public Evaluation evaluate(double[] theta) {
            double[] r = features.linear(theta, null);
            return mdp.finiteHorizon() ? finiteHorizon(theta, r) : discounted(theta, r);
        }

        /** {@code q[a] = r(s) + g E_{s'}[V(s')]} with V read at {@code v[off ..]}. */
        private void actionValues(double[] r, double[] v, int off, int s, double[] q) {
            int A = mdp.actions();
            double g = mdp.discount();
            for (int a = 0, row = s * A; a < A; a++, row++) q[a] = g == 0 ? r[s] : r[s] + g * Backups.expectation(mdp, row, v, off);
        }

        /**
         * The backup of one state: writes pi into {@code pi}, {@code w = dV/dQ} into {@code w} (may be
         * null) and {@code log pi} into {@code logPi} (may be null); returns V.
         */
        private double backup(double[] q, double[] pi, double[] w, double[] logPi) {
            int A = q.length;
            double beta = options.beta();
            double m = q[0];
            for (int a = 1; a < A; a++) if (q[a] > m) m = q[a];
            double sum = 0;
            for (int a = 0; a < A; a++) sum += pi[a] = Math.exp(beta * (q[a] - m));
            double logSum = Math.log(sum), inv = 1 / sum;
            for (int a = 0; a < A; a++) pi[a] *= inv;
            if (logPi != null) for (int a = 0; a < A; a++) logPi[a] = beta * (q[a] - m) - logSum;
            double v;
            if (options.backup() == Backup.BOLTZMANN) {
                v = 0;
                for (int a = 0; a < A; a++) v += pi[a] * q[a];
                if (w != null) for (int a = 0; a < A; a++) w[a] = pi[a] * (1 + beta * (q[a] - v));
            } else {
                v = m + logSum / beta;
                if (w != null) System.arraycopy(pi, 0, w, 0, A);
            }
            return v;
        }

        private Evaluation finiteHorizon(double[] theta, double[] r) {
            int S = mdp.states(), A = mdp.actions(), H = mdp.horizon().getAsInt();
            double g = mdp.discount(), beta = options.beta();
            int[] rs = mdp.rowStart(), nx = mdp.successors();
            double[] pr = mdp.probabilities();
            double[] q = new double[A], pi = new double[A], w = new double[A], logPi = new double[A];
            // Values, backwards in time.
            double[] v = new double[Math.multiplyExact(H + 1, S)];
            for (int t = H - 1; t >= 0; t--)
                for (int s = 0; s < S; s++) {
                    actionValues(r, v, (t + 1) * S, s, q);
                    v[t * S + s] = backup(q, pi, null, null);
                }
            // Adjoints, forwards in time: u = dNLL/dV_t, next = dNLL/dV_{t+1}, dr = dNLL/dr.
            double[] u = new double[S], next = new double[S], dr = new double[S];
            double[] c = new double[S * A], n = new double[S];
            double weight = 1.0 / demos.size(), nll = 0;
            for (int t = 0; t < H; t++) {
                for (Trajectory d : demos) {
                    c[d.states()[t] * A + d.actions()[t]] += weight;
                    n[d.states()[t]] += weight;
                }
                boolean last = t == H - 1;
                if (!last) Arrays.fill(next, 0);
                int off = (t + 1) * S;
                for (int s = 0; s < S; s++) {
                    if (u[s] == 0 && n[s] == 0) continue;
                    actionValues(r, v, off, s, q);
                    backup(q, pi, w, logPi);
                    int base = s * A;
                    for (int a = 0, row = base; a < A; a++, row++) {
                        nll -= c[row] * logPi[a];
                        double gq = -beta * (c[row] - n[s] * pi[a]) + w[a] * u[s];
                        dr[s] += gq;
                        if (last || gq == 0 || g == 0) continue;
                        for (int k = rs[row], end = rs[row + 1]; k < end; k++) next[nx[k]] += g * pr[k] * gq;
                    }
                }
                for (Trajectory d : demos) {
                    c[d.states()[t] * A + d.actions()[t]] = 0;
                    n[d.states()[t]] = 0;
                }
                double[] tmp = u;
                u = next;
                next = tmp;
            }
            Policy policy = new Backups.RecomputedPolicy(S, A, H, beta, (t, s, out) -> actionValues(r, v, (t + 1) * S, s, out));
            return finish(theta, nll, dr, policy, Arrays.copyOf(v, S));
        }

        private Evaluation discounted(double[] theta, double[] r) {
            int S = mdp.states(), A = mdp.actions();
            double g = mdp.discount(), beta = options.beta();
            PlanningOptions po = options.planning();
            int[] rs = mdp.rowStart(), nx = mdp.successors();
            double[] pr = mdp.probabilities();
            double[] q = new double[A], pi = new double[A], w = new double[A], logPi = new double[A];
            // Values: iterate the backup to its fixed point.
            double[] v = warmV == null ? new double[S] : warmV.clone(), vNew = new double[S];
            double diff = Double.NaN;
            boolean done = false;
            for (int it = 0; it < po.maxIterations() && !done; it++) {
                diff = 0;
                for (int s = 0; s < S; s++) {
                    actionValues(r, v, 0, s, q);
                    vNew[s] = backup(q, pi, null, null);
                    diff = Math.max(diff, Math.abs(vNew[s] - v[s]));
                }
                double[] tmp = v;
                v = vNew;
                vNew = tmp;
                done = Backups.converged(diff, g, po.tolerance());
            }
            if (!done) throw notConverged("value iteration", diff);
            warmV = v.clone();
            // Direct derivative l(s,a) = dNLL/dQ(s,a) at fixed V, the weights w = dV/dQ, the policy.
            double[] policy = new double[S * A], weights = new double[S * A], direct = new double[S * A];
            double nll = 0;
            for (int s = 0; s < S; s++) {
                actionValues(r, v, 0, s, q);
                backup(q, pi, w, logPi);
                for (int a = 0, row = s * A; a < A; a++, row++) {
                    policy[row] = pi[a];
                    weights[row] = w[a];
                    direct[row] = -beta * (counts[row] - visits[s] * pi[a]);
                    nll -= counts[row] * logPi[a];
                }
            }
            // Adjoint of V: U = g P^T (l + W^T U), iterated like the values.
            double[] u = warmU == null ? new double[S] : warmU.clone(), uNew = new double[S];
            done = g == 0;
            for (int it = 0; it < po.maxIterations() && !done; it++) {
                Arrays.fill(uNew, 0);
                for (int s = 0; s < S; s++)
                    for (int row = s * A; row < s * A + A; row++) {
                        double gq = direct[row] + weights[row] * u[s];
                        if (gq == 0) continue;
                        for (int k = rs[row], end = rs[row + 1]; k < end; k++) uNew[nx[k]] += g * pr[k] * gq;
                    }
                diff = 0;
                for (int s = 0; s < S; s++) diff = Math.max(diff, Math.abs(uNew[s] - u[s]));
                double[] tmp = u;
                u = uNew;
                uNew = tmp;
                done = Backups.converged(diff, g, po.tolerance());
            }
            if (!done) throw notConverged("the adjoint iteration", diff);
            if (g != 0) warmU = u.clone();
            double[] dr = new double[S];
            for (int s = 0; s < S; s++)
                for (int row = s * A; row < s * A + A; row++) dr[s] += direct[row] + weights[row] * u[s];
            return finish(theta, nll, dr, new TabularPolicy(S, A, 0, policy), v.clone());
        }

        private PlanningOptions.NotConvergedException notConverged(String what, double diff) {
            String hint = options.backup() == Backup.BOLTZMANN
                    ? "; the Boltzmann backup is not a contraction for every reward: try a smaller beta or the LOG_SUM_EXP backup" : "";
            return new PlanningOptions.NotConvergedException("MLIRL " + what + " did not converge in " + options.planning().maxIterations()
                    + " iterations (last change " + diff + ")" + hint);
        }

        /** Adds the penalty and maps the reward's gradient to the weights. */
        private Evaluation finish(double[] theta, double nll, double[] dr, Policy policy, double[] v0) {
            double[] grad = features.expectation(dr, null);
            double f = nll, lambda = options.l2() * steps;
            for (int k = 0; k < theta.length; k++) {
                f += 0.5 * lambda * theta[k] * theta[k];
                grad[k] += lambda * theta[k];
            }
            return new Evaluation(f, nll, grad, policy, v0);
        }

        /** {@code max_k |gradient_k| / T}, the stopping criterion. */
        double relativeGradient(double[] gradient) {
            double m = 0;
            for (double x : gradient) m = Math.max(m, Math.abs(x));
            return m / steps;
        }
    }

    @Override
    public IrlResult fit(TabularMdp mdp, List<Trajectory> demos, IrlListener listener) {
        Problem problem = new Problem(mdp, demos);
        int K = problem.features.dimension();
        double[] expert = Demonstrations.featureExpectations(mdp, demos);
        double[] start = Demonstrations.startDistribution(mdp, demos);
        double mass = Backups.visitationMass(mdp);
        GradientFit.Outcome<Evaluation> out = new GradientFit<Evaluation>(problem::evaluate, Evaluation::objective, Evaluation::gradient,
                e -> featureGap(mdp, problem.features, e.policy(), start, expert) / mass, problem::relativeGradient)
                .run(K, options.maxIterations(), options.tolerance(), listener);
        Lbfgs.Result res = out.result();
        double[] theta = res.x();
        Evaluation fin = out.last();
        TabularReward reward = TabularReward.ofState(problem.features.linear(theta, null), mdp.actions());
        double gap = featureGap(mdp, problem.features, fin.policy(), start, expert);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("objective", res.f());
        metrics.put("nll_per_demo", fin.nll());
        metrics.put("nll_per_step", fin.nll() / problem.steps);
        metrics.put("feature_gap", gap);
        metrics.put("relative_feature_gap", gap / mass);
        metrics.put("relative_gradient", problem.relativeGradient(fin.gradient()));
        metrics.put("iterations", (double) res.iterations());
        metrics.put("evaluations", (double) res.evaluations());
        return new IrlResult(name(), theta, reward, fin.policy(), res.iterations(), out.converged(), out.stopReason(), metrics, out.curve());
    }

    /**
     * {@code max_k |mu_pi - mu_E|_k}: the policy's discounted feature expectations from the
     * demonstrations' start states against theirs. MLIRL does not match features; this is a diagnostic.
     */
    private double featureGap(TabularMdp mdp, Features features, Policy policy, double[] start, double[] expert) {
        double[] model = features.expectation(Occupancy.visitation(mdp, policy, start, options.planning()).decision(), null);
        double gap = 0;
        for (int k = 0; k < expert.length; k++) gap = Math.max(gap, Math.abs(model[k] - expert[k]));
        return gap;
    }
}
