package io.revealed.mdp;

import java.util.Arrays;
import java.util.Objects;

/**
 * A reward on a tabular MDP, r(s), r(s,a) or r(s,a,s'), stored flat and row-major.
 *
 * <p>{@link Kind#STATE}: {@code values[s]}; {@link Kind#STATE_ACTION}: {@code values[s*A+a]};
 * {@link Kind#TRANSITION}: {@code values[(s*A+a)*S+s']} (dense, meant for small MDPs). A state
 * reward r(s) is earned when acting in s, whatever the action and next state. Planning only ever
 * needs the expected reward {@code rbar(s,a) = sum_s' P(s'|s,a) r(s,a,s')}: see {@link #expected}.
 */
public record TabularReward(Kind kind, int states, int actions, double[] values) {

    public enum Kind {
        STATE("state"), STATE_ACTION("state_action"), TRANSITION("transition");

        private final String json;

        Kind(String json) { this.json = json; }

        /** The name used in the JSON file formats. */
        public String json() { return json; }

        public static Kind fromJson(String name) {
            for (Kind k : values()) if (k.json.equals(name)) return k;
            throw new IllegalArgumentException("unknown reward kind '" + name + "' (expected state, state_action or transition)");
        }
    }

    public TabularReward {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(values, "values");
        if (states < 1 || actions < 1) throw new IllegalArgumentException("reward needs states >= 1 and actions >= 1");
        long expected = switch (kind) {
            case STATE -> states;
            case STATE_ACTION -> (long) states * actions;
            case TRANSITION -> (long) states * actions * states;
        };
        if (values.length != expected)
            throw new IllegalArgumentException(kind.json() + " reward must have " + expected + " values, got " + values.length);
        for (int i = 0; i < values.length; i++)
            if (!Double.isFinite(values[i])) throw new IllegalArgumentException(kind.json() + " reward value at " + position(kind, states, actions, i) + " is " + values[i]);
    }

    private static String position(Kind kind, int states, int actions, int i) {
        return switch (kind) {
            case STATE -> "state " + i;
            case STATE_ACTION -> "state " + (i / actions) + ", action " + (i % actions);
            case TRANSITION -> "state " + (i / states / actions) + ", action " + (i / states % actions) + ", next state " + (i % states);
        };
    }

    public static TabularReward ofState(double[] r) { return new TabularReward(Kind.STATE, r.length, 1, r); }

    /** A state reward on an MDP with the given number of actions. */
    public static TabularReward ofState(double[] r, int actions) { return new TabularReward(Kind.STATE, r.length, actions, r); }

    public static TabularReward ofStateAction(int states, int actions, double[] r) {
        return new TabularReward(Kind.STATE_ACTION, states, actions, r);
    }

    /** A transition reward r(s,a,s'), {@code values[(s*A+a)*S+s']}. */
    public static TabularReward ofTransition(int states, int actions, double[] r) {
        return new TabularReward(Kind.TRANSITION, states, actions, r);
    }

    /** r(s,a,s') whatever the kind: the view every reward has. */
    public double value(int s, int a, int s2) {
        return switch (kind) {
            case STATE -> values[s];
            case STATE_ACTION -> values[s * actions + a];
            case TRANSITION -> values[(s * actions + a) * states + s2];
        };
    }

    /**
     * This reward as a dense r(s,a,s') array {@code [(s*A+a)*S+s']} on an MDP with {@code actions}
     * actions (a state reward does not know its action count; give the MDP's). A fresh array, S*A*S long.
     */
    public double[] transitionValues(int actions) {
        if (kind != Kind.STATE && actions != this.actions)
            throw new IllegalArgumentException("reward is for " + this.actions + " actions, asked for " + actions);
        long n = (long) states * actions * states;
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("a dense r(s,a,s') of " + states + " states and " + actions + " actions has " + n + " entries, too many for one array");
        if (kind == Kind.TRANSITION) return values.clone();
        double[] out = new double[(int) n];
        for (int s = 0; s < states; s++)
            for (int a = 0; a < actions; a++)
                java.util.Arrays.fill(out, (s * actions + a) * states, (s * actions + a + 1) * states,
                        kind == Kind.STATE ? values[s] : values[s * actions + a]);
        return out;
    }

    /** This reward as r(s,a,s') on an MDP with {@code actions} actions (itself when already one). */
    public TabularReward asTransition(int actions) {
        return kind == Kind.TRANSITION ? this : ofTransition(states, actions, transitionValues(actions));
    }

    void checkShape(int states, int actions) {
        if (this.states != states)
            throw new IllegalArgumentException("reward is for " + this.states + " states, the MDP has " + states);
        if (kind != Kind.STATE && this.actions != actions)
            throw new IllegalArgumentException("reward is for " + this.actions + " actions, the MDP has " + actions);
    }

    /**
     * The expected immediate reward {@code rbar(s,a) = sum_s' P(s'|s,a) r(s,a,s')}, row-major
     * {@code [s*A+a]}, written into {@code out} (allocated when null or too short).
     */
    public double[] expected(TabularMdp mdp, double[] out) {
        int S = mdp.states(), A = mdp.actions();
        checkShape(S, A);
        if (out == null || out.length != S * A) out = new double[S * A];
        switch (kind) {
            case STATE -> {
                for (int s = 0; s < S; s++) Arrays.fill(out, s * A, s * A + A, values[s]);
            }
            case STATE_ACTION -> System.arraycopy(values, 0, out, 0, S * A);
            case TRANSITION -> {
                int[] rs = mdp.rowStart(), nx = mdp.successors();
                double[] pr = mdp.probabilities();
                for (int r = 0; r < S * A; r++) {
                    double e = 0;
                    for (int k = rs[r]; k < rs[r + 1]; k++) e += pr[k] * values[r * S + nx[k]];
                    out[r] = e;
                }
            }
        }
        return out;
    }

    /** Whether this reward has the same values as another, entry by entry within {@code tol}. */
    public boolean closeTo(TabularReward other, double tol) {
        if (kind != other.kind || states != other.states || values.length != other.values.length) return false;
        for (int i = 0; i < values.length; i++) if (Math.abs(values[i] - other.values[i]) > tol) return false;
        return true;
    }
}
