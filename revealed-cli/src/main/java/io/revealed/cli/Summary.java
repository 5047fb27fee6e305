package io.revealed.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The short summary a command prints last: a two-column table, or with {@code --json} the same
 * entries as one JSON object.
 */
final class Summary {
    private final String title;
    private final Map<String, Object> entries = new LinkedHashMap<>();

    Summary(String title) { this.title = title; }

    Summary put(String key, Object value) {
        entries.put(key, value);
        return this;
    }

    Map<String, Object> entries() { return entries; }

    void print(PrintWriter out, boolean json) {
        if (json) {
            out.println(Json.line(entries));
        } else {
            int w = 0;
            for (String k : entries.keySet()) w = Math.max(w, k.length());
            out.println(title);
            for (Map.Entry<String, Object> e : entries.entrySet())
                out.printf(Locale.ROOT, "  %-" + w + "s  %s%n", e.getKey(), format(e.getValue()));
        }
        out.flush();
    }

    static String format(Object v) {
        if (v instanceof Double d) return number(d);
        if (v instanceof Float f) return number(f);
        return String.valueOf(v);
    }

    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.format(Locale.ROOT, "%d", (long) d);
        double a = Math.abs(d);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) return String.format(Locale.ROOT, "%.4e", d);
        return String.format(Locale.ROOT, "%.6g", d);
    }
}
