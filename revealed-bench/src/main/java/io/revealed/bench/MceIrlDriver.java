package io.revealed.bench;

import io.revealed.behavior.MaxCausalEntropy;
import io.revealed.behavior.Rollouts;
import io.revealed.data.Trajectory;
import io.revealed.env.Garnet;
import io.revealed.env.ObjectWorld;
import io.revealed.irl.IrlResult;
import io.revealed.irl.MceIrl;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end MCE IRL: generate an MDP, sample demonstrations of its true reward from the MCE
 * model, learn, and report iterations, wall time and memory. Cases: {@code objectworld} (32x32,
 * continuous features), {@code garnet100k}, {@code garnet1m} (4 actions, 5 successors, 16 features,
 * horizon 50). Run:
 * {@code java -Xmx8g -cp revealed-bench/target/revealed-bench.jar io.revealed.bench.MceIrlDriver garnet1m}.
 */
public final class MceIrlDriver {
    public static void main(String[] args) {
        List<String> cases = args.length == 0 ? List.of("objectworld", "objectworld-binary", "garnet100k", "garnet1m") : List.of(args);
        for (String c : cases) run(c);
    }

    static void run(String name) {
        long t0 = System.nanoTime();
        TabularMdp mdp = switch (name) {
            case "objectworld" -> objectWorld(ObjectWorld.FeatureSet.CONTINUOUS, 0).mdp();
            case "objectworld-binary" -> objectWorld(ObjectWorld.FeatureSet.BINARY, 0).mdp();
            case "garnet100k" -> Garnet.generate(new Garnet.Options(100_000, 4, 5, 16, 0, 50, 1.0));
            case "garnet1m" -> Garnet.generate(new Garnet.Options(1_000_000, 4, 5, 16, 0, 50, 1.0));
            default -> throw new IllegalArgumentException("unknown case " + name + " (objectworld, objectworld-binary, garnet100k, garnet1m)");
        };
        double build = (System.nanoTime() - t0) / 1e9;
        int episodes = 1000, length = mdp.finiteHorizon() ? mdp.horizon().getAsInt() : 100;
        long t1 = System.nanoTime();
        List<Trajectory> demos = demonstrations(mdp, episodes, length);
        double demoTime = (System.nanoTime() - t1) / 1e9;
        // The fit's own memory: the peaks count from here, with the expert's policy already collected.
        System.gc();
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        long t2 = System.nanoTime();
        IrlResult res = new MceIrl().fit(mdp, demos, (it, f, gap, w) -> System.out.printf(Locale.ROOT,
                "  %-12s iteration %3d  objective %.6f  feature gap %.3e  (%.1f s)%n", name, it, f, gap, (System.nanoTime() - t2) / 1e9));
        double fit = (System.nanoTime() - t2) / 1e9;
        long transitionBytes = 12L * mdp.transitions() + 4L * (mdp.states() * (long) mdp.actions() + 1);
        System.out.printf(Locale.ROOT, "%s: %d states, %d transitions (CSR %.0f MB); built in %.2f s; %d demos x %d steps in %.2f s%n",
                name, mdp.states(), mdp.transitions(), transitionBytes / 1e6, build, episodes, length, demoTime);
        System.out.printf(Locale.ROOT, "%s: MCE IRL %s after %d iterations (%d evaluations) in %.2f s, %.3f s per evaluation; %s%n",
                name, res.converged() ? "converged" : "did NOT converge", res.iterations(), res.metrics().get("evaluations").intValue(), fit,
                fit / res.metrics().get("evaluations"), res.stopReason());
        System.out.printf(Locale.ROOT, "%s: peak heap %.0f MB, peak resident %.0f MB%n", name, peakHeapMb(), peakRssMb());
        if (name.startsWith("objectworld")) transfer(name, res.weights());
        else System.out.printf(Locale.ROOT, "%s: correlation of learned and true state reward %.4f%n", name,
                pearson(res.reward().values(), mdp.reward().values()));
    }

    static ObjectWorld objectWorld(ObjectWorld.FeatureSet features, long seed) {
        ObjectWorld.Options d = new ObjectWorld.Options();
        return new ObjectWorld(new ObjectWorld.Options(d.size(), d.colors(), d.objects(), d.slip(), d.discount(), d.horizon(), seed, features));
    }

    /** EVD of the learned weights on the training map (seed 0) and on five new maps (seeds 1-5). */
    static void transfer(String name, double[] weights) {
        ObjectWorld.FeatureSet fs = name.endsWith("binary") ? ObjectWorld.FeatureSet.BINARY : ObjectWorld.FeatureSet.CONTINUOUS;
        StringBuilder b = new StringBuilder(name + ": EVD / (optimal - random) on map seed");
        for (long seed = 0; seed <= 5; seed++) {
            TabularMdp m = objectWorld(fs, seed).mdp();
            double[] learned = m.features().linear(weights, null);
            double[] rsa = new double[m.states() * m.actions()];
            for (int s = 0; s < m.states(); s++) java.util.Arrays.fill(rsa, s * m.actions(), (s + 1) * m.actions(), learned[s]);
            var evd = io.revealed.analysis.ValueDifference.evd(m, m.reward().expected(m, null), rsa, new PlanningOptions());
            b.append(String.format(Locale.ROOT, "  %d%s: %.3f", seed, seed == 0 ? " (training)" : "", evd.normalized()));
        }
        System.out.println(b);
    }

    static double pearson(double[] x, double[] y) {
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) { mx += x[i]; my += y[i]; }
        mx /= x.length; my /= y.length;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Demonstrations of the MDP's true reward by the MCE demonstrator; the expert's policy is garbage on return. */
    private static List<Trajectory> demonstrations(TabularMdp mdp, int episodes, int length) {
        double[] rsa = mdp.reward().expected(mdp, null);
        Policy expert = new MaxCausalEntropy(1).solve(mdp, rsa, new PlanningOptions(1e-9, 1_000_000)).policy();
        return Rollouts.sample(mdp, expert, episodes, length, 1, null);
    }

    /** The sum of the heap pools' peaks since they were last reset (an upper bound of the peak heap). */
    static double peakHeapMb() {
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans())
            if (pool.getType() == java.lang.management.MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        return peak / 1e6;
    }

    /** VmHWM from /proc/self/status (Linux), or NaN. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1e3;
        } catch (Exception e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
