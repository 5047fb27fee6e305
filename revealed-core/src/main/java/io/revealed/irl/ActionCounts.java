package io.revealed.irl;

import io.revealed.data.Trajectory;
import io.revealed.mdp.TabularMdp;

import java.util.List;

/**
 * How often the demonstrations take each action in each state, pooled over time or per step: the
 * sufficient statistics of every likelihood that treats the demonstrator's actions as draws from a
 * policy. Package-private helper of the likelihood-based algorithms.
 */
final class ActionCounts {
    private ActionCounts() {}

    /**
     * Checks that there are demonstrations and that their states and actions are in range, naming
     * the first bad demonstration and step. Unlike {@link Demonstrations#check} it accepts short
     * demonstrations: a likelihood of observed actions needs no discounted sums.
     */
    static void checkIndices(TabularMdp mdp, List<Trajectory> demos) {
        if (demos.isEmpty()) throw new IllegalArgumentException("no demonstrations");
        for (int i = 0; i < demos.size(); i++) {
            try {
                demos.get(i).checkIndices(mdp.states(), mdp.actions());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("demonstration " + i + ": " + e.getMessage());
            }
        }
    }

    /** {@code n[s*A+a]}: the number of steps that take action a in state s, over every step that counts. */
    static double[] stationary(TabularMdp mdp, List<Trajectory> demos) {
        int A = mdp.actions();
        double[] n = new double[mdp.states() * A];
        for (Trajectory d : demos) {
            int T = Demonstrations.steps(mdp, d);
            for (int t = 0; t < T; t++) n[d.states()[t] * A + d.actions()[t]]++;
        }
        return n;
    }

    /** {@code n[(t*S+s)*A+a]} for {@code t < H}: the counts at each step of a finite horizon H. */
    static double[] perStep(TabularMdp mdp, List<Trajectory> demos) {
        int S = mdp.states(), A = mdp.actions(), H = mdp.horizon().getAsInt();
        double[] n = new double[Math.multiplyExact(Math.multiplyExact(H, S), A)];
        for (Trajectory d : demos) {
            int T = Demonstrations.steps(mdp, d);
            for (int t = 0; t < T; t++) n[(t * S + d.states()[t]) * A + d.actions()[t]]++;
        }
        return n;
    }

    /** Mean number of steps per demonstration that count (the first H of a finite horizon). */
    static double meanSteps(TabularMdp mdp, List<Trajectory> demos) {
        double n = 0;
        for (Trajectory d : demos) n += Demonstrations.steps(mdp, d);
        return n / demos.size();
    }
}
