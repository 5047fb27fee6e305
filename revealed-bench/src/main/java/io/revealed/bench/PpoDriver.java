package io.revealed.bench;

import io.revealed.deep.MlpPolicy;
import io.revealed.deep.Ppo;
import io.revealed.env.ControlEnvs;

import java.util.Arrays;
import java.util.Locale;

/**
 * PPO with the environment's settings ({@link Ppo.Options#forEnv}: CleanRL's defaults on CartPole-v1,
 * the RL Baselines3 Zoo's on Pendulum-v1): prints a line per 10 updates (env steps, wall time, mean
 * return of the last 20 episodes, entropy, KL, clip fraction, log-loads), the env steps and wall time
 * when that mean first reaches the target (475 on CartPole, -200 on Pendulum, -110 on MountainCar,
 * -100 on Acrobot), and the mean greedy
 * return over 100 episodes: from {@code reset(seed + 1000000 + i)} (the figures recorded for CartPole
 * before) and from {@code reset(i)}, i = 0..99, the evaluation {@code revealed train-expert} and
 * {@code revealed eval} report. Arguments: total env steps (default, or {@code -}: {@link Ppo.Options#stepsFor}),
 * seed (default 1), env id (default CartPole-v1).
 * Run:
 * {@code java -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED -cp revealed-bench/target/revealed-bench.jar:revealed-bench/target/lib/* io.revealed.bench.PpoDriver [steps] [seed] [env]}.
 */
public final class PpoDriver {
    public static void main(String[] args) {
        String env = ControlEnvs.canonicalId(args.length > 2 ? args[2] : "CartPole-v1");
        long steps = args.length > 0 && !args[0].equals("-") ? Long.parseLong(args[0]) : Ppo.Options.stepsFor(env);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        Ppo.Options o = Ppo.Options.forEnv(env).withSeed(seed);
        double target = switch (env) {
            case "Pendulum-v1" -> -200;
            case "MountainCar-v0" -> -110;
            case "Acrobot-v1" -> -100;
            default -> 475;
        };
        System.out.println("# " + o + " env=" + env + " steps=" + steps + " load=" + SacDriver.loadAverage());
        long t0 = System.nanoTime();
        long[] reached = {-1};
        double[] reachedSeconds = {Double.NaN};
        System.out.println("update,env_steps,wall_s,mean_return_last20,entropy,approx_kl,clip_fraction,value_loss,load1");
        Ppo.Result r = new Ppo(o).train(env, steps, p -> {
            double s = (System.nanoTime() - t0) / 1e9;
            if (reached[0] < 0 && p.recentMeanReturn() >= target) {
                reached[0] = p.envSteps();
                reachedSeconds[0] = s;
            }
            if (p.update() % 10 == 0 || env.equals("Pendulum-v1"))
                System.out.printf(Locale.ROOT, "%d,%d,%.2f,%.1f,%.3f,%.4f,%.3f,%.4f,%s%n", p.update(), p.envSteps(), s,
                        p.recentMeanReturn(), p.entropy(), p.approxKl(), p.clipFraction(), p.valueLoss(), SacDriver.loadAverage());
        });
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        try (MlpPolicy policy = r.policy()) {
            System.out.printf(Locale.ROOT, "env=%s seed=%d env_steps=%d train_wall_s=%.1f episodes=%d%n", env, seed, r.envSteps(),
                    trainSeconds, r.episodes().size());
            if (reached[0] >= 0)
                System.out.printf(Locale.ROOT, "mean_last20>=%.0f first at env_steps=%d wall_s=%.1f%n", target, reached[0], reachedSeconds[0]);
            else
                System.out.printf(Locale.ROOT, "mean_last20 never reached %.0f%n", target);
            print("greedy_mean_return_100", Ppo.evaluateGreedy(policy, () -> ControlEnvs.create(env), 100, seed + 1_000_000));
            print("greedy_mean_return_100_reset0", MlpPolicy.greedyReturns(policy, () -> ControlEnvs.create(env), 100, 0));
        }
    }

    private static void print(String label, double[] eval) {
        System.out.printf(Locale.ROOT, "%s=%.2f min=%.1f max=%.1f%n", label, Arrays.stream(eval).average().orElseThrow(),
                Arrays.stream(eval).min().orElseThrow(), Arrays.stream(eval).max().orElseThrow());
    }
}
