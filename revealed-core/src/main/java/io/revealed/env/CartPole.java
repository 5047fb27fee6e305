package io.revealed.env;

import java.util.SplittableRandom;

/**
 * The cart-pole balancing task, step for step as Gymnasium 1.3.0's {@code CartPole-v1}
 * ({@code gymnasium/envs/classic_control/cartpole.py}, {@code CartPoleEnv}, registered with
 * {@code max_episode_steps=500}), after Barto, Sutton and Anderson (1983), "Neuronlike adaptive
 * elements that can solve difficult learning control problems", with the equations of Florian
 * (2007), "Correct equations for the dynamics of the cart-pole system".
 *
 * <p><b>State</b> {@code (x, x_dot, theta, theta_dot)} in float64; the <b>observation</b> is the
 * same four numbers rounded to float32 (Gymnasium returns {@code np.array(state, dtype=float32)}
 * while keeping the float64 state inside), reproduced as {@code (double) (float) v}.
 * <b>Actions</b>: 0 pushes the cart left with force 10, 1 pushes it right.
 *
 * <p><b>Dynamics</b> (explicit Euler, tau = 0.02 s; operations in Gymnasium's order):
 * <pre>
 * temp     = (force + m_p l theta_dot^2 sin(theta)) / (m_c + m_p)
 * thetaacc = (g sin(theta) - cos(theta) temp) / (l (4/3 - m_p cos(theta)^2 / (m_c + m_p)))
 * xacc     = temp - m_p l thetaacc cos(theta) / (m_c + m_p)
 * x += tau x_dot;  x_dot += tau xacc;  theta += tau theta_dot;  theta_dot += tau thetaacc
 * </pre>
 * with g = 9.8, m_c = 1, m_p = 0.1 and l = 0.5 (half the pole length).
 *
 * <p><b>End.</b> Terminated when {@code x < -2.4 || x > 2.4 || theta < -12° || theta > 12°}
 * (12 * 2 * pi / 360 rad) after the step; truncated at 500 steps. <b>Reward</b> 1 on every step,
 * the terminating one included (Gymnasium's default; its optional {@code sutton_barto_reward} is
 * not reproduced). Gymnasium gives reward 0 for steps taken after termination without a reset;
 * here such steps throw. <b>Initial state</b>: each of the four variables uniform in
 * [-0.05, 0.05).
 *
 * <p><b>Fixed horizon</b> ({@link #fixedHorizon()}, id {@code seals/CartPole-v0}): the seals
 * library's {@code FixedHorizonCartPole} (HumanCompatibleAI/seals, {@code src/seals/classic_control.py},
 * commit 90f68cfb) for IRL benchmarks: the same dynamics and initial states, but after each step
 * theta is wrapped into [-pi, pi) by {@code (theta + pi) % (2 pi) - pi} (Python's floored modulo,
 * written back into the state), the episode never terminates and lasts exactly 500 steps, and the
 * reward is 1 when {@code |x| < 2.4 and |theta| < 12°} after the step and 0 otherwise. Its
 * observation space widens to {@code [-f32max, f32max]} for x and both velocities and
 * {@code [-pi, pi]} (as float32) for theta.
 *
 * <p>Sine and cosine come from {@link StrictMath} (fdlibm), identical on every JVM; NumPy calls
 * the C library's (glibc on Linux), and the two differ in the last bit for about 3% of arguments,
 * after which a state can differ from Gymnasium's in its last bits (see the golden tests).
 */
public final class CartPole extends AbstractControlEnv {
    /** Gymnasium's id of the standard task. */
    public static final String ID = "CartPole-v1";
    /** seals' id of the fixed-horizon variant. */
    public static final String FIXED_HORIZON_ID = "seals/CartPole-v0";
    /** Gymnasium's {@code max_episode_steps} for CartPole-v1 (and seals' for its variant). */
    public static final int MAX_EPISODE_STEPS = 500;

    static final double GRAVITY = 9.8;
    static final double MASS_CART = 1.0;
    static final double MASS_POLE = 0.1;
    static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    static final double LENGTH = 0.5; // half the pole's length
    static final double POLEMASS_LENGTH = MASS_POLE * LENGTH;
    static final double FORCE_MAG = 10.0;
    static final double TAU = 0.02;
    /** 12 degrees in radians, computed as Gymnasium does. */
    public static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
    public static final double X_THRESHOLD = 2.4;
    static final double RESET_BOUND = 0.05;

    private static final float F32_MAX = Float.MAX_VALUE;

    private final boolean fixedHorizon;

    /** The standard task, {@code CartPole-v1}. */
    public CartPole() { this(false); }

    private CartPole(boolean fixedHorizon) {
        super(fixedHorizon ? FIXED_HORIZON_ID : ID, MAX_EPISODE_STEPS,
                fixedHorizon
                        ? Space.Box.symmetric(F32_MAX, F32_MAX, f32(Math.PI), F32_MAX)
                        : Space.Box.symmetric(f32(X_THRESHOLD * 2), Double.POSITIVE_INFINITY,
                                f32(THETA_THRESHOLD_RADIANS * 2), Double.POSITIVE_INFINITY),
                new Space.Discrete(2), 4);
        this.fixedHorizon = fixedHorizon;
    }

    /** seals' fixed-horizon variant, {@code seals/CartPole-v0} (see the class comment). */
    public static CartPole fixedHorizon() { return new CartPole(true); }

    /** Whether this is the fixed-horizon variant. */
    public boolean isFixedHorizon() { return fixedHorizon; }

    @Override
    protected void sampleInitialState(SplittableRandom random) {
        for (int i = 0; i < 4; i++) state[i] = random.nextDouble(-RESET_BOUND, RESET_BOUND);
    }

    @Override
    protected double advance(double action) {
        double x = state[0], xDot = state[1], theta = state[2], thetaDot = state[3];
        double force = action == 1 ? FORCE_MAG : -FORCE_MAG;
        double cosTheta = cos(theta);
        double sinTheta = sin(theta);

        double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sinTheta) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sinTheta - cosTheta * temp)
                / (LENGTH * (4.0 / 3.0 - MASS_POLE * (cosTheta * cosTheta) / TOTAL_MASS));
        double xAcc = temp - POLEMASS_LENGTH * thetaAcc * cosTheta / TOTAL_MASS;

        // Gymnasium's default "euler" integrator: positions move with the old velocities.
        x = x + TAU * xDot;
        xDot = xDot + TAU * xAcc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaAcc;

        if (fixedHorizon) theta = pythonMod(theta + Math.PI, 2 * Math.PI) - Math.PI;
        state[0] = x;
        state[1] = xDot;
        state[2] = theta;
        state[3] = thetaDot;

        if (!fixedHorizon) return 1.0; // also on the terminating step
        boolean ok = Math.abs(x) < X_THRESHOLD && Math.abs(theta) < THETA_THRESHOLD_RADIANS;
        return ok ? 1.0 : 0.0;
    }

    @Override
    protected boolean terminal() {
        if (fixedHorizon) return false;
        double x = state[0], theta = state[2];
        return x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;
    }

    @Override
    protected void observe(double[] out) {
        for (int i = 0; i < 4; i++) out[i] = f32(state[i]);
    }
}
