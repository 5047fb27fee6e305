package io.revealed.bench;

import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.Rollouts;
import io.revealed.data.Trajectory;
import io.revealed.env.Gridworld;
import io.revealed.irl.Mlirl;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One MLIRL gradient step (objective and exact gradient through the value iteration) on a 40x40
 * gridworld with a horizon of 50 (50 backups, BURLAP's setting in ANCHORS.md: 4.44 s per step),
 * one-hot features, 100 Boltzmann demonstrations, at random weights. Prints the median of 30
 * evaluations after 10 warm-up ones. Run:
 * {@code java -cp revealed-bench/target/revealed-bench.jar io.revealed.bench.MlirlDriver [size] [horizon]}.
 */
public final class MlirlDriver {
    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int horizon = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        TabularMdp mdp = new Gridworld(new Gridworld.Options(size, 0.1, Gridworld.Layout.RANDOM, 0, horizon, 1.0,
                Gridworld.Start.UNIFORM, Gridworld.FeatureSet.ONEHOT)).mdp();
        Policy expert = new Boltzmann(5).solve(mdp, mdp.reward().expected(mdp, null), new PlanningOptions()).policy();
        List<Trajectory> demos = Rollouts.sample(mdp, expert, 100, horizon, 0, null);
        Mlirl.Problem problem = new Mlirl().new Problem(mdp, demos);
        double[] theta = new double[mdp.features().dimension()];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < theta.length; i++) theta[i] = r.nextDouble(-1, 1);
        for (int i = 0; i < 10; i++) problem.evaluate(theta);
        double[] t = new double[30];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            problem.evaluate(theta);
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "gridworld %dx%d, H=%d: median %.2f ms per MLIRL gradient step (BURLAP 4440 ms: %.0fx)%n",
                size, size, horizon, t[t.length / 2] * 1e3, 4.44 / t[t.length / 2]);
    }
}
