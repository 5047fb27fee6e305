package io.revealed.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The top of a run's page: what the run found in a sentence or two, the command line that made it,
 * its main metrics, and its provenance (configuration, seed, input file hashes, versions, wall
 * time) from {@code config.json}. Every metric, with what it means, is in {@link MetricsSection}
 * at the end of the page.
 */
public final class SummarySection implements Section {
    /** What the metrics of the run files mean, for the metrics table. */
    static final Map<String, String> MEANINGS = Map.ofEntries(
            Map.entry("algorithm", "the algorithm that ran"),
            Map.entry("converged", "whether the stopping test held at the end"),
            Map.entry("stop_reason", "why the algorithm stopped"),
            Map.entry("objective", "the final value of the objective the algorithm minimises"),
            Map.entry("nll_per_demo", "negative log-likelihood of a demonstration's actions under the learned policy"),
            Map.entry("nll_per_step", "the same per step (lower: the learned policy explains the demonstrations better)"),
            Map.entry("feature_gap", "largest difference between the learned policy's and the demonstrations' feature expectations"),
            Map.entry("relative_feature_gap", "the feature gap divided by the visitation of one episode"),
            Map.entry("relative_gradient", "the largest gradient component divided by the visitation of one episode"),
            Map.entry("iterations", "iterations of the algorithm"),
            Map.entry("evaluations", "evaluations of the objective"),
            Map.entry("evd", "expected value difference: true value lost by acting optimally for the learned reward (0 is perfect)"),
            Map.entry("evd_relative_to_optimal", "EVD divided by the optimal value"),
            Map.entry("evd_normalized", "EVD divided by (optimal − random policy value): 0 perfect, 1 no better than random"),
            Map.entry("optimal_value", "true value of an optimal policy"),
            Map.entry("greedy_learned_value", "true value of the policy optimal for the learned reward"),
            Map.entry("learned_policy_return", "true value of the learned (stochastic) policy"),
            Map.entry("random_policy_value", "true value of the uniformly random policy, for scale"),
            Map.entry("fit_seconds", "time spent fitting"),
            Map.entry("wall_seconds", "time for the whole run"),
            Map.entry("pairs", "(observation, action) pairs trained on"),
            Map.entry("steps", "gradient steps"),
            Map.entry("final_loss", "training loss over the last steps"),
            Map.entry("training_accuracy", "share of demonstrated actions the policy picks greedily"),
            Map.entry("demonstrations_mean_return", "mean return of the demonstrations"),
            Map.entry("eval_episodes", "greedy evaluation episodes"),
            Map.entry("eval_mean_return", "mean return of the greedy policy"),
            Map.entry("eval_min_return", "lowest return of the greedy policy"),
            Map.entry("eval_max_return", "highest return of the greedy policy"),
            Map.entry("random_mean_return", "mean return of uniformly random actions over the same episodes"),
            Map.entry("selected_at_step", "environment steps after which the kept policy was evaluated (selection.csv)"),
            Map.entry("selected_mean_return", "the kept policy's mean return over the selection episodes"),
            Map.entry("train_seconds", "time spent training"),
            Map.entry("env_steps", "environment steps of training"),
            Map.entry("episodes", "training episodes"),
            Map.entry("assumed", "the behavioural model the reward is inferred with"),
            Map.entry("other", "the model mixed into the data by the 'model' perturbation"),
            Map.entry("distance", "how the inferred and the true reward are compared"),
            Map.entry("measure_discount", "discount the distance is measured with"),
            Map.entry("measure_dynamics", "dynamics the distance is measured with"),
            Map.entry("samples", "posterior samples kept"),
            Map.entry("acceptance_rate", "share of proposals the chain accepted"));

    /** The metrics shown at the top, in this order, when the run has them. */
    static final List<String> KEY_METRICS = List.of("evd", "evd_normalized", "optimal_value", "greedy_learned_value", "learned_policy_return",
            "random_policy_value", "nll_per_step", "iterations", "converged", "eval_mean_return", "demonstrations_mean_return", "final_loss",
            "training_accuracy", "env_steps", "episodes", "assumed", "distance");

    private final RunData run;

    public SummarySection(RunData run) { this.run = run; }

    @Override
    public String id() { return "summary"; }

    @Override
    public String title() { return "Summary"; }

    @Override
    public void render(Page page) {
        String headline = headline(run);
        if (!headline.isEmpty()) page.paragraph("In short.", headline);
        page.code(commandLine(run.config()));
        Map<String, String> key = new LinkedHashMap<>();
        for (String k : KEY_METRICS)
            if (run.metrics().containsKey(k) && !(run.metrics().get(k) instanceof Map) && !(run.metrics().get(k) instanceof List))
                key.put(k, Html.value(run.metrics().get(k)));
        page.columns(p -> p.subheading("Main metrics").definitions(key),
                p -> p.subheading("Provenance (config.json)").definitions(provenance(run)));
        for (String note : run.notes()) page.note(note);
    }

