package io.revealed.planning;

import java.util.stream.IntStream;

/**
 * Splits a sweep over states into contiguous blocks run on the common fork-join pool. The block
 * boundaries depend only on the number of states, never on the number of threads, so any
 * reduction done per block and then summed in block order gives the same bits on every machine.
 */
public final class Parallel {
    /** Below this many states a sweep runs on the calling thread. */
    public static final int MIN_PARALLEL_STATES = 8_192;
    /** Maximum number of blocks (and so of per-block partial vectors in scatter passes). */
    public static final int MAX_BLOCKS = 8;

    private Parallel() {}

    /** A body that handles states {@code from .. to-1} as block number {@code block}. */
    @FunctionalInterface
    public interface Block {
        void run(int block, int from, int to);
    }

    /** Number of blocks a sweep over {@code n} states is split into. */
    public static int blocks(int n) {
        if (n < MIN_PARALLEL_STATES) return 1;
        return (int) Math.min(MAX_BLOCKS, Math.max(2, n / MIN_PARALLEL_STATES));
    }

    /** Runs {@code body} over {@code blocks(n)} contiguous blocks covering {@code 0 .. n-1}. */
    public static void forBlocks(int n, Block body) {
        int b = blocks(n);
        if (b == 1) {
            body.run(0, 0, n);
            return;
        }
        IntStream.range(0, b).parallel().forEach(i -> body.run(i, start(n, b, i), start(n, b, i + 1)));
    }

    static int start(int n, int blocks, int i) {
        return (int) ((long) n * i / blocks);
    }
}
