package io.revealed.bench;

import io.revealed.analysis.Canonicalization;
import io.revealed.analysis.Epic;
import io.revealed.analysis.Norm;
import io.revealed.analysis.Starc;
import io.revealed.env.Garnet;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Wall time of one reward distance between two random state-action rewards on Garnet MDPs (4
 * actions, branching 5, discount 0.9): STARC with the minimal and the value-adjusted
 * canonicalisations, and EPIC with transition coverage. Each figure is the best of 3 runs after a
 * warm-up. Arguments: state counts (default 1000 10000 100000). Run:
 * {@code java -Xmx8g -cp revealed-bench/target/revealed-bench.jar io.revealed.bench.DistanceDriver [states...]}.
 */
public final class DistanceDriver {
    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[]{1_000, 10_000, 100_000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("states,transitions,starc_minimal_s,starc_val_s,epic_transitions_s,starc_minimal,starc_val,epic");
        for (int n : sizes) {
            TabularMdp mdp = Garnet.generate(new Garnet.Options(n, 4, 5, 16, 1, null, 0.9));
            SplittableRandom r = new SplittableRandom(7);
            double[] a = new double[n * 4], b = new double[n * 4];
            for (int i = 0; i < a.length; i++) { a[i] = r.nextDouble(-1, 1); b[i] = a[i] + 0.5 * r.nextDouble(-1, 1); }
            TabularReward ra = TabularReward.ofStateAction(n, 4, a), rb = TabularReward.ofStateAction(n, 4, b);
            Starc minimal = new Starc();
            Starc val = new Starc(new Starc.Options(new Canonicalization.ValueAdjustedLevelling(), Norm.L2, Norm.L2));
            Epic epic = new Epic(new Epic.Options(Epic.Coverage.TRANSITIONS));
            double[] d = new double[3];
            double tm = best(() -> d[0] = minimal.distance(mdp, ra, rb, 0.9).distance());
            double tv = best(() -> d[1] = val.distance(mdp, ra, rb, 0.9).distance());
            double te = best(() -> d[2] = epic.distance(mdp, ra, rb, 0.9).distance());
            System.out.printf(Locale.ROOT, "%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f%n", n, mdp.transitions(), tm, tv, te, d[0], d[1], d[2]);
        }
    }

    private static double best(Runnable job) {
        job.run();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            job.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }
}
