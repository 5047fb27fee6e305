package io.revealed.analysis;

import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.Occupancy;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.planning.TabularPolicy;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reward hacking as a broken correlation, and its exact tabular mitigation (Laidlaw, Singhal and
 * Dragan, "Correlated Proxies: A New Definition and Improved Mitigation for Reward Hacking",
 * arXiv:2403.03185, 2024).
 *
 * <p>Everything here is measured on the normalised state-action occupancy measure
 * {@code mu_pi(s,a) = (1-g) sum_t g^t Pr(s_t = s, a_t = a)}, which sums to 1, so that the
 * normalised return of a reward is {@code J(pi, R) = sum_{s,a} mu_pi(s,a) rbar(s,a) =
 * (1-g) E_{p0}[V^pi]} (one step's worth of reward, on the reward's own scale).
 * <ol>
 *   <li><b>Correlated proxy.</b> A proxy reward is r-correlated with the true reward when the Pearson
 *       correlation of {@code rbar_proxy(s,a)} and {@code rbar_true(s,a)}, with {@code (s,a)} drawn
 *       from the reference policy's occupancy {@code mu_ref}, is r ({@link #correlation}). Reward
 *       hacking is optimising the proxy until the true return falls below the reference's.</li>
 *   <li><b>Chi-squared occupancy divergence.</b> {@code chi2(mu || mu_ref) = sum (mu - mu_ref)^2 / mu_ref}
 *       ({@link #chiSquared}). Writing the standardised true reward as {@code r} times the standardised
 *       proxy plus an uncorrelated unit-variance remainder and bounding the remainder's expectation by
 *       Cauchy-Schwarz gives, for every policy,
 *       {@code J(pi,R) - J(ref,R) >= sigma_R (r (J(pi,Rp) - J(ref,Rp)) / sigma_Rp - sqrt(1 - r^2) sqrt(chi2))}
 *       ({@link Correlation#improvementLowerBound}): staying close to the reference in chi-squared
 *       is what keeps a correlated proxy from being hacked.</li>
 *   <li><b>Regularised optimisation.</b> {@link #optimise} maximises
 *       {@code J(pi, R_proxy) - lambda chi2(mu_pi || mu_ref)} over occupancy measures, exactly, as a
 *       convex quadratic programme in {@code mu} (see below). The paper's objective penalises
 *       {@code lambda' sqrt(chi2)} instead. Either optimum lies on the frontier of best proxy return for a
 *       given chi2, a concave curve, and every point of that curve is the optimum of the squared form
 *       for some lambda (its slope there), so the squared form reaches the same policies with other
 *       weights. The paper's deep-RL method (ORPO) estimates chi2 with a
 *       discriminator {@code d = log(mu_pi / mu_ref)} and a per-step penalty {@code e^d - 1}; in the
 *       tabular case nothing needs estimating, so none of that is here.</li>
 * </ol>
 *
 * <p>The optimisation, over {@code mu(s,a) >= 0} with the Bellman flow constraints
 * {@code sum_a mu(s',a) = (1-g) p0(s') + g sum_{s,a} P(s'|s,a) mu(s,a)} (which imply {@code sum mu = 1}),
 * is {@code max sum mu rbar_proxy - lambda sum mu^2 / mu_ref} (the chi-squared divergence is
 * {@code sum mu^2/mu_ref - 1} once both sum to 1). For {@code lambda > 0}, pairs with
 * {@code mu_ref(s,a) = 0} are held at {@code mu = 0} (elsewhere chi2 would be infinite); for
 * {@code lambda = 0} the problem is the linear programme of the unregularised optimum over all pairs.
 * So the regularised optimum tends, as {@code lambda -> 0+}, to the best policy within the reference's
 * support, which can differ from the {@code lambda = 0} optimum. The policy is read off as
 * {@code pi(a|s) = mu(s,a) / sum_a mu(s,a)}; in states the optimum does not visit it copies the
 * reference (any choice there leaves the occupancy unchanged; this one keeps chi2 finite). The
 * returned occupancy and every number reported are recomputed from that policy, and the solver's
 * {@code mu} must agree with it within {@link Options#solverTolerance()}.
 *
 * <p>Only discounted infinite-horizon MDPs and stationary policies are supported: every method taking
 * an MDP throws {@link IllegalArgumentException} for a finite-horizon MDP or a time-indexed policy.
 *
 * <p>Complexity: {@link #occupancy} sums the discounted state distribution twice (the second time
 * for the truncated tail) for {@code T = log(tol (1-g)) / log g} steps at O(nnz) each
 * (nnz = stored transitions);
 * {@link #correlation} and {@link #chiSquared} are O(S A) after that. {@link #optimise} hands ojalgo's
 * dense convex solver (simplex for {@code lambda = 0}) a programme of at most {@code S A} variables,
 * {@code S} equality constraints and {@code O(nnz)} coefficients. The quadratic programme is solved
 * by an active-set method whose work grows with the number of pairs the optimum leaves at zero, each
 * step a dense factorisation: it is meant for small MDPs. Measured on random MDPs with 4 actions and
 * {@code lambda = 0.1}: 100 pairs about 1 s, 400 pairs from 0.2 s to 12 s; the linear programme
 * ({@code lambda = 0}) stays under 0.5 s at 800 pairs. Arrays returned are fresh and owned by the caller; arrays passed in are not modified.
 */
public final class CorrelatedProxies {
    private CorrelatedProxies() {}

    /** Default relative tolerance under which a reward's standard deviation counts as zero. */
    public static final double DEFAULT_CONSTANT_TOLERANCE = 1e-12;
    /** Default bound on {@code max |mu_solver - mu_policy|} before {@link #optimise} refuses its answer. */
    public static final double DEFAULT_SOLVER_TOLERANCE = 1e-6;
    /** How far from 1 an occupancy given to {@link #chiSquared} or {@link #correlation} may sum. */
    public static final double SUM_TOLERANCE = 1e-8;
    /** A state whose optimised occupancy is at most this counts as unvisited (its policy copies the reference). */
    static final double NO_MASS = 1e-12;

    /**
     * @param planning accuracy of the occupancy measures (the discounted sum stops once the remaining
     *     mass {@code g^T / (1-g)} is below its tolerance)
     * @param constantTolerance a reward whose standard deviation under the reference occupancy is at most
     *     this times its largest magnitude there counts as constant (then the correlation is undefined)
     * @param solverTolerance largest accepted gap between the solver's occupancy and the exact occupancy
     *     of the policy read off from it
     */
    public record Options(PlanningOptions planning, double constantTolerance, double solverTolerance) {
        public Options {
            Objects.requireNonNull(planning, "planning");
            if (!(constantTolerance >= 0 && constantTolerance < 1))
                throw new IllegalArgumentException("constantTolerance must be in [0, 1), got " + constantTolerance);
            if (!(solverTolerance > 0 && solverTolerance < 1))
                throw new IllegalArgumentException("solverTolerance must be in (0, 1), got " + solverTolerance);
        }

        public Options() { this(new PlanningOptions(), DEFAULT_CONSTANT_TOLERANCE, DEFAULT_SOLVER_TOLERANCE); }
    }

    /**
     * Moments of the proxy and true expected rewards under a reference occupancy. A standard deviation
     * within {@link Options#constantTolerance()} of zero is stored as exactly 0, and then the
     * correlation is undefined: {@link #defined()} says so and {@link #pearson()} throws rather than
     * return NaN.
     */
    public record Correlation(double proxyMean, double trueMean, double proxyStd, double trueStd, double covariance) {
        /** Whether both rewards vary under the reference occupancy, so that the correlation exists. */
        public boolean defined() { return proxyStd > 0 && trueStd > 0; }

        /**
         * The Pearson correlation r in [-1, 1] (clamped against rounding).
         *
         * @throws IllegalStateException when a reward is constant on the reference's support
         */
        public double pearson() {
            if (!defined())
                throw new IllegalStateException("correlation undefined: the " + (proxyStd > 0 ? "true" : "proxy")
                        + " reward is constant under the reference occupancy (standard deviation 0)");
            return Math.max(-1, Math.min(1, covariance / (proxyStd * trueStd)));
        }

        /**
         * The guaranteed change in normalised true return of a policy whose normalised proxy return exceeds
         * the reference's by {@code proxyGain} and whose occupancy is at chi-squared divergence
         * {@code chiSquared} from the reference's:
         * {@code sigma_true (r proxyGain / sigma_proxy - sqrt(1 - r^2) sqrt(chiSquared))}. With
         * {@code e = (z_true - r z_proxy) / sqrt(1 - r^2)} (z standardised under {@code mu_ref}, so
         * {@code E_ref e = 0}, {@code E_ref e^2 = 1}), the true gain is
         * {@code sigma_true (r E_mu z_proxy + sqrt(1-r^2) E_mu e)} and
         * {@code |E_mu e| = |sum mu_ref (mu/mu_ref - 1) e| <= sqrt(chi2)} by Cauchy-Schwarz.
         * Negative infinity when {@code chiSquared} is infinite.
         */
        public double improvementLowerBound(double proxyGain, double chiSquared) {
            if (!(chiSquared >= 0)) throw new IllegalArgumentException("chiSquared must be >= 0, got " + chiSquared);
            if (!Double.isFinite(proxyGain)) throw new IllegalArgumentException("proxyGain must be finite, got " + proxyGain);
            double r = pearson();
            if (chiSquared == Double.POSITIVE_INFINITY) return Double.NEGATIVE_INFINITY;
            return trueStd * (r * proxyGain / proxyStd - Math.sqrt(Math.max(0, 1 - r * r)) * Math.sqrt(chiSquared));
        }
    }

    /**
     * The outcome of {@link #optimise}. Returns are normalised ({@code J = sum mu rbar}).
     *
     * @param lambda the chi-squared weight used
     * @param policy the optimised stationary policy
     * @param occupancy its exact normalised occupancy {@code [s*A+a]}
     * @param proxyReturn {@code J(policy, proxy)}
     * @param referenceProxyReturn {@code J(reference, proxy)}
     * @param trueReturn {@code J(policy, true)}, when a true reward was given
     * @param referenceTrueReturn {@code J(reference, true)}, when a true reward was given
     * @param chiSquared {@code chi2(mu_policy || mu_ref)}
     * @param correlation the proxy's correlation with the true reward under the reference, when a true
     *     reward was given
     * @param solverGap {@code max |mu_solver - occupancy|}, the solver's accuracy
     */
    public record Optimum(double lambda, TabularPolicy policy, double[] occupancy, double proxyReturn,
                          double referenceProxyReturn, OptionalDouble trueReturn, OptionalDouble referenceTrueReturn,
                          double chiSquared, Optional<Correlation> correlation, double solverGap) {
        public Optimum {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(occupancy, "occupancy");
            Objects.requireNonNull(trueReturn, "trueReturn");
            Objects.requireNonNull(referenceTrueReturn, "referenceTrueReturn");
            Objects.requireNonNull(correlation, "correlation");
        }

        /** {@code proxyReturn - lambda chiSquared}, the objective maximised. */
        public double objective() { return proxyReturn - lambda * chiSquared; }
    }

    /**
     * A worked example of a correlated proxy that gets hacked, and of the chi-squared penalty preventing it.
     *
     * <p>A cleaning robot chooses each step to rest, clean or cover its dust sensor, and the state is what
     * it did last (every action moves deterministically to the state of the same number; it starts
     * resting; {@code g = 0.9}). The proxy is the sensor's reading, which agrees with the true
     * cleanliness for resting (0) and cleaning (1) but reads a covered sensor as spotless (proxy 4) while
     * the room gets dirtier (true -2). The careful reference policy rests half the time, cleans 49% and
     * covers the sensor 1%, so under its occupancy the proxy is positively correlated with the true
     * reward (r about 0.51); the proxy optimum covers the sensor for ever (true return -1.8 against the
     * reference's 0.423), while with {@link #LAMBDA} = 0.1 the chi-squared penalty makes inflating the
     * rarely visited covered state expensive (its excess is divided by its small reference mass), so the
     * regularised robot mostly cleans more (true return about 0.568).
     *
     * @param lambda the documented chi-squared weight at which the regularised optimum beats the reference
     */
    public record Example(TabularMdp mdp, TabularReward proxy, TabularReward trueReward, TabularPolicy reference,
                          double lambda) {
        /** States, and the actions that lead to them. */
        public static final int RESTING = 0, CLEANING = 1, COVERED = 2;
        /** The chi-squared weight of the example. */
        public static final double LAMBDA = 0.1;

        public Example {
            Objects.requireNonNull(mdp, "mdp");
            Objects.requireNonNull(proxy, "proxy");
            Objects.requireNonNull(trueReward, "trueReward");
            Objects.requireNonNull(reference, "reference");
            if (!(lambda >= 0) || !Double.isFinite(lambda)) throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }

        /** The covered-sensor robot described above. */
        public static Example coveredSensor() {
            int n = 3;
            TabularMdp.Builder b = TabularMdp.builder(n, n).discount(0.9).initialState(RESTING);
            for (int s = 0; s < n; s++)
                for (int a = 0; a < n; a++) b.transition(s, a, a, 1);
            double[] reference = new double[n * n];
            for (int s = 0; s < n; s++) {
                reference[s * n + RESTING] = 0.5;
                reference[s * n + CLEANING] = 0.49;
                reference[s * n + COVERED] = 0.01;
            }
            return new Example(b.build(),
                    TabularReward.ofState(new double[]{0, 1, 4}, n),
                    TabularReward.ofState(new double[]{0, 1, -2}, n),
                    new TabularPolicy(n, n, 0, reference), LAMBDA);
        }

        /** {@link #optimise} on this example with weight {@code lambda}, reporting the true reward too. */
        public Optimum optimise(double lambda) {
            return CorrelatedProxies.optimise(mdp, proxy, trueReward, reference, lambda, new Options());
        }
    }

    // ---------------------------------------------------------------- occupancy and returns

    /** {@link #occupancy(TabularMdp, Policy, Options)} with default options. */
    public static double[] occupancy(TabularMdp mdp, Policy policy) {
        return occupancy(mdp, policy, new Options());
    }

    /**
     * The normalised state-action occupancy {@code mu(s,a) = (1-g) d(s) pi(a|s)}, {@code [s*A+a]}, where
     * {@code d = sum_t g^t D_t} is the discounted state visitation from the MDP's initial distribution.
     * {@link Occupancy#visitation} truncates that sum after T steps, leaving out the tail
     * {@code sum_{t>=T} g^t D_t}; one step of iterative refinement adds it back: the truncated {@code d}
     * misses the flow equation {@code d = p0 + g P_pi^T d} by exactly {@code res = g^T D_T}, the tail is
     * the visitation started from {@code res}, and computing that (truncated again) leaves an error of
     * order {@code g^T |res|}, far below rounding. Pairs the policy never reaches are exactly 0. Costs two
     * visitations.
     */
    public static double[] occupancy(TabularMdp mdp, Policy policy, Options options) {
        checkProblem(mdp, policy, "policy");
        int S = mdp.states(), A = mdp.actions();
        double g = mdp.discount();
        double[] p0 = mdp.initial();
        double[] d = Occupancy.visitation(mdp, policy, p0, options.planning()).decision();
        // res = p0 + g P_pi^T d - d, the mass the truncation left out.
        int[] rowStart = mdp.rowStart(), next = mdp.successors();
        double[] prob = mdp.probabilities();
        double[] p = new double[A];
        double[] res = new double[S];
        for (int s = 0; s < S; s++) res[s] = p0[s] - d[s];
        for (int s = 0; s < S; s++) {
            if (d[s] == 0) continue;
            policy.probabilities(0, s, p);
            for (int a = 0; a < A; a++) {
                double m = g * d[s] * p[a];
                if (m == 0) continue;
                int r = s * A + a;
                for (int k = rowStart[r]; k < rowStart[r + 1]; k++) res[next[k]] += m * prob[k];
            }
        }
        double[] tail = Occupancy.visitation(mdp, policy, res, options.planning()).decision();
        double[] mu = new double[S * A];
        double total = 0;
        for (int s = 0; s < S; s++) {
            double ds = d[s] + tail[s];
            if (d[s] == 0 || !(ds > 0)) continue; // unreached (tail is 0 there up to rounding)
            policy.probabilities(0, s, p);
            for (int a = 0; a < A; a++) total += mu[s * A + a] = ds * p[a];
        }
        for (int i = 0; i < mu.length; i++) mu[i] /= total;
        return mu;
    }

    /** {@code sum_i mu[i] rsa[i]}: the normalised return {@code (1-g) E_p0[V]} when mu is an occupancy. */
    public static double expectedReward(double[] mu, double[] rsa) {
        if (mu.length != rsa.length)
            throw new IllegalArgumentException("occupancy has " + mu.length + " entries, reward " + rsa.length);
        double e = 0;
        for (int i = 0; i < mu.length; i++) if (mu[i] != 0) e += mu[i] * rsa[i];
        return e;
    }

    // ---------------------------------------------------------------- correlation

    /** The correlation of two rewards under a reference policy's occupancy, with default options. */
    public static Correlation correlation(TabularMdp mdp, TabularReward proxy, TabularReward trueReward, Policy reference) {
        return correlation(mdp, proxy, trueReward, reference, new Options());
    }

    /** The correlation of {@code rbar_proxy} and {@code rbar_true} with (s,a) drawn from {@code mu_ref}. */
    public static Correlation correlation(TabularMdp mdp, TabularReward proxy, TabularReward trueReward, Policy reference,
                                          Options options) {
        double[] muRef = occupancy(mdp, reference, options);
        return correlation(muRef, proxy.expected(mdp, null), trueReward.expected(mdp, null), options.constantTolerance());
    }

    /**
     * The moments of two expected rewards {@code [s*A+a]} under a distribution {@code muRef} over
     * state-action pairs (non-negative, summing to 1). Two passes (means, then centred sums).
     */
    public static Correlation correlation(double[] muRef, double[] proxyRsa, double[] trueRsa, double constantTolerance) {
        checkDistribution(muRef, "reference occupancy");
        if (proxyRsa.length != muRef.length || trueRsa.length != muRef.length)
            throw new IllegalArgumentException("rewards have " + proxyRsa.length + " and " + trueRsa.length
                    + " entries, the occupancy " + muRef.length);
        double mp = 0, mt = 0, maxP = 0, maxT = 0;
        for (int i = 0; i < muRef.length; i++) {
            if (muRef[i] == 0) continue;
            mp += muRef[i] * proxyRsa[i];
            mt += muRef[i] * trueRsa[i];
            maxP = Math.max(maxP, Math.abs(proxyRsa[i]));
            maxT = Math.max(maxT, Math.abs(trueRsa[i]));
        }
        double vp = 0, vt = 0, cov = 0;
        for (int i = 0; i < muRef.length; i++) {
            if (muRef[i] == 0) continue;
            double dp = proxyRsa[i] - mp, dt = trueRsa[i] - mt;
            vp += muRef[i] * dp * dp;
            vt += muRef[i] * dt * dt;
            cov += muRef[i] * dp * dt;
        }
        double sp = Math.sqrt(vp), st = Math.sqrt(vt);
        if (sp <= constantTolerance * maxP) sp = 0;
        if (st <= constantTolerance * maxT) st = 0;
        return new Correlation(mp, mt, sp, st, sp == 0 || st == 0 ? 0 : cov);
    }

    // ---------------------------------------------------------------- chi-squared

    /**
     * {@code chi2(mu_pi || mu_ref) = sum_i (mu_pi[i] - mu_ref[i])^2 / mu_ref[i]} over the pairs where
     * {@code mu_ref > 0}; {@link Double#POSITIVE_INFINITY} when {@code mu_pi} puts any mass
     * ({@code > 0}, however small) where {@code mu_ref} is exactly 0. Both arguments must be
     * distributions (non-negative, summing to 1 within {@link #SUM_TOLERANCE}).
     */
    public static double chiSquared(double[] muPi, double[] muRef) {
        checkDistribution(muPi, "policy occupancy");
        checkDistribution(muRef, "reference occupancy");
        if (muPi.length != muRef.length)
            throw new IllegalArgumentException("occupancies differ in length: " + muPi.length + " vs " + muRef.length);
        double chi2 = 0;
        for (int i = 0; i < muRef.length; i++) {
            if (muRef[i] == 0) {
                if (muPi[i] > 0) return Double.POSITIVE_INFINITY;
                continue;
            }
            double diff = muPi[i] - muRef[i];
            chi2 += diff * diff / muRef[i];
        }
        return chi2;
    }

    // ---------------------------------------------------------------- optimisation

    /** {@link #optimise(TabularMdp, TabularReward, TabularReward, Policy, double, Options)} without a true reward, default options. */
    public static Optimum optimise(TabularMdp mdp, TabularReward proxy, Policy reference, double lambda) {
        return optimise(mdp, proxy, null, reference, lambda, new Options());
    }

    /**
     * Maximises {@code J(pi, proxy) - lambda chi2(mu_pi || mu_ref)} exactly over stationary policies (see
     * the class comment for the programme solved and the treatment of the reference's zeros).
     *
     * @param trueReward the true reward to report returns and the correlation for, or {@code null}
     * @param lambda the chi-squared weight, {@code >= 0}; 0 gives the unregularised proxy optimum
     * @throws IllegalArgumentException for a finite-horizon MDP, a non-stationary reference or a bad lambda
     * @throws IllegalStateException when the solver fails or its answer is off by more than
     *     {@link Options#solverTolerance()}
     */
    public static Optimum optimise(TabularMdp mdp, TabularReward proxy, TabularReward trueReward, Policy reference,
                                   double lambda, Options options) {
        checkProblem(mdp, reference, "reference policy");
        if (!(lambda >= 0) || !Double.isFinite(lambda))
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        Objects.requireNonNull(proxy, "proxy");
        double[] rProxy = proxy.expected(mdp, null);
        double[] muRef = occupancy(mdp, reference, options);
        double[] muSolver = solve(mdp, rProxy, muRef, lambda);
        TabularPolicy policy = policyOf(mdp, muSolver, reference);
        double[] mu = occupancy(mdp, policy, options);

        double gap = 0;
        for (int i = 0; i < mu.length; i++) gap = Math.max(gap, Math.abs(mu[i] - muSolver[i]));
        if (!(gap <= options.solverTolerance()))
            throw new IllegalStateException("the QP solution is off by " + gap + " from the occupancy of the policy read"
                    + " from it (tolerance " + options.solverTolerance() + "); the problem may be badly scaled");

        OptionalDouble trueReturn = OptionalDouble.empty(), referenceTrueReturn = OptionalDouble.empty();
        Optional<Correlation> correlation = Optional.empty();
        if (trueReward != null) {
            double[] rTrue = trueReward.expected(mdp, null);
            trueReturn = OptionalDouble.of(expectedReward(mu, rTrue));
            referenceTrueReturn = OptionalDouble.of(expectedReward(muRef, rTrue));
            correlation = Optional.of(correlation(muRef, rProxy, rTrue, options.constantTolerance()));
        }
        return new Optimum(lambda, policy, mu, expectedReward(mu, rProxy), expectedReward(muRef, rProxy),
                trueReturn, referenceTrueReturn, chiSquared(mu, muRef), correlation, gap);
    }

    /**
     * Solves {@code max sum mu r - lambda sum mu^2/mu_ref} under the flow constraints and returns the
     * solver's {@code mu} ({@code [s*A+a]}, negatives clipped to 0, 0 outside the allowed pairs).
     */
    private static double[] solve(TabularMdp mdp, double[] r, double[] muRef, double lambda) {
        int S = mdp.states(), A = mdp.actions();
        double g = mdp.discount();
        double[] p0 = mdp.initial();
        int[] rowStart = mdp.rowStart(), next = mdp.successors();
        double[] prob = mdp.probabilities();

        ExpressionsBasedModel model = new ExpressionsBasedModel();
        Variable[] mu = new Variable[S * A]; // null: held at 0 (outside the reference's support, lambda > 0)
        Expression objective = model.addExpression("objective").weight(1);
        for (int i = 0; i < S * A; i++) {
            if (lambda > 0 && muRef[i] == 0) continue;
            mu[i] = model.addVariable("mu_" + i / A + "_" + i % A).lower(0);
            objective.set(mu[i], r[i]);
            if (lambda > 0) objective.set(mu[i], mu[i], -lambda / muRef[i]);
        }
        // Flow: sum_a mu(s',a) - g sum_{s,a} P(s'|s,a) mu(s,a) = (1-g) p0(s'), one row per state that has
        // a variable in it. A state with none has no inflow from allowed pairs and p0 = 0 (it is outside
        // the reference's support), so its row reads 0 = 0.
        Expression[] flow = new Expression[S];
        for (int i = 0; i < S * A; i++) {
            if (mu[i] == null) continue;
            flowRow(model, flow, i / A, g, p0).add(mu[i], 1.0);
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++)
                if (prob[k] != 0) flowRow(model, flow, next[k], g, p0).add(mu[i], -g * prob[k]);
        }
        for (int s = 0; s < S; s++)
            if (flow[s] == null && p0[s] > 0)
                throw new IllegalStateException("state " + s + " has initial mass but no allowed action"); // cannot happen: mu_ref(s) >= (1-g) p0(s)

        Optimisation.Result result = model.maximise();
        if (!result.getState().isOptimal())
            throw new IllegalStateException("the " + (lambda > 0 ? "QP" : "LP") + " solver stopped in state "
                    + result.getState() + " (lambda " + lambda + ")");
        double[] out = new double[S * A];
        for (int i = 0; i < S * A; i++)
            if (mu[i] != null) out[i] = Math.max(0, result.doubleValue(model.indexOf(mu[i])));
        return out;
    }

    private static Expression flowRow(ExpressionsBasedModel model, Expression[] flow, int s, double g, double[] p0) {
        if (flow[s] == null) flow[s] = model.addExpression("flow_" + s).level((1 - g) * p0[s]);
        return flow[s];
    }

    /** {@code pi(a|s) = mu(s,a) / sum_a mu(s,a)}; the reference's action distribution in unvisited states. */
    private static TabularPolicy policyOf(TabularMdp mdp, double[] mu, Policy reference) {
        int S = mdp.states(), A = mdp.actions();
        double[] probs = new double[S * A];
        double[] row = new double[A];
        for (int s = 0; s < S; s++) {
            double mass = 0;
            for (int a = 0; a < A; a++) mass += mu[s * A + a];
            if (mass > NO_MASS) {
                for (int a = 0; a < A; a++) probs[s * A + a] = mu[s * A + a] / mass;
            } else {
                reference.probabilities(0, s, row);
                System.arraycopy(row, 0, probs, s * A, A);
            }
        }
        return new TabularPolicy(S, A, 0, probs);
    }

    // ---------------------------------------------------------------- checks

    private static void checkProblem(TabularMdp mdp, Policy policy, String what) {
        Objects.requireNonNull(mdp, "mdp");
        Objects.requireNonNull(policy, what);
        if (mdp.finiteHorizon())
            throw new IllegalArgumentException("correlated-proxy analysis needs a discounted infinite-horizon MDP; this one has horizon "
                    + mdp.horizon().getAsInt());
        if (!policy.stationary())
            throw new IllegalArgumentException("the " + what + " must be stationary, it has " + policy.steps() + " steps");
        if (policy.states() != mdp.states() || policy.actions() != mdp.actions())
            throw new IllegalArgumentException("the " + what + " is for " + policy.states() + " states and " + policy.actions()
                    + " actions, the MDP has " + mdp.states() + " and " + mdp.actions());
    }

    private static void checkDistribution(double[] mu, String what) {
        double sum = 0;
        for (int i = 0; i < mu.length; i++) {
            if (!(mu[i] >= 0) || !Double.isFinite(mu[i]))
                throw new IllegalArgumentException(what + " entry " + i + " is " + mu[i] + ", not a probability");
            sum += mu[i];
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE)
            throw new IllegalArgumentException(what + " sums to " + sum + ", not 1 (normalise it: sum_{s,a} mu(s,a) = 1)");
    }
}
