package io.revealed.deep;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SplitMixTest {

    /** The trainers' random streams did not change when they moved from SplittableRandom to SplitMix. */
    @Test
    void drawsWhatSplittableRandomDraws_throughEveryMethodTheTrainersUse() {
        for (long seed : new long[]{0, 1, 2, 42, -7, Long.MIN_VALUE, Long.MAX_VALUE, 0x123456789abcdefL}) {
            SplittableRandom expected = new SplittableRandom(seed);
            SplitMix actual = new SplitMix(seed);
            for (int i = 0; i < 2_000; i++) {
                switch (i % 7) {
                    case 0 -> assertEquals(expected.nextLong(), actual.nextLong());
                    case 1 -> assertEquals(expected.nextInt(), actual.nextInt());
                    case 2 -> assertEquals(expected.nextInt(1 + i), actual.nextInt(1 + i)); // bounded, with rejection
                    case 3 -> assertEquals(expected.nextInt(1 << (i % 20)), actual.nextInt(1 << (i % 20))); // a power of two
                    case 4 -> assertEquals(expected.nextDouble(), actual.nextDouble());
                    case 5 -> assertEquals(expected.nextDouble(-0.05, 0.05), actual.nextDouble(-0.05, 0.05));
                    default -> assertEquals(expected.nextInt(Integer.MAX_VALUE / 3 * 2), actual.nextInt(Integer.MAX_VALUE / 3 * 2));
                }
            }
        }
    }

    @Test
    void fromState_continuesTheStream() {
        SplitMix a = new SplitMix(5);
        for (int i = 0; i < 17; i++) a.nextDouble();
        SplitMix b = SplitMix.fromState(a.state());
        for (int i = 0; i < 100; i++) assertEquals(a.nextLong(), b.nextLong());
    }
}
