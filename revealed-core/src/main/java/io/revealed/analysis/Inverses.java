package io.revealed.analysis;

import io.revealed.behavior.BehaviorModel;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.MaxCausalEntropy;
import io.revealed.behavior.Optimal;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.Policy;

import java.util.Locale;
import java.util.Objects;

/**
 * Closed-form inverses of the Boltzmann-rational and maximal causal entropy behavioural models: given
 * a stationary policy with full support on a discounted MDP, a reward under which the model's policy
 * is exactly that policy. The reward is one representative of its class; every reward obtained from
 * it by potential shaping ({@code + g Phi(s') - Phi(s)}) and S'-redistribution (any change with
 * {@code E_{s'}[change] = 0}) gives the same policy, and for these two models nothing else does
 * (Skalse, Farrugia-Roberts, Russell, Abate and Gleave, "Invariance in Policy Optimisation and Partial
 * Identifiability in Reward Learning", ICML 2023; used as {@code f^{-1}} in Skalse and Abate,
 * "Quantifying the Sensitivity of Inverse Reinforcement Learning to Misspecification", ICLR 2024).
 *
 * <p><b>Boltzmann(beta)</b>, {@code pi(a|s) proportional to exp(beta Q*(s,a))}. With
 * {@code L(s,a) = (1/beta) log pi(a|s)} and {@code M(s) = max_a L(s,a)} the inverse is
 * <pre>  R(s,a,s') = L(s,a) - g M(s').</pre>
 * Derivation: under this R the function {@code Q(s,a) = L(s,a)} satisfies the Bellman optimality
 * equation, since {@code E_{s'}[R(s,a,s')] + g E_{s'}[max_a' L(s',a')] = L(s,a) - g E[M(s')] + g E[M(s')]
 * = L(s,a)}; for {@code g < 1} that equation has exactly one solution, so {@code Q* = L} and
 * {@code softmax(beta Q*(s,.)) = softmax(log pi(.|s)) = pi(.|s)}. (The optimal values are
 * {@code V*(s) = M(s)}, the per-state constant that a general {@code Q* = L + c(s)} could carry is 0.)
 * The representative depends on s' through {@code M(s')}, so it is returned as a dense
 * {@link TabularReward.Kind#TRANSITION} reward; {@link #boltzmannExpected} gives its expectation
 * over s' (an S'-redistribution of it, hence equivalent) as a state-action reward for MDPs too large
 * for the dense form. Over a finite horizon {@code Q*_t} differs from step to step and no stationary
 * reward inverts a stationary Boltzmann policy in general, so a horizon is refused.
 *
 * <p><b>Maximal causal entropy (alpha)</b>, {@code pi(a|s) = exp((Q_soft(s,a) - V_soft(s))/alpha)}. The
 * inverse {@code R(s,a) = alpha log pi(a|s)} does not depend on s' and is returned as a
 * {@link TabularReward.Kind#STATE_ACTION} reward: with {@code V_soft = 0} everywhere,
 * {@code Q_soft(s,a) = R(s,a) + g E[0] = alpha log pi(a|s)} and {@code alpha log sum_a pi(a|s) = 0}
 * confirms {@code V_soft = 0}; the policy is {@code exp(log pi(a|s))}. The same argument holds at every
 * step of a finite horizon ({@code V_H = 0}), so for this model a finite-horizon MDP is accepted.
 *
 * <p>The optimality model has no inverse: many rewards share a deterministic optimal policy and no
 * full-support policy is optimal-uniform unless every action ties.
 *
 * <p>Complexity: O(S*A) time for the state-action forms; {@code O(S*A*S)} time and
 * {@code 8*S*A*S} bytes for the dense Boltzmann reward, refused above {@link #MAX_DENSE_ENTRIES}.
 */
public final class Inverses {
    /** Largest dense r(s,a,s') (in entries, 400 MB of doubles) that {@link #boltzmann} will build. */
    public static final long MAX_DENSE_ENTRIES = 50_000_000L;

    private Inverses() {}

    /**
     * The inverse of {@code model} at {@code policy}: {@link #boltzmann} or {@link #maxCausalEntropy}.
     *
     * @throws IllegalArgumentException for the optimal model, which has no inverse, and for the
     *     conditions listed on the two methods
     */
    public static TabularReward invert(BehaviorModel model, TabularMdp mdp, Policy policy) {
        Objects.requireNonNull(model, "model");
        return switch (model) {
            case Boltzmann b -> boltzmann(mdp, policy, b.beta());
            case MaxCausalEntropy m -> maxCausalEntropy(mdp, policy, m.alpha());
            case Optimal o -> throw new IllegalArgumentException("the optimal behavioural model has no inverse: many rewards share"
                    + " each optimal policy, and a full-support policy is optimal only when all actions tie; use boltzmann:beta=B or mce:alpha=A");
        };
    }

