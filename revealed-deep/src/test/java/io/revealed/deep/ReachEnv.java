package io.revealed.deep;

import io.revealed.env.ControlEnv;
import io.revealed.env.Space;

import java.util.SplittableRandom;

/**
 * A one-step continuous task for tests: observe a target x uniform in [-1, 1), choose an action a in
 * [-2, 2], earn {@code -(a - x)^2}, and the episode terminates. The best policy (a = x) earns 0; the
 * best constant action (a = 0) earns {@code -E[x^2] = -1/3} on average, so a mean return well above
 * -1/3 means the policy has learned to use its observation.
 */
class ReachEnv implements ControlEnv {
    private SplittableRandom random;
    private double x;
    private boolean running;

    @Override
    public String id() { return "Reach"; }

    @Override
    public Space observationSpace() { return Space.Box.symmetric(1.0); }

    @Override
    public Space actionSpace() { return Space.Box.symmetric(2.0); }

    @Override
    public int maxEpisodeSteps() { return 1; }

    @Override
    public int elapsedSteps() { return running ? 0 : 1; }

    @Override
    public double[] reset(long seed) {
        random = new SplittableRandom(seed);
        return reset();
    }

    @Override
    public double[] reset() {
        x = random.nextDouble(-1, 1);
        running = true;
        return new double[]{x};
    }

    @Override
    public Step step(double[] action) {
        if (!running) throw new IllegalStateException("reset first");
        running = false;
        double a = Math.min(2, Math.max(-2, action[0]));
        return new Step(new double[]{x}, -(a - x) * (a - x), true, false);
    }

    @Override
    public double[] state() { return new double[]{x}; }

    @Override
    public double[] setState(double[] state, int elapsedSteps) {
        x = state[0];
        running = true;
        return new double[]{x};
    }
}
