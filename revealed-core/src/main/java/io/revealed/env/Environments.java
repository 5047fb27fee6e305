package io.revealed.env;

import io.revealed.io.MdpJson;
import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The registry of tabular environments known by name: {@code gridworld}, {@code objectworld},
 * {@code garnet} and {@code file:PATH} (an MDP JSON file read by {@link MdpJson}).
 *
 * <p>{@link #create(String)} turns a spec string into a {@link TabularEnvironment};
 * {@link #list()} describes the names and their parameters (for {@code --help} and error
 * messages); {@link #describe(String)} summarises one environment in a few lines.
 */
public final class Environments {
    private Environments() {}

    /** One parameter of an environment: its key, its default (as text) and what it means. */
    public record Parameter(String key, String defaultValue, String description) {
        public Parameter {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(defaultValue, "defaultValue");
            Objects.requireNonNull(description, "description");
        }
    }

    /** An environment name, a one-line description and its parameters. */
    public record Info(String name, String summary, List<Parameter> parameters) {
        public Info {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(summary, "summary");
            parameters = List.copyOf(parameters);
        }

        /** The valid parameter keys, in documentation order. */
        public List<String> keys() {
            List<String> k = new ArrayList<>(parameters.size());
            for (Parameter p : parameters) k.add(p.key());
            return k;
        }
    }

    static final Info FILE_INFO = new Info(EnvSpec.FILE,
            "an MDP read from a JSON file: file:PATH (everything after 'file:' is the path)", List.of());

    /** The known environments, in a fixed order. */
    public static List<Info> list() {
        return List.of(Gridworld.INFO, ObjectWorld.INFO, Garnet.INFO, FILE_INFO);
    }

    /** Makes the environment of a spec string such as {@code gridworld:size=8,slip=0.1}. */
    public static TabularEnvironment create(String spec) {
        return create(EnvSpec.parse(spec));
    }

    /**
     * Makes the environment of a parsed spec.
     *
     * @throws IllegalArgumentException for an unknown name, an unknown key or a bad value
     * @throws io.revealed.io.InputException when a {@code file:} MDP file is malformed
     * @throws java.io.UncheckedIOException when a {@code file:} MDP file cannot be read at all
     */
    public static TabularEnvironment create(EnvSpec spec) {
        String canonical = spec.toString();
        return switch (spec.name()) {
            case "gridworld" -> {
                Gridworld g = Gridworld.fromSpec(spec);
                yield new TabularEnvironment(spec.name(), canonical, g.mdp(), g.size());
            }
            case "objectworld" -> {
                ObjectWorld w = ObjectWorld.fromSpec(spec);
                yield new TabularEnvironment(spec.name(), canonical, w.mdp(), w.size());
            }
            case "garnet" -> new TabularEnvironment(spec.name(), canonical, Garnet.fromSpec(spec), 0);
            case EnvSpec.FILE -> {
                if (spec.path() == null || spec.path().isBlank())
                    throw new IllegalArgumentException("file: needs a path, e.g. file:mdp.json");
                yield new TabularEnvironment(spec.name(), canonical, MdpJson.read(Path.of(spec.path())), 0);
            }
            default -> {
                List<String> names = new ArrayList<>();
                for (Info i : list()) names.add(i.name());
                throw new IllegalArgumentException("unknown environment '" + spec.name() + "'; known environments are "
                        + String.join(", ", names));
            }
        };
    }

    /** A multi-line human-readable summary of the environment of a spec (which is made to describe it). */
    public static String describe(String spec) {
        return describe(create(spec));
    }

    /** How many feature names {@link #describe} shows before eliding the rest. */
    private static final int NAMES_SHOWN = 6;

    /**
     * A multi-line summary: states, actions, transitions, discount, horizon, initial distribution,
     * features (dimension and the first few names), reward kind and range, grid size.
     */
    public static String describe(TabularEnvironment env) {
        TabularMdp m = env.mdp();
        StringBuilder b = new StringBuilder();
        b.append(env.spec()).append('\n');
        line(b, "states", Integer.toString(m.states()));
        List<String> actions = new ArrayList<>();
        if (env.gridShaped()) for (int a = 0; a < m.actions(); a++) actions.add(env.actionName(a));
        line(b, "actions", m.actions() + (actions.isEmpty() ? "" : " (" + String.join(", ", actions) + ")"));
        line(b, "transitions", m.transitions() + String.format(Locale.ROOT, " (%.2f successors per state-action on average)",
                (double) m.transitions() / ((long) m.states() * m.actions())));
        line(b, "discount", Double.toString(m.discount()));
        line(b, "horizon", m.finiteHorizon() ? Integer.toString(m.horizon().getAsInt()) : "infinite");
        line(b, "initial", initialSummary(m.initial()));
        Features f = m.features();
        if (f == null) line(b, "features", "none");
        else {
            List<String> names = f.names();
            String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
            line(b, "features", f.dimension() + " (" + shown + (names.size() > NAMES_SHOWN ? ", ..." : "") + ")");
        }
        TabularReward r = m.reward();
        if (r == null) line(b, "reward", "none");
        else {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double v : r.values()) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
            line(b, "reward", r.kind().json() + ", min " + fmt(lo) + ", max " + fmt(hi));
        }
        if (env.gridShaped()) line(b, "grid", env.gridSize() + " x " + env.gridSize() + " (state s = y*" + env.gridSize() + " + x)");
        return b.toString();
    }

    private static String initialSummary(double[] p) {
        int support = 0;
        double first = -1;
        boolean uniform = true;
        for (double v : p) {
            if (v == 0) continue;
            support++;
            if (first < 0) first = v;
            else if (Math.abs(v - first) > 1e-12) uniform = false;
        }
        if (support == 1) {
            for (int s = 0; s < p.length; s++) if (p[s] != 0) return "state " + s;
        }
        if (uniform) return support == p.length ? "uniform over all states" : "uniform over " + support + " states";
        return "distribution over " + support + " states";
    }

    /** Six significant digits, without trailing zeros. */
    private static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.indexOf('e') >= 0 || s.indexOf('.') < 0) return s;
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append("  ").append(String.format(Locale.ROOT, "%-12s", key)).append(value).append('\n');
    }
}
