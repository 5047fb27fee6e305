package io.revealed.bench;

import java.util.stream.IntStream;

/**
 * The machine's own memory bandwidth, measured the simple way: copy a large array with
 * {@link System#arraycopy} and count bytes read plus bytes written. Best of several repetitions.
 */
public final class MemoryBandwidth {
    /** 512 MiB of doubles, far beyond any cache. */
    public static final int DOUBLES = 64 << 20;

    private MemoryBandwidth() {}

    /** Copy bandwidth in bytes per second using {@code threads} threads, each copying its own slice. */
    public static double copyBytesPerSecond(int threads, int repetitions) {
        double[] src = new double[DOUBLES], dst = new double[DOUBLES];
        java.util.Arrays.fill(src, 1.0);
        java.util.Arrays.fill(dst, 2.0);
        double best = 0;
        for (int r = 0; r < repetitions; r++) {
            long t0 = System.nanoTime();
            if (threads == 1) System.arraycopy(src, 0, dst, 0, DOUBLES);
            else IntStream.range(0, threads).parallel().forEach(i -> {
                int from = (int) ((long) DOUBLES * i / threads), to = (int) ((long) DOUBLES * (i + 1) / threads);
                System.arraycopy(src, from, dst, from, to - from);
            });
            long dt = System.nanoTime() - t0;
            best = Math.max(best, 2.0 * 8 * DOUBLES / (dt / 1e9));
        }
        if (dst[DOUBLES - 1] != 1.0) throw new AssertionError("copy failed");
        return best;
    }
}
