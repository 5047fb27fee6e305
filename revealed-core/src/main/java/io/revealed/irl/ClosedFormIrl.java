package io.revealed.irl;

import io.revealed.analysis.Inverses;
import io.revealed.behavior.BehaviorModel;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.Optimal;
import io.revealed.data.Trajectory;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.TabularPolicy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Closed-form IRL: estimate the demonstrator's stationary policy from action counts and invert the
 * behavioural model at it with {@link Inverses}, the {@code f^{-1}} of Skalse and Abate, "Quantifying
 * the Sensitivity of Inverse Reinforcement Learning to Misspecification" (ICLR 2024). No optimisation
 * and no planning: the returned reward makes the model reproduce the estimated policy exactly, and
 * it is the true reward up to potential shaping and S'-redistribution when the demonstrator follows
 * the model and the estimate is exact.
 *
 * <p><b>Policy estimate.</b> With {@code n(s,a)} the number of demonstration steps that take a in s and
 * smoothing {@code delta > 0}, {@code pi(a|s) = (n(s,a) + delta) / (n(s) + A delta)}: additive
 * smoothing, the posterior mean of a symmetric Dirichlet(delta) prior. It gives every action positive
 * probability (the inverses need full support) and states the demonstrations never visit get the
 * uniform policy. The default {@code delta = 0.5} is the Jeffreys (Krichevsky-Trofimov) prior: an
 * action never seen in a state seen n times gets probability about {@code 0.5/n}, so its inferred
 * reward is low in proportion to the evidence rather than fixed by a tiny constant.
 *
 * <p><b>Scope.</b> Discounted infinite-horizon MDPs only: over a finite horizon the demonstrator's
 * policy is time-indexed and a stationary estimate of it does not invert. The model sets only the scale
 * and the form of the reward (Boltzmann: a dense r(s,a,s'); MCE: a state-action r(s,a)); the optimal
 * model has no inverse. The reward does not come from state features, so {@link IrlResult#weights()}
 * is empty, and there are no iterations to report to the listener.
 *
 * <p>Complexity: O(total demonstration steps + S*A) for the estimate, plus the inverse: O(S*A*S) time
 * and memory for the Boltzmann model (refused above {@link Inverses#MAX_DENSE_ENTRIES} entries),
 * O(S*A) for MCE.
 */
public final class ClosedFormIrl implements IrlAlgorithm {

    /**
     * @param model the behavioural model to invert (Boltzmann or MCE; its temperature scales the reward)
     * @param smoothing additive smoothing {@code delta > 0} of the action counts
     */
    public record Options(BehaviorModel model, double smoothing) {
        public Options {
            Objects.requireNonNull(model, "model");
            if (model instanceof Optimal)
                throw new IllegalArgumentException("closed-form IRL cannot use the optimal model, which has no inverse; use boltzmann:beta=B or mce:alpha=A");
            if (!(smoothing > 0) || !Double.isFinite(smoothing))
                throw new IllegalArgumentException("smoothing must be a finite number > 0 (the inverses need every action to have positive probability), got " + smoothing);
        }

        /** Boltzmann with beta 5, Jeffreys smoothing 0.5. */
        public Options() { this(new Boltzmann(5), DEFAULT_SMOOTHING); }

        /** The Jeffreys prior's pseudo-count (see the class comment). */
        public static final double DEFAULT_SMOOTHING = 0.5;
    }

    private final Options options;

    public ClosedFormIrl(Options options) { this.options = Objects.requireNonNull(options, "options"); }

    public ClosedFormIrl() { this(new Options()); }

    public Options options() { return options; }

    @Override
    public String name() { return "closed-form"; }

    /**
     * The smoothed empirical policy {@code (n(s,a) + delta) / (n(s) + A delta)}, stationary; uniform in
     * states the demonstrations never visit. Over a finite horizon only the first H steps count.
     */
    public static TabularPolicy estimatePolicy(TabularMdp mdp, List<Trajectory> demos, double smoothing) {
        if (!(smoothing > 0) || !Double.isFinite(smoothing)) throw new IllegalArgumentException("smoothing must be a finite number > 0, got " + smoothing);
        ActionCounts.checkIndices(mdp, demos);
        int S = mdp.states(), A = mdp.actions();
        double[] p = ActionCounts.stationary(mdp, demos);
        for (int s = 0; s < S; s++) {
            double total = 0;
            for (int a = 0; a < A; a++) total += p[s * A + a];
            double norm = 1 / (total + A * smoothing);
            for (int a = 0; a < A; a++) p[s * A + a] = (p[s * A + a] + smoothing) * norm;
        }
        return new TabularPolicy(S, A, 0, p);
    }

    @Override
    public IrlResult fit(TabularMdp mdp, List<Trajectory> demos, IrlListener listener) {
        if (mdp.finiteHorizon())
            throw new IllegalArgumentException("closed-form IRL needs a discounted infinite-horizon MDP, but this one has horizon "
                    + mdp.horizon().getAsInt() + " (its demonstrator's policy changes with time); run with --horizon none and a --discount below 1");
        TabularPolicy pi = estimatePolicy(mdp, demos, options.smoothing());
        TabularReward reward = Inverses.invert(options.model(), mdp, pi);
        double[] counts = ActionCounts.stationary(mdp, demos);
        int visited = 0;
        for (int s = 0; s < mdp.states(); s++) {
            double n = 0;
            for (int a = 0; a < mdp.actions(); a++) n += counts[s * mdp.actions() + a];
            if (n > 0) visited++;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        double nll = Demonstrations.negativeLogLikelihood(mdp, pi, demos);
        metrics.put("nll_per_demo", nll);
        metrics.put("nll_per_step", nll / ActionCounts.meanSteps(mdp, demos));
        metrics.put("visited_states", (double) visited);
        return new IrlResult(name(), new double[0], reward, pi, 0, true, "closed form", metrics, List.of());
    }
}
