package io.revealed.bench;

import io.revealed.deep.DiscretePolicy;
import io.revealed.deep.Dqn;
import io.revealed.deep.Ppo;
import io.revealed.env.ControlEnvs;

import java.util.Arrays;
import java.util.Locale;

/**
 * DQN with CleanRL's classic-control defaults on Acrobot-v1 (by default): prints a line every 20
 * episodes (env steps, wall time, epsilon, mean return of the last 20 episodes, mean TD loss), the
 * training wall time and the mean greedy return over 100 evaluation episodes (target above -100).
 * Arguments: total env steps (default 100000), seed (default 1), env id (default Acrobot-v1),
 * learning starts (default 10000). Run:
 * {@code java -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED -cp revealed-bench/target/revealed-bench.jar:revealed-bench/target/lib/* io.revealed.bench.DqnDriver [steps] [seed] [env] [learningStarts]}.
 */
public final class DqnDriver {
    public static void main(String[] args) {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        String env = args.length > 2 ? args[2] : "Acrobot-v1";
        long starts = args.length > 3 ? Long.parseLong(args[3]) : 10_000;
        Dqn.Options o = new Dqn.Options().withSeed(seed).withLearningStarts(starts);
        long t0 = System.nanoTime();
        double[] recent = new double[20];
        System.out.println("episode,env_steps,wall_s,epsilon,mean_return_last20,mean_loss");
        Dqn.Result r = new Dqn(o).train(env, steps, p -> {
            recent[(p.episodes() - 1) % recent.length] = p.episodeReturn();
            if (p.episodes() % 20 == 0)
                System.out.printf(Locale.ROOT, "%d,%d,%.2f,%.3f,%.1f,%.4f%n", p.episodes(), p.envSteps(),
                        (System.nanoTime() - t0) / 1e9, p.epsilon(), Arrays.stream(recent).average().orElseThrow(), p.meanLoss());
        });
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        try (DiscretePolicy policy = r.policy()) {
            double[] eval = Ppo.evaluateGreedy(policy, () -> ControlEnvs.create(env), 100, seed + 1_000_000);
            System.out.printf(Locale.ROOT, "env=%s env_steps=%d gradient_steps=%d train_wall_s=%.1f episodes=%d%n", env, r.envSteps(),
                    r.gradientSteps(), trainSeconds, r.episodes().size());
            System.out.printf(Locale.ROOT, "greedy_mean_return_100=%.2f min=%.0f max=%.0f%n", Arrays.stream(eval).average().orElseThrow(),
                    Arrays.stream(eval).min().orElseThrow(), Arrays.stream(eval).max().orElseThrow());
        }
    }
}