    /** The command that made the run, as it could be typed again. */
    static String commandLine(Map<String, Object> config) {
        StringBuilder b = new StringBuilder("revealed");
        if (config.get("argv") instanceof List<?> argv) {
            for (Object a : argv) b.append(' ').append(shellQuote(String.valueOf(a)));
        } else {
            b.append(' ').append(config.getOrDefault("command", "?"));
        }
        return b.toString();
    }

    static String shellQuote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:=,+@%-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Provenance from config.json: what ran on what, with which inputs and versions. */
    static Map<String, String> provenance(RunData run) {
        Map<String, Object> c = run.config();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("run folder", run.folder().toAbsolutePath().normalize().toString());
        p.put("command", String.valueOf(c.getOrDefault("command", "?")));
        if (c.get("algorithm") != null) p.put("algorithm", String.valueOf(c.get("algorithm")));
        if (c.get("algorithm_options") instanceof Map<?, ?> o && !o.isEmpty()) {
            StringBuilder b = new StringBuilder();
            o.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(" = ").append(v));
            p.put("options", b.toString());
        } else if (c.get("algorithm_options") instanceof String s) {
            p.put("options", s);
        }
        StringBuilder env = new StringBuilder(String.valueOf(c.getOrDefault("env", "?")));
        if (c.get("states") != null)
            env.append(" (").append(c.get("states")).append(" states, ").append(c.get("actions")).append(" actions, discount ")
                    .append(Html.value(c.get("discount"))).append(", horizon ").append(c.get("horizon") == null ? "none" : c.get("horizon")).append(')');
        p.put("environment", env.toString());
        if (c.get("env_file_sha256") != null) p.put("environment file SHA-256", String.valueOf(c.get("env_file_sha256")));
        if (c.get("demos") instanceof Map<?, ?> d) {
            p.put("demonstrations", (d.get("path") == null ? "generated in memory" : String.valueOf(d.get("path"))) + " (" + d.get("episodes") + " episodes)");
            if (d.get("sha256") != null) p.put("demonstrations SHA-256", String.valueOf(d.get("sha256")));
        }
        p.put("seed", c.get("seed") == null ? "none (nothing drawn at random)" : String.valueOf(c.get("seed")));
        p.put("Revealed version", String.valueOf(c.getOrDefault("revealed_version", "?")));
        p.put("Java version", String.valueOf(c.getOrDefault("java_version", "?")));
        p.put("created", String.valueOf(c.getOrDefault("created", "?")));
        double wall = run.metric("wall_seconds");
        if (Double.isNaN(wall)) wall = run.metric("train_seconds");
        if (!Double.isNaN(wall)) p.put("wall time", String.format(Locale.ROOT, "%.3g s", wall));
        return p;
    }

    /** What the run found, in a sentence or two, from its metrics. */
    static String headline(RunData run) {
        double evd = run.metric("evd"), opt = run.metric("optimal_value"), greedy = run.metric("greedy_learned_value");
        double random = run.metric("random_policy_value"), norm = run.metric("evd_normalized");
        StringBuilder b = new StringBuilder();
        String algo = run.algorithm();
        if (!Double.isNaN(evd) && !Double.isNaN(opt)) {
            b.append(String.format(Locale.ROOT, "Acting optimally for the reward learned by %s earns %s of true value, where the best possible is %s",
                    algo, Html.shortNumber(greedy), Html.shortNumber(opt)));
            if (!Double.isNaN(random)) b.append(" and a random policy earns ").append(Html.shortNumber(random));
            b.append(String.format(Locale.ROOT, ": the expected value difference (EVD) is %s", Html.shortNumber(evd)));
            if (!Double.isNaN(norm)) b.append(String.format(Locale.ROOT, ", %.1f%% of the way from optimal to random", 100 * norm));
            b.append('.');
        }
        if (run.metrics().get("iterations") instanceof Number it && run.metrics().get("converged") instanceof Boolean conv) {
            if (!b.isEmpty()) b.append(' ');
            b.append(String.format(Locale.ROOT, "%s %s after %d iterations (%s).", algo.isEmpty() ? "The algorithm" : algo,
                    conv ? "converged" : "did not converge", it.longValue(), run.metrics().getOrDefault("stop_reason", "")));
        }
        double eval = run.metric("eval_mean_return");
        if (!Double.isNaN(eval)) {
            if (!b.isEmpty()) b.append(' ');
            b.append(String.format(Locale.ROOT, "The %s policy returns %s on average over %s greedy episodes (from %s to %s)",
                    algo.equals("bc") ? "cloned" : "trained", Html.shortNumber(eval), Html.value(run.metrics().get("eval_episodes")),
                    Html.shortNumber(run.metric("eval_min_return")), Html.shortNumber(run.metric("eval_max_return"))));
            double demos = run.metric("demonstrations_mean_return");
            b.append(Double.isNaN(demos) ? "." : "; the demonstrations returned " + Html.shortNumber(demos) + ".");
        }
        if (run.sensitivity() != null) {
            if (!b.isEmpty()) b.append(' ');
            b.append(SensitivitySection.headline(run));
        }
        return b.toString();
    }
}