    /**
     * The dense transition reward {@code R(s,a,s') = (1/beta) log pi(a|s) - g (1/beta) max_a' log pi(a'|s')},
     * under which the Boltzmann(beta) policy is {@code policy} (see the class comment).
     *
     * @throws IllegalArgumentException for a finite-horizon MDP, a time-indexed policy, a probability
     *     that is zero (naming the state and action), or more than {@link #MAX_DENSE_ENTRIES} entries
     */
    public static TabularReward boltzmann(TabularMdp mdp, Policy policy, double beta) {
        checkTemperature(beta, "beta");
        if (mdp.finiteHorizon())
            throw new IllegalArgumentException("the Boltzmann inverse needs a discounted infinite-horizon MDP (this one has horizon "
                    + mdp.horizon().getAsInt() + "): over a finite horizon Q*_t changes with t and no stationary reward reproduces a stationary Boltzmann policy");
        int S = mdp.states(), A = mdp.actions();
        long entries = (long) S * A * S;
        if (entries > MAX_DENSE_ENTRIES)
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the Boltzmann inverse as a dense r(s,a,s') needs S*A*S = %d*%d*%d = %d entries, more than the limit of %d;"
                            + " use Inverses.boltzmannExpected, its expectation over s' (an equivalent state-action reward)",
                    S, A, S, entries, MAX_DENSE_ENTRIES));
        double[] l = scaledLogPolicy(mdp, policy, 1 / beta);
        double[] m = rowMaxima(l, S, A);
        double g = mdp.discount();
        double[] values = new double[(int) entries];
        for (int s = 0; s < S; s++)
            for (int a = 0; a < A; a++) {
                int base = (s * A + a) * S;
                double lsa = l[s * A + a];
                for (int s2 = 0; s2 < S; s2++) values[base + s2] = lsa - g * m[s2];
            }
        return TabularReward.ofTransition(S, A, values);
    }

    /**
     * The expectation over s' of {@link #boltzmann}, {@code rbar(s,a) = (1/beta) log pi(a|s) - g sum_s' P(s'|s,a) (1/beta) max_a' log pi(a'|s')},
     * as a state-action reward: an S'-redistribution of the transition form, so the same policy follows
     * from it. O(S*A + nnz) time; no size limit.
     */
    public static TabularReward boltzmannExpected(TabularMdp mdp, Policy policy, double beta) {
        checkTemperature(beta, "beta");
        if (mdp.finiteHorizon())
            throw new IllegalArgumentException("the Boltzmann inverse needs a discounted infinite-horizon MDP (this one has horizon "
                    + mdp.horizon().getAsInt() + ")");
        int S = mdp.states(), A = mdp.actions();
        double[] l = scaledLogPolicy(mdp, policy, 1 / beta);
        double[] m = rowMaxima(l, S, A);
        double g = mdp.discount();
        int[] rs = mdp.rowStart(), nx = mdp.successors();
        double[] pr = mdp.probabilities();
        for (int r = 0; r < S * A; r++) {
            double e = 0;
            for (int k = rs[r]; k < rs[r + 1]; k++) e += pr[k] * m[nx[k]];
            l[r] -= g * e;
        }
        return TabularReward.ofStateAction(S, A, l);
    }

    /**
     * The state-action reward {@code R(s,a) = alpha log pi(a|s)}, under which the maximal causal entropy
     * policy at temperature alpha is {@code policy} and the soft values are 0 (see the class comment).
     * Accepts discounted and finite-horizon MDPs.
     *
     * @throws IllegalArgumentException for a time-indexed policy or a zero probability (naming the state and action)
     */
    public static TabularReward maxCausalEntropy(TabularMdp mdp, Policy policy, double alpha) {
        checkTemperature(alpha, "alpha");
        return TabularReward.ofStateAction(mdp.states(), mdp.actions(), scaledLogPolicy(mdp, policy, alpha));
    }

    /** {@code scale * log pi(a|s)}, indexed {@code s*A+a}, after checking the policy's shape and support. */
    private static double[] scaledLogPolicy(TabularMdp mdp, Policy policy, double scale) {
        Objects.requireNonNull(policy, "policy");
        int S = mdp.states(), A = mdp.actions();
        if (policy.states() != S || policy.actions() != A)
            throw new IllegalArgumentException("policy is for " + policy.states() + " states and " + policy.actions()
                    + " actions, the MDP has " + S + " and " + A);
        if (!policy.stationary())
            throw new IllegalArgumentException("the closed-form inverses need a stationary policy; this one is time-indexed over "
                    + policy.steps() + " steps");
        double[] out = new double[S * A];
        double[] p = new double[A];
        for (int s = 0; s < S; s++) {
            policy.probabilities(0, s, p);
            for (int a = 0; a < A; a++) {
                if (!(p[a] > 0) || !Double.isFinite(p[a]))
                    throw new IllegalArgumentException("the closed-form inverses need a policy with full support, but pi(a|s) = " + p[a]
                            + " at state " + s + ", action " + a + " (log pi is not finite there); smooth the policy first");
                out[s * A + a] = scale * Math.log(p[a]);
            }
        }
        return out;
    }

    private static double[] rowMaxima(double[] x, int S, int A) {
        double[] m = new double[S];
        for (int s = 0; s < S; s++) {
            double best = x[s * A];
            for (int a = 1; a < A; a++) best = Math.max(best, x[s * A + a]);
            m[s] = best;
        }
        return m;
    }

    private static void checkTemperature(double t, String name) {
        if (!(t > 0) || !Double.isFinite(t)) throw new IllegalArgumentException(name + " must be a finite number > 0, got " + t);
    }
}
