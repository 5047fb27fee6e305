package io.revealed.io;

import java.util.Arrays;

/** Growable primitive arrays for readers that do not know sizes in advance (no boxing). */
final class Growable {
    private Growable() {}

    /** Largest array the JVM reliably allocates. */
    static final int MAX = Integer.MAX_VALUE - 8;

    static int grow(int length) {
        if (length >= MAX) throw new IllegalStateException("more than " + MAX + " values");
        return (int) Math.min(MAX, Math.max(16L, length * 2L));
    }

    static final class Ints {
        int[] a = new int[16];
        int n;

        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, grow(n));
            a[n++] = v;
        }

        int[] toArray() { return Arrays.copyOf(a, n); }
    }

    static final class Doubles {
        double[] a = new double[16];
        int n;

        void add(double v) {
            if (n == a.length) a = Arrays.copyOf(a, grow(n));
            a[n++] = v;
        }

        double[] toArray() { return Arrays.copyOf(a, n); }
    }

    static final class Bytes {
        byte[] a = new byte[1024];
        int n;

        void add(byte[] src, int from, int count) {
            if (n + count > a.length) {
                if ((long) n + count > MAX) throw new IllegalStateException("more than " + MAX + " bytes");
                a = Arrays.copyOf(a, (int) Math.min(MAX, Math.max(2L * a.length, (long) n + count)));
            }
            System.arraycopy(src, from, a, n, count);
            n += count;
        }
    }
}
