package io.revealed.bench;

import io.revealed.deep.MlpPolicy;
import io.revealed.env.ControlEnvs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Greedy evaluation of a saved policy, one episode at a time against up to 100 side by side
 * ({@link MlpPolicy#greedyReturns}): wall time of each and their mean returns, three rounds.
 * Run: {@code java -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED -cp revealed-bench/target/revealed-bench.jar io.revealed.bench.EvalDriver POLICY_DIR ENV [EPISODES]}.
 */
public final class EvalDriver {
    public static void main(String[] args) {
        if (args.length < 2) throw new IllegalArgumentException("usage: EvalDriver POLICY_DIR ENV [EPISODES]");
        String env = ControlEnvs.canonicalId(args[1]);
        int episodes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        try (MlpPolicy policy = MlpPolicy.load(Path.of(args[0]))) {
            for (int round = 1; round <= 3; round++) {
                long t0 = System.nanoTime();
                double[] alone = MlpPolicy.greedyReturns(policy, ControlEnvs.create(env), episodes, 0);
                long t1 = System.nanoTime();
                double[] together = MlpPolicy.greedyReturns(policy, () -> ControlEnvs.create(env), episodes, 0);
                long t2 = System.nanoTime();
                System.out.printf(Locale.ROOT, "round %d: one at a time %.3f s (mean %.2f), side by side %.3f s (mean %.2f), ratio %.1f%n", round,
                        (t1 - t0) / 1e9, Arrays.stream(alone).average().orElseThrow(), (t2 - t1) / 1e9,
                        Arrays.stream(together).average().orElseThrow(), (double) (t1 - t0) / (t2 - t1));
            }
        }
    }
}
