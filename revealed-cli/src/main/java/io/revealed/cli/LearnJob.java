package io.revealed.cli;

import io.revealed.analysis.ValueDifference;
import io.revealed.behavior.Optimal;
import io.revealed.data.Trajectory;
import io.revealed.io.MdpJson;
import io.revealed.behavior.BehaviorModel;
import io.revealed.irl.Apprenticeship;
import io.revealed.irl.BayesianIrl;
import io.revealed.irl.ClosedFormIrl;
import io.revealed.irl.LpIrl;
import io.revealed.irl.MaxEntIrl;
import io.revealed.irl.Mlirl;
import io.revealed.irl.Demonstrations;
import io.revealed.irl.IrlAlgorithm;
import io.revealed.irl.IrlListener;
import io.revealed.irl.IrlResult;
import io.revealed.irl.MceIrl;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.Occupancy;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.planning.QValues;
import io.revealed.planning.ValueIteration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One IRL run as the command line does it: fit, evaluate against the true reward when the
 * environment has one, and write the run folder (config, reward, policy, metrics, curves).
 */
final class LearnJob {
    /** Per-iteration EVD is computed when {@code transitions * max(H, 1)} is at most this. */
    static final long CURVE_EVD_LIMIT = 5_000_000L;
    /** Policies with more entries than this are written for t = 0 only. */
    static final long POLICY_FILE_LIMIT = 5_000_000L;

    record Input(List<String> argv, String command, EnvOptions.Loaded env, String envSpec, List<Trajectory> demos,
                 Path demosFile, IrlAlgorithm algorithm, Map<String, Object> algorithmOptions, Long seed) {}

    record Output(IrlResult result, Map<String, Object> metrics, Path folder) {}

    /** The tabular algorithms of {@code learn --algo}. */
    static final String TABULAR_ALGORITHMS = "mce-irl, maxent-irl, mlirl, bayesian-irl, apprenticeship, lp-irl, closed-form";

    static IrlAlgorithm algorithm(String name, LearnCommand.IrlOptions o, long seed) {
        return switch (name) {
            case "mce-irl" -> new MceIrl(o.mceOptions());
            case "maxent-irl" -> new MaxEntIrl(new MaxEntIrl.Options(o.tolerance, o.maxIterations(200), o.l2, new PlanningOptions(1e-9, 1_000_000)));
            case "mlirl" -> new Mlirl(new Mlirl.Options(o.beta, Mlirl.Backup.BOLTZMANN, o.tolerance, o.maxIterations(200), o.l2, new PlanningOptions(1e-9, 1_000_000)));
            case "apprenticeship" -> new Apprenticeship(new Apprenticeship.Options(variant(o.variant), o.epsilon, o.maxIterations(50),
                    new PlanningOptions(1e-9, 1_000_000)));
            case "lp-irl" -> new LpIrl(o.lambda == null ? new LpIrl.Options(o.lambdaFraction, Double.NaN, o.rMax) : LpIrl.Options.withLambda(o.lambda, o.rMax));
            case "closed-form" -> new ClosedFormIrl(new ClosedFormIrl.Options(BehaviorModel.parse(o.model), o.smoothing));
            case "bayesian-irl" -> new BayesianIrl(new BayesianIrl.Options(o.samples, o.burnIn, o.thinning, o.step, o.rMax, o.confidence,
                    seed, Double.POSITIVE_INFINITY, new PlanningOptions()));
            default -> throw new CliException("unknown --algo '" + name + "'; available: " + TABULAR_ALGORITHMS + " (tabular) and bc (control)");
        };
    }

    private static Apprenticeship.Variant variant(String v) {
        return switch (v) {
            case "projection" -> Apprenticeship.Variant.PROJECTION;
            case "max-margin", "maxmargin" -> Apprenticeship.Variant.MAX_MARGIN;
            default -> throw new CliException("unknown --variant '" + v + "'; expected projection or max-margin");
        };
    }

