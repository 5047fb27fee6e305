package io.revealed.irl;

import io.revealed.behavior.Optimal;
import io.revealed.data.Trajectory;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.Occupancy;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.planning.TabularPolicy;
import io.revealed.planning.ValueIteration;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Apprenticeship learning via IRL (Abbeel and Ng 2004, "Apprenticeship Learning via Inverse
 * Reinforcement Learning", section 3), for a state reward linear in features, {@code r = phi . w}.
 *
 * <p>The algorithm looks for policies whose discounted feature expectations {@code mu} come within
 * {@code epsilon} of the demonstrations' {@code mu_E}; any reward {@code w} with {@code |w|_2 <= 1}
 * then values them within epsilon of the demonstrator. Starting from the uniformly random policy
 * {@code pi_0}, iteration i:
 * <ol>
 *   <li>finds weights {@code w_i} (unit length) and a margin {@code t_i}: either
 *     <ul>
 *       <li>{@link Variant#MAX_MARGIN}: {@code t_i = max_{|w|_2 <= 1} min_{j < i} w . (mu_E - mu_j)}. By
 *           duality this is the distance from mu_E to the convex hull of the mu_j, and w points from
 *           the hull's closest point to mu_E, so it is solved as that small QP, with the paper's SVM
 *           form {@code min |v|^2 s.t. v . (mu_E - mu_j) >= 1} as a fallback (see
 *           {@link #maxMargin}); t = 0 when mu_E is in the hull;</li>
 *       <li>{@link Variant#PROJECTION}: {@code mubar_{i-1}} = the orthogonal projection of mu_E onto the
 *           line through {@code mubar_{i-2}} and {@code mu_{i-1}} ({@code mubar_0 = mu_0}), then
 *           {@code w_i = mu_E - mubar_{i-1}}, {@code t_i = |w_i|}. The step along the line is clamped to
 *           [0, 1] so that mubar stays a mixture of the policies found (the paper's step can leave the
 *           segment only when mu_E lies outside the set of feature expectations any policy reaches,
 *           which finitely many demonstrations of a stochastic MDP allow);</li>
 *     </ul></li>
 *   <li>stops if {@code t_i <= epsilon M}, with {@code M = sum_{t<H} g^t} the total visitation (so epsilon is relative);</li>
 *   <li>otherwise computes the optimal policy {@code pi_i} for the reward {@code w_i} (value iteration,
 *       uniform over tied actions) and its feature expectations {@code mu_i} from the exact occupancy,
 *       started from the demonstrations' start distribution (as {@link MceIrl} does by default).</li>
 * </ol>
 * It also stops when {@code pi_i} does no better under {@code w_i} than the current margin
 * ({@code w_i . (mu_E - mu_i) >= t_i}): then no later iteration can shrink the margin, which happens
 * when mu_E is out of reach of every policy. The listener and the curve get, per iteration, the
 * margin {@code t_i} as the objective and {@code max_k |mu_E - p|_k / M} as the feature gap, with p the
 * current closest mixture ({@code mubar}, or the hull's closest point for max-margin).
 *
 * <p><b>What it returns.</b> The paper's final step: the mixture weights {@code lambda} of the convex
 * combination of {@code mu_0 .. mu_n} closest to mu_E (a small QP), and the mixed policy. A mixture of
 * policies in the paper's sense picks one policy at the start of each episode; the policy returned
 * here is the single Markov policy with the same state-action occupancy,
 * {@code pi(a|s) = sum_j lambda_j d_j(s) pi_j(a|s) / sum_j lambda_j d_j(s)} with {@code d_j} the state
 * distribution of {@code pi_j} (per step over a finite horizon, so the policy is time-indexed; the
 * discounted occupancy for an infinite one), which has exactly the feature expectations
 * {@code sum_j lambda_j mu_j}. Mixing the policies state by state with the weights lambda alone would
 * not. In states no policy reaches, the rows are mixed with lambda.
 *
 * <p>The algorithm's product is that policy; it estimates no reward. As the reward, this class
 * returns the weights (unit length) of the policy {@code pi_j, j >= 1} whose feature expectations
 * come closest to mu_E in the distance the algorithm minimises (the last weights when no policy
 * was computed). The last weights {@code w_i}, which the paper's loop ends with, point along
 * whatever gap remains (mostly estimation noise once the margin is small), and the policy optimal
 * for them can lose most of the value: on the 8x8 goal gridworld with 100 Boltzmann demonstrations
 * (seeds 0 to 5, default options) their EVD reached 99% of the optimal value where the chosen
 * weights' stayed below 5%. They are in {@link Run#lastWeights()}, with every policy's weights and
 * feature expectations.
 *
 * <p>Cost per iteration: one value iteration and one occupancy pass ({@code O(H nnz)} for a finite
 * horizon, {@code O(nnz log(tol) / log g)} otherwise), plus {@code O(K)} for the projection step or,
 * for max-margin, a QP with i mixture weights and K auxiliary variables (ojalgo's convex solver: on
 * the 8x8 gridworld, 50 max-margin iterations take a few seconds, 50 projection iterations well
 * under one). The final mixture QP is of the same size, and the mixed policy costs one forward pass
 * per policy. The policies are kept: {@code O(n H S A)} memory.
 */
public final class Apprenticeship implements IrlAlgorithm {

    /** How the weights of each iteration are found. */
    public enum Variant { PROJECTION, MAX_MARGIN }

    /**
     * Margin not shrunk by a new policy, relative to the total visitation M: below this the
     * iteration has stalled.
     */
    static final double STALL_TOLERANCE = 1e-9;

    /** Tolerance on the constraint sum(lambda) = 1 of the mixture QP. */
    static final double QP_TOLERANCE = 1e-6;

    /** How far below its dual bound a max-margin answer may fall, relative to the total visitation M. */
    static final double CERTIFICATE_TOLERANCE = 1e-6;

    /**
     * @param epsilon stop when the margin t is at most {@code epsilon * M}, M the total discounted visitation
     * @param maxIterations cap on the number of margins computed (each iteration but the last adds a policy)
     * @param planning stopping rule of discounted value iteration and occupancy
     */
    public record Options(Variant variant, double epsilon, int maxIterations, PlanningOptions planning) {
        public Options {
            Objects.requireNonNull(variant, "variant");
            Objects.requireNonNull(planning, "planning");
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) throw new IllegalArgumentException("epsilon must be a finite number > 0, got " + epsilon);
            if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }

        /** Projection, epsilon 1e-3, at most 50 iterations, planning to 1e-9. */
        public Options() { this(Variant.PROJECTION); }

        /** The given variant with the other defaults. */
        public Options(Variant variant) { this(variant, 1e-3, 50, new PlanningOptions(1e-9, 1_000_000)); }
    }

    /**
     * Everything a run produced.
     *
     * @param result what {@link #fit} returns
     * @param expertFeatures mu_E
     * @param policies pi_0 (uniform) .. pi_n
     * @param policyFeatures mu_0 .. mu_n
     * @param policyWeights the weights each policy is optimal for (null for pi_0)
     * @param mixture lambda, the convex combination of mu_0 .. mu_n closest to mu_E
     * @param margins t_1 .. t_iterations
     * @param lastWeights w of the last iteration (unit length, or zero when mu_E is matched exactly)
     */
    public record Run(IrlResult result, double[] expertFeatures, List<Policy> policies, List<double[]> policyFeatures,
                      List<double[]> policyWeights, double[] mixture, double[] margins, double[] lastWeights) {}

    private final Options options;

    public Apprenticeship(Options options) { this.options = Objects.requireNonNull(options, "options"); }

    public Apprenticeship() { this(new Options()); }

    public Options options() { return options; }

    @Override
    public String name() { return "apprenticeship"; }

    @Override
    public IrlResult fit(TabularMdp mdp, List<Trajectory> demos, IrlListener listener) {
        return run(mdp, demos, listener).result();
    }

    /** {@link #fit}, with the policies, their feature expectations and the mixture weights. */
    public Run run(TabularMdp mdp, List<Trajectory> demos, IrlListener listener) {
        Demonstrations.check(mdp, demos);
        Features features = Demonstrations.requireFeatures(mdp);
        int K = features.dimension();
        double g = mdp.discount();
        double mass = mdp.finiteHorizon()
                ? (g == 1 ? mdp.horizon().getAsInt() : (1 - Math.pow(g, mdp.horizon().getAsInt())) / (1 - g))
                : 1 / (1 - g);
        double[] expert = Demonstrations.featureExpectations(mdp, demos);
        double[] start = Demonstrations.startDistribution(mdp, demos);

        List<Policy> policies = new ArrayList<>();
        List<double[]> mus = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        Policy uniform = uniform(mdp);
        policies.add(uniform);
        mus.add(featureExpectations(mdp, features, uniform, start));
        weights.add(null);

        List<IrlResult.Iteration> curve = new ArrayList<>();
        List<Double> margins = new ArrayList<>();
        double[] muBar = mus.get(0).clone();
        double[] w = null;
        double t = Double.NaN;
        String reason = null;
        boolean converged = false;
        int it = 0;
        while (true) {
            it++;
            Margin m;
            if (options.variant() == Variant.MAX_MARGIN) {
                m = maxMargin(expert, mus, mass);
            } else {
                if (it > 1) {
                    double alpha = projectionStep(expert, muBar, mus.get(mus.size() - 1));
                    for (int k = 0; k < K; k++) muBar[k] += alpha * (mus.get(mus.size() - 1)[k] - muBar[k]);
                }
                m = Margin.towards(expert, muBar);
            }
            w = m.w();
            t = m.t();
            margins.add(t);
            double gap = relativeGap(expert, m.closest(expert), mass);
            curve.add(new IrlResult.Iteration(it, t, gap));
            listener.iteration(it, t, gap, w);
            if (t <= options.epsilon() * mass) {
                converged = true;
                reason = "margin below epsilon";
                break;
            }
            if (it >= options.maxIterations()) {
                reason = "iteration limit reached";
                break;
            }
            double[] rsa = stateActionReward(mdp, features.linear(w, null));
            Policy pi = Optimal.greedy(ValueIteration.solve(mdp, rsa, options.planning()), Optimal.DEFAULT_TOLERANCE);
            double[] mu = featureExpectations(mdp, features, pi, start);
            policies.add(pi);
            mus.add(mu);
            weights.add(w.clone());
            double achieved = 0;
            for (int k = 0; k < K; k++) achieved += w[k] * (expert[k] - mu[k]);
            if (achieved >= t - STALL_TOLERANCE * mass) {
                reason = "stalled: the policy optimal for the last weights does not shrink the margin"
                        + " (the demonstrations' feature expectations are out of reach)";
                break;
            }
        }

        double[] mixture = closestMixture(expert, mus, mass);
        double[] mixed = new double[K];
        for (int j = 0; j < mus.size(); j++)
            for (int k = 0; k < K; k++) mixed[k] += mixture[j] * mus.get(j)[k];
        Policy policy = mix(mdp, policies, mixture, start);

        // The reward: the weights of the policy whose feature expectations come closest to mu_E
        // (see the class comment); the last weights only when no policy was computed.
        int chosen = -1;
        double chosenDist = Double.POSITIVE_INFINITY;
        for (int j = 1; j < mus.size(); j++) {
            double dj = 0;
            for (int k = 0; k < K; k++) dj += (expert[k] - mus.get(j)[k]) * (expert[k] - mus.get(j)[k]);
            if (dj < chosenDist) { chosenDist = dj; chosen = j; }
        }
        double[] theta = chosen > 0 ? weights.get(chosen).clone() : w.clone();
        TabularReward reward = TabularReward.ofState(features.linear(theta, null), mdp.actions());

        double relGap = relativeGap(expert, mixed, mass);
        double dist = 0;
        for (int k = 0; k < K; k++) dist += (expert[k] - mixed[k]) * (expert[k] - mixed[k]);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("margin", t);
        metrics.put("relative_margin", t / mass);
        metrics.put("mixture_distance", Math.sqrt(dist));
        metrics.put("feature_gap", relGap * mass);
        metrics.put("relative_feature_gap", relGap);
        metrics.put("policies", (double) policies.size());
        metrics.put("reward_policy", (double) chosen);
        metrics.put("iterations", (double) it);
        IrlResult result = new IrlResult(name(), theta, reward, policy, it, converged, reason, metrics, List.copyOf(curve));
        double[] ts = new double[margins.size()];
        for (int i = 0; i < ts.length; i++) ts[i] = margins.get(i);
        return new Run(result, expert, List.copyOf(policies), List.copyOf(mus), Collections.unmodifiableList(weights), mixture, ts, w.clone());
    }

    /** Weights of unit length (or zero) and the margin they achieve. */
    record Margin(double[] w, double t) {
        /** {@code w = (mu_E - point) / |mu_E - point|}, {@code t = |mu_E - point|}. */
        static Margin towards(double[] expert, double[] point) {
            double[] w = new double[expert.length];
            double n = 0;
            for (int k = 0; k < w.length; k++) {
                w[k] = expert[k] - point[k];
                n += w[k] * w[k];
            }
            n = Math.sqrt(n);
            if (n > 0) for (int k = 0; k < w.length; k++) w[k] /= n;
            return new Margin(w, n);
        }

        /** The point of the hull closest to mu_E, {@code mu_E - t w} (exact for both variants). */
        double[] closest(double[] expert) {
            double[] p = new double[expert.length];
            for (int k = 0; k < p.length; k++) p[k] = expert[k] - t * w[k];
            return p;
        }
    }

    /**
     * The paper's projection step: the {@code alpha} with {@code mubar + alpha (mu - mubar)} the point of
     * the line through mubar and mu closest to mu_E, clamped to [0, 1] (see the class comment).
     */
    static double projectionStep(double[] expert, double[] muBar, double[] mu) {
        double num = 0, den = 0;
        for (int k = 0; k < expert.length; k++) {
            double d = mu[k] - muBar[k];
            num += d * (expert[k] - muBar[k]);
            den += d * d;
        }
        if (den == 0) return 0;
        return Math.max(0, Math.min(1, num / den));
    }

    /**
     * The max-margin step, {@code t = max_{|w|_2 <= 1} min_j w . (mu_E - mu_j)}. By duality (the
     * separating hyperplane theorem) t is the distance U from mu_E to the convex hull of the mu_j and
     * the maximising w points from the closest point {@code p*} of the hull to mu_E; so the step solves
     * the paper's final QP ({@link #closestMixture}) and takes {@code w = (mu_E - p*) / U}. That w
     * certifies itself: its achieved margin {@code min_j w . (mu_E - mu_j)} can reach U only if it is
     * optimal. When the solver's answer falls short of U by more than {@link #CERTIFICATE_TOLERANCE} M,
     * the primal QP {@code min |v|^2 s.t. v . (mu_E - mu_j) / M >= 1} ({@code w = v / |v|},
     * {@code t = M / |v|}) is solved as well and the better of the two kept. When mu_E is in the hull
     * no direction has a positive margin and the answer is w = 0 with margin 0.
     *
     * @throws IllegalStateException when neither answer comes within the tolerance of the bound U
     */
    static Margin maxMargin(double[] expert, List<double[]> mus, double mass) {
        int K = expert.length, n = mus.size();
        double[][] d = new double[n][K];
        for (int j = 0; j < n; j++)
            for (int k = 0; k < K; k++) d[j][k] = (expert[k] - mus.get(j)[k]) / mass;
        double[] lambda = closestMixture(expert, mus, mass);
        double[] gap = expert.clone();
        for (int j = 0; j < n; j++)
            for (int k = 0; k < K; k++) gap[k] -= lambda[j] * mus.get(j)[k];
        double bound = 0;
        for (double x : gap) bound += x * x;
        bound = Math.sqrt(bound);
        Margin best = new Margin(new double[K], 0); // w = 0 is always feasible
        Margin dual = achieved(gap, d, mass);
        if (dual != null && dual.t() > best.t()) best = dual;
        if (best.t() >= bound - CERTIFICATE_TOLERANCE * mass) return best;

        Margin primal = svmMargin(d, mass);
        if (primal != null && primal.t() > best.t()) best = primal;
        if (best.t() >= bound - CERTIFICATE_TOLERANCE * mass) return best;
        throw new IllegalStateException("apprenticeship: the max-margin QP and its dual disagree: best margin "
                + best.t() + ", distance to the closest mixture " + bound);
    }

    /**
     * The paper's SVM form of the max-margin step: {@code min |v|^2 s.t. v . d_j >= 1} with
     * {@code d_j = (mu_E - mu_j) / M}, answered as {@code w = v / |v|} and the margin w achieves (in
     * the units of mu); null when the solver finds no feasible v (mu_E in the hull, or a failure).
     */
    static Margin svmMargin(double[][] d, double mass) {
        int K = d[0].length;
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        Variable[] v = new Variable[K];
        for (int k = 0; k < K; k++) v[k] = model.addVariable("v" + k);
        Expression norm = model.addExpression("norm").weight(1);
        for (int k = 0; k < K; k++) norm.set(v[k], v[k], 1);
        for (int j = 0; j < d.length; j++) {
            Expression c = model.addExpression("margin" + j).lower(1);
            for (int k = 0; k < K; k++) if (d[j][k] != 0) c.set(v[k], d[j][k]);
        }
        Optimisation.Result res = model.minimise();
        if (!res.getState().isFeasible()) return null;
        double[] w = new double[K];
        for (int k = 0; k < K; k++) w[k] = res.doubleValue(model.indexOf(v[k]));
        return achieved(w, d, mass);
    }

    /** The unit vector along {@code w} and the margin {@code M min_j w . d_j} it achieves (null for w = 0). */
    private static Margin achieved(double[] w, double[][] d, double mass) {
        double len = 0;
        for (double x : w) len += x * x;
        len = Math.sqrt(len);
        if (!(len > 0) || !Double.isFinite(len)) return null;
        double[] unit = new double[w.length];
        for (int k = 0; k < w.length; k++) unit[k] = w[k] / len;
        double t = Double.POSITIVE_INFINITY;
        for (double[] dj : d) {
            double m = 0;
            for (int k = 0; k < unit.length; k++) m += unit[k] * dj[k];
            t = Math.min(t, m);
        }
        return new Margin(unit, t * mass);
    }

    /**
     * The paper's final step: {@code lambda >= 0}, {@code sum lambda = 1}, minimising
     * {@code |mu_E - sum_j lambda_j mu_j|_2}, as the QP {@code min |y|^2} with
     * {@code y = (sum_j lambda_j mu_j - mu_E) / M} (K auxiliary variables, so no n x n Gram matrix).
     * The answer is clipped to the simplex and never worse than the best single policy.
     */
    static double[] closestMixture(double[] expert, List<double[]> mus, double mass) {
        int n = mus.size(), K = expert.length;
        if (n == 1) return new double[]{1};
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        Variable[] l = new Variable[n];
        for (int j = 0; j < n; j++) l[j] = model.addVariable("lambda" + j).lower(0).upper(1);
        Expression sum = model.addExpression("sum").level(1);
        for (int j = 0; j < n; j++) sum.set(l[j], 1);
        Expression obj = model.addExpression("distance").weight(1);
        for (int k = 0; k < K; k++) {
            // y_k = sum_j lambda_j mu_j[k] / M - mu_E[k] / M, objective sum_k y_k^2
            Variable y = model.addVariable("y" + k);
            Expression row = model.addExpression("y" + k).level(expert[k] / mass);
            for (int j = 0; j < n; j++) {
                double m = mus.get(j)[k] / mass;
                if (m != 0) row.set(l[j], m);
            }
            row.set(y, -1);
            obj.set(y, y, 1);
        }
        Optimisation.Result res = model.minimise();
        if (!res.getState().isFeasible())
            throw new IllegalStateException("apprenticeship: the mixture QP solver returned " + res.getState());
        double[] lambda = new double[n];
        double total = 0;
        for (int j = 0; j < n; j++) total += lambda[j] = Math.max(0, res.doubleValue(model.indexOf(l[j])));
        if (!(Math.abs(total - 1) <= QP_TOLERANCE))
            throw new IllegalStateException("apprenticeship: the mixture QP returned weights summing to " + total);
        for (int j = 0; j < n; j++) lambda[j] /= total;
        // Never worse than the best single policy (a vertex of the simplex).
        int best = 0;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            double dj = squaredDistance(expert, mus, oneHot(n, j));
            if (dj < bestDist) { bestDist = dj; best = j; }
        }
        if (squaredDistance(expert, mus, lambda) > bestDist) return oneHot(n, best);
        return lambda;
    }

    private static double[] oneHot(int n, int j) {
        double[] x = new double[n];
        x[j] = 1;
        return x;
    }

    private static double squaredDistance(double[] expert, List<double[]> mus, double[] lambda) {
        double d = 0;
        for (int k = 0; k < expert.length; k++) {
            double p = 0;
            for (int j = 0; j < lambda.length; j++) p += lambda[j] * mus.get(j)[k];
            d += (expert[k] - p) * (expert[k] - p);
        }
        return d;
    }

    /**
     * The Markov policy whose state-action occupancy from {@code start} is the lambda-mixture of the
     * policies' occupancies: per step over a finite horizon, discounted and stationary otherwise.
     */
    static Policy mix(TabularMdp mdp, List<Policy> policies, double[] lambda, double[] start) {
        int S = mdp.states(), A = mdp.actions(), n = policies.size();
        int only = -1;
        for (int j = 0; j < n; j++) if (lambda[j] == 1) only = j;
        if (only >= 0) return policies.get(only);
        int H = mdp.finiteHorizon() ? mdp.horizon().getAsInt() : 0;
        double[] probs = new double[Math.multiplyExact(Math.max(H, 1), S * A)];
        double[] row = new double[A];
        if (H == 0) {
            double[][] d = new double[n][];
            for (int j = 0; j < n; j++) if (lambda[j] > 0) d[j] = Occupancy.visitation(mdp, policies.get(j), start, new PlanningOptions()).decision();
            for (int s = 0; s < S; s++) mixRow(policies, lambda, d, 0, s, A, row, probs, s * A);
            return new TabularPolicy(S, A, 0, probs);
        }
        double[][] d = new double[n][];
        for (int j = 0; j < n; j++) if (lambda[j] > 0) d[j] = start.clone();
        double[] next = new double[S];
        int[] rs = mdp.rowStart(), nx = mdp.successors();
        double[] pr = mdp.probabilities();
        for (int t = 0; t < H; t++) {
            for (int s = 0; s < S; s++) mixRow(policies, lambda, d, t, s, A, row, probs, (t * S + s) * A);
            if (t == H - 1) break;
            for (int j = 0; j < n; j++) {
                if (d[j] == null) continue;
                Arrays.fill(next, 0);
                for (int s = 0; s < S; s++) {
                    if (d[j][s] == 0) continue;
                    policies.get(j).probabilities(t, s, row);
                    for (int a = 0; a < A; a++) {
                        double m = d[j][s] * row[a];
                        if (m == 0) continue;
                        for (int k = rs[s * A + a]; k < rs[s * A + a + 1]; k++) next[nx[k]] += m * pr[k];
                    }
                }
                System.arraycopy(next, 0, d[j], 0, S);
            }
        }
        return new TabularPolicy(S, A, H, probs);
    }

    /** {@code out[base + a] = sum_j lambda_j d_j(s) pi_j(a|s) / sum_j lambda_j d_j(s)}, or the lambda-mixture where no policy reaches s. */
    private static void mixRow(List<Policy> policies, double[] lambda, double[][] d, int t, int s, int A, double[] row, double[] out, int base) {
        double mass = 0;
        for (int j = 0; j < lambda.length; j++) if (d[j] != null) mass += lambda[j] * d[j][s];
        for (int j = 0; j < lambda.length; j++) {
            if (d[j] == null) continue;
            double w = mass > 0 ? lambda[j] * d[j][s] / mass : lambda[j];
            if (w == 0) continue;
            policies.get(j).probabilities(t, s, row);
            for (int a = 0; a < A; a++) out[base + a] += w * row[a];
        }
    }

    private static TabularPolicy uniform(TabularMdp mdp) {
        double[] p = new double[mdp.states() * mdp.actions()];
        Arrays.fill(p, 1.0 / mdp.actions());
        return new TabularPolicy(mdp.states(), mdp.actions(), 0, p);
    }

    private double[] featureExpectations(TabularMdp mdp, Features features, Policy policy, double[] start) {
        return features.expectation(Occupancy.visitation(mdp, policy, start, options.planning()).decision(), null);
    }

    private static double[] stateActionReward(TabularMdp mdp, double[] r) {
        int A = mdp.actions();
        double[] rsa = new double[r.length * A];
        for (int s = 0; s < r.length; s++) Arrays.fill(rsa, s * A, s * A + A, r[s]);
        return rsa;
    }

    /** {@code max_k |mu_E - mu|_k / M}. */
    private static double relativeGap(double[] expert, double[] mu, double mass) {
        double gap = 0;
        for (int k = 0; k < expert.length; k++) gap = Math.max(gap, Math.abs(expert[k] - mu[k]));
        return gap / mass;
    }
}
