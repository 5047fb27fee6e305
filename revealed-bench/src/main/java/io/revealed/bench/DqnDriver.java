package io.revealed.bench;

import io.revealed.deep.DiscretePolicy;
import io.revealed.deep.Dqn;
import io.revealed.deep.MlpPolicy;
import io.revealed.env.ControlEnvs;

import java.util.Arrays;
import java.util.Locale;

/**
 * DQN on a control environment with the environment's preset ({@link Dqn.Options#forEnv}) or with
 * CleanRL's classic-control defaults: prints a line every 20 episodes (env steps, wall time,
 * epsilon, mean return of the last 20 episodes, mean TD loss), the training wall time, and the greedy
 * mean return over 100 episodes from {@code reset(0..99)} (as {@code revealed train-expert} and
 * {@code revealed eval} compute it) and from {@code reset(seed + 1,000,000 + i)}.
 * Arguments: env id (default Acrobot-v1), seed (default 1), env steps (default: the preset's),
 * {@code preset} (default) or {@code cleanrl}, {@code norm} or {@code raw} to turn observation
 * normalisation on or off (default: the preset's), {@code last} to return the last policy instead of
 * the best of the evaluations every 5,000 steps over 20 episodes ({@code train-expert}'s default). Run:
 * {@code java -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED -cp revealed-bench/target/revealed-bench.jar io.revealed.bench.DqnDriver [env] [seed] [steps|-] [preset|cleanrl] [norm|raw|-] [last]}.
 */
public final class DqnDriver {
    public static void main(String[] args) {
        String env = ControlEnvs.canonicalId(args.length > 0 ? args[0] : "Acrobot-v1");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        long steps = args.length > 2 && !args[2].equals("-") ? Long.parseLong(args[2]) : Dqn.Options.stepsFor(env);
        boolean cleanrl = args.length > 3 && args[3].equals("cleanrl");
        Dqn.Options o = (cleanrl ? new Dqn.Options() : Dqn.Options.forEnv(env)).withSeed(seed);
        if (args.length > 4 && (args[4].equals("norm") || args[4].equals("raw"))) o = o.withNormalizeObservations(args[4].equals("norm"));
        boolean last = args.length > 5 && args[5].equals("last");
        Dqn dqn = last ? new Dqn(o) : new Dqn(o).selectingBest(5_000, 20);
        System.out.println("# " + env + " " + o);
        long t0 = System.nanoTime();
        double[] recent = new double[20];
        System.out.println("episode,env_steps,wall_s,epsilon,mean_return_last20,mean_loss");
        Dqn.Result r = dqn.train(env, steps, p -> {
            recent[(p.episodes() - 1) % recent.length] = p.episodeReturn();
            if (p.episodes() % 20 == 0)
                System.out.printf(Locale.ROOT, "%d,%d,%.2f,%.3f,%.1f,%.4f%n", p.episodes(), p.envSteps(),
                        (System.nanoTime() - t0) / 1e9, p.epsilon(), Arrays.stream(recent).average().orElseThrow(), p.meanLoss());
        });
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        try (DiscretePolicy policy = r.policy()) {
            System.out.printf(Locale.ROOT, "env=%s seed=%d env_steps=%d gradient_steps=%d train_wall_s=%.1f episodes=%d%n", env, seed,
                    r.envSteps(), r.gradientSteps(), trainSeconds, r.episodes().size());
            if (r.selected() != null)
                System.out.printf(Locale.ROOT, "selected the policy after %d steps (mean %.2f over 20 selection episodes; evaluations %s)%n",
                        r.selected().step(), r.selected().mean(), Arrays.toString(r.selected().evaluations().returns()));
            report("greedy_mean_return_100_from_reset_0", MlpPolicy.greedyReturns(policy, () -> ControlEnvs.create(env), 100, 0));
            report("greedy_mean_return_100_from_reset_seed+1e6", MlpPolicy.greedyReturns(policy, () -> ControlEnvs.create(env), 100, seed + 1_000_000));
        }
    }

    private static void report(String label, double[] eval) {
        System.out.printf(Locale.ROOT, "%s=%.2f min=%.0f max=%.0f%n", label, Arrays.stream(eval).average().orElseThrow(),
                Arrays.stream(eval).min().orElseThrow(), Arrays.stream(eval).max().orElseThrow());
    }
}
