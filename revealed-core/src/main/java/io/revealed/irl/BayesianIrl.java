package io.revealed.irl;

import io.revealed.behavior.Boltzmann;
import io.revealed.data.Trajectory;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.PolicyIteration;
import io.revealed.planning.Policy;
import io.revealed.planning.QValues;
import io.revealed.planning.ValueIteration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Bayesian IRL by PolicyWalk (Ramachandran and Amir, "Bayesian Inverse Reinforcement Learning",
 * IJCAI 2007): Markov chain Monte Carlo over rewards linear in state features,
 * {@code r_w(s) = w . phi(s)}; with one-hot features this is the paper's tabular reward.
 *
 * <p><b>Model.</b> The weights live on the grid {@code {j delta : |j delta| <= rMax}^K} (0 is a grid
 * point; the paper's grid of step delta in {@code [-Rmax, Rmax]^n}). The prior is uniform on the grid
 * by default (the paper's prior when nothing is known about the reward), or, with a finite {@code priorStd}, a
 * Gaussian {@code prod_k exp(-w_k^2 / (2 priorStd^2))} restricted to it. The likelihood treats every
 * demonstrated (s, a) as an independent Boltzmann choice with confidence alpha, as in the paper:
 * <pre>  P(demos | w) = prod_{(t, s, a)} exp(alpha Q*_t(s,a)) / sum_b exp(alpha Q*_t(s,b)),</pre>
 * with {@code Q*} the optimal action values of {@code r_w}: time-indexed over a finite horizon (the
 * first H steps of each demonstration count), stationary for a discounted infinite horizon (every step
 * counts). This is the {@link Boltzmann} model with {@code beta = alpha}. The log posterior reported
 * is {@code log prior + log likelihood} up to one additive constant (the log evidence and the prior's
 * normaliser), the same for every w, so differences and the MAP are meaningful.
 *
 * <p><b>Chain</b> (the paper's PolicyWalk, without its policy-reuse shortcut). Start at {@code w = 0}. Each step
 * picks a coordinate k uniformly and a direction uniformly, proposes {@code w_k +- delta}, and
 * accepts with probability {@code min(1, P(w' | demos) / P(w | demos))}; a proposal off the grid has
 * prior 0 and is rejected. The proposal is symmetric, so this is Metropolis-Hastings and the chain's
 * stationary distribution is the posterior on the grid. The first {@code burnIn} steps are discarded,
 * then every {@code thinning}-th state is kept until {@code samples} are kept: {@code burnIn + samples
 * thinning} steps in all. The acceptance rate counts off-grid proposals as rejections. All randomness
 * comes from one {@link SplittableRandom} seeded with {@code seed}: the same seed gives the same
 * samples. Each step needs {@code Q*} of the proposed reward. For a discounted MDP of at most
 * {@link PolicyIteration#MAX_STATES} states it comes from {@link PolicyIteration}, exact, started from
 * the optimal policy of the previous proposal, which the paper's PolicyWalk reuses the same way: a
 * small step in the weights usually leaves that policy optimal, and one LU solve confirms it. Over a
 * finite horizon, or for larger MDPs, {@link ValueIteration} solves from scratch (backward induction
 * is exact and costs H sweeps; a warm start of discounted iteration would save only the few sweeps
 * that close the gap between the two rewards' values).
 *
 * <p><b>Output.</b> {@link #sample} returns the kept samples with their log posteriors, their mean
 * (the estimate that minimises the expected squared-error loss, the paper's answer for reward learning), the highest-posterior point
 * evaluated anywhere in the chain (including burn-in and rejected proposals), and the acceptance rate.
 * {@link #fit} reports the posterior mean as the reward and its Boltzmann(alpha) policy. There is no
 * convergence test: the run always draws the requested samples; compare runs with different seeds to
 * judge mixing.
 *
 * <p>Complexity: per step, one optimal planning solve, {@code O(H nnz)} over a finite horizon H,
 * {@code O(S^3 + nnz)} per policy evaluation (usually one) for small discounted MDPs and
 * {@code O(iterations nnz)} for larger ones, plus {@code O(A)} per distinct demonstrated (step, state);
 * memory {@code O(samples K)} for the kept samples, {@code O(H S A)} for the action values and
 * {@code O(S^2)} for policy iteration.
 */
public final class BayesianIrl implements IrlAlgorithm {

    /**
     * @param samples number of chain states kept
     * @param burnIn steps discarded before the first kept state
     * @param thinning keep every thinning-th state after burn-in
     * @param delta grid step of the weights (and of the random walk)
     * @param rMax the weights lie in {@code [-rMax, rMax]}; at least delta
     * @param alpha the demonstrator's confidence, the inverse temperature of the Boltzmann likelihood
     * @param seed seed of the chain's random source
     * @param priorStd standard deviation of a Gaussian prior on each weight, or
     *     {@code Double.POSITIVE_INFINITY} for the uniform prior on the grid
     * @param planning stopping rule of discounted value iteration
     */
    public record Options(int samples, int burnIn, int thinning, double delta, double rMax, double alpha, long seed,
                          double priorStd, PlanningOptions planning) {
        public Options {
            Objects.requireNonNull(planning, "planning");
            if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
            if (burnIn < 0) throw new IllegalArgumentException("burnIn must be >= 0, got " + burnIn);
            if (thinning < 1) throw new IllegalArgumentException("thinning must be >= 1, got " + thinning);
            if (!(delta > 0) || !Double.isFinite(delta)) throw new IllegalArgumentException("delta must be a finite number > 0, got " + delta);
            if (!(rMax >= delta) || !Double.isFinite(rMax))
                throw new IllegalArgumentException("rMax must be finite and at least delta (" + delta + ") so the grid has more than one point, got " + rMax);
            if (!(alpha > 0) || !Double.isFinite(alpha)) throw new IllegalArgumentException("alpha must be a finite number > 0, got " + alpha);
            if (!(priorStd > 0)) throw new IllegalArgumentException("priorStd must be > 0 (infinity for a uniform prior), got " + priorStd);
            if ((long) burnIn + (long) samples * thinning > Integer.MAX_VALUE)
                throw new IllegalArgumentException("burnIn + samples * thinning = " + ((long) burnIn + (long) samples * thinning) + " steps, too many");
        }

        /**
         * 2,000 samples kept every 10th step after 5,000 burn-in steps, grid step 0.05 in [-1, 1],
         * confidence 5, seed 0, uniform prior, default planning.
         */
        public Options() { this(2_000, 5_000, 10, 0.05, 1.0, 5.0, 0L, Double.POSITIVE_INFINITY, new PlanningOptions()); }

        /** The same options with another seed. */
        public Options withSeed(long seed) { return new Options(samples, burnIn, thinning, delta, rMax, alpha, seed, priorStd, planning); }
    }

    /**
     * What the chain found.
     *
     * @param samples the kept weight vectors, {@code samples[i][k]}
     * @param logPosterior the unnormalised log posterior of each kept sample
     * @param mean the mean of the kept samples
     * @param map the highest-posterior weights evaluated during the run
     * @param mapLogPosterior its unnormalised log posterior
     * @param acceptanceRate accepted proposals over all steps (off-grid proposals count as rejected)
     * @param steps chain steps taken, {@code burnIn + samples * thinning}
     */
    public record Posterior(double[][] samples, double[] logPosterior, double[] mean, double[] map,
                            double mapLogPosterior, double acceptanceRate, int steps) {}

    private final Options options;

    public BayesianIrl(Options options) { this.options = Objects.requireNonNull(options, "options"); }

    public BayesianIrl() { this(new Options()); }

    public Options options() { return options; }

    @Override
    public String name() { return "bayesian-irl"; }

    /**
     * Runs the chain. The listener hears of every kept sample: the chain step, its log posterior
     * (as the objective), NaN for the feature gap (there is none), and the sample's weights.
     */
    public Posterior sample(TabularMdp mdp, List<Trajectory> demos, IrlListener listener) {
        Objects.requireNonNull(listener, "listener");
        Likelihood lik = new Likelihood(mdp, demos, options);
        int K = lik.features.dimension();
        double delta = options.delta();
        int limit = (int) Math.floor(options.rMax() / delta + 1e-9);
        SplittableRandom rng = new SplittableRandom(options.seed());

        int[] grid = new int[K];
        double[] w = new double[K];
        double lp = lik.logPosterior(w);
        double[] map = w.clone();
        double mapLp = lp;
        int total = options.burnIn() + options.samples() * options.thinning();
        double[][] kept = new double[options.samples()][];
        double[] keptLp = new double[options.samples()];
        double[] mean = new double[K];
        long accepted = 0;
        int n = 0;
        for (int step = 1; step <= total; step++) {
            int k = rng.nextInt(K);
            int move = rng.nextBoolean() ? 1 : -1;
            double u = rng.nextDouble();
            int j = grid[k] + move;
            if (j >= -limit && j <= limit) {
                w[k] = j * delta;
                double lpNew = lik.logPosterior(w);
                if (lpNew > mapLp) {
                    mapLp = lpNew;
                    map = w.clone();
                }
                if (Math.log(u) < lpNew - lp) {
                    grid[k] = j;
                    lp = lpNew;
                    accepted++;
                } else {
                    w[k] = grid[k] * delta;
                }
            }
            if (step > options.burnIn() && (step - options.burnIn()) % options.thinning() == 0) {
                kept[n] = w.clone();
                keptLp[n] = lp;
                for (int i = 0; i < K; i++) mean[i] += w[i];
                n++;
                listener.iteration(step, lp, Double.NaN, w);
            }
        }
        for (int i = 0; i < K; i++) mean[i] /= n;
        return new Posterior(kept, keptLp, mean, map, mapLp, (double) accepted / total, total);
    }

    /**
     * Samples the posterior and reports its mean: {@link IrlResult#weights()} and the state reward
     * {@code phi . mean}, with the Boltzmann(alpha) policy of that reward. Metrics: acceptance_rate,
     * log_posterior_map, log_posterior_mean, nll_per_demo and nll_per_step (of the reported policy),
     * samples and steps. The curve has one entry per kept sample (objective = its log posterior).
     */
    @Override
    public IrlResult fit(TabularMdp mdp, List<Trajectory> demos, IrlListener listener) {
        return fitWithPosterior(mdp, demos, listener).result();
    }

    /** What {@link #fit} reports, with the posterior it came from (samples, MAP). */
    public record Fit(IrlResult result, Posterior posterior) {}

    /** {@link #fit}, keeping the posterior: for callers that also want the samples and the MAP weights. */
    public Fit fitWithPosterior(TabularMdp mdp, List<Trajectory> demos, IrlListener listener) {
        List<IrlResult.Iteration> curve = new ArrayList<>();
        Posterior post = sample(mdp, demos, (it, objective, gap, weights) -> {
            curve.add(new IrlResult.Iteration(it, objective, gap));
            listener.iteration(it, objective, gap, weights);
        });
        Features f = mdp.features();
        double[] r = f.linear(post.mean(), null);
        Policy policy = new Boltzmann(options.alpha()).solve(mdp, stateActionReward(r, mdp.actions(), null), options.planning()).policy();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("acceptance_rate", post.acceptanceRate());
        metrics.put("log_posterior_map", post.mapLogPosterior());
        metrics.put("log_posterior_mean", new Likelihood(mdp, demos, options).logPosterior(post.mean()));
        double nll = Demonstrations.negativeLogLikelihood(mdp, policy, demos);
        metrics.put("nll_per_demo", nll);
        metrics.put("nll_per_step", nll / ActionCounts.meanSteps(mdp, demos));
        metrics.put("samples", (double) post.samples().length);
        metrics.put("steps", (double) post.steps());
        return new Fit(new IrlResult(name(), post.mean(), TabularReward.ofState(r, mdp.actions()), policy, post.steps(), true,
                "drew " + post.samples().length + " samples (MCMC has no convergence test)", metrics, List.copyOf(curve)), post);
    }

    /** {@code rsa[s*A+a] = r[s]}, written into {@code out} (allocated when null). */
    static double[] stateActionReward(double[] r, int actions, double[] out) {
        if (out == null) out = new double[r.length * actions];
        for (int s = 0; s < r.length; s++) java.util.Arrays.fill(out, s * actions, s * actions + actions, r[s]);
        return out;
    }

    /**
     * The unnormalised log posterior as a function of the weights, with the demonstrations reduced to
     * action counts per (step, state) once.
     */
    static final class Likelihood {
        final TabularMdp mdp;
        final Features features;
        private final Options options;
        private final int[] rows;        // (t*S+s) with at least one demonstrated action; t = 0 when discounted
        private final double[] counts;   // n(row, a), A per listed row
        private final double[] totals;   // n(row)
        private final double[] r, rsa;
        /** Discounted and small: exact policy iteration from the last evaluated reward's optimal policy. */
        private final boolean exact;
        private int[] lastPolicy;

        Likelihood(TabularMdp mdp, List<Trajectory> demos, Options options) {
            ActionCounts.checkIndices(mdp, demos);
            this.mdp = mdp;
            this.features = Demonstrations.requireFeatures(mdp);
            this.options = options;
            int A = mdp.actions();
            double[] n = mdp.finiteHorizon() ? ActionCounts.perStep(mdp, demos) : ActionCounts.stationary(mdp, demos);
            int used = 0;
            for (int row = 0; row < n.length / A; row++) if (rowTotal(n, row, A) > 0) used++;
            rows = new int[used];
            counts = new double[used * A];
            totals = new double[used];
            int i = 0;
            for (int row = 0; row < n.length / A; row++) {
                double tot = rowTotal(n, row, A);
                if (tot == 0) continue;
                rows[i] = row;
                totals[i] = tot;
                System.arraycopy(n, row * A, counts, i * A, A);
                i++;
            }
            r = new double[mdp.states()];
            rsa = new double[mdp.states() * A];
            exact = !mdp.finiteHorizon() && mdp.discount() < 1 && mdp.states() <= PolicyIteration.MAX_STATES;
        }

        private static double rowTotal(double[] n, int row, int A) {
            double t = 0;
            for (int a = 0; a < A; a++) t += n[row * A + a];
            return t;
        }

        double logPrior(double[] w) {
            double sd = options.priorStd();
            if (sd == Double.POSITIVE_INFINITY) return 0;
            double lp = 0;
            for (double x : w) lp -= x * x / (2 * sd * sd);
            return lp;
        }

        /** {@code sum n(t,s,a) log softmax(alpha Q*_t(s,.))_a} for the reward {@code phi . w}. */
        double logLikelihood(double[] w) {
            features.linear(w, r);
            stateActionReward(r, mdp.actions(), rsa);
            QValues q;
            if (exact) {
                PolicyIteration.Result pi = PolicyIteration.solve(mdp, rsa, lastPolicy);
                lastPolicy = pi.policy();
                q = pi.q();
            } else {
                q = ValueIteration.solve(mdp, rsa, options.planning());
            }
            double[] qs = q.q();
            int A = mdp.actions();
            double alpha = options.alpha();
            double ll = 0;
            for (int i = 0; i < rows.length; i++) {
                int base = rows[i] * A;
                double m = qs[base];
                for (int a = 1; a < A; a++) m = Math.max(m, qs[base + a]);
                double z = 0, dot = 0;
                for (int a = 0; a < A; a++) {
                    double x = alpha * (qs[base + a] - m);
                    z += Math.exp(x);
                    dot += counts[i * A + a] * x;
                }
                ll += dot - totals[i] * Math.log(z);
            }
            return ll;
        }

        double logPosterior(double[] w) { return logPrior(w) + logLikelihood(w); }
    }
}
