package io.revealed.bench;

import io.revealed.env.Garnet;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.Occupancy;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.SoftValueIteration;

import java.util.Arrays;
import java.util.Locale;

/**
 * One MCE pass, the unit of work of every MCE IRL gradient: a soft value iteration backward over
 * the horizon and the occupancy forward, on the Garnet MDPs of the anchor measurements (4 actions,
 * 5 successors, horizon 50, a state reward from 16 random features, uniform start). Prints the
 * median of several passes per size. Run:
 * {@code java -Xmx12g -cp revealed-bench/target/revealed-bench.jar io.revealed.bench.MceePassDriver 1000 10000 25000 1000000}.
 */
public final class MceePassDriver {
    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[]{1_000, 10_000, 25_000, 100_000, 1_000_000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("states,transitions,pass_seconds_median,pass_seconds_best,passes");
        for (int S : sizes) {
            TabularMdp mdp = Garnet.generate(new Garnet.Options(S, 4, 5, 16, 0, 50, 1.0));
            double[] rsa = mdp.reward().expected(mdp, null);
            int reps = S >= 1_000_000 ? 5 : S >= 100_000 ? 10 : 30;
            double[] times = new double[reps];
            double check = 0;
            for (int i = -2; i < reps; i++) { // two warm-up passes
                long t0 = System.nanoTime();
                var sol = SoftValueIteration.solve(mdp, rsa, 1.0, new PlanningOptions());
                var vis = Occupancy.visitation(mdp, sol.policy(), mdp.initial(), new PlanningOptions());
                double dt = (System.nanoTime() - t0) / 1e9;
                if (i >= 0) times[i] = dt;
                check += vis.decision()[0];
            }
            Arrays.sort(times);
            System.out.printf(Locale.ROOT, "%d,%d,%.4f,%.4f,%d%n", S, mdp.transitions(), times[reps / 2], times[0], reps);
            if (check == 42) System.out.println();
        }
    }
}