    static Output run(Input in, RunFolder folder, boolean progress, java.util.function.Consumer<RunFolder> extraFiles) {
        TabularMdp mdp = in.env().mdp();
        long start = System.nanoTime();
        PlanningOptions planning = new PlanningOptions();
        double[] trueRsa = mdp.reward() == null ? null : mdp.reward().expected(mdp, null);
        long work = (long) mdp.transitions() * Math.max(1, mdp.horizon().orElse(1));
        boolean curveEvd = trueRsa != null && work <= CURVE_EVD_LIMIT;
        double optimalValue = Double.NaN;
        if (curveEvd) {
            QValues q = ValueIteration.solve(mdp, trueRsa, planning);
            optimalValue = 0;
            for (int s = 0; s < mdp.states(); s++) optimalValue += mdp.initial()[s] * q.v(0, s);
        }
        final double optimal = optimalValue;
        List<double[]> evdCurve = new ArrayList<>();
        IrlResult result;
        BayesianIrl.Posterior posterior = null;
        long maxIt = switch (in.algorithm()) {
            case MceIrl m -> m.options().maxIterations();
            case MaxEntIrl m -> m.options().maxIterations();
            case Mlirl m -> m.options().maxIterations();
            case Apprenticeship m -> m.options().maxIterations();
            case BayesianIrl b -> (long) b.options().burnIn() + (long) b.options().samples() * b.options().thinning();
            default -> -1;
        };
        boolean bayes = in.algorithm() instanceof BayesianIrl;
        try (Progress bar = Progress.start(in.algorithm().name(), maxIt, progress)) {
            IrlListener listener = (it, objective, gap, weights) -> {
                bar.stepTo(it);
                if (!bayes) bar.message(String.format(Locale.ROOT, "gap %.2e", gap));
                if (!bayes && curveEvd && mdp.features() != null && weights.length == mdp.features().dimension()) {
                    double[] r = mdp.features().linear(weights, null);
                    double[] rsa = stateToRsa(r, mdp.actions());
                    Policy greedy = Optimal.greedy(ValueIteration.solve(mdp, rsa, planning), Optimal.DEFAULT_TOLERANCE);
                    evdCurve.add(new double[]{it, optimal - ValueDifference.policyValue(mdp, trueRsa, greedy, planning)});
                }
            };
            if (in.algorithm() instanceof BayesianIrl b) {
                BayesianIrl.Fit fit = b.fitWithPosterior(mdp, in.demos(), listener);
                result = fit.result();
                posterior = fit.posterior();
            } else {
                result = in.algorithm().fit(mdp, in.demos(), listener);
            }
        }
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("algorithm", result.algorithm());
        metrics.put("converged", result.converged());
        metrics.put("stop_reason", result.stopReason());
        result.metrics().forEach((k, v) -> metrics.put(k, (k.equals("iterations") || k.equals("evaluations")) ? (Object) v.longValue() : v));
        if (trueRsa != null) {
            ValueDifference.Evd evd = ValueDifference.evd(mdp, trueRsa, result.reward().expected(mdp, null), planning);
            metrics.put("evd", evd.evd());
            metrics.put("evd_relative_to_optimal", evd.optimalValue() == 0 ? Double.NaN : evd.evd() / Math.abs(evd.optimalValue()));
            metrics.put("evd_normalized", evd.normalized());
            metrics.put("optimal_value", evd.optimalValue());
            metrics.put("greedy_learned_value", evd.learnedValue());
            metrics.put("learned_policy_return", ValueDifference.policyValue(mdp, trueRsa, result.policy(), planning));
            metrics.put("random_policy_value", evd.randomValue());
        }
        metrics.putIfAbsent("iterations", (long) result.iterations());
        addCommonMetrics(mdp, in.demos(), result, metrics);
        metrics.put("fit_seconds", fitSeconds);
        metrics.replaceAll((k, v) -> v instanceof Double d && !Double.isFinite(d) ? null : v);

        extraFiles.accept(folder);
        writeConfig(folder, in, mdp);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("algorithm", result.algorithm());
        meta.put("weights", result.weights());
        if (mdp.features() != null && result.weights().length == mdp.features().dimension()) meta.put("feature_names", mdp.features().names());
        meta.put("env", in.envSpec());
        if (posterior != null) {
            meta.put("map_weights", posterior.map());
            meta.put("map_log_posterior", posterior.mapLogPosterior());
        }
        MdpJson.writeReward(result.reward(), meta, folder.file("reward.json"));
        writePolicy(folder.file("policy.json"), result.policy());
        writeCurves(folder, result, curveEvd && evdCurve.size() == result.curve().size() ? evdCurve : null);
        if (posterior != null) writeSamples(folder, List.of(posterior.samples()), mdp.features().names());
        metrics.put("wall_seconds", (System.nanoTime() - start) / 1e9);
        folder.writeString("metrics.json", Json.write(metrics) + "\n");
        Path done = folder.commit();
        return new Output(result, metrics, done);
    }

    /**
     * The figures every algorithm reports, computed from its policy when it did not report them
     * itself: the demonstrations' negative log-likelihood (null when the policy gives a demonstrated
     * action probability 0) and the feature-expectation gap from the demonstrations' start states.
     */
    static void addCommonMetrics(TabularMdp mdp, List<Trajectory> demos, IrlResult result, Map<String, Object> metrics) {
        if (!metrics.containsKey("nll_per_demo")) {
            double nll = Demonstrations.negativeLogLikelihood(mdp, result.policy(), demos);
            double steps = 0;
            for (Trajectory d : demos) steps += mdp.finiteHorizon() ? Math.min(d.length(), mdp.horizon().getAsInt()) : d.length();
            metrics.put("nll_per_demo", nll);
            metrics.put("nll_per_step", nll / (steps / demos.size()));
        }
        if (!metrics.containsKey("feature_gap") && mdp.features() != null) {
            double[] start = Demonstrations.startDistribution(mdp, demos);
            double[] visits = Occupancy.visitation(mdp, result.policy(), start, new PlanningOptions()).decision();
            double[] model = mdp.features().expectation(visits, null);
            double[] expert = Demonstrations.featureExpectations(mdp, demos);
            double gap = 0, mass = 0;
            for (int k = 0; k < model.length; k++) gap = Math.max(gap, Math.abs(model[k] - expert[k]));
            for (double v : visits) mass += v;
            metrics.put("feature_gap", gap);
            metrics.put("relative_feature_gap", gap / mass);
        }
    }

