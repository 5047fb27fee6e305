package io.revealed.bench;

import io.revealed.deep.ContinuousPolicy;
import io.revealed.deep.MlpPolicy;
import io.revealed.deep.Sac;
import io.revealed.env.ControlEnvs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * SAC with {@link Sac.Options}' defaults on Pendulum-v1 (by default): prints a line every 10
 * episodes (env steps, wall time, alpha, mean return of the last 10 episodes, mean critic and actor
 * losses, the process's resident memory and the load average), then the training wall time and the
 * mean greedy return over 100 episodes from {@code reset(0..99)}, the evaluation that
 * {@code revealed train-expert} and {@code revealed eval} report (target above -200 on Pendulum).
 * Arguments: total env steps (default 30000), seed (default 1), env id (default Pendulum-v1), hidden
 * widths (default: the options' default, e.g. {@code 256,256}), learning starts (default: the
 * options' default). Run:
 * {@code java -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED -cp revealed-bench/target/revealed-bench.jar:revealed-bench/target/lib/* io.revealed.bench.SacDriver [steps] [seed] [env] [hidden] [learningStarts]}.
 */
public final class SacDriver {
    private static final int REPORT_EVERY = 10;

    public static void main(String[] args) {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 30_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        String env = args.length > 2 ? args[2] : "Pendulum-v1";
        Sac.Options o = new Sac.Options().withSeed(seed);
        if (args.length > 3) o = o.withHidden(Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray());
        if (args.length > 4) o = o.withLearningStarts(Long.parseLong(args[4]));
        System.out.println("# " + o + " env=" + env + " steps=" + steps + " load=" + loadAverage());
        long t0 = System.nanoTime();
        double[] recent = new double[REPORT_EVERY];
        System.out.println("episode,env_steps,wall_s,alpha,mean_return_last10,critic_loss,actor_loss,rss_mb,load1");
        Sac.Result r = new Sac(o).train(env, steps, p -> {
            recent[(p.episodes() - 1) % recent.length] = p.episodeReturn();
            if (p.episodes() % REPORT_EVERY == 0)
                System.out.printf(Locale.ROOT, "%d,%d,%.1f,%.4f,%.1f,%.4f,%.3f,%d,%s%n", p.episodes(), p.envSteps(),
                        (System.nanoTime() - t0) / 1e9, p.alpha(), Arrays.stream(recent).average().orElseThrow(), p.meanCriticLoss(),
                        p.meanActorLoss(), residentMegabytes(), loadAverage());
        });
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        try (ContinuousPolicy policy = r.policy()) {
            double[] eval = MlpPolicy.greedyReturns(policy, () -> ControlEnvs.create(env), 100, 0);
            System.out.printf(Locale.ROOT, "env=%s seed=%d env_steps=%d gradient_steps=%d train_wall_s=%.1f episodes=%d alpha=%.4f load=%s%n",
                    env, seed, r.envSteps(), r.gradientSteps(), trainSeconds, r.episodes().size(), r.alpha(), loadAverage());
            System.out.printf(Locale.ROOT, "greedy_mean_return_100=%.2f min=%.1f max=%.1f%n", Arrays.stream(eval).average().orElseThrow(),
                    Arrays.stream(eval).min().orElseThrow(), Arrays.stream(eval).max().orElseThrow());
        }
    }

    /** VmRSS of this process in MB (Linux), -1 where unknown. */
    static long residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return -1;
    }

    /** The 1-minute load average (Linux), "?" where unknown. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
