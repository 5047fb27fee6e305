package io.revealed.env;

/**
 * The slippery five-action grid shared by {@link Gridworld} and {@link ObjectWorld}, built
 * straight into CSR arrays.
 *
 * <p>State {@code s = y * size + x}. Actions: 0 right (+x), 1 down (+y), 2 left (-x), 3 up (-y),
 * 4 stay. A move that would leave the grid leaves the agent where it is. With slip {@code w} the
 * intended move happens with probability {@code 1 - w} and each of the other four moves with
 * probability {@code w / 4}. Moves that land on the same cell (a wall bump and "stay", say) are
 * merged, moves of probability zero are dropped, and each row lists its distinct successors in
 * ascending order.
 */
final class GridDynamics {
    static final int ACTIONS = 5;
    private static final int[] DX = {1, 0, -1, 0, 0};
    private static final int[] DY = {0, 1, 0, -1, 0};

    private GridDynamics() {}

    /** CSR transition arrays of the grid. */
    record Csr(int[] rowStart, int[] successors, double[] probabilities) {}

    static void checkSize(int size, String who) {
        if (size < 2) throw new IllegalArgumentException(who + ": size must be >= 2, got " + size);
        if ((long) size * size * ACTIONS > 100_000_000L)
            throw new IllegalArgumentException(who + ": size " + size + " is too large (at most " + (int) Math.sqrt(100_000_000 / ACTIONS) + ")");
    }

    static void checkSlip(double slip, String who) {
        if (!(slip >= 0 && slip <= 1)) throw new IllegalArgumentException(who + ": slip must be in [0, 1], got " + slip);
    }

    /** The cell reached by move {@code a} from {@code s}, staying put at the border. */
    static int move(int size, int s, int a) {
        int x = s % size + DX[a], y = s / size + DY[a];
        if (x < 0 || x >= size || y < 0 || y >= size) return s;
        return y * size + x;
    }

    static Csr build(int size, double slip) {
        int states = size * size;
        int rows = states * ACTIONS;
        int[] rowStart = new int[rows + 1];
        int[] next = new int[rows * ACTIONS];
        double[] prob = new double[rows * ACTIONS];
        int[] cell = new int[ACTIONS];
        double[] p = new double[ACTIONS];
        int m = 0;
        for (int s = 0; s < states; s++) {
            for (int a = 0; a < ACTIONS; a++) {
                rowStart[s * ACTIONS + a] = m;
                int n = 0;
                for (int move = 0; move < ACTIONS; move++) {
                    double q = move == a ? 1 - slip : slip / 4;
                    if (q == 0) continue;
                    int t = move(size, s, move);
                    int k = 0;
                    while (k < n && cell[k] != t) k++;
                    if (k == n) { cell[n] = t; p[n] = q; n++; } else p[k] += q;
                }
                // Insertion sort of the (at most five) successors by state index.
                for (int i = 1; i < n; i++) {
                    int c = cell[i];
                    double q = p[i];
                    int j = i - 1;
                    while (j >= 0 && cell[j] > c) { cell[j + 1] = cell[j]; p[j + 1] = p[j]; j--; }
                    cell[j + 1] = c;
                    p[j + 1] = q;
                }
                for (int i = 0; i < n; i++) { next[m] = cell[i]; prob[m] = p[i]; m++; }
            }
        }
        rowStart[rows] = m;
        return new Csr(rowStart, java.util.Arrays.copyOf(next, m), java.util.Arrays.copyOf(prob, m));
    }
}
