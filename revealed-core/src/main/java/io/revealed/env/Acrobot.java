package io.revealed.env;

import java.util.SplittableRandom;

/**
 * The two-link under-actuated pendulum swing-up, step for step as Gymnasium 1.3.0's
 * {@code Acrobot-v1} ({@code gymnasium/envs/classic_control/acrobot.py}, {@code AcrobotEnv},
 * registered with {@code max_episode_steps=500}), after Sutton (1996), "Generalization in
 * reinforcement learning: successful examples using sparse coarse coding", with the dynamics of
 * Sutton and Barto, <i>Reinforcement Learning: An Introduction</i> (1998), section 11.3 (Gymnasium's
 * {@code book_or_nips = "book"}).
 *
 * <p><b>State</b> {@code (theta1, theta2, dtheta1, dtheta2)}: the first link's angle from hanging
 * down, the second link's angle relative to the first, and their angular velocities. The
 * <b>observation</b> is {@code (cos theta1, sin theta1, cos theta2, sin theta2, dtheta1, dtheta2)}
 * rounded to float32, as Gymnasium returns it. <b>Actions</b> 0, 1, 2 apply torque -1, 0, +1 on
 * the joint between the links (Gymnasium's {@code torque_noise_max} is 0: no noise).
 *
 * <p><b>Dynamics.</b> One step integrates the equations of motion over dt = 0.2 s with a single
 * classical Runge-Kutta step (Gymnasium's {@code rk4} with {@code t = [0, dt]}) on the state
 * augmented with the torque (whose derivative is 0):
 * <pre>
 * d1 = m1 lc1^2 + m2 (l1^2 + lc2^2 + 2 l1 lc2 cos theta2) + I1 + I2
 * d2 = m2 (lc2^2 + l1 lc2 cos theta2) + I2
 * phi2 = m2 lc2 g cos(theta1 + theta2 - pi/2)
 * phi1 = -m2 l1 lc2 dtheta2^2 sin theta2 - 2 m2 l1 lc2 dtheta2 dtheta1 sin theta2
 *        + (m1 lc1 + m2 l1) g cos(theta1 - pi/2) + phi2
 * ddtheta2 = (a + d2/d1 phi1 - m2 l1 lc2 dtheta1^2 sin theta2 - phi2) / (m2 lc2^2 + I2 - d2^2/d1)
 * ddtheta1 = -(d2 ddtheta2 + phi1) / d1
 * k1 = f(y), k2 = f(y + dt/2 k1), k3 = f(y + dt/2 k2), k4 = f(y + dt k3)
 * y' = y + dt/6 (k1 + 2 k2 + 2 k3 + k4)
 * </pre>
 * with m1 = m2 = 1, l1 = 1, lc1 = lc2 = 0.5, I1 = I2 = 1, g = 9.8. Then both angles are wrapped into
 * [-pi, pi] (by adding or subtracting 2 pi while outside, Gymnasium's {@code wrap}) and the
 * velocities are clipped to [-4 pi, 4 pi] and [-9 pi, 9 pi] (its {@code bound}).
 *
 * <p><b>End.</b> Terminated when {@code -cos(theta1) - cos(theta2 + theta1) > 1} (the free end is
 * more than one link length above the pivot); truncated at 500 steps. <b>Reward</b> -1 on every
 * step that does not terminate, 0 on the terminating step. <b>Initial state</b>: each variable
 * uniform in [-0.1, 0.1), then rounded to float32 as Gymnasium does ({@code .astype(np.float32)}),
 * so a reset value may lie at {@code (float) 0.1}, a hair above 0.1; after the first step the state
 * is float64, as in Gymnasium.
 *
 * <p>Sine and cosine come from {@link StrictMath}; NumPy's (the C library's) differ from them in the
 * last bit for about 3% of arguments, and the chaotic dynamics amplify such a difference over
 * later steps (see the golden tests).
 */
public final class Acrobot extends AbstractControlEnv {
    public static final String ID = "Acrobot-v1";
    public static final int MAX_EPISODE_STEPS = 500;

