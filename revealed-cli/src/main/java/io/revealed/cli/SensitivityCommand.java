package io.revealed.cli;

import io.revealed.analysis.Sensitivity;
import io.revealed.behavior.BehaviorModel;
import io.revealed.env.Environments;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code revealed sensitivity}: how far the reward inferred under an assumed behavioural model is
 * from the true one when the data were produced otherwise, for a sweep of perturbation sizes.
 */
@Command(name = "sensitivity", mixinStandardHelpOptions = true,
        description = {"How sensitive reward inference is to a misspecified behavioural model.",
                "Solves the data-generating process for the true reward, inverts the resulting policy under the assumed",
                "model (with the assumed discount and dynamics), and reports the STARC distance between the inferred and",
                "the true reward and the regret of acting on it, for each perturbation and size.",
                "Needs a discounted infinite horizon (--horizon none --discount G)."})
final class SensitivityCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    EnvOptions envOptions;

    @Mixin
    CommonOptions common;

    @Option(names = "--reward", defaultValue = "env", paramLabel = "REWARD", description = "The true reward: " + RewardSource.HELP + " (default ${DEFAULT-VALUE}).")
    String reward;

    @Option(names = "--assumed", defaultValue = "boltzmann:beta=5", paramLabel = "MODEL", description = "The model the reward is inferred with (default ${DEFAULT-VALUE}).")
    String assumed;

    @Option(names = "--other", defaultValue = "mce:alpha=1", paramLabel = "MODEL", description = "The model mixed into the data by the 'model' perturbation (default ${DEFAULT-VALUE}).")
    String other;

    @Option(names = "--perturb", defaultValue = "temperature,discount,dynamics,model,policy", paramLabel = "P,P",
            description = "Perturbations to sweep (default ${DEFAULT-VALUE}; temperature is skipped for the optimal model).")
    String perturb;

    @Option(names = "--sizes", defaultValue = "0,0.01,0.02,0.05,0.1,0.2", paramLabel = "E,E",
            description = "Perturbation sizes (default ${DEFAULT-VALUE}): relative temperature error, discount error, or mixing weight.")
    String sizes;

    @Option(names = "--noise-env", paramLabel = "SPEC", description = "Dynamics mixed in by the 'dynamics' perturbation (default: uniform over all states).")
    String noiseEnv;

    @Option(names = "--measure-discount", paramLabel = "G", description = "Discount the STARC distance is measured with (default: the environment's).")
    Double measureDiscount;

    @Option(names = "--measure-dynamics", defaultValue = "true", paramLabel = "true|assumed",
            description = "Dynamics the distance is measured with: the true ones (default) or the assumed, perturbed ones.")
    String measureDynamics;

    @Mixin
    StarcOptions starc;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "K", description = "Seed of the random policy of the 'policy' perturbation (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write a folder with sensitivity.csv (one row per point), metrics.json and config.json.")
    Path out;

    @Option(names = "--force", description = "Replace an earlier run folder at --out.")
    boolean force;

    @Override
    public void run() {
        if (out != null) RunFolder.checkWritable(out, force);
        long start = System.nanoTime();
        EnvOptions.Loaded env = envOptions.load();
        TabularMdp mdp = env.mdp();
        Sensitivity.Options options;
        List<Sensitivity.Perturbation> kinds = new ArrayList<>();
        double[] sizeList;
        try {
            BehaviorModel f = BehaviorModel.parse(assumed);
            TabularMdp noise = null;
            if (noiseEnv != null) {
                noise = Environments.create(noiseEnv).mdp();
                if (noise.states() != mdp.states() || noise.actions() != mdp.actions())
                    throw new CliException("--noise-env " + noiseEnv + " has " + noise.states() + " states and " + noise.actions()
                            + " actions; " + envOptions.env + " has " + mdp.states() + " and " + mdp.actions());
            }
            if (!measureDynamics.equals("true") && !measureDynamics.equals("assumed"))
                throw new CliException("--measure-dynamics must be 'true' or 'assumed', got '" + measureDynamics + "'");
            options = new Sensitivity.Options(f, BehaviorModel.parse(other), noise, starc.toOptions(),
                    measureDiscount == null ? Double.NaN : measureDiscount, measureDynamics.equals("assumed"), seed);
            for (String p : perturb.split(",")) {
                if (p.isBlank()) continue;
                Sensitivity.Perturbation k = Sensitivity.Perturbation.parse(p);
                if (k == Sensitivity.Perturbation.TEMPERATURE && f instanceof io.revealed.behavior.Optimal) continue;
                if (!kinds.contains(k)) kinds.add(k);
            }
            if (kinds.isEmpty()) throw new CliException("--perturb names no perturbation that applies to " + f.spec());
            sizeList = parseSizes(sizes);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        if (mdp.finiteHorizon())
            throw new CliException("sensitivity needs a discounted infinite horizon: " + envOptions.env + " has horizon "
                    + mdp.horizon().getAsInt() + "; add --horizon none --discount 0.9 (or another discount below 1)");
        TabularReward truth = RewardSource.load(reward, env, envOptions.env);
        List<Sensitivity.Point> points = new ArrayList<>();
        try (Progress bar = Progress.start("sensitivity", kinds.size(), common.progress())) {
            for (int i = 0; i < kinds.size(); i++) {
                bar.message(kinds.get(i).spec());
                points.addAll(Sensitivity.sweep(mdp, truth, kinds.get(i), sizeList, options));
                bar.stepTo(i + 1);
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("env", envOptions.env);
        summary.put("reward", reward);
        summary.put("assumed", options.assumed().spec());
        summary.put("other", options.other().spec());
        summary.put("discount", mdp.discount());
        summary.put("measure_discount", Double.isNaN(options.measureDiscount()) ? mdp.discount() : options.measureDiscount());
        summary.put("measure_dynamics", measureDynamics);
        summary.put("distance", "starc:" + options.distance().spec());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Sensitivity.Point p : points) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("perturbation", p.perturbation().spec());
            r.put("size", p.size());
            r.put("distance", p.distance());
            r.put("regret", p.regret());
            r.put("regret_normalized", p.regretNormalized());
            r.put("setting", p.setting());
            rows.add(r);
        }
        summary.put("points", rows);
        summary.put("wall_seconds", (System.nanoTime() - start) / 1e9);
        if (out != null) {
            try (RunFolder folder = RunFolder.create(out, force).warnTo(spec.commandLine().getErr())) {
                StringBuilder csv = new StringBuilder("perturbation,size,distance,regret,regret_normalized,setting\n");
                for (Sensitivity.Point p : points)
                    csv.append(p.perturbation().spec()).append(',').append(p.size()).append(',').append(p.distance()).append(',')
                            .append(p.regret()).append(',').append(p.regretNormalized()).append(",\"").append(p.setting()).append("\"\n");
                folder.writeString("sensitivity.csv", csv.toString());
                folder.writeString("metrics.json", Json.write(summary) + "\n");
                Map<String, Object> c = Provenance.start("sensitivity", List.of(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new)),
                        "sensitivity", Map.of("assumed", options.assumed().spec(), "other", options.other().spec(), "sizes", sizeList), envOptions.env);
                folder.writeString("config.json", Provenance.finish(c, seed));
                summary.put("run_folder", folder.commit().toString());
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            w.println(Json.line(summary));
            w.flush();
            return;
        }
        w.printf(Locale.ROOT, "Sensitivity of %s to misspecification on %s (discount %s); distance: STARC %s measured with discount %s on the %s dynamics.%n",
                options.assumed().spec(), envOptions.env, mdp.discount(), options.distance().spec(), summary.get("measure_discount"), measureDynamics);
        w.println("0 = the inferred reward is equivalent to the true one; 0.5 = unrelated (equivalent to zero); 1 = opposite.");
        w.println();
        w.printf(Locale.ROOT, "%-12s %8s %10s %10s %10s  %s%n", "perturbation", "size", "distance", "regret", "regret/opt", "setting");
        for (Sensitivity.Point p : points)
            w.printf(Locale.ROOT, "%-12s %8.4g %10.4f %10.4g %10.4f  %s%n", p.perturbation().spec(), p.size(), p.distance(), p.regret(), p.regretNormalized(), p.setting());
        if (summary.containsKey("run_folder")) w.println("\nwritten to " + summary.get("run_folder"));
        w.flush();
    }

    static double[] parseSizes(String s) { return parseNumbers("--sizes", s); }

    /** A comma-separated list of numbers >= 0, for the option named. */
    static double[] parseNumbers(String option, String s) {
        List<Double> v = new ArrayList<>();
        for (String x : s.split(",")) {
            if (x.isBlank()) continue;
            try {
                double d = Double.parseDouble(x.trim());
                if (!(d >= 0) || !Double.isFinite(d)) throw new NumberFormatException();
                v.add(d);
            } catch (NumberFormatException e) {
                throw new CliException(option + ": '" + x.trim() + "' is not a number >= 0");
            }
        }
        if (v.isEmpty()) throw new CliException(option + " is empty");
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
