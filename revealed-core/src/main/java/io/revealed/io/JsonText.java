package io.revealed.io;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * Writing JSON text by hand, so that the layout of every file format is fixed by this package and
 * not by a pretty printer's defaults (the golden-file tests pin it byte for byte).
 *
 * <p>Doubles are written with {@link Double#toString(double)}, the shortest decimal that reads
 * back to the same double, so a write followed by a read is exact. Integral doubles keep their
 * {@code .0} and small or large ones use an exponent ({@code 1.0E-10}); both are valid JSON.
 */
final class JsonText {
    private JsonText() {}

    static void number(Writer w, double v, String field) throws IOException {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(field + " is " + v + "; JSON has no NaN or infinity");
        w.write(Double.toString(v));
    }

    static void string(Writer w, String s) throws IOException {
        w.write('"');
        w.write(JsonStringEncoder.getInstance().quoteAsString(s));
        w.write('"');
    }

    static void doubles(Writer w, double[] v, int from, int to, String field) throws IOException {
        w.write('[');
        for (int i = from; i < to; i++) {
            if (i > from) w.write(", ");
            if (!Double.isFinite(v[i])) throw new IllegalArgumentException(field + "[" + (i - from) + "] is " + v[i] + "; JSON has no NaN or infinity");
            w.write(Double.toString(v[i]));
        }
        w.write(']');
    }

    static void ints(Writer w, int[] v) throws IOException {
        w.write('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) w.write(", ");
            w.write(Integer.toString(v[i]));
        }
        w.write(']');
    }

    /**
     * Writes a plain Java value on one line: null, strings, characters, enums (by name), booleans,
     * numbers, maps (keys by {@code String.valueOf}), iterables and arrays.
     *
     * @throws IllegalArgumentException naming {@code field} for NaN, infinity or an unsupported type
     */
    static void value(Writer w, Object v, String field) throws IOException {
        switch (v) {
            case null -> w.write("null");
            case CharSequence s -> string(w, s.toString());
            case Character c -> string(w, c.toString());
            case Enum<?> e -> string(w, e.name());
            case Boolean b -> w.write(b.toString());
            case Double d -> number(w, d, field);
            case Float f -> {
                if (!Float.isFinite(f)) throw new IllegalArgumentException(field + " is " + f + "; JSON has no NaN or infinity");
                w.write(Float.toString(f));
            }
            case Integer i -> w.write(i.toString());
            case Long l -> w.write(l.toString());
            case Short s -> w.write(s.toString());
            case Byte b -> w.write(b.toString());
            case BigInteger b -> w.write(b.toString());
            case BigDecimal b -> w.write(b.toString());
            case Map<?, ?> m -> {
                w.write('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) w.write(", ");
                    first = false;
                    String key = String.valueOf(e.getKey());
                    string(w, key);
                    w.write(": ");
                    value(w, e.getValue(), field + "." + key);
                }
                w.write('}');
            }
            case Iterable<?> it -> {
                w.write('[');
                int i = 0;
                for (Iterator<?> x = it.iterator(); x.hasNext(); i++) {
                    if (i > 0) w.write(", ");
                    value(w, x.next(), field + "[" + i + "]");
                }
                w.write(']');
            }
            default -> {
                if (!v.getClass().isArray())
                    throw new IllegalArgumentException(field + ": cannot write a " + v.getClass().getName() + " as JSON");
                w.write('[');
                int n = Array.getLength(v);
                for (int i = 0; i < n; i++) {
                    if (i > 0) w.write(", ");
                    value(w, Array.get(v, i), field + "[" + i + "]");
                }
                w.write(']');
            }
        }
    }
}
