package io.revealed.cli;

import io.revealed.behavior.BehaviorModel;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.Occupancy;
import io.revealed.planning.PlanningOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code revealed solve}: the MDP's own reward under a behavioural model. Prints for t = 0 the
 * model's state values, its policy, and the discounted occupancy {@code sum_{t=0..H} g^t Pr(s_t = s)}.
 */
@Command(name = "solve", mixinStandardHelpOptions = true,
        description = {"Solve the environment's own reward under a behavioural model.",
                "Prints, for t = 0, the model's state values, its policy, and the discounted state occupancy",
                "sum_{t=0..H} g^t Pr(s_t = s), where t = 0 is the initial distribution. With a finite horizon H the",
                "reward is earned at t = 0..H-1 and the occupancy includes where the agent ends at t = H."})
final class SolveCommand implements Runnable {
    /** Above this many states the table lists only the first rows; --json always has all. */
    static final int TABLE_ROWS = 50;

    @Spec
    CommandSpec spec;

    @Mixin
    EnvOptions envOptions;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Behavioural model: optimal, boltzmann:beta=B or mce:alpha=A.")
    String model;

    @Override
    public void run() {
        BehaviorModel m = BehaviorModel.parse(model);
        EnvOptions.Loaded loaded = envOptions.load();
        TabularMdp mdp = loaded.mdp();
        if (mdp.reward() == null) throw new CliException(envOptions.env + " has no reward to solve; give an MDP file with a \"reward\" object");
        double[] rsa = mdp.reward().expected(mdp, null);
        PlanningOptions opts = new PlanningOptions();
        BehaviorModel.Solution sol = m.solve(mdp, rsa, opts);
        Occupancy.Visitation vis = Occupancy.visitation(mdp, sol.policy(), mdp.initial(), opts);
        double[] occupancy = vis.total();
        int S = mdp.states(), A = mdp.actions();
        double[][] policy = new double[S][A];
        for (int s = 0; s < S; s++) sol.policy().probabilities(0, s, policy[s]);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("env", envOptions.env);
            json.put("model", m.spec());
            json.put("discount", mdp.discount());
            json.put("horizon", mdp.finiteHorizon() ? mdp.horizon().getAsInt() : null);
            json.put("values", sol.values());
            json.put("policy", policy);
            json.put("occupancy", occupancy);
            out.println(Json.line(json));
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "%s under %s (discount %s, horizon %s)%n", envOptions.env, m.spec(),
                Summary.number(mdp.discount()), loaded.horizonText());
        out.println("values: " + sol.valuesMeaning() + " at t = 0; occupancy: sum_{t=0..H} g^t Pr(s_t = s)");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%8s %14s %14s", "state", "value", "occupancy"));
        for (int a = 0; a < A; a++) head.append(String.format(Locale.ROOT, " %8s", "pi(" + a + ")"));
        out.println(head);
        int rows = Math.min(S, TABLE_ROWS);
        for (int s = 0; s < rows; s++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%8d %14.6f %14.6f", s, sol.values()[s], occupancy[s]));
            for (int a = 0; a < A; a++) row.append(String.format(Locale.ROOT, " %8.4f", policy[s][a]));
            out.println(row);
        }
        if (rows < S) out.println("... " + (S - rows) + " more states (use --json for all)");
        double start = 0;
        for (int s = 0; s < S; s++) start += mdp.initial()[s] * sol.values()[s];
        new Summary("summary")
                .put("states", S).put("actions", A)
                .put("start value", start)
                .put("occupancy total", sum(occupancy))
                .print(out, false);
    }

    private static double sum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }
}
