package io.revealed.bench;

import io.revealed.env.Garnet;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.SoftValueIteration;

import java.util.Arrays;
import java.util.Locale;

/**
 * One soft value iteration sweep on a large Garnet MDP, beside the machine's copy bandwidth in the
 * same run.
 *
 * <p>Two byte counts per sweep. <b>Minimal</b>: the arrays any sweep must read once, as a plain CSR
 * pass would: per transition the successor index (4 B) and probability (8 B); per state-action
 * row its CSR offset (4 B) and expected reward (8 B); per state the value written and the value read
 * as a successor (8 B each, the latter counted once although gathered several times). <b>Blocked</b>:
 * the traffic of the sweep as Revealed runs it on MDPs with successor blocks: 16 B per transition
 * (row, successor, probability), the row accumulators written once (or, when a part's accumulators
 * do not fit in 1 MiB of cache, read and written once per successor block), every value read once
 * per row part, the expected reward and the values written. That is an estimate from the layout,
 * not a hardware count. Run:
 * {@code java -cp revealed-bench/target/revealed-bench.jar io.revealed.bench.SweepDriver [states] [repetitions]}.
 */
public final class SweepDriver {
    public static void main(String[] args) {
        int states = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        long t0 = System.nanoTime();
        TabularMdp mdp = Garnet.generate(new Garnet.Options(states, 4, 5, 16, 0, 50, 1.0));
        System.out.printf(Locale.ROOT, "Garnet(states=%d, actions=4, branching=5): %d transitions, generated in %.2f s%n",
                states, mdp.transitions(), (System.nanoTime() - t0) / 1e9);
        double[] rsa = mdp.reward().expected(mdp, null);
        double[] v = new double[states], out = new double[states], scratch = new double[states * mdp.actions()];
        for (int s = 0; s < states; s++) v[s] = (s % 7) * 0.1;
        long rows = (long) states * mdp.actions();
        double bytes = 12.0 * mdp.transitions() + 12.0 * rows + 16.0 * states;
        var blocks = mdp.successorBlocks();
        int columns = (states + io.revealed.mdp.SuccessorBlocks.COLUMN_WIDTH - 1) / io.revealed.mdp.SuccessorBlocks.COLUMN_WIDTH;
        // A part's row accumulators stay in the core's cache across successor blocks when they are
        // small enough (1 MiB); otherwise they are streamed once per block.
        boolean accCached = blocks != null && 8.0 * rows / blocks.parts() <= (1 << 20);
        double blockedBytes = blocks == null ? bytes
                : 16.0 * mdp.transitions() + (accCached ? 16.0 * rows : 16.0 * rows * columns) + 8.0 * states * blocks.parts() + 8.0 * rows + 8.0 * states;
        for (int i = 0; i < 10; i++) SoftValueIteration.sweep(mdp, rsa, 1.0, v, out, scratch); // warm-up
        double[] times = new double[reps];
        for (int i = 0; i < reps; i++) {
            long a = System.nanoTime();
            SoftValueIteration.sweep(mdp, rsa, 1.0, v, out, scratch);
            times[i] = (System.nanoTime() - a) / 1e9;
        }
        Arrays.sort(times);
        double median = times[reps / 2], best = times[0];
        double bw1 = MemoryBandwidth.copyBytesPerSecond(1, 5);
        int cores = Runtime.getRuntime().availableProcessors();
        double bwN = MemoryBandwidth.copyBytesPerSecond(cores, 5);
        System.out.printf(Locale.ROOT, "soft sweep: median %.2f ms, best %.2f ms over %d sweeps (%d threads available)%n", median * 1e3, best * 1e3, reps, cores);
        System.out.printf(Locale.ROOT, "  transitions/s: %.3e (median)%n", mdp.transitions() / median);
        System.out.printf(Locale.ROOT, "  minimal bytes/s: %.2f GB/s (median), %.2f GB/s (best); %.0f MB per sweep%n", bytes / median / 1e9, bytes / best / 1e9, bytes / 1e6);
        System.out.printf(Locale.ROOT, "  blocked traffic/s: %.2f GB/s (median), %.2f GB/s (best); %.0f MB per sweep%n", blockedBytes / median / 1e9, blockedBytes / best / 1e9, blockedBytes / 1e6);
        System.out.printf(Locale.ROOT, "copy bandwidth: %.2f GB/s (1 thread), %.2f GB/s (%d threads)%n", bw1 / 1e9, bwN / 1e9, cores);
        System.out.printf(Locale.ROOT, "ratio to copy bandwidth (%d threads): minimal %.2f, blocked traffic %.2f (medians)%n", cores, bytes / median / bwN, blockedBytes / median / bwN);
        if (out[0] == 42) System.out.println(); // keep the result alive
    }
}
