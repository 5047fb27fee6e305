package io.revealed.cli;

import io.revealed.analysis.CorrelatedProxies;
import io.revealed.analysis.ValueDifference;
import io.revealed.behavior.BehaviorModel;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code revealed hacking}: does optimising a proxy reward hack it, and does a chi-squared
 * occupancy penalty towards a reference policy prevent it (Laidlaw, Singhal and Dragan, "Correlated
 * Proxies").
 */
@Command(name = "hacking", mixinStandardHelpOptions = true,
        description = {"Reward hacking of a correlated proxy, and its chi-squared mitigation.",
                "Reports the correlation of proxy and true reward under a reference policy's occupancy, then for each",
                "--lambdas weight the exact optimum of (proxy return - lambda chi2(policy occupancy || reference occupancy)),",
                "with its proxy and true returns. Use --example covered-sensor for the built-in worked example, or",
                "--env with --proxy and --reference. Needs a discounted infinite horizon."})
final class HackingCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--example", paramLabel = "NAME", description = "A built-in example instead of --env: covered-sensor.")
    String example;

    @Option(names = "--env", paramLabel = "SPEC", description = "Environment (tabular), with --proxy and --reference.")
    String env;

    @Option(names = "--horizon", paramLabel = "H|none", description = "Override the horizon (must end up infinite: none).")
    String horizon;

    @Option(names = "--discount", paramLabel = "G", description = "Override the discount.")
    Double discount;

    @Option(names = "--proxy", paramLabel = "REWARD", description = "The proxy reward: " + RewardSource.HELP + ".")
    String proxy;

    @Option(names = "--reward", defaultValue = "env", paramLabel = "REWARD", description = "The true reward (default ${DEFAULT-VALUE}).")
    String reward;

    @Option(names = "--reference", defaultValue = "uniform", paramLabel = "POLICY",
            description = "Reference policy: uniform (default), or a behavioural model (e.g. boltzmann:beta=1) solved for the true reward.")
    String reference;

    @Option(names = "--lambdas", defaultValue = "0,0.01,0.1,1", paramLabel = "L,L", description = "Chi-squared weights (default ${DEFAULT-VALUE}).")
    String lambdas;

    @Override
    public void run() {
        double[] weights = SensitivityCommand.parseNumbers("--lambdas", lambdas);
        TabularMdp mdp;
        TabularReward px, truth;
        Policy ref;
        String label;
        if (example != null) {
            if (env != null || proxy != null) throw new CliException("give either --example or --env with --proxy, not both");
            if (!example.equals("covered-sensor")) throw new CliException("unknown example '" + example + "'; available: covered-sensor");
            CorrelatedProxies.Example ex = CorrelatedProxies.Example.coveredSensor();
            mdp = ex.mdp();
            px = ex.proxy();
            truth = ex.trueReward();
            ref = ex.reference();
            label = "example covered-sensor";
        } else {
            if (env == null || proxy == null) throw new CliException("give --example covered-sensor, or --env SPEC with --proxy REWARD");
            EnvOptions eo = new EnvOptions();
            eo.env = env;
            eo.horizon = horizon;
            eo.discount = discount;
            EnvOptions.Loaded loaded = eo.load();
            mdp = loaded.mdp();
            if (mdp.finiteHorizon())
                throw new CliException(env + " has horizon " + mdp.horizon().getAsInt() + "; the occupancy measures here are discounted and infinite: add --horizon none --discount 0.9 (or another discount below 1)");
            px = RewardSource.load(proxy, loaded, env);
            truth = RewardSource.load(reward, loaded, env);
            if (reference.equals("uniform")) ref = ValueDifference.uniform(mdp);
            else {
                BehaviorModel m;
                try {
                    m = BehaviorModel.parse(reference);
                } catch (IllegalArgumentException e) {
                    throw new CliException("--reference: " + e.getMessage() + ", or uniform");
                }
                ref = m.solve(mdp, truth.expected(mdp, null), new PlanningOptions()).policy();
            }
            label = env;
        }
        CorrelatedProxies.Correlation c = CorrelatedProxies.correlation(mdp, px, truth, ref);
        List<Map<String, Object>> rows = new ArrayList<>();
        Double refTrue = null, refProxy = null;
        for (double l : weights) {
            CorrelatedProxies.Optimum o = CorrelatedProxies.optimise(mdp, px, truth, ref, l, new CorrelatedProxies.Options());
            refTrue = o.referenceTrueReturn().getAsDouble();
            refProxy = o.referenceProxyReturn();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("lambda", l);
            r.put("proxy_return", o.proxyReturn());
            r.put("true_return", o.trueReturn().getAsDouble());
            r.put("chi_squared", Double.isFinite(o.chiSquared()) ? o.chiSquared() : null);
            r.put("hacked", o.trueReturn().getAsDouble() < refTrue);
            rows.add(r);
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("problem", label);
        j.put("reference", example != null ? "the example's reference policy" : reference);
        j.put("correlation", c.defined() ? c.pearson() : null);
        j.put("reference_proxy_return", refProxy);
        j.put("reference_true_return", refTrue);
        j.put("returns", "normalised: (1 - discount) E[sum_t discount^t r_t]");
        j.put("optima", rows);
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            w.println(Json.line(j));
            w.flush();
            return;
        }
        w.printf(Locale.ROOT, "Reward hacking on %s (reference: %s)%n", label, j.get("reference"));
        w.printf(Locale.ROOT, "  correlation of proxy and true reward under the reference occupancy: %s%n",
                c.defined() ? String.format(Locale.ROOT, "%.4f", c.pearson()) : "undefined (a reward is constant there)");
        w.printf(Locale.ROOT, "  reference policy: proxy return %.6g, true return %.6g (returns normalised by 1 - discount)%n%n", refProxy, refTrue);
        w.printf(Locale.ROOT, "  %10s %14s %14s %14s  %s%n", "lambda", "proxy return", "true return", "chi-squared", "verdict");
        for (Map<String, Object> r : rows)
            w.printf(Locale.ROOT, "  %10.4g %14.6g %14.6g %14s  %s%n", (Double) r.get("lambda"), (Double) r.get("proxy_return"), (Double) r.get("true_return"),
                    r.get("chi_squared") == null ? "inf" : String.format(Locale.ROOT, "%.6g", (Double) r.get("chi_squared")),
                    (Boolean) r.get("hacked") ? "hacked: worse than the reference" : "not hacked");
        w.flush();
    }
}
