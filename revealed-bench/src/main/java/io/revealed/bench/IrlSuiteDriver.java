package io.revealed.bench;

import io.revealed.analysis.Starc;
import io.revealed.analysis.ValueDifference;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.Rollouts;
import io.revealed.data.Trajectory;
import io.revealed.env.Gridworld;
import io.revealed.irl.BayesianIrl;
import io.revealed.irl.ClosedFormIrl;
import io.revealed.irl.IrlAlgorithm;
import io.revealed.irl.IrlListener;
import io.revealed.irl.IrlResult;
import io.revealed.irl.MceIrl;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Every tabular IRL algorithm on the same data, with default options: an 8x8 gridworld (slip 0.1,
 * goal reward, one-hot features, discount 0.9, infinite horizon), 100 Boltzmann(beta = 5)
 * demonstrations of 70 steps (seeds 0, 1, 2). Prints a markdown table: EVD as a fraction of the
 * optimal value and of (optimal - random), the STARC distance of the learned reward to the true one,
 * and the fit time, each the mean over the seeds. Run:
 * {@code java -cp revealed-bench/target/revealed-bench.jar io.revealed.bench.IrlSuiteDriver [episodes] [seeds]}.
 */
public final class IrlSuiteDriver {
    record Entry(String name, Supplier<IrlAlgorithm> algorithm) {}

    static List<Entry> algorithms() {
        List<Entry> list = new ArrayList<>();
        list.add(new Entry("mce-irl", MceIrl::new));
        list.add(new Entry("maxent-irl", io.revealed.irl.MaxEntIrl::new));
        list.add(new Entry("mlirl", io.revealed.irl.Mlirl::new));
        list.add(new Entry("bayesian-irl", BayesianIrl::new));
        list.add(new Entry("apprenticeship (projection)", io.revealed.irl.Apprenticeship::new));
        list.add(new Entry("apprenticeship (max-margin)", () -> new io.revealed.irl.Apprenticeship(
                new io.revealed.irl.Apprenticeship.Options(io.revealed.irl.Apprenticeship.Variant.MAX_MARGIN))));
        list.add(new Entry("lp-irl", io.revealed.irl.LpIrl::new));
        list.add(new Entry("closed-form", ClosedFormIrl::new));
        return list;
    }

    public static void main(String[] args) {
        int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        TabularMdp mdp = new Gridworld(new Gridworld.Options(8, 0.1, Gridworld.Layout.GOAL, 0, null, 0.9,
                Gridworld.Start.UNIFORM, Gridworld.FeatureSet.ONEHOT)).mdp();
        PlanningOptions planning = new PlanningOptions();
        double[] trueRsa = mdp.reward().expected(mdp, null);
        Policy expert = new Boltzmann(5).solve(mdp, trueRsa, planning).policy();
        List<List<Trajectory>> data = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) data.add(Rollouts.sample(mdp, expert, episodes, 70, seed, null));
        System.out.printf(Locale.ROOT, "| algorithm | EVD / optimal | EVD / (optimal - random) | STARC to truth | NLL per step | fit time (s) |%n");
        System.out.printf(Locale.ROOT, "| --- | --- | --- | --- | --- | --- |%n");
        for (Entry e : algorithms()) {
            double evdOpt = 0, evdNorm = 0, starc = 0, nll = 0, secs = 0;
            for (List<Trajectory> demos : data) {
                long t0 = System.nanoTime();
                IrlResult r = e.algorithm().get().fit(mdp, demos, IrlListener.NONE);
                secs += (System.nanoTime() - t0) / 1e9;
                ValueDifference.Evd evd = ValueDifference.evd(mdp, trueRsa, r.reward().expected(mdp, null), planning);
                evdOpt += evd.evd() / evd.optimalValue();
                evdNorm += evd.normalized();
                starc += new Starc().distance(mdp, mdp.reward(), r.reward(), mdp.discount()).distance();
                nll += io.revealed.irl.Demonstrations.negativeLogLikelihood(mdp, r.policy(), demos) / 70;
            }
            String nllText = Double.isFinite(nll) ? String.format(Locale.ROOT, "%.3f", nll / seeds) : "- (deterministic policy)";
            System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.3f | %s | %.2f |%n", e.name(), evdOpt / seeds, evdNorm / seeds,
                    starc / seeds, nllText, secs / seeds);
        }
    }
}
