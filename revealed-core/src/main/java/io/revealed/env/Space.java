package io.revealed.env;

import java.util.Arrays;

/**
 * The set of valid observations or actions of an environment, as Gymnasium's
 * {@code spaces.Discrete} and {@code spaces.Box}: a closed family of two.
 *
 * <p>Every element is handled as a flat {@code double[]} of length {@link #dimension()}; a
 * {@link Discrete} element is one integral value {@code {k}} with {@code 0 <= k < n} (Gymnasium's
 * {@code start} offset is always 0 here).
 */
public sealed interface Space permits Space.Discrete, Space.Box {

    /** The length of one element as a flat {@code double[]}: 1 for {@link Discrete}. */
    int dimension();

    /** Whether {@code x} is an element: the right length, no NaN, and within the bounds. */
    boolean contains(double[] x);

    /**
     * The integers {@code 0 .. n-1}.
     *
     * @param n the number of elements, at least 1
     */
    record Discrete(int n) implements Space {
        public Discrete {
            if (n < 1) throw new IllegalArgumentException("a Discrete space needs n >= 1, got " + n);
        }

        @Override
        public int dimension() { return 1; }

        /** Whether {@code k} is one of {@code 0 .. n-1}. */
        public boolean contains(int k) { return k >= 0 && k < n; }

        @Override
        public boolean contains(double[] x) {
            if (x == null || x.length != 1) return false;
            double v = x[0];
            return v >= 0 && v < n && v == Math.rint(v);
        }
    }

    /**
     * The box {@code low[i] <= x[i] <= high[i]}; bounds may be infinite. The arrays are copied on
     * the way in and out, so a Box is a value.
     *
     * <p>Gymnasium's classic-control boxes are float32; their bounds are stored here as the exact
     * double values of those float32 numbers (for example {@code (double) 4.8f}), so that
     * {@link #contains} agrees with Gymnasium on the float32 observations these environments return.
     */
    record Box(double[] low, double[] high) implements Space {
        public Box {
            if (low == null || high == null) throw new IllegalArgumentException("Box bounds must not be null");
            if (low.length != high.length)
                throw new IllegalArgumentException("Box low has " + low.length + " entries but high has " + high.length);
            if (low.length == 0) throw new IllegalArgumentException("a Box needs at least one dimension");
            low = low.clone();
            high = high.clone();
            for (int i = 0; i < low.length; i++) {
                if (Double.isNaN(low[i]) || Double.isNaN(high[i]))
                    throw new IllegalArgumentException("Box bound " + i + " is NaN");
                if (!(low[i] <= high[i]))
                    throw new IllegalArgumentException("Box bound " + i + ": low " + low[i] + " > high " + high[i]);
                if (low[i] == Double.POSITIVE_INFINITY || high[i] == Double.NEGATIVE_INFINITY)
                    throw new IllegalArgumentException("Box bound " + i + " is empty: [" + low[i] + ", " + high[i] + "]");
            }
        }

        /** The symmetric box {@code [-high, high]}. */
        public static Box symmetric(double... high) {
            double[] low = new double[high.length];
            for (int i = 0; i < high.length; i++) low[i] = -high[i];
            return new Box(low, high);
        }

        @Override
        public double[] low() { return low.clone(); }

        @Override
        public double[] high() { return high.clone(); }

        /** The lower bound of coordinate {@code i}. */
        public double low(int i) { return low[i]; }

        /** The upper bound of coordinate {@code i}. */
        public double high(int i) { return high[i]; }

        @Override
        public int dimension() { return low.length; }

        @Override
        public boolean contains(double[] x) {
            if (x == null || x.length != low.length) return false;
            for (int i = 0; i < x.length; i++)
                if (!(x[i] >= low[i] && x[i] <= high[i])) return false; // false for NaN too
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high);
        }

        @Override
        public int hashCode() { return 31 * Arrays.hashCode(low) + Arrays.hashCode(high); }

        @Override
        public String toString() { return "Box(low=" + Arrays.toString(low) + ", high=" + Arrays.toString(high) + ")"; }
    }
}
