package io.revealed.mdp;

import java.util.stream.IntStream;

/**
 * The transitions of a large MDP regrouped for cache-friendly sweeps.
 *
 * <p>In a sweep over row-ordered CSR transitions every entry reads (or, when propagating an
 * occupancy forward, writes) the value of a successor state at a random place in a state-sized
 * array. Once that array outgrows the per-core cache each access waits on main memory, and a sweep
 * over a million-state Garnet MDP spends most of its time waiting. Here the entries are split into
 * chunks by a grid of state blocks: chunk {@code (p, c)} holds, in row order, the entries whose
 * row's state lies in row part {@code p} and whose successor lies in column block {@code c} of
 * {@link #COLUMN_WIDTH} states (512 KiB of doubles, which stays in a core's cache while the chunk is
 * processed). The random accesses then stay inside one cached slice, and everything else streams.
 *
 * <ul>
 *   <li>{@link #gather}: {@code acc[r] = sum_e P(e) v[successor(e)]} for every row, parallel over
 *       row parts, each part owning its rows;</li>
 *   <li>{@link #scatter}: {@code out[s'] = sum_e w[row(e)] P(e)}, parallel over column blocks, each
 *       block owning its states.</li>
 * </ul>
 * Every sum runs in a fixed order (chunks, then rows ascending), so the results do not depend on
 * the number of threads. Memory: 16 bytes per transition besides the CSR arrays.
 */
public final class SuccessorBlocks {
    /** States per column block: 2^16 doubles = 512 KiB. */
    public static final int COLUMN_WIDTH = 1 << 16;
    /** MDPs with at least this many states get blocks (below it the values fit in cache anyway). */
    public static final int MIN_STATES = 1 << 16;
    /**
     * Off with {@code -Drevealed.successorBlocks=false}, so that benchmarks can measure plain CSR
     * sweeps on the same MDP.
     */
    public static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("revealed.successorBlocks"));

    /** Row parts (a part's row accumulators of a million-state, 4-action MDP take 1 MiB); fixed so that results do not depend on the machine. */
    static final int ROW_PARTS = 32;

    private final int states, actions, parts, columns;
    private final int[] partStartState; // parts + 1
    private final int[] chunkStart; // parts * columns + 1, chunk (p, c) at p * columns + c
    private final int[] row;
    private final int[] col;
    private final double[] prob;

    SuccessorBlocks(TabularMdp mdp) {
        this.states = mdp.states();
        this.actions = mdp.actions();
        this.parts = ROW_PARTS;
        this.columns = (states + COLUMN_WIDTH - 1) / COLUMN_WIDTH;
        this.partStartState = new int[parts + 1];
        for (int p = 0; p <= parts; p++) partStartState[p] = (int) ((long) states * p / parts);
        int[] rs = mdp.rowStart(), nx = mdp.successors();
        double[] pr = mdp.probabilities();
        int nnz = nx.length;
        int chunks = parts * columns;
        // Count per chunk (parallel over parts: each part counts its own rows).
        int[][] counts = new int[parts][columns];
        IntStream.range(0, parts).parallel().forEach(p -> {
            int[] cnt = counts[p];
            for (int r = partStartState[p] * actions, end = partStartState[p + 1] * actions; r < end; r++)
                for (int k = rs[r]; k < rs[r + 1]; k++) cnt[nx[k] / COLUMN_WIDTH]++;
        });
        chunkStart = new int[chunks + 1];
        for (int p = 0, i = 0; p < parts; p++)
            for (int c = 0; c < columns; c++, i++) chunkStart[i + 1] = chunkStart[i] + counts[p][c];
        row = new int[nnz];
        col = new int[nnz];
        prob = new double[nnz];
        IntStream.range(0, parts).parallel().forEach(p -> {
            int[] fill = new int[columns];
            for (int c = 0; c < columns; c++) fill[c] = chunkStart[p * columns + c];
            for (int r = partStartState[p] * actions, end = partStartState[p + 1] * actions; r < end; r++)
                for (int k = rs[r]; k < rs[r + 1]; k++) {
                    int c = nx[k] / COLUMN_WIDTH;
                    int e = fill[c]++;
                    row[e] = r;
                    col[e] = nx[k];
                    prob[e] = pr[k];
                }
        });
    }

    /** First state of row part {@code p}; {@code partStart(parts())} is the number of states. */
    public int partStart(int p) { return partStartState[p]; }

    public int parts() { return parts; }

    /**
     * For the states of part {@code p}: {@code acc[r] = sum_{s'} P(s'|r) v[s']} for each of their rows
     * {@code r = s*A+a}. Callers run parts in parallel; each part writes only its own rows.
     */
    public void gatherPart(int p, double[] v, double[] acc) {
        gatherPart(p, v, 0, acc);
    }

    /** As {@link #gatherPart(int, double[], double[])} with the value of s' read at {@code v[off + s']}. */
    public void gatherPart(int p, double[] v, int off, double[] acc) {
        int rowFrom = partStartState[p] * actions, rowTo = partStartState[p + 1] * actions;
        java.util.Arrays.fill(acc, rowFrom, rowTo, 0.0);
        int[] row = this.row, col = this.col;
        double[] prob = this.prob;
        for (int c = 0; c < columns; c++) {
            int i = p * columns + c;
            for (int e = chunkStart[i], end = chunkStart[i + 1]; e < end; e++) acc[row[e]] += prob[e] * v[off + col[e]];
        }
    }

    /** {@link #gatherPart} for every part, in parallel. */
    public void gather(double[] v, double[] acc) {
        IntStream.range(0, parts).parallel().forEach(p -> gatherPart(p, v, acc));
    }

    /**
     * {@code out[s'] = sum_r w[r] P(s'|r)} over all rows: propagates row weights (for example
     * {@code D_t(s) pi_t(a|s)}) to successor states. {@code out} is overwritten.
     */
    public void scatter(double[] w, double[] out) {
        int[] row = this.row, col = this.col;
        double[] prob = this.prob;
        IntStream.range(0, columns).parallel().forEach(c -> {
            int from = c * COLUMN_WIDTH, to = Math.min(states, from + COLUMN_WIDTH);
            java.util.Arrays.fill(out, from, to, 0.0);
            for (int p = 0; p < parts; p++) {
                int i = p * columns + c;
                for (int e = chunkStart[i], end = chunkStart[i + 1]; e < end; e++) out[col[e]] += w[row[e]] * prob[e];
            }
        });
    }
}
