package io.revealed.irl;

import io.revealed.data.Trajectory;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.optim.Lbfgs;
import io.revealed.planning.Occupancy;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.planning.SoftValueIteration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maximum Causal Entropy IRL (Ziebart, Bagnell and Dey 2010; Ziebart's thesis 2010, ch. 6) for a
 * state reward linear in features, {@code r_theta(s) = theta . phi(s)}, finite-horizon or discounted.
 *
 * <p>The demonstrator is modelled as the soft-optimal policy of {@code r_theta} (temperature 1; the
 * scale of theta absorbs any other). The algorithm minimises the convex dual
 * <pre>  f(theta) = E_{s0 ~ p0}[V_soft,0(s0)] - theta . mu_E + (l2 M / 2) |theta|^2 </pre>
 * with M the total discounted visitation ({@code sum_{t<H} g^t}, so that l2 means the same at every
 * horizon), whose gradient is exactly {@code mu_theta - mu_E + l2 M theta}: the model's discounted feature
 * expectations (from the occupancy of the soft policy started from p0) minus the demonstrations'.
 * By default p0 is the demonstrations' empirical start distribution (see {@link StartDistribution});
 * under deterministic dynamics {@code f} is then the negative causal log-likelihood per
 * demonstration. Under stochastic dynamics and finitely many demonstrations the empirical feature
 * expectations may lie outside what any policy can produce (a state every policy reaches by slipping
 * but no demonstration visited), and then {@code f} is unbounded below: a small {@code l2} keeps it
 * bounded. Minimised by
 * L-BFGS; stops when the gradient {@code max_k |mu_theta - mu_E + l2 M theta|_k} (the feature-expectation
 * gap when l2 = 0), relative to M, falls below the tolerance.
 *
 * <p>Cost per evaluation: one soft value iteration and one forward occupancy pass, each
 * O(H nnz) (finite horizon) or O(iterations nnz) (discounted, warm-started from the last values).
 */
public final class MceIrl implements IrlAlgorithm {

    /**
     * @param tolerance stop when the gradient (the feature gap when l2 = 0) divided by the total visitation mass is below this
     * @param maxIterations cap on L-BFGS iterations
     * @param l2 weight of an L2 penalty on theta, relative to the total visitation (0 for none; the
     *     default 1e-3 is a weak prior that keeps the objective bounded, see the class comment)
     * @param planning stopping rule of discounted inner iterations
     */
    public record Options(double tolerance, int maxIterations, double l2, PlanningOptions planning, StartDistribution start) {
        public Options {
            java.util.Objects.requireNonNull(start, "start");
            if (!(tolerance > 0) || !Double.isFinite(tolerance)) throw new IllegalArgumentException("tolerance must be a finite number > 0, got " + tolerance);
            if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
            if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        }

        public Options(double tolerance, int maxIterations, double l2, PlanningOptions planning) {
            this(tolerance, maxIterations, l2, planning, StartDistribution.DEMONSTRATIONS);
        }

        public Options() { this(1e-4, 200, DEFAULT_L2, new PlanningOptions(1e-9, 1_000_000)); }

        /** Default L2 weight: a weak prior that keeps the objective bounded (see the class comment). */
        public static final double DEFAULT_L2 = 1e-3;
    }

    /**
     * Where the model's trajectories start when its feature expectations are computed. Starting from
     * the demonstrations' own first states (the default) makes the objective the causal
     * log-likelihood under deterministic dynamics and keeps it bounded when the demonstrations do
     * not cover every possible start state; the MDP's initial distribution is the textbook choice.
     */
    public enum StartDistribution { DEMONSTRATIONS, MDP }

    private final Options options;

    public MceIrl(Options options) { this.options = options; }

    public MceIrl() { this(new Options()); }

    public Options options() { return options; }

    @Override
    public String name() { return "mce-irl"; }

    /** Value and gradient of the dual objective at theta, with the soft policy it induces. */
    public record Evaluation(double objective, double[] gradient, double[] modelFeatures, Policy policy, double[] values) {}

    /** Everything fixed across evaluations: MDP, features, expert statistics, warm start. */
    public final class Problem {
        final TabularMdp mdp;
        final Features features;
        final double[] expert;
        final double mass;
        final double[] start;
        private double[] warm; // last discounted soft values

        public Problem(TabularMdp mdp, List<Trajectory> demos) {
            Demonstrations.check(mdp, demos);
            this.mdp = mdp;
            this.features = Demonstrations.requireFeatures(mdp);
            this.expert = Demonstrations.featureExpectations(mdp, demos);
            double g = mdp.discount();
            this.mass = mdp.finiteHorizon()
                    ? (g == 1 ? mdp.horizon().getAsInt() : (1 - Math.pow(g, mdp.horizon().getAsInt())) / (1 - g))
                    : 1 / (1 - g);
            this.start = options.start() == StartDistribution.MDP ? mdp.initial() : Demonstrations.startDistribution(mdp, demos);
        }

        /** Expert feature expectations (do not modify). */
        public double[] expertFeatures() { return expert; }

        public Evaluation evaluate(double[] theta) {
            int S = mdp.states(), A = mdp.actions();
            double[] r = features.linear(theta, null);
            // A new array each time: the solution keeps its own copy, and this one is garbage once it is made.
            double[] rsa = new double[S * A];
            for (int s = 0; s < S; s++) java.util.Arrays.fill(rsa, s * A, s * A + A, r[s]);
            SoftValueIteration.Solution sol = SoftValueIteration.solve(mdp, rsa, 1.0, options.planning(), warm);
            if (!mdp.finiteHorizon()) warm = sol.values();
            double[] v0 = sol.valuesAt(0, S);
            double f = 0;
            for (int s = 0; s < S; s++) f += start[s] * v0[s];
            Occupancy.Visitation vis = Occupancy.visitation(mdp, sol.policy(), start, options.planning());
            double[] model = features.expectation(vis.decision(), null);
            double[] grad = new double[theta.length];
            for (int k = 0; k < theta.length; k++) {
                f -= theta[k] * expert[k];
                f += 0.5 * options.l2() * mass * theta[k] * theta[k];
                grad[k] = model[k] - expert[k] + options.l2() * mass * theta[k];
            }
            return new Evaluation(f, grad, model, sol.policy(), v0);
        }

        /** {@code max_k |mu_theta - mu_E|_k / mass}: the feature-expectation gap relative to the visitation. */
        double relativeGap(double[] modelFeatures) {
            double gap = 0;
            for (int k = 0; k < expert.length; k++) gap = Math.max(gap, Math.abs(modelFeatures[k] - expert[k]));
            return gap / mass;
        }

        /** {@code max_k |gradient_k| / mass}, the stopping criterion: the gap itself when l2 = 0. */
        double relativeGradient(double[] gradient) {
            double g = 0;
            for (double x : gradient) g = Math.max(g, Math.abs(x));
            return g / mass;
        }
    }

    @Override
    public IrlResult fit(TabularMdp mdp, List<Trajectory> demos, IrlListener listener) {
        Problem problem = new Problem(mdp, demos);
        GradientFit.Outcome<Evaluation> out = new GradientFit<Evaluation>(problem::evaluate, Evaluation::objective, Evaluation::gradient,
                e -> problem.relativeGap(e.modelFeatures()), problem::relativeGradient)
                .run(problem.features.dimension(), options.maxIterations(), options.tolerance(), listener);
        Lbfgs.Result res = out.result();
        double[] theta = res.x();
        Evaluation fin = out.last();
        TabularReward reward = TabularReward.ofState(problem.features.linear(theta, null), mdp.actions());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("objective", res.f());
        metrics.put("nll_per_demo", Demonstrations.negativeLogLikelihood(mdp, fin.policy(), demos));
        metrics.put("nll_per_step", metrics.get("nll_per_demo") / meanSteps(mdp, demos));
        metrics.put("feature_gap", problem.relativeGap(fin.modelFeatures()) * problem.mass);
        metrics.put("relative_feature_gap", problem.relativeGap(fin.modelFeatures()));
        metrics.put("relative_gradient", problem.relativeGradient(fin.gradient()));
        metrics.put("iterations", (double) res.iterations());
        metrics.put("evaluations", (double) res.evaluations());
        return new IrlResult(name(), theta, reward, fin.policy(), res.iterations(), out.converged(), out.stopReason(), metrics, out.curve());
    }

    private static double meanSteps(TabularMdp mdp, List<Trajectory> demos) {
        double n = 0;
        for (Trajectory d : demos) n += Demonstrations.steps(mdp, d);
        return n / demos.size();
    }
}
