package io.revealed.cli;

import io.revealed.data.Trajectory;
import io.revealed.io.TrajectoryJsonl;
import io.revealed.irl.MceIrl;
import io.revealed.planning.PlanningOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code revealed learn}: learn a reward from demonstrations and write a run folder. */
@Command(name = "learn", mixinStandardHelpOptions = true,
        description = {"Learn a reward from demonstrations and write a run folder.",
                "The folder holds config.json, reward.json, policy.json, metrics.json and curves.csv."})
final class LearnCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    EnvOptions envOptions;

    @Mixin
    CommonOptions common;

    @Mixin
    IrlOptions irl;

    @Option(names = "--demos", required = true, paramLabel = "FILE.jsonl", description = "Demonstrations, one episode per line.")
    Path demos;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder to write (must not exist or be empty, unless --force).")
    Path out;

    @Option(names = "--force", description = "Replace an earlier run folder at --out (a folder holding anything else is never replaced).")
    boolean force;

    @Option(names = "--steps", defaultValue = "5000", paramLabel = "N", description = "bc: gradient steps (default ${DEFAULT-VALUE}).")
    int bcSteps;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "K", description = "bc: seed of the network and minibatches; bayesian-irl: seed of the chain (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--eval-episodes", defaultValue = "100", paramLabel = "N", description = "bc: episodes to evaluate the policy on (default ${DEFAULT-VALUE}).")
    int evalEpisodes;

    @Override
    public void run() {
        RunFolder.checkWritable(out, force, demos);
        if (irl.algo.equals("bc")) {
            runBc();
            return;
        }
        EnvOptions.Loaded env = envOptions.load();
        List<Trajectory> data = TrajectoryJsonl.read(demos, env.mdp().states(), env.mdp().actions());
        LearnJob.Input in = new LearnJob.Input(List.of(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new)),
                "learn", env, envOptions.env, data, demos, irl.algorithm(seed), irl.describe(), seed);
        LearnJob.Output o;
        try (RunFolder folder = RunFolder.create(out, force, demos).warnTo(spec.commandLine().getErr())) {
            o = LearnJob.run(in, folder, common.progress(), f -> {});
        } catch (IllegalArgumentException e) {
            // "demonstration 3 has ..." means the 4th episode of the file: say which file.
            if (e.getMessage() != null && e.getMessage().startsWith("demonstration "))
                throw new CliException(demos + ": " + e.getMessage() + " (episodes counted from 0)");
            throw e;
        }
        print(spec.commandLine().getOut(), o, in, common.json);
    }

    private void runBc() {
        if (bcSteps < 1) throw new CliException("--steps must be >= 1, got " + bcSteps);
        if (evalEpisodes < 1) throw new CliException("--eval-episodes must be >= 1, got " + evalEpisodes);
        io.revealed.data.EpisodeDataset data = io.revealed.io.EpisodeJsonl.read(demos);
        var options = new io.revealed.deep.BehavioralCloning.Options().withSteps(bcSteps).withSeed(seed);
        BcJob.Output o;
        try (RunFolder folder = RunFolder.create(out, force, demos).warnTo(spec.commandLine().getErr())) {
            o = BcJob.run(List.of(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new)),
                    envOptions.env, data, demos, options, evalEpisodes, folder, common.progress());
        }
        var w = spec.commandLine().getOut();
        if (common.json) {
            Map<String, Object> m = new LinkedHashMap<>(o.metrics());
            m.put("run_folder", o.folder().toString());
            w.println(Json.line(m));
            w.flush();
            return;
        }
        Map<String, Object> m = o.metrics();
        new Summary("behavioural cloning")
                .put("env", envOptions.env)
                .put("pairs", m.get("pairs"))
                .put("steps", m.get("steps"))
                .put("final loss", m.get("final_loss"))
                .put("training accuracy", m.containsKey("training_accuracy") ? m.get("training_accuracy") : "-")
                .put("demonstrations mean return", m.get("demonstrations_mean_return"))
                .put("policy mean return", Summary.number((Double) m.get("eval_mean_return")) + " over " + m.get("eval_episodes") + " episodes")
                .put("wall time (s)", m.get("wall_seconds"))
                .put("run folder", o.folder().toString())
                .print(w, false);
    }

    static void print(PrintWriter w, LearnJob.Output o, LearnJob.Input in, boolean json) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>(o.metrics());
            m.put("run_folder", o.folder().toString());
            if (java.nio.file.Files.isRegularFile(o.folder().resolve("report.html"))) m.put("report", o.folder().resolve("report.html").toString());
            w.println(Json.line(m));
            w.flush();
        } else {
            LearnJob.summary(o, in).print(w, false);
        }
    }

    /** Options of the IRL algorithms; each algorithm reads the ones it needs. */
    static final class IrlOptions {
        @Option(names = "--algo", defaultValue = "mce-irl", paramLabel = "ALGO",
                description = "Algorithm (default ${DEFAULT-VALUE}). Tabular: " + LearnJob.TABULAR_ALGORITHMS + ". Control environments: bc (behavioural cloning).")
        String algo;

        @Option(names = "--tolerance", defaultValue = "1e-4", paramLabel = "TOL",
                description = "mce-irl, maxent-irl, mlirl: stop when the gradient, relative to the total visitation, is below TOL (default ${DEFAULT-VALUE}).")
        double tolerance;

        @Option(names = "--max-iterations", paramLabel = "N", description = "Iteration limit of the iterative algorithms (default 200 for mce-irl, maxent-irl and mlirl, 50 for apprenticeship).")
        Integer maxIterations;

        int maxIterations(int fallback) { return maxIterations == null ? fallback : maxIterations; }

        @Option(names = "--l2", defaultValue = "1e-3", paramLabel = "L", description = "mce-irl, maxent-irl, mlirl: L2 penalty on the reward weights, relative to the total visitation (default ${DEFAULT-VALUE}).")
        double l2;

        @Option(names = "--beta", defaultValue = "1", paramLabel = "B", description = "mlirl: inverse temperature of the Boltzmann demonstrator; only rescales the learned reward (default ${DEFAULT-VALUE}).")
        double beta;

        @Option(names = "--assumed", defaultValue = "boltzmann:beta=5", paramLabel = "MODEL", description = "closed-form: the behavioural model to invert (boltzmann:beta=B or mce:alpha=A; default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--smoothing", defaultValue = "0.5", paramLabel = "D", description = "closed-form: pseudo-count added to every action count (default ${DEFAULT-VALUE}).")
        double smoothing;

        @Option(names = "--samples", defaultValue = "2000", paramLabel = "N", description = "bayesian-irl: posterior samples kept (default ${DEFAULT-VALUE}).")
        int samples;

        @Option(names = "--burn-in", defaultValue = "5000", paramLabel = "N", description = "bayesian-irl: chain steps discarded first (default ${DEFAULT-VALUE}).")
        int burnIn;

        @Option(names = "--thinning", defaultValue = "10", paramLabel = "K", description = "bayesian-irl: keep every K-th step (default ${DEFAULT-VALUE}).")
        int thinning;

        @Option(names = "--step", defaultValue = "0.05", paramLabel = "D", description = "bayesian-irl: grid step of the reward weights (default ${DEFAULT-VALUE}).")
        double step;

        @Option(names = "--r-max", defaultValue = "1", paramLabel = "R", description = "bayesian-irl, lp-irl: bound on the reward weights (default ${DEFAULT-VALUE}).")
        double rMax;

        @Option(names = "--variant", defaultValue = "projection", paramLabel = "V", description = "apprenticeship: projection (default) or max-margin.")
        String variant;

        @Option(names = "--epsilon", defaultValue = "1e-3", paramLabel = "E", description = "apprenticeship: stop when the margin, relative to the total visitation, is below E (default ${DEFAULT-VALUE}).")
        double epsilon;

        @Option(names = "--lambda", paramLabel = "L", description = "lp-irl: weight of the L1 penalty on the reward (default: --lambda-fraction of the weight at which the reward collapses to 0).")
        Double lambda;

        @Option(names = "--lambda-fraction", defaultValue = "0.9", paramLabel = "F", description = "lp-irl: the L1 weight as a fraction of its critical value, in (0, 1) (default ${DEFAULT-VALUE}).")
        double lambdaFraction;

        @Option(names = "--confidence", defaultValue = "5", paramLabel = "A", description = "bayesian-irl: the demonstrator's Boltzmann confidence (default ${DEFAULT-VALUE}).")
        double confidence;

        io.revealed.irl.IrlAlgorithm algorithm(long seed) {
            try {
                return LearnJob.algorithm(algo, this, seed);
            } catch (IllegalArgumentException e) {
                throw new CliException("bad " + algo + " option: " + withFlagNames(e.getMessage()));
            }
        }

        /**
         * The library's message with a leading option name ({@code lambdaFraction must be ...}) given
         * as the flag that sets it ({@code --lambda-fraction must be ...}).
         */
        static String withFlagNames(String message) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9]*)\\b").matcher(message);
            if (!m.find()) return message;
            for (java.lang.reflect.Field f : IrlOptions.class.getDeclaredFields()) {
                Option o = f.getAnnotation(Option.class);
                if (o != null && f.getName().equals(m.group(1))) return o.names()[0] + message.substring(m.end());
            }
            return message;
        }

        MceIrl.Options mceOptions() {
            return new MceIrl.Options(tolerance, maxIterations(200), l2, new PlanningOptions(1e-9, 1_000_000));
        }

        /** The options the chosen algorithm uses, for config.json. */
        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            switch (algo) {
                case "closed-form" -> {
                    m.put("model", model);
                    m.put("smoothing", smoothing);
                }
                case "apprenticeship" -> {
                    m.put("variant", variant);
                    m.put("epsilon", epsilon);
                    m.put("max_iterations", maxIterations(50));
                }
                case "lp-irl" -> {
                    m.put("lambda", lambda);
                    m.put("lambda_fraction", lambda == null ? lambdaFraction : null);
                    m.put("r_max", rMax);
                }
                case "bayesian-irl" -> {
                    m.put("samples", samples);
                    m.put("burn_in", burnIn);
                    m.put("thinning", thinning);
                    m.put("step", step);
                    m.put("r_max", rMax);
                    m.put("confidence", confidence);
                }
                default -> {
                    if (algo.equals("mlirl")) m.put("beta", beta);
                    m.put("tolerance", tolerance);
                    m.put("max_iterations", maxIterations(200));
                    m.put("l2", l2);
                }
            }
            return m;
        }
    }
}
