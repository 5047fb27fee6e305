package io.revealed.analysis;

import java.util.Locale;

/** The norms STARC uses to normalise canonical rewards and to measure between them. */
public enum Norm {
    L1, L2, LINF;

    /** Parses {@code l1}, {@code l2} or {@code linf} (also {@code inf}). */
    public static Norm parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "l1", "1" -> L1;
            case "l2", "2" -> L2;
            case "linf", "inf", "l-inf", "max" -> LINF;
            default -> throw new IllegalArgumentException("unknown norm '" + s + "' (expected l1, l2 or linf)");
        };
    }

    public String spec() { return name().toLowerCase(Locale.ROOT); }

    /**
     * The norm of a vector whose every entry stands for {@code multiplicity} equal entries of the
     * full r(s,a,s') table (see {@link CanonicalReward}).
     */
    double of(double[] v, double multiplicity) {
        double acc = 0;
        switch (this) {
            case L1 -> { for (double x : v) acc += Math.abs(x); return multiplicity * acc; }
            case L2 -> { for (double x : v) acc += x * x; return Math.sqrt(multiplicity * acc); }
            default -> { for (double x : v) acc = Math.max(acc, Math.abs(x)); return acc; }
        }
    }

    /** The norm of {@code a/na - b/nb} (a zero divisor stands for the zero vector), without allocating. */
    double ofDifference(double[] a, double na, double[] b, double nb, double multiplicity) {
        double ia = na == 0 ? 0 : 1 / na, ib = nb == 0 ? 0 : 1 / nb, acc = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] * ia - b[i] * ib);
            switch (this) {
                case L1 -> acc += d;
                case L2 -> acc += d * d;
                default -> acc = Math.max(acc, d);
            }
        }
        return switch (this) {
            case L1 -> multiplicity * acc;
            case L2 -> Math.sqrt(multiplicity * acc);
            default -> acc;
        };
    }
}
