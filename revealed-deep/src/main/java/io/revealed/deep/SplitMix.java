package io.revealed.deep;

import java.util.random.RandomGenerator;

/**
 * The SplitMix generator of Steele, Lea and Flood (2014, "Fast splittable pseudorandom number
 * generators") with the one number of state a checkpoint can save: a counter advanced by the
 * golden-ratio gamma {@code 0x9e3779b97f4a7c15} on every draw, its outputs scrambled by the 64-bit
 * mix (variant 13 of Stafford's finaliser) for {@link #nextLong} and a 32-bit mix for
 * {@link #nextInt()}.
 *
 * <p>This is the algorithm behind {@link java.util.SplittableRandom}: {@code new SplitMix(seed)}
 * draws exactly the numbers {@code new SplittableRandom(seed)} draws, through every method of
 * {@link RandomGenerator} (both implement only {@code nextLong} and {@code nextInt} and inherit the
 * bounded draws), so the trainers that moved to it kept their random streams; {@code SplitMixTest}
 * checks the equality. Unlike {@code SplittableRandom} its state can be read ({@link #state()}) and
 * set ({@link #fromState}), which checkpoints need. It does not split. Not thread-safe.
 */
final class SplitMix implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    /** The generator {@code new SplittableRandom(seed)} is. */
    SplitMix(long seed) { this.state = seed; }

    /** A generator that continues from a {@link #state()} read earlier. */
    static SplitMix fromState(long state) { return new SplitMix(state); }

    /** The whole state: the counter before the next draw. */
    long state() { return state; }

    @Override
    public long nextLong() {
        long z = state += GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public int nextInt() {
        long z = state += GOLDEN_GAMMA;
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}
