package io.revealed.report;

import java.util.Locale;

/** Escaping and number formatting for the report pages. */
public final class Html {
    private Html() {}

    /** Text made safe for HTML element content and quoted attribute values. */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A number as a person reads it: integers as integers, six significant digits otherwise, and
     * scientific notation for very small or very large magnitudes (the command line's summaries
     * use the same rule).
     */
    public static String number(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "∞" : "-∞";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.format(Locale.ROOT, "%d", (long) d);
        double a = Math.abs(d);
        if (a < 1e-3 || a >= 1e6) return String.format(Locale.ROOT, "%.4e", d);
        return String.format(Locale.ROOT, "%.6g", d);
    }

    /** A short number for sentences, figure labels and tooltips: four significant digits, no trailing zeros. */
    public static String shortNumber(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (d == 0) return "0";
        double a = Math.abs(d);
        if (a < 1e-3 || a >= 1e5) return String.format(Locale.ROOT, "%.2e", d);
        String s = String.format(Locale.ROOT, "%.4g", d);
        if (s.indexOf('.') >= 0 && s.indexOf('e') < 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** Any JSON value from a run file as text: numbers formatted, null as a dash. */
    public static String value(Object v) {
        if (v == null) return "–";
        if (v instanceof Double || v instanceof Float) return number(((Number) v).doubleValue());
        return String.valueOf(v);
    }
}
