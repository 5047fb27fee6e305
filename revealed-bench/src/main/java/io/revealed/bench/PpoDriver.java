package io.revealed.bench;

import io.revealed.deep.DiscretePolicy;
import io.revealed.deep.Ppo;
import io.revealed.env.ControlEnvs;

import java.util.Arrays;
import java.util.Locale;

/**
 * PPO on CartPole-v1 with CleanRL's defaults: prints a line per 10 updates (env steps, wall time,
 * mean return of the last 20 episodes), the env steps and wall time when that mean first reaches
 * 475, and the mean greedy return over 100 evaluation episodes. Arguments: total env steps
 * (default 200000), seed (default 1). Run:
 * {@code java -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED -cp revealed-bench/target/revealed-bench.jar:revealed-bench/target/lib/* io.revealed.bench.PpoDriver [steps] [seed]}.
 */
public final class PpoDriver {
    private static final double TARGET = 475;

    public static void main(String[] args) {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        Ppo.Options o = new Ppo.Options().withSeed(seed);
        long t0 = System.nanoTime();
        long[] reached = {-1};
        double[] reachedSeconds = {Double.NaN};
        System.out.println("update,env_steps,wall_s,mean_return_last20,entropy,approx_kl,clip_fraction");
        Ppo.Result r = new Ppo(o).train("CartPole-v1", steps, p -> {
            double s = (System.nanoTime() - t0) / 1e9;
            if (reached[0] < 0 && p.recentMeanReturn() >= TARGET) {
                reached[0] = p.envSteps();
                reachedSeconds[0] = s;
            }
            if (p.update() % 10 == 0)
                System.out.printf(Locale.ROOT, "%d,%d,%.2f,%.1f,%.3f,%.4f,%.3f%n", p.update(), p.envSteps(), s,
                        p.recentMeanReturn(), p.entropy(), p.approxKl(), p.clipFraction());
        });
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        try (DiscretePolicy policy = r.policy()) {
            double[] eval = Ppo.evaluateGreedy(policy, () -> ControlEnvs.create("CartPole-v1"), 100, seed + 1_000_000);
            System.out.printf(Locale.ROOT, "env_steps=%d train_wall_s=%.1f episodes=%d%n", r.envSteps(), trainSeconds, r.episodes().size());
            if (reached[0] >= 0)
                System.out.printf(Locale.ROOT, "mean_last20>=%.0f first at env_steps=%d wall_s=%.1f%n", TARGET, reached[0], reachedSeconds[0]);
            else
                System.out.printf(Locale.ROOT, "mean_last20 never reached %.0f%n", TARGET);
            System.out.printf(Locale.ROOT, "greedy_mean_return_100=%.2f min=%.0f max=%.0f%n", Arrays.stream(eval).average().orElseThrow(),
                    Arrays.stream(eval).min().orElseThrow(), Arrays.stream(eval).max().orElseThrow());
        }
    }
}
