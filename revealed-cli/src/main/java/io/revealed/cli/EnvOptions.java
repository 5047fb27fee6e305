package io.revealed.cli;

import io.revealed.env.Environments;
import io.revealed.env.TabularEnvironment;
import io.revealed.mdp.TabularMdp;
import picocli.CommandLine.Option;

/** {@code --env SPEC [--horizon H|none] [--discount G]}: the environment a command works on. */
final class EnvOptions {
    @Option(names = "--env", required = true, paramLabel = "SPEC",
            description = "Environment spec, e.g. gridworld:size=8,slip=0.1, objectworld:size=32, garnet:states=1000, file:mdp.json. See 'revealed env list'.")
    String env;

    @Option(names = "--horizon", paramLabel = "H|none", description = "Override the finite horizon H (>= 1), or 'none' (also 0) for a discounted infinite horizon.")
    String horizon;

    @Option(names = "--discount", paramLabel = "G", description = "Override the discount, in [0, 1].")
    Double discount;

    /** The environment with the overrides applied. */
    Loaded load() {
        if (DemosCommand.isControl(env))
            throw new CliException(env + " is a control environment; this needs a tabular one (gridworld, objectworld, garnet, file:...)."
                    + " Control environments work with learn --algo bc, eval, demos --policy and train-expert.");
        TabularEnvironment e = Environments.create(env);
        TabularMdp mdp = e.mdp();
        if (horizon != null || discount != null) {
            Integer h = mdp.finiteHorizon() ? mdp.horizon().getAsInt() : null;
            if (horizon != null) h = parseHorizon(horizon);
            double g = discount != null ? discount : mdp.discount();
            if (!(g >= 0 && g <= 1)) throw new CliException("--discount must be in [0, 1], got " + g);
            if (h == null && g >= 1) throw new CliException("an infinite horizon needs --discount below 1 (the discount is " + g + ")");
            mdp = mdp.withDiscountAndHorizon(g, h);
        }
        return new Loaded(e, mdp);
    }

    static Integer parseHorizon(String s) {
        if (s.equalsIgnoreCase("none") || s.equalsIgnoreCase("inf") || s.equals("0")) return null;
        try {
            int h = Integer.parseInt(s.trim());
            if (h < 1) throw new NumberFormatException();
            return h;
        } catch (NumberFormatException e) {
            throw new CliException("--horizon must be a positive integer or 'none', got '" + s + "'");
        }
    }

    /** An environment and its (possibly overridden) MDP. */
    record Loaded(TabularEnvironment env, TabularMdp mdp) {
        String horizonText() {
            return mdp.finiteHorizon() ? Integer.toString(mdp.horizon().getAsInt()) : "none";
        }
    }
}
