package io.revealed.env;

import java.util.SplittableRandom;

/**
 * The inverted-pendulum swing-up with a continuous torque, step for step as Gymnasium 1.3.0's
 * {@code Pendulum-v1} ({@code gymnasium/envs/classic_control/pendulum.py}, {@code PendulumEnv}
 * with its default {@code g=10.0}, registered with {@code max_episode_steps=200}).
 *
 * <p><b>State</b> {@code (theta, theta_dot)} in float64, theta = 0 upright and not kept in any
 * range; the <b>observation</b> is {@code (cos theta, sin theta, theta_dot)} rounded to float32.
 * The <b>action</b> is one torque, clipped to [-2, 2].
 *
 * <p><b>Dynamics and reward</b> (Gymnasium's order; g = 10, m = l = 1, dt = 0.05):
 * <pre>
 * u = clip(action, -2, 2)
 * cost = angle_normalize(theta)^2 + 0.1 theta_dot^2 + 0.001 u^2,   reward = -cost
 * theta_dot' = clip(theta_dot + (3 g / (2 l) sin theta + 3 / (m l^2) u) dt, -8, 8)
 * theta'     = theta + theta_dot' dt
 * </pre>
 * where {@code angle_normalize(x) = ((x + pi) % (2 pi)) - pi} uses Python's floored modulo, so the
 * cost sees the angle in [-pi, pi) while the state keeps the unwrapped angle. The cost is that of
 * the state before the step.
 *
 * <p><b>Float32 torque.</b> Gymnasium's action space is float32, and NumPy keeps a float32 action
 * in float32 through {@code np.clip}, {@code u**2}, {@code 0.001 * u**2} and {@code 3.0 * u}
 * (Python floats do not widen a NumPy float32 under NumPy 2's promotion rules); only the sums with
 * float64 terms are float64. This class reproduces that path: the action is first rounded to
 * float32 and those three products are computed in {@code float}. (Handing Gymnasium a float64
 * array instead makes it compute them in float64, a relative difference of about 1e-8 in the
 * torque terms.)
 *
 * <p><b>End.</b> Never terminates; truncated at 200 steps. <b>Initial state</b>: theta uniform in
 * [-pi, pi), theta_dot uniform in [-1, 1). Pendulum-v1 is therefore already fixed-horizon; seals
 * has no separate variant of it.
 *
 * <p>Sine and cosine come from {@link StrictMath}; NumPy's (the C library's) differ from them in the last bit
 * for about 3% of arguments.
 */
public final class Pendulum extends AbstractControlEnv {
    public static final String ID = "Pendulum-v1";
    public static final int MAX_EPISODE_STEPS = 200;

    public static final double MAX_SPEED = 8;
    public static final float MAX_TORQUE = 2.0f;
    static final double DT = 0.05;
    static final double G = 10.0;
    static final double M = 1.0;
    static final double L = 1.0;

    public Pendulum() {
        super(ID, MAX_EPISODE_STEPS,
                Space.Box.symmetric(1.0, 1.0, MAX_SPEED),
                new Space.Box(new double[] {-MAX_TORQUE}, new double[] {MAX_TORQUE}), 2);
    }

    /** Gymnasium's {@code angle_normalize}: {@code ((x + pi) % (2 pi)) - pi}, into [-pi, pi). */
    public static double angleNormalize(double x) {
        return pythonMod(x + Math.PI, 2 * Math.PI) - Math.PI;
    }

    @Override
    protected void sampleInitialState(SplittableRandom random) {
        state[0] = random.nextDouble(-Math.PI, Math.PI);
        state[1] = random.nextDouble(-1.0, 1.0);
    }

    @Override
    protected double advance(double action) {
        double th = state[0], thdot = state[1];
        float u = Math.min(Math.max((float) action, -MAX_TORQUE), MAX_TORQUE);
        double an = angleNormalize(th);
        float torqueCost = 0.001f * (u * u); // float32, as NumPy computes it
        double costs = an * an + 0.1 * (thdot * thdot) + torqueCost;

        float torqueTerm = (float) (3.0 / (M * (L * L))) * u; // float32
        double newThdot = thdot + (3 * G / (2 * L) * sin(th) + torqueTerm) * DT;
        newThdot = Math.min(Math.max(newThdot, -MAX_SPEED), MAX_SPEED);
        double newTh = th + newThdot * DT;

        state[0] = newTh;
        state[1] = newThdot;
        return -costs;
    }

    @Override
    protected boolean terminal() { return false; }

    @Override
    protected void observe(double[] out) {
        out[0] = f32(cos(state[0]));
        out[1] = f32(sin(state[0]));
        out[2] = f32(state[1]);
    }
}
