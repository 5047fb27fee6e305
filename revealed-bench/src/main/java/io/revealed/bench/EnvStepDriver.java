package io.revealed.bench;

import io.revealed.env.ControlEnv;
import io.revealed.env.ControlEnvs;
import io.revealed.env.Space;
import io.revealed.env.VecEnv;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Classic-control environment steps per second, one environment alone and a {@link VecEnv} of 16,
 * with uniformly random actions (drawn inside the timed loop,
 * one generator call per action). Episodes that end are reset (the single environment by
 * {@code reset()}, the VecEnv by its same-step autoreset), so resets are part of the figure.
 * Prints CSV: {@code env,mode,copies,env_steps,seconds,steps_per_second}; each figure is the best
 * of three timed rounds after one warm-up round. Run:
 * {@code java -cp revealed-bench/target/revealed-bench.jar io.revealed.bench.EnvStepDriver [stepsPerRound]}.
 */
public final class EnvStepDriver {
    private EnvStepDriver() {}

    public static void main(String[] args) {
        long steps = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 2_000_000L;
        System.out.println("env,mode,copies,env_steps,seconds,steps_per_second");
        for (String id : ControlEnvs.ids()) {
            report(id, "single", 1, steps, () -> single(id, steps));
            report(id, "vec", 16, steps, () -> vec(id, 16, steps));
        }
    }

    private static void report(String id, String mode, int copies, long steps, java.util.function.DoubleSupplier run) {
        run.getAsDouble(); // warm-up
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < 3; r++) best = Math.min(best, run.getAsDouble());
        System.out.printf(Locale.ROOT, "%s,%s,%d,%d,%.4f,%.0f%n", id, mode, copies, steps, best, steps / best);
    }

    /** Seconds for {@code steps} steps of one environment. */
    private static double single(String id, long steps) {
        ControlEnv env = ControlEnvs.create(id);
        SplittableRandom rng = new SplittableRandom(1);
        int n = env.actionSpace() instanceof Space.Discrete d ? d.n() : 0;
        double[] action = new double[1];
        double sink = 0;
        env.reset(0);
        long t0 = System.nanoTime();
        for (long t = 0; t < steps; t++) {
            action[0] = n > 0 ? rng.nextInt(n) : rng.nextDouble(-2, 2);
            ControlEnv.Step s = env.step(action);
            sink += s.reward();
            if (s.done()) env.reset();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (sink == 42.4242) System.out.print(""); // keep the loop's results alive
        return seconds;
    }

    /** Seconds for {@code steps} environment steps (steps / copies vector steps). */
    private static double vec(String id, int copies, long steps) {
        VecEnv vec = VecEnv.of(id, copies);
        SplittableRandom rng = new SplittableRandom(1);
        int n = vec.actionSpace() instanceof Space.Discrete d ? d.n() : 0;
        double[] actions = new double[copies * vec.actionDimension()];
        VecEnv.VecStep out = VecEnv.VecStep.allocate(copies, vec.observationDimension());
        double sink = 0;
        vec.reset(0);
        long t0 = System.nanoTime();
        for (long t = 0; t < steps / copies; t++) {
            for (int i = 0; i < actions.length; i++) actions[i] = n > 0 ? rng.nextInt(n) : rng.nextDouble(-2, 2);
            vec.step(actions, out);
            sink += out.rewards()[0];
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (sink == 42.4242) System.out.print("");
        return seconds;
    }
}
