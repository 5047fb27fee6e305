package io.revealed.planning;

/**
 * Action values and state values from a planner. Stationary ({@code steps == 0}): {@code q[s*A+a]},
 * {@code v[s]}. Time-indexed over a horizon H ({@code steps == H}): {@code q[(t*S+s)*A+a]} for
 * {@code t < H} and {@code v[t*S+s]} for {@code t <= H}, with {@code v(H, s) = 0}.
 */
public record QValues(int states, int actions, int steps, double[] q, double[] v) {
    public double q(int t, int s, int a) {
        return q[((steps == 0 ? 0 : t) * states + s) * actions + a];
    }

    public double v(int t, int s) {
        return v[(steps == 0 ? 0 : t) * states + s];
    }

    /** The state values at step {@code t} (a copy). */
    public double[] valuesAt(int t) {
        double[] out = new double[states];
        System.arraycopy(v, (steps == 0 ? 0 : t) * states, out, 0, states);
        return out;
    }

    /** Copies the action values of state {@code s} at step {@code t} into {@code out}. */
    public void qRow(int t, int s, double[] out) {
        System.arraycopy(q, ((steps == 0 ? 0 : t) * states + s) * actions, out, 0, actions);
    }
}
