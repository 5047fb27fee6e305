package io.revealed.env;

import java.util.SplittableRandom;

/**
 * The under-powered car in a valley, step for step as Gymnasium 1.3.0's {@code MountainCar-v0}
 * ({@code gymnasium/envs/classic_control/mountain_car.py}, {@code MountainCarEnv} with its default
 * {@code goal_velocity=0}, registered with {@code max_episode_steps=200}), after Moore (1990),
 * "Efficient memory-based learning for robot control".
 *
 * <p><b>State</b> {@code (position, velocity)} in float64; the <b>observation</b> is the state
 * rounded to float32, as Gymnasium returns it. <b>Actions</b>: 0 accelerate left, 1 do nothing,
 * 2 accelerate right.
 *
 * <p><b>Dynamics</b> (Gymnasium's order of operations):
 * <pre>
 * velocity += (action - 1) * 0.001 + cos(3 position) * (-0.0025)
 * velocity  = clip(velocity, -0.07, 0.07)
 * position += velocity
 * position  = clip(position, -1.2, 0.6)
 * if position == -1.2 and velocity &lt; 0: velocity = 0      (the car stops at the left wall)
 * </pre>
 *
 * <p><b>End.</b> Terminated when {@code position >= 0.5 and velocity >= 0} after the step;
 * truncated at 200 steps. <b>Reward</b> -1 on every step. <b>Initial state</b>: position uniform
 * in [-0.6, -0.4), velocity 0.
 *
 * <p>The cosine comes from {@link StrictMath}; Gymnasium calls Python's {@code math.cos} (the C
 * library's), which differs from it in the last bit for about 3% of arguments.
 *
 * <p>The fixed-horizon variant {@code seals/MountainCar-v0} is {@link #fixedHorizon()}: seals
 * wraps this task in its {@code AbsorbAfterDoneWrapper} (see {@link AbsorbAfterDone}).
 */
public final class MountainCar extends AbstractControlEnv {
    public static final String ID = "MountainCar-v0";
    public static final String FIXED_HORIZON_ID = "seals/MountainCar-v0";
    public static final int MAX_EPISODE_STEPS = 200;

    public static final double MIN_POSITION = -1.2;
    public static final double MAX_POSITION = 0.6;
    public static final double MAX_SPEED = 0.07;
    public static final double GOAL_POSITION = 0.5;
    public static final double GOAL_VELOCITY = 0;
    static final double FORCE = 0.001;
    static final double GRAVITY = 0.0025;

    public MountainCar() {
        super(ID, MAX_EPISODE_STEPS,
                new Space.Box(new double[] {f32(MIN_POSITION), f32(-MAX_SPEED)}, new double[] {f32(MAX_POSITION), f32(MAX_SPEED)}),
                new Space.Discrete(3), 2);
    }

    /**
     * seals' {@code seals/MountainCar-v0}: this task inside {@link AbsorbAfterDone}, so that every
     * episode lasts exactly 200 steps; after the goal is reached the final observation repeats with
     * reward 0.
     */
    public static AbsorbAfterDone fixedHorizon() {
        return new AbsorbAfterDone(new MountainCar(), FIXED_HORIZON_ID, 0.0);
    }

    @Override
    protected void sampleInitialState(SplittableRandom random) {
        state[0] = random.nextDouble(-0.6, -0.4);
        state[1] = 0.0;
    }

    @Override
    protected double advance(double action) {
        double position = state[0], velocity = state[1];
        velocity += ((int) action - 1) * FORCE + cos(3 * position) * (-GRAVITY);
        velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
        position += velocity;
        position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
        if (position == MIN_POSITION && velocity < 0) velocity = 0;
        state[0] = position;
        state[1] = velocity;
        return -1.0;
    }

    @Override
    protected boolean terminal() {
        return state[0] >= GOAL_POSITION && state[1] >= GOAL_VELOCITY;
    }

    @Override
    protected void observe(double[] out) {
        out[0] = f32(state[0]);
        out[1] = f32(state[1]);
    }
}
