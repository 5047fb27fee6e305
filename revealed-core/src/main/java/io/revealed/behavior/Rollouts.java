package io.revealed.behavior;

import io.revealed.data.Trajectory;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.Policy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Samples demonstrations: {@code s_0 ~ initial}, {@code a_t ~ pi_t(.|s_t)}, {@code s_{t+1} ~ P(.|s_t,a_t)}.
 * Episode {@code i} draws from the {@code i}-th split of one {@link SplittableRandom} seeded with the
 * given seed, so the same seed gives the same episodes.
 */
public final class Rollouts {
    private Rollouts() {}

    /**
     * @param length actions per episode; for a finite-horizon MDP at most the horizon
     * @param progress called after every step with the episodes' worth of steps done so far,
     *     {@code episodes * (t + 1) / length} (may be null)
     */
    public static List<Trajectory> sample(TabularMdp mdp, Policy policy, int episodes, int length, long seed, IntConsumer progress) {
        if (episodes < 1) throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        if (length < 1) throw new IllegalArgumentException("episode length must be >= 1, got " + length);
        if (mdp.finiteHorizon() && length > mdp.horizon().getAsInt())
            throw new IllegalArgumentException("episode length " + length + " exceeds the horizon " + mdp.horizon().getAsInt());
        if (!policy.stationary() && policy.steps() < length)
            throw new IllegalArgumentException("the policy has " + policy.steps() + " steps, fewer than the episode length " + length);
        int S = mdp.states(), A = mdp.actions();
        double[] cumInit = new double[S];
        double c = 0;
        for (int s = 0; s < S; s++) cumInit[s] = c += mdp.initial()[s];
        TabularReward reward = mdp.reward();
        int[] rs = mdp.rowStart(), nx = mdp.successors();
        double[] pr = mdp.probabilities();
        SplittableRandom root = new SplittableRandom(seed);
        // All episodes advance together, one step at a time, so that a time-indexed policy is asked for
        // its steps in order (it may recompute them a stretch at a time); each episode still draws from
        // its own split generator in its own order, so the episodes are those of one after the other.
        SplittableRandom[] rngs = new SplittableRandom[episodes];
        int[][] states = new int[episodes][], actions = new int[episodes][];
        double[][] rews = new double[episodes][];
        for (int i = 0; i < episodes; i++) {
            rngs[i] = root.split();
            states[i] = new int[length + 1];
            actions[i] = new int[length];
            rews[i] = reward == null ? null : new double[length];
            states[i][0] = searchCumulative(cumInit, rngs[i].nextDouble() * c);
        }
        double[] p = new double[A];
        for (int t = 0; t < length; t++) {
            for (int i = 0; i < episodes; i++) {
                SplittableRandom rng = rngs[i];
                int s = states[i][t];
                policy.probabilities(t, s, p);
                int a = sampleIndex(p, A, rng.nextDouble());
                int row = s * A + a;
                double u = rng.nextDouble();
                int k = rs[row], end = rs[row + 1] - 1;
                double acc = pr[k];
                while (k < end && u >= acc) acc += pr[++k];
                int s2 = nx[k];
                actions[i][t] = a;
                states[i][t + 1] = s2;
                if (rews[i] != null) rews[i][t] = rewardOf(reward, s, a, s2, A);
            }
            if (progress != null) progress.accept((int) ((long) episodes * (t + 1) / length));
        }
        List<Trajectory> out = new ArrayList<>(episodes);
        for (int i = 0; i < episodes; i++) out.add(new Trajectory(states[i], actions[i], rews[i], false, true));
        return out;
    }

    private static double rewardOf(TabularReward r, int s, int a, int s2, int A) {
        return switch (r.kind()) {
            case STATE -> r.values()[s];
            case STATE_ACTION -> r.values()[s * A + a];
            case TRANSITION -> r.values()[(s * A + a) * r.states() + s2];
        };
    }

    private static int sampleIndex(double[] p, int n, double u) {
        double acc = 0;
        int last = 0;
        for (int a = 0; a < n; a++) {
            if (p[a] <= 0) continue;
            acc += p[a];
            last = a;
            if (u < acc) return a;
        }
        return last; // rounding: u beyond the accumulated mass
    }

    private static int searchCumulative(double[] cum, double u) {
        int lo = 0, hi = cum.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] > u) hi = mid;
            else lo = mid + 1;
        }
        // skip zero-probability states that share the cumulative value
        return lo;
    }
}
