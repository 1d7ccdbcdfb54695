package org.magentajava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RngTest {
    /** Dropout masks are filled by two threads from computed draws: they must be the sequential stream's. */
    @Test
    void doubleAtAndSkipReproduceTheSequentialStream() {
        for (long seed : new long[] {0, 42, -7, 0x5DEECE66DL}) {
            Rng seq = new Rng(seed);
            for (int i = 0; i < 1000; i++) assertEquals(seq.nextDouble(), Rng.doubleAt(seed, i), "seed " + seed + " draw " + i);
            Rng skipped = new Rng(seed);
            skipped.skip(1000);
            assertEquals(seq.state(), skipped.state());
            assertEquals(seq.nextLong(), skipped.nextLong());
        }
    }

    /** SplitMix64's published first output for seed 0 (Vigna's reference implementation). */
    @Test
    void matchesSplitMix64Reference() {
        assertEquals(0xE220A8397B1DCDAFL, new Rng(0).nextLong());
    }
}
