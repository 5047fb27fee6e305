package io.revealed.behavior;

import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a demonstrator's policy follows from a reward. Parsed from spec strings such as
 * {@code optimal}, {@code optimal:tol=1e-8}, {@code boltzmann:beta=5}, {@code mce:alpha=1}.
 */
public sealed interface BehaviorModel permits Optimal, Boltzmann, MaxCausalEntropy {

    /** The model's policy and the values it is derived from. */
    record Solution(double[] values, Policy policy, String valuesMeaning) {}

    /**
     * Solves the model for a reward.
     *
     * @param rsa expected immediate reward indexed {@code s*A+a}
     */
    Solution solve(TabularMdp mdp, double[] rsa, PlanningOptions options);

    /** The canonical spec string of this model. */
    String spec();

    /** Parses a model spec; the message of the exception lists the valid forms. */
    static BehaviorModel parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("empty behavioural model; expected optimal, boltzmann:beta=B or mce:alpha=A");
        String s = spec.trim();
        int colon = s.indexOf(':');
        String name = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
        Map<String, Double> params = new TreeMap<>();
        if (colon >= 0 && colon < s.length() - 1) {
            for (String kv : s.substring(colon + 1).split(",")) {
                int eq = kv.indexOf('=');
                if (eq < 1) throw new IllegalArgumentException("model parameter '" + kv + "' in '" + spec + "' is not key=value");
                String key = kv.substring(0, eq).trim();
                String value = kv.substring(eq + 1).trim();
                if (params.containsKey(key)) throw new IllegalArgumentException("model parameter " + key + " given twice in '" + spec + "'");
                try {
                    params.put(key, Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("model parameter " + key + "='" + value + "' in '" + spec + "' is not a number");
                }
            }
        }
        return switch (name) {
            case "optimal" -> new Optimal(take(params, "tol", Optimal.DEFAULT_TOLERANCE, spec));
            case "boltzmann" -> new Boltzmann(take(params, "beta", Double.NaN, spec));
            case "mce", "maxent", "soft" -> new MaxCausalEntropy(take(params, "alpha", 1.0, spec));
            default -> throw new IllegalArgumentException("unknown behavioural model '" + name + "'; expected optimal, boltzmann:beta=B or mce:alpha=A");
        };
    }

    private static double take(Map<String, Double> params, String key, double def, String spec) {
        Double v = params.remove(key);
        if (!params.isEmpty())
            throw new IllegalArgumentException("unknown model parameter '" + params.keySet().iterator().next() + "' in '" + spec + "' (valid: " + key + ")");
        if (v == null) {
            if (Double.isNaN(def)) throw new IllegalArgumentException("model '" + spec + "' needs " + key + "=..., e.g. boltzmann:beta=5");
            return def;
        }
        return v;
    }
}
