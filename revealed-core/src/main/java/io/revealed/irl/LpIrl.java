package io.revealed.irl;

import io.revealed.behavior.Optimal;
import io.revealed.data.Trajectory;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.PolicyEvaluation;
import io.revealed.planning.TabularPolicy;
import io.revealed.planning.ValueIteration;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Linear-programming IRL for a known policy in a finite state space (Ng and Russell 2000,
 * "Algorithms for Inverse Reinforcement Learning", section 3), for a state reward linear in
 * features, {@code r = Phi theta}.
 *
 * <p><b>The demonstrator's policy</b> is estimated from the demonstrations: in every visited state,
 * the action taken most often (ties go to the lowest action index). States where the demonstrator
 * never acted carry no constraint and no term of the objective, since nothing is known of what it
 * does there; the values there, which the constraints of visited states need, are those of the
 * uniformly random policy. So the demonstrated actions are optimal for the learned reward given
 * that play in unvisited states; the policy optimal for it may still differ in a visited state.
 * The metric {@code policy_agreement} is the share of visited states where the demonstrated action
 * is among the optimal ones.
 *
 * <p><b>The linear programme</b> (the paper's section 3), with {@code Delta(s,a) = Q^pi(s,pi(s)) -
 * Q^pi(s,a)}:
 * <pre>
 *   maximise   sum_s min_{a != pi(s)} Delta(s,a)  -  lambda sum_k |theta_k|
 *   subject to Delta(s,a) >= 0       for every visited s and every a != pi(s),
 *              |theta_k| <= rMax     for every feature k.
 * </pre>
 * The reward being a state reward, {@code Delta(s,a) = g (P(.|s,pi(s)) - P(.|s,a)) . V^pi}, and
 * {@code V^pi} is the exact solution of {@code (I - g P_pi) V = Phi theta}: rather than inverting
 * {@code I - g P_pi} (dense, O(S^3)), the programme carries V as variables tied to theta by those S
 * sparse equations, which the LP solves exactly. The minimum is linearised with one variable
 * {@code z_s >= 0} per visited state and the constraints {@code Delta(s,a) - z_s >= 0} (which also
 * state optimality), the L1 norm by writing {@code theta = p - n} with {@code 0 <= p, n <= rMax}.
 * For one-hot features theta is the reward itself and this is exactly the paper's programme with
 * {@code |R(s)| <= Rmax} and penalty {@code lambda ||R||_1}; for other features the bound and the
 * penalty apply to the weights (as the bound does in the paper's section 4). The paper writes the
 * margins without the factor g, so its lambda is ours divided by g. Alternatives with the same
 * successor distribution as the demonstrated action (bumping into a wall and staying put, say)
 * cannot be told apart from it by any state reward and are left out of the minimum.
 *
 * <p><b>lambda</b> trades the margins against the L1 norm. The programme is positively homogeneous,
 * so its optimum is the zero reward once lambda reaches a critical value (the largest ratio of summed
 * margins to L1 norm, found by a first LP and reported as the metric {@code lambda_critical}), and
 * reaches the bound rMax below it. The paper suggests a lambda just below the point where the reward
 * collapses, where it is simplest; {@link Options#lambdaFraction} states lambda as that fraction of
 * the critical value, {@link Options#withLambda} gives it directly.
 *
 * <p>The answer of the LP solver (ojalgo's simplex) is checked: the demonstrated actions must be
 * optimal within {@link #FEASIBILITY_TOLERANCE} under an independent policy evaluation of the
 * returned reward; when they are not, the solve is repeated with ojalgo's other simplex
 * implementation, and if that fails too an {@link IllegalStateException} says so.
 *
 * <p>Needs an infinite-horizon discounted MDP with {@code 0 < g < 1}: the paper's conditions are
 * those of a stationary policy. Cost: two LPs with {@code 2K + 2S} variables, S equality rows of
 * {@code nnz(P_pi row) + nnz(Phi row)} entries and up to {@code S (A - 1)} inequality rows of about
 * twice the branching factor each (simplex: typically a few times that many pivots, each
 * {@code O(nnz)} with the sparse LU); then a policy evaluation per LP and one value iteration,
 * {@code O(nnz)} per sweep.
 */
public final class LpIrl implements IrlAlgorithm {

    /**
     * Largest violation of an optimality constraint accepted from the LP solver, relative to the
     * largest value a reward within the bounds can produce, {@code rMax max_s |phi(s)|_1 / (1 - g)}.
     */
    public static final double FEASIBILITY_TOLERANCE = 1e-8;

    /** Two transition probabilities closer than this count as equal when comparing actions. */
    static final double SAME_DISTRIBUTION_TOLERANCE = 1e-12;

    /** Simplex pivots allowed per row and column of the programme before a solve counts as failed. */
    static final int PIVOTS_PER_DIMENSION = 50;

    /**
     * ojalgo's simplex implementations in the order tried: the revised simplex with a sparse LU
     * (sparse = true) is the more accurate on these programmes; the dense tableau is the fallback.
     */
    private static final Boolean[] SPARSE_SETTINGS = {Boolean.TRUE, Boolean.FALSE};

    /**
     * @param lambdaFraction lambda as a fraction of its critical value, in (0, 1); ignored when {@code lambda} is set
     * @param lambda the L1 weight itself, {@code >= 0}, or NaN to use {@code lambdaFraction}
     * @param rMax bound on every |theta_k| (on every |r(s)| for one-hot features), {@code > 0}: the learned reward's scale
     */
    public record Options(double lambdaFraction, double lambda, double rMax) {
        public Options {
            if (!(lambdaFraction > 0 && lambdaFraction < 1)) throw new IllegalArgumentException("lambdaFraction must be in (0, 1), got " + lambdaFraction);
            if (!Double.isNaN(lambda) && !(lambda >= 0 && Double.isFinite(lambda)))
                throw new IllegalArgumentException("lambda must be a finite number >= 0, or NaN to use lambdaFraction; got " + lambda);
            if (!(rMax > 0) || !Double.isFinite(rMax)) throw new IllegalArgumentException("rMax must be a finite number > 0, got " + rMax);
        }

        /** lambda at {@value #DEFAULT_LAMBDA_FRACTION} of its critical value, rMax 1. */
        public Options() { this(DEFAULT_LAMBDA_FRACTION, Double.NaN, 1); }

        /** A fixed L1 weight. */
        public static Options withLambda(double lambda, double rMax) {
            if (Double.isNaN(lambda)) throw new IllegalArgumentException("lambda must be a number, got NaN");
            return new Options(DEFAULT_LAMBDA_FRACTION, lambda, rMax);
        }

        /** Default share of the critical lambda. */
        public static final double DEFAULT_LAMBDA_FRACTION = 0.9;
    }

    private final Options options;

    public LpIrl(Options options) { this.options = Objects.requireNonNull(options, "options"); }

    public LpIrl() { this(new Options()); }

    public Options options() { return options; }

    @Override
    public String name() { return "lp-irl"; }

    @Override
    public IrlResult fit(TabularMdp mdp, List<Trajectory> demos, IrlListener listener) {
        if (mdp.finiteHorizon() || !(mdp.discount() > 0 && mdp.discount() < 1))
            throw new IllegalArgumentException("lp-irl needs an infinite-horizon discounted MDP with 0 < discount < 1"
                    + " (give --horizon none and --discount in (0, 1)); this one has "
                    + (mdp.finiteHorizon() ? "horizon " + mdp.horizon().getAsInt() : "no horizon") + " and discount " + mdp.discount());
        Features features = Demonstrations.requireFeatures(mdp);
        if (demos.isEmpty()) throw new IllegalArgumentException("no demonstrations");
        for (int i = 0; i < demos.size(); i++) {
            try {
                demos.get(i).checkIndices(mdp.states(), mdp.actions());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("demonstration " + i + ": " + e.getMessage());
            }
        }
        int S = mdp.states();
        Programme lp = new Programme(mdp, features, demonstratedActions(mdp, demos));
        double lambdaCritical = Math.max(0, lp.solve(Double.NaN, Double.NaN).value());
        double lambda = Double.isNaN(options.lambda()) ? options.lambdaFraction() * lambdaCritical : options.lambda();
        Solution sol = lp.solve(lambda, options.rMax());

        double[] theta = sol.theta();
        double l1 = 0;
        for (double w : theta) l1 += Math.abs(w);
        double objective = sol.marginSum() - lambda * l1;
        listener.iteration(1, objective, Double.NaN, theta);

        TabularReward reward = TabularReward.ofState(features.linear(theta, null), mdp.actions());
        TabularPolicy greedy = Optimal.greedy(ValueIteration.solve(mdp, reward.expected(mdp, null), new PlanningOptions()), Optimal.DEFAULT_TOLERANCE);
        int visited = 0, agree = 0;
        for (int s = 0; s < S; s++) {
            if (lp.policy[s] < 0) continue;
            visited++;
            if (greedy.probability(0, s, lp.policy[s]) > 0) agree++;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("objective", objective);
        metrics.put("margin", sol.marginSum());
        metrics.put("l1_norm", l1);
        metrics.put("lambda", lambda);
        metrics.put("lambda_critical", lambdaCritical);
        metrics.put("visited_states", (double) visited);
        metrics.put("policy_agreement", visited == 0 ? Double.NaN : (double) agree / visited);
        metrics.put("iterations", 1.0);
        boolean optimal = sol.state().isOptimal();
        String reason = optimal ? "linear programme solved" : "the LP solver stopped at a feasible point not proven optimal (" + sol.state() + ")";
        return new IrlResult(name(), theta, reward, greedy, 1, optimal, reason, metrics,
                List.of(new IrlResult.Iteration(1, objective, Double.NaN)));
    }

    /**
     * The demonstrated action of every state: the most frequent one (lowest index on ties), or -1
     * for states where the demonstrator never acted.
     */
    static int[] demonstratedActions(TabularMdp mdp, List<Trajectory> demos) {
        int S = mdp.states(), A = mdp.actions();
        int[] counts = new int[Math.multiplyExact(S, A)];
        for (Trajectory d : demos)
            for (int t = 0; t < d.length(); t++) counts[d.states()[t] * A + d.actions()[t]]++;
        int[] policy = new int[S];
        for (int s = 0; s < S; s++) {
            int best = -1, bestCount = 0;
            for (int a = 0; a < A; a++)
                if (counts[s * A + a] > bestCount) { best = a; bestCount = counts[s * A + a]; }
            policy[s] = best;
        }
        return policy;
    }

    /**
     * @param theta the weights
     * @param marginSum {@code sum_s min_a Delta(s,a)} by an independent policy evaluation of theta
     * @param value the solver's objective value
     */
    record Solution(double[] theta, double marginSum, Optimisation.State state, double value) {}

    /** The data of the programme: the estimated policy and, per visited state, the rows {@code g (P(.|s,pi(s)) - P(.|s,a))}. */
    static final class Programme {
        final TabularMdp mdp;
        final Features features;
        final int[] policy;
        /** The estimated policy as a table: deterministic where visited, uniform elsewhere. */
        final TabularPolicy table;
        /** Per visited state with distinguishable alternatives: successor indices and coefficients of each alternative's row, or null. */
        final int[][][] index;
        final double[][][] coef;
        /** Largest |V| a reward within the bounds can produce, per unit of rMax. */
        final double valueScale;

        Programme(TabularMdp mdp, Features features, int[] policy) {
            this.mdp = mdp;
            this.features = features;
            this.policy = policy;
            int S = mdp.states(), A = mdp.actions(), K = features.dimension();
            double g = mdp.discount();
            double[] p = new double[S * A];
            for (int s = 0; s < S; s++) {
                if (policy[s] < 0) Arrays.fill(p, s * A, s * A + A, 1.0 / A);
                else p[s * A + policy[s]] = 1;
            }
            this.table = new TabularPolicy(S, A, 0, p);
            double maxRow = 0;
            for (int s = 0; s < S; s++) {
                double row = 0;
                for (int k = 0; k < K; k++) row += Math.abs(features.get(s, k));
                maxRow = Math.max(maxRow, row);
            }
            this.valueScale = maxRow / (1 - g);
            int[] rs = mdp.rowStart(), nx = mdp.successors();
            double[] pr = mdp.probabilities();
            double[] diff = new double[S];
            int[] touched = new int[S];
            boolean[] seen = new boolean[S];
            this.index = new int[S][][];
            this.coef = new double[S][][];
            for (int s = 0; s < S; s++) {
                if (policy[s] < 0) continue;
                List<int[]> idx = new ArrayList<>(A - 1);
                List<double[]> cs = new ArrayList<>(A - 1);
                int demo = s * A + policy[s];
                for (int a = 0; a < A; a++) {
                    if (a == policy[s]) continue;
                    int alt = s * A + a, n = 0;
                    for (int k = rs[demo]; k < rs[demo + 1]; k++) {
                        if (!seen[nx[k]]) { seen[nx[k]] = true; touched[n++] = nx[k]; }
                        diff[nx[k]] += g * pr[k];
                    }
                    for (int k = rs[alt]; k < rs[alt + 1]; k++) {
                        if (!seen[nx[k]]) { seen[nx[k]] = true; touched[n++] = nx[k]; }
                        diff[nx[k]] -= g * pr[k];
                    }
                    int m = 0;
                    for (int i = 0; i < n; i++) if (Math.abs(diff[touched[i]]) > g * SAME_DISTRIBUTION_TOLERANCE) m++;
                    if (m > 0) {
                        int[] ix = new int[m];
                        double[] c = new double[m];
                        for (int i = 0, j = 0; i < n; i++)
                            if (Math.abs(diff[touched[i]]) > g * SAME_DISTRIBUTION_TOLERANCE) { ix[j] = touched[i]; c[j++] = diff[touched[i]]; }
                        idx.add(ix);
                        cs.add(c);
                    }
                    for (int i = 0; i < n; i++) { diff[touched[i]] = 0; seen[touched[i]] = false; }
                }
                if (!idx.isEmpty()) {
                    index[s] = idx.toArray(new int[0][]);
                    coef[s] = cs.toArray(new double[0][]);
                }
            }
        }

        /**
         * Solves the programme of the class comment. With {@code lambda} NaN it instead maximises the
         * summed margins subject to {@code sum_k |theta_k| <= 1} and no bound on theta: the largest
         * ratio of margins to L1 norm, i.e. the critical lambda (every constraint being positively
         * homogeneous).
         */
        Solution solve(double lambda, double rMax) {
            boolean critical = Double.isNaN(lambda);
            List<String> failures = new ArrayList<>();
            for (Boolean sparse : SPARSE_SETTINGS) {
                Optimisation.Options settings = new Optimisation.Options();
                settings.sparse = sparse;
                Model built = build(settings, lambda, rMax);
                ExpressionsBasedModel model = built.model();
                settings.iterations_abort = PIVOTS_PER_DIMENSION * (model.countVariables() + model.countExpressions());
                Optimisation.Result res = model.maximise();
                Optimisation.State state = res.getState();
                if (!state.isFeasible()) {
                    failures.add("sparse=" + sparse + ": " + state);
                    continue;
                }
                int K = features.dimension();
                double bound = critical ? Double.POSITIVE_INFINITY : rMax;
                double[] theta = new double[K];
                for (int k = 0; k < K; k++)
                    theta[k] = Math.max(-bound, Math.min(bound,
                            res.doubleValue(model.indexOf(built.pos()[k])) - res.doubleValue(model.indexOf(built.neg()[k]))));
                double vMax = valueScale * (critical ? 1 : rMax);
                double[] margins = minMargins(theta, vMax);
                double worst = 0, sum = 0;
                for (double m : margins) {
                    if (Double.isNaN(m)) continue;
                    worst = Math.min(worst, m);
                    sum += m;
                }
                double l1 = 0;
                for (double w : theta) l1 += Math.abs(w);
                double tolerance = FEASIBILITY_TOLERANCE * Math.max(1, vMax);
                if (-worst <= tolerance && (!critical || l1 <= 1 + FEASIBILITY_TOLERANCE))
                    return new Solution(theta, sum, state, res.getValue());
                failures.add("sparse=" + sparse + ": " + state + " but a demonstrated action is worse than an alternative by " + (-worst));
            }
            throw new IllegalStateException("lp-irl: the LP solver found no valid solution for "
                    + (critical ? "the critical-lambda programme" : "lambda " + lambda) + " (" + String.join("; ", failures)
                    + "); the programme is feasible (theta = 0) and bounded, so this is a numerical failure of the solver");
        }

        private record Model(ExpressionsBasedModel model, Variable[] pos, Variable[] neg) {}

        /** The model, with theta = pos - neg. */
        private Model build(Optimisation.Options settings, double lambda, double rMax) {
            boolean critical = Double.isNaN(lambda);
            int S = mdp.states(), A = mdp.actions(), K = features.dimension();
            double g = mdp.discount();
            ExpressionsBasedModel model = new ExpressionsBasedModel(settings);
            Variable[] pos = new Variable[K], neg = new Variable[K];
            Expression l1 = critical ? model.addExpression("l1").upper(1) : null;
            for (int k = 0; k < K; k++) {
                pos[k] = model.addVariable("p" + k).lower(0);
                neg[k] = model.addVariable("n" + k).lower(0);
                if (critical) {
                    l1.set(pos[k], 1).set(neg[k], 1);
                } else {
                    pos[k].upper(rMax).weight(-lambda);
                    neg[k].upper(rMax).weight(-lambda);
                }
            }
            Variable[] v = new Variable[S];
            double vMax = valueScale * (critical ? 1 : rMax);
            for (int s = 0; s < S; s++) v[s] = model.addVariable("V" + s).lower(-vMax).upper(vMax);
            int[] rs = mdp.rowStart(), nx = mdp.successors();
            double[] pr = mdp.probabilities(), pi = table.probs();
            for (int s = 0; s < S; s++) {
                // V(s) - g sum_s' P_pi(s'|s) V(s') - phi(s) . (p - n) = 0
                Expression bellman = model.addExpression("bellman" + s).level(0);
                double self = 1;
                for (int a = 0; a < A; a++) {
                    double w = pi[s * A + a];
                    if (w == 0) continue;
                    for (int k = rs[s * A + a]; k < rs[s * A + a + 1]; k++) {
                        if (nx[k] == s) self -= g * w * pr[k];
                        else bellman.add(v[nx[k]], -g * w * pr[k]);
                    }
                }
                bellman.set(v[s], self);
                for (int k = 0; k < K; k++) {
                    double f = features.get(s, k);
                    if (f == 0) continue;
                    bellman.set(pos[k], -f).set(neg[k], f);
                }
            }
            for (int s = 0; s < S; s++) {
                if (index[s] == null) continue;
                Variable z = model.addVariable("z" + s).lower(0).weight(1);
                for (int j = 0; j < index[s].length; j++) {
                    // g (P(.|s,pi(s)) - P(.|s,a)) . V - z_s >= 0
                    Expression opt = model.addExpression("opt" + s + "_" + j).lower(0);
                    for (int i = 0; i < index[s][j].length; i++) opt.set(v[index[s][j][i]], coef[s][j][i]);
                    opt.set(z, -1);
                }
            }
            return new Model(model, pos, neg);
        }

        /**
         * {@code min_a Delta(s,a)} for every state under the reward {@code Phi theta}, from an
         * independent policy evaluation (to within {@code 1e-10 vMax}): NaN for states without a constraint, 0 for visited states
         * whose alternatives all have the demonstrated action's successor distribution.
         */
        double[] minMargins(double[] theta, double vMax) {
            int S = mdp.states(), A = mdp.actions();
            double[] r = features.linear(theta, null);
            double[] rsa = new double[S * A];
            for (int s = 0; s < S; s++) Arrays.fill(rsa, s * A, s * A + A, r[s]);
            double[] v = PolicyEvaluation.evaluate(mdp, rsa, table, new PlanningOptions(PlanningOptions.DEFAULT_TOLERANCE * Math.max(1, vMax), 10_000_000));
            double[] out = new double[S];
            for (int s = 0; s < S; s++) {
                if (policy[s] < 0) { out[s] = Double.NaN; continue; }
                if (index[s] == null) continue;
                double min = Double.POSITIVE_INFINITY;
                for (int j = 0; j < index[s].length; j++) {
                    double d = 0;
                    for (int i = 0; i < index[s][j].length; i++) d += coef[s][j][i] * v[index[s][j][i]];
                    min = Math.min(min, d);
                }
                out[s] = min;
            }
            return out;
        }
    }
}