    static double[] stateToRsa(double[] r, int actions) {
        double[] rsa = new double[r.length * actions];
        for (int s = 0; s < r.length; s++) java.util.Arrays.fill(rsa, s * actions, s * actions + actions, r[s]);
        return rsa;
    }

    private static void writeConfig(RunFolder folder, Input in, TabularMdp mdp) {
        Map<String, Object> c = Provenance.start(in.command(), in.argv(), in.algorithm().name(), in.algorithmOptions(), in.envSpec());
        if (in.envSpec().startsWith("file:")) c.put("env_file_sha256", io.revealed.report.RunData.sha256(Path.of(in.envSpec().substring(5))));
        c.put("states", mdp.states());
        c.put("actions", mdp.actions());
        c.put("discount", mdp.discount());
        c.put("horizon", mdp.finiteHorizon() ? mdp.horizon().getAsInt() : null);
        Path own = folder.file("demos.jsonl");
        if (in.demosFile() != null) c.put("demos", Provenance.demos(in.demosFile().toString(), in.demosFile(), in.demos().size()));
        else if (Files.isRegularFile(own)) c.put("demos", Provenance.demos("demos.jsonl (in this run folder)", own, in.demos().size()));
        else c.put("demos", Provenance.demos(null, null, in.demos().size()));
        folder.writeString("config.json", Provenance.finish(c, in.seed()));
    }

    /**
     * {@code {"states": S, "actions": A, "steps": T, "steps_written": T', "probabilities": ...}}: nested
     * [s][a] for a stationary policy (steps 0), [t][s][a] for a time-indexed one.
     */
    static void writePolicy(Path file, Policy policy) {
        int S = policy.states(), A = policy.actions(), T = policy.steps();
        long entries = (long) Math.max(T, 1) * S * A;
        int written = T == 0 ? 0 : (entries > POLICY_FILE_LIMIT ? 1 : T);
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("{\"states\": " + S + ", \"actions\": " + A + ", \"steps\": " + T + ", \"steps_written\": " + written + ",\n \"probabilities\": [");
            double[] p = new double[A];
            for (int t = 0; t < Math.max(written, 1); t++) {
                if (T != 0) w.write(t == 0 ? "[\n" : ",\n[\n");
                for (int s = 0; s < S; s++) {
                    policy.probabilities(t, s, p);
                    w.write(s == 0 ? "  [" : ",\n  [");
                    for (int a = 0; a < A; a++) {
                        if (a > 0) w.write(", ");
                        w.write(Double.toString(p[a]));
                    }
                    w.write(']');
                }
                if (T != 0) w.write("]");
            }
            w.write("]}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code samples.csv}: one posterior sample of the reward weights per row, columns named by feature. */
    private static void writeSamples(RunFolder folder, List<double[]> samples, List<String> names) {
        StringBuilder b = new StringBuilder("sample");
        for (String n : names) b.append(',').append(n.contains(",") || n.contains("\"") ? "\"" + n.replace("\"", "\"\"") + "\"" : n);
        b.append('\n');
        for (int i = 0; i < samples.size(); i++) {
            b.append(i);
            for (double w : samples.get(i)) b.append(',').append(w);
            b.append('\n');
        }
        folder.writeString("samples.csv", b.toString());
    }

    private static void writeCurves(RunFolder folder, IrlResult result, List<double[]> evd) {
        StringBuilder b = new StringBuilder("iteration,objective,relative_feature_gap" + (evd != null ? ",evd" : "") + "\n");
        for (int i = 0; i < result.curve().size(); i++) {
            IrlResult.Iteration it = result.curve().get(i);
            b.append(it.iteration()).append(',').append(it.objective()).append(',').append(Double.isNaN(it.featureGap()) ? "" : Double.toString(it.featureGap()));
            if (evd != null) b.append(',').append(evd.get(i)[1]);
            b.append('\n');
        }
        folder.writeString("curves.csv", b.toString());
    }

    /** The summary table of a learn run. */
    static Summary summary(Output out, Input in) {
        Map<String, Object> m = out.metrics();
        Summary s = new Summary("learned reward (" + in.algorithm().name() + ")")
                .put("env", in.envSpec())
                .put("demonstrations", in.demos().size())
                .put("iterations", m.get("iterations"))
                .put("converged", m.get("converged") + " (" + m.get("stop_reason") + ")")
                .put("nll per step", m.get("nll_per_step"))
                .put("feature gap", m.get("feature_gap"));
        if (m.containsKey("evd")) {
            s.put("optimal value", m.get("optimal_value"))
                    .put("EVD", m.get("evd"))
                    .put("EVD / optimal", m.get("evd_relative_to_optimal"))
                    .put("learned policy return", m.get("learned_policy_return"))
                    .put("random policy value", m.get("random_policy_value"));
        }
        s.put("wall time (s)", m.get("wall_seconds"));
        s.put("run folder", out.folder().toString());
        return s;
    }
}
