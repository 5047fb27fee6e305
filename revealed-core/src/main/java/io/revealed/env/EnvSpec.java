package io.revealed.env;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed environment spec string: {@code name} or {@code name:key=value,key=value}, for example
 * {@code gridworld:size=8,slip=0.1} or {@code garnet:states=100000,seed=3}.
 *
 * <p>The name is matched without regard to case and stored in lower case; keys and values are
 * kept as written, with surrounding blanks removed. A key may appear once. The one exception to
 * the key=value form is {@code file:PATH}: everything after {@code file:} is kept verbatim as
 * {@link #path()} (a path may well contain commas or equals signs) and there are no parameters.
 *
 * <p>The typed getters ({@link #intParam}, {@link #doubleParam}, ...) return the default when the
 * key is absent and throw an {@link IllegalArgumentException} naming the environment and the key
 * when the value does not parse. Integers may be written with underscores ({@code 1_000_000}).
 * Callers should first call {@link #checkKeys} so that a misspelt key is reported rather than
 * silently ignored.
 *
 * @param name the environment name, lower case, never empty
 * @param params the parameters in the order written (unmodifiable); empty for {@code file:}
 * @param path the raw path of a {@code file:} spec, {@code null} for every other name
 */
public record EnvSpec(String name, Map<String, String> params, String path) {

    /** The name of the one spec whose argument is a path rather than key=value pairs. */
    public static final String FILE = "file";

    public EnvSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("environment spec has no name");
        name = name.strip().toLowerCase(java.util.Locale.ROOT);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank())
                throw new IllegalArgumentException(name + ": a parameter has an empty key");
            if (e.getValue() == null || e.getValue().isBlank())
                throw new IllegalArgumentException(name + ": parameter '" + e.getKey() + "' has no value");
        }
        if (FILE.equals(name)) {
            if (path == null) path = "";
            if (!params.isEmpty()) throw new IllegalArgumentException("file: takes a path, not key=value parameters");
        } else if (path != null) {
            throw new IllegalArgumentException(name + ": only file: specs have a path");
        }
    }

    /**
     * Parses a spec string.
     *
     * @throws IllegalArgumentException for an empty name, an item that is not {@code key=value},
     *     an empty key or value, or a repeated key; the message quotes the offending item
     */
    public static EnvSpec parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.strip();
        int colon = s.indexOf(':');
        String name = (colon < 0 ? s : s.substring(0, colon)).strip();
        if (name.isEmpty()) throw new IllegalArgumentException("environment spec '" + spec + "' has no name before ':'");
        if (FILE.equalsIgnoreCase(name)) {
            String path = colon < 0 ? "" : s.substring(colon + 1);
            return new EnvSpec(name, Map.of(), path);
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (colon >= 0) {
            String rest = s.substring(colon + 1).strip();
            if (!rest.isEmpty()) {
                for (String item : rest.split(",", -1)) {
                    String it = item.strip();
                    if (it.isEmpty())
                        throw new IllegalArgumentException(name + ": empty parameter in '" + spec + "' (stray comma?)");
                    int eq = it.indexOf('=');
                    if (eq < 0)
                        throw new IllegalArgumentException(name + ": parameter '" + it + "' is not of the form key=value");
                    String key = it.substring(0, eq).strip();
                    String value = it.substring(eq + 1).strip();
                    if (key.isEmpty()) throw new IllegalArgumentException(name + ": parameter '" + it + "' has an empty key");
                    if (value.isEmpty()) throw new IllegalArgumentException(name + ": parameter '" + key + "' has no value");
                    if (params.putIfAbsent(key, value) != null)
                        throw new IllegalArgumentException(name + ": parameter '" + key + "' is given twice");
                }
            }
        }
        return new EnvSpec(name, params, null);
    }

    /** Whether the key was given. */
    public boolean has(String key) { return params.containsKey(key); }

    /**
     * Rejects any key not in {@code valid}.
     *
     * @return this spec, for chaining
     * @throws IllegalArgumentException naming the first unknown key and listing the valid ones
     */
    public EnvSpec checkKeys(Collection<String> valid) {
        for (String key : params.keySet())
            if (!valid.contains(key))
                throw new IllegalArgumentException(name + ": unknown parameter '" + key + "'; valid parameters are "
                        + (valid.isEmpty() ? "(none)" : String.join(", ", valid)));
        return this;
    }

    public String stringParam(String key, String defaultValue) {
        String v = params.get(key);
        return v == null ? defaultValue : v;
    }

    /**
     * A parameter that must be one of a few words (matched without regard to case, returned in
     * lower case).
     */
    public String choiceParam(String key, String defaultValue, String... allowed) {
        String v = params.get(key);
        if (v == null) return defaultValue;
        String lower = v.toLowerCase(java.util.Locale.ROOT);
        for (String a : allowed) if (a.equals(lower)) return a;
        throw new IllegalArgumentException(name + ": parameter '" + key + "' must be one of " + String.join(", ", allowed)
                + "; got '" + v + "'");
    }

    public int intParam(String key, int defaultValue) {
        String v = params.get(key);
        if (v == null) return defaultValue;
        try {
            return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(key, v, "an integer");
        }
    }

    public long longParam(String key, long defaultValue) {
        String v = params.get(key);
        if (v == null) return defaultValue;
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(key, v, "an integer");
        }
    }

    /** A finite floating-point parameter ({@code NaN} and infinities are rejected). */
    public double doubleParam(String key, double defaultValue) {
        String v = params.get(key);
        if (v == null) return defaultValue;
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number");
        }
        if (!Double.isFinite(d)) throw bad(key, v, "a finite number");
        return d;
    }

    /**
     * A horizon: a positive integer, or {@code none} / {@code 0} for an infinite (discounted)
     * horizon, returned as {@code null}.
     */
    public Integer horizonParam(String key, Integer defaultValue) {
        String v = params.get(key);
        if (v == null) return defaultValue;
        if (v.equalsIgnoreCase("none")) return null;
        int h;
        try {
            h = Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(key, v, "a positive integer, or 0 or none for an infinite horizon");
        }
        if (h < 0) throw bad(key, v, "a positive integer, or 0 or none for an infinite horizon");
        return h == 0 ? null : h;
    }

    private IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException(name + ": parameter '" + key + "' must be " + expected + ", got '" + value + "'");
    }

    /** The same spec with one parameter set (added at the end if it was absent). */
    public EnvSpec with(String key, String value) {
        if (FILE.equals(name)) throw new IllegalArgumentException("file: specs have no parameters to set");
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put(key, value);
        return new EnvSpec(name, p, null);
    }

    /** The spec in its canonical string form, which {@link #parse} reads back to an equal spec. */
    @Override
    public String toString() {
        if (FILE.equals(name)) return FILE + ":" + path;
        if (params.isEmpty()) return name;
        StringBuilder b = new StringBuilder(name).append(':');
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!first) b.append(',');
            b.append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        return b.toString();
    }
}