    static final double DT = 0.2;
    static final double LINK_LENGTH_1 = 1.0;
    static final double LINK_MASS_1 = 1.0;
    static final double LINK_MASS_2 = 1.0;
    static final double LINK_COM_POS_1 = 0.5;
    static final double LINK_COM_POS_2 = 0.5;
    static final double LINK_MOI = 1.0;
    static final double G = 9.8;
    public static final double MAX_VEL_1 = 4 * Math.PI;
    public static final double MAX_VEL_2 = 9 * Math.PI;
    static final double[] AVAIL_TORQUE = {-1.0, 0.0, +1.0};
    static final double RESET_BOUND = 0.1;

    /** Scratch for the integrator: the augmented state y, the stage input and the four slopes. */
    private final double[] y = new double[5], stage = new double[5];
    private final double[] k1 = new double[5], k2 = new double[5], k3 = new double[5], k4 = new double[5];

    public Acrobot() {
        super(ID, MAX_EPISODE_STEPS,
                Space.Box.symmetric(1.0, 1.0, 1.0, 1.0, f32(MAX_VEL_1), f32(MAX_VEL_2)),
                new Space.Discrete(3), 4);
    }

    @Override
    protected void sampleInitialState(SplittableRandom random) {
        for (int i = 0; i < 4; i++) state[i] = f32(random.nextDouble(-RESET_BOUND, RESET_BOUND));
    }

    @Override
    protected double advance(double action) {
        System.arraycopy(state, 0, y, 0, 4);
        y[4] = AVAIL_TORQUE[(int) action];
        rk4Step(y, DT);
        state[0] = wrap(y[0], -Math.PI, Math.PI);
        state[1] = wrap(y[1], -Math.PI, Math.PI);
        state[2] = bound(y[2], -MAX_VEL_1, MAX_VEL_1);
        state[3] = bound(y[3], -MAX_VEL_2, MAX_VEL_2);
        return terminal() ? 0.0 : -1.0;
    }

    /** One classical Runge-Kutta step of length {@code dt} on the augmented state {@code y}, in place. */
    private void rk4Step(double[] y, double dt) {
        double dt2 = dt / 2.0;
        derivatives(y, k1);
        for (int i = 0; i < 5; i++) stage[i] = y[i] + dt2 * k1[i];
        derivatives(stage, k2);
        for (int i = 0; i < 5; i++) stage[i] = y[i] + dt2 * k2[i];
        derivatives(stage, k3);
        for (int i = 0; i < 5; i++) stage[i] = y[i] + dt * k3[i];
        derivatives(stage, k4);
        double sixth = dt / 6.0;
        for (int i = 0; i < 5; i++) y[i] = y[i] + sixth * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    }

    /** Gymnasium's {@code _dsdt} ("book" variant): the time derivative of the augmented state. */
    private static void derivatives(double[] s, double[] out) {
        final double m1 = LINK_MASS_1, m2 = LINK_MASS_2, l1 = LINK_LENGTH_1;
        final double lc1 = LINK_COM_POS_1, lc2 = LINK_COM_POS_2, i1 = LINK_MOI, i2 = LINK_MOI, g = G;
        double a = s[4];
        double theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
        double cos2 = cos(theta2), sin2 = sin(theta2);
        double d1 = m1 * (lc1 * lc1) + m2 * ((l1 * l1) + (lc2 * lc2) + 2 * l1 * lc2 * cos2) + i1 + i2;
        double d2 = m2 * ((lc2 * lc2) + l1 * lc2 * cos2) + i2;
        double phi2 = m2 * lc2 * g * cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2
                + (m1 * lc1 + m2 * l1) * g * cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2)
                / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
        out[4] = 0.0;
    }

    /** Gymnasium's {@code wrap}: shifts {@code x} by whole periods {@code hi - lo} into [lo, hi]. */
    static double wrap(double x, double lo, double hi) {
        double diff = hi - lo;
        while (x > hi) x = x - diff;
        while (x < lo) x = x + diff;
        return x;
    }

    /** Gymnasium's {@code bound}: {@code min(max(x, lo), hi)}. */
    static double bound(double x, double lo, double hi) {
        return Math.min(Math.max(x, lo), hi);
    }

    @Override
    protected boolean terminal() {
        return -cos(state[0]) - cos(state[1] + state[0]) > 1.0;
    }

    @Override
    protected void observe(double[] out) {
        out[0] = f32(cos(state[0]));
        out[1] = f32(sin(state[0]));
        out[2] = f32(cos(state[1]));
        out[3] = f32(sin(state[1]));
        out[4] = f32(state[2]);
        out[5] = f32(state[3]);
    }
}
