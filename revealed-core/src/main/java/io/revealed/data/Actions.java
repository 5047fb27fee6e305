package io.revealed.data;

import java.util.Objects;

/**
 * The actions of one episode, {@code a_0 .. a_{T-1}}: either indices into a finite action set
 * ({@link Discrete}) or real vectors of one fixed dimension ({@link Continuous}). The arrays are
 * not copied: the caller hands them over and must not change them afterwards.
 */
public sealed interface Actions permits Actions.Discrete, Actions.Continuous {
    /** Number of actions T. */
    int length();

    /** Discrete action indices, each {@code >= 0}. */
    record Discrete(int[] values) implements Actions {
        public Discrete {
            Objects.requireNonNull(values, "values");
            for (int t = 0; t < values.length; t++)
                if (values[t] < 0) throw new IllegalArgumentException("action at step " + t + " is " + values[t] + "; discrete actions are indices >= 0");
        }

        @Override
        public int length() { return values.length; }

        /** One more than the largest action index (0 for an episode without actions). */
        public int bound() {
            int max = -1;
            for (int a : values) max = Math.max(max, a);
            return max + 1;
        }
    }

    /**
     * Real action vectors, one row per step, all of the same length k ≥ 1, all values finite.
     * {@code dimension} is given explicitly so that an episode without actions still has one.
     */
    record Continuous(double[][] values, int dimension) implements Actions {
        public Continuous {
            Objects.requireNonNull(values, "values");
            if (dimension < 1) throw new IllegalArgumentException("continuous actions need a dimension >= 1, got " + dimension);
            for (int t = 0; t < values.length; t++) {
                double[] row = values[t];
                if (row == null) throw new IllegalArgumentException("action at step " + t + " is null");
                if (row.length != dimension)
                    throw new IllegalArgumentException("action at step " + t + " has " + row.length + " components, expected " + dimension);
                for (int j = 0; j < row.length; j++)
                    if (!Double.isFinite(row[j])) throw new IllegalArgumentException("action at step " + t + ", component " + j + " is " + row[j]);
            }
        }

        /** Actions of the dimension of the first row; at least one row is needed. */
        public Continuous(double[][] values) {
            this(values, dimensionOf(values));
        }

        private static int dimensionOf(double[][] values) {
            if (values == null || values.length == 0 || values[0] == null)
                throw new IllegalArgumentException("give the dimension of continuous actions explicitly when there is no action");
            return values[0].length;
        }

        @Override
        public int length() { return values.length; }
    }
}
