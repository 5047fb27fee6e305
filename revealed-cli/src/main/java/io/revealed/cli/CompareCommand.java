package io.revealed.cli;

import io.revealed.analysis.Canonicalization;
import io.revealed.analysis.Epic;
import io.revealed.analysis.Equivalence;
import io.revealed.analysis.Norm;
import io.revealed.analysis.Starc;
import io.revealed.analysis.ValueDifference;
import io.revealed.behavior.BehaviorModel;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.PlanningOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code revealed compare}: how far apart two rewards are on an environment's dynamics: STARC and
 * EPIC distances, the regret of optimising one instead of the other, and whether they are
 * equivalent (and under which behavioural models they give the same policy).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two rewards on an environment's dynamics and discount.",
                "Prints STARC and EPIC distances (0 = same up to shaping and scaling, 1 = opposite), the regret of",
                "acting optimally for one reward when the other is true, and whether the rewards are equivalent.",
                "Each reward is " + RewardSource.HELP + "."})
final class CompareCommand implements Runnable {
    /** Uniform EPIC coverage visits S*A*S transitions; above this, --coverage transitions is required. */
    static final long UNIFORM_COVERAGE_LIMIT = 200_000_000L;

    @Spec
    CommandSpec spec;

    @Mixin
    EnvOptions envOptions;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "REWARD_A", description = "First reward (e.g. env for the true reward).")
    String first;

    @Parameters(index = "1", paramLabel = "REWARD_B", description = "Second reward (e.g. a run folder of revealed learn).")
    String second;

    @Mixin
    StarcOptions starc;

    @Option(names = "--coverage", defaultValue = "uniform", paramLabel = "COV",
            description = "EPIC coverage: uniform (every (s,a,s'), default) or transitions (uniform s and a, s' from the dynamics).")
    String coverage;

    @Option(names = "--models", defaultValue = "optimal,boltzmann:beta=1,mce:alpha=1", paramLabel = "M,M",
            description = "Behavioural models whose policies are compared, separated by commas (default ${DEFAULT-VALUE}).")
    String models;

    @Override
    public void run() {
        EnvOptions.Loaded env = envOptions.load();
        TabularMdp mdp = env.mdp();
        Starc.Options starcOptions = starc.toOptions();
        Epic.Coverage cov;
        List<BehaviorModel> modelList = new ArrayList<>();
        try {
            cov = Epic.Coverage.parse(coverage);
            for (String m : splitModels(models)) modelList.add(BehaviorModel.parse(m));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        if (cov == Epic.Coverage.UNIFORM && (long) mdp.states() * mdp.states() * mdp.actions() > UNIFORM_COVERAGE_LIMIT)
            throw new CliException("uniform EPIC coverage would visit " + (long) mdp.states() * mdp.states() * mdp.actions()
                    + " transitions; give --coverage transitions for an MDP this large");
        TabularReward a = RewardSource.load(first, env, envOptions.env);
        TabularReward b = RewardSource.load(second, env, envOptions.env);
        Map<String, Object> out = compare(mdp, a, b, starcOptions, cov, modelList);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("env", envOptions.env);
        json.put("reward_a", first);
        json.put("reward_b", second);
        json.putAll(out);
        if (common.json) {
            spec.commandLine().getOut().println(Json.line(json));
            spec.commandLine().getOut().flush();
            return;
        }
        print(json, starcOptions);
    }

    static List<String> splitModels(String s) {
        List<String> out = new ArrayList<>();
        // A comma that starts a new model separates models; other commas separate a model's parameters.
        for (String m : s.split("[;,](?=\\s*(optimal|boltzmann|mce)\\b)")) if (!m.isBlank()) out.add(m.trim());
        return out;
    }

    /** Everything the command reports, as a JSON-ready map. */
    static Map<String, Object> compare(TabularMdp mdp, TabularReward a, TabularReward b, Starc.Options starcOptions,
                                       Epic.Coverage coverage, List<BehaviorModel> models) {
        double g = mdp.discount();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("discount", g);
        m.put("horizon", mdp.finiteHorizon() ? mdp.horizon().getAsInt() : null);
        m.put("starc_options", starcOptions.spec());
        m.put("starc", new Starc(starcOptions).distance(mdp, a, b, g).distance());
        if (!(starcOptions.canonicalization() instanceof Canonicalization.ValueAdjustedLevelling) && g < 1)
            m.put("starc_val", new Starc(new Starc.Options(new Canonicalization.ValueAdjustedLevelling(), Norm.L2, Norm.L2)).distance(mdp, a, b, g).distance());
        Epic.Result epic = new Epic(new Epic.Options(coverage)).distance(mdp, a, b, g);
        m.put("epic_coverage", coverage.spec());
        m.put("epic", epic.defined() ? epic.distance() : null);
        m.put("epic_correlation", epic.defined() ? epic.correlation() : null);
        if (!epic.defined()) m.put("epic_note", "undefined: a reward is constant over the coverage after canonical shaping (equivalent to 0 there)");
        PlanningOptions planning = new PlanningOptions();
        double[] ra = a.expected(mdp, null), rb = b.expected(mdp, null);
        ValueDifference.Evd ab = ValueDifference.evd(mdp, ra, rb, planning);
        ValueDifference.Evd ba = ValueDifference.evd(mdp, rb, ra, planning);
        m.put("regret_b_under_a", ab.evd());
        m.put("regret_b_under_a_normalized", ab.normalized());
        m.put("regret_a_under_b", ba.evd());
        m.put("regret_a_under_b_normalized", ba.normalized());
        Equivalence.Result eq = Equivalence.check(mdp, a, b, models);
        m.put("equivalent", eq.equivalent());
        m.put("equal_up_to_shaping", eq.equalUpToShaping());
        m.put("scale", Double.isNaN(eq.scale()) ? null : eq.scale());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Equivalence.ModelCheck c : eq.models()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("model", c.model());
            x.put("same_policy", c.samePolicy());
            x.put("max_probability_difference", c.maxPolicyDifference());
            checks.add(x);
        }
        m.put("models", checks);
        return m;
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> j, Starc.Options o) {
        Summary s = new Summary("reward comparison (A = " + first + ", B = " + second + ")")
                .put("env", envOptions.env)
                .put("discount / horizon", j.get("discount") + " / " + (j.get("horizon") == null ? "none" : j.get("horizon")))
                .put("STARC (" + o.spec() + ")", j.get("starc"));
        if (j.containsKey("starc_val")) s.put("STARC (val,l2,l2)", j.get("starc_val"));
        s.put("EPIC (" + j.get("epic_coverage") + ")", j.get("epic") == null ? "undefined (a reward is constant after canonical shaping)" : j.get("epic"));
        s.put("regret of optimising B, under A", Summary.number((Double) j.get("regret_b_under_a"))
                + String.format(Locale.ROOT, " (%.3g of optimal - random)", (Double) j.get("regret_b_under_a_normalized")));
        s.put("regret of optimising A, under B", Summary.number((Double) j.get("regret_a_under_b"))
                + String.format(Locale.ROOT, " (%.3g of optimal - random)", (Double) j.get("regret_a_under_b_normalized")));
        s.put("equivalent (shaping, redistribution, scale)", (Boolean) j.get("equivalent")
                ? "yes" + (j.get("scale") != null ? String.format(Locale.ROOT, " (B = %.6g x A)", (Double) j.get("scale")) : "") : "no");
        s.put("equal up to shaping and redistribution", (Boolean) j.get("equal_up_to_shaping") ? "yes" : "no");
        for (Map<String, Object> c : (List<Map<String, Object>>) j.get("models"))
            s.put("same policy under " + c.get("model"), ((Boolean) c.get("same_policy") ? "yes" : "no")
                    + String.format(Locale.ROOT, " (max probability difference %.3g)", (Double) c.get("max_probability_difference")));
        s.print(spec.commandLine().getOut(), false);
    }
}
