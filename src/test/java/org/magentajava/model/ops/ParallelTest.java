package org.magentajava.model.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    /** The property gives the count; a missing, unparsable or non-positive value falls back to the cores. */
    @Test
    void threadCountComesFromThePropertyOrTheCores() {
        assertEquals(3, Parallel.configured("3", 2));
        assertEquals(16, Parallel.configured(" 16 ", 2));
        assertEquals(4, Parallel.configured(null, 4));
        assertEquals(2, Parallel.configured("0", 2));
        assertEquals(2, Parallel.configured("-1", 2));
        assertEquals(2, Parallel.configured("two", 2));
        assertEquals(1, Parallel.configured(null, 0));
    }

    /** Chunk 1 of 2 starts at n / 2, as the two-core split always did; bounds cover [0, n) in order. */
    @Test
    void chunkBoundsSplitEvenly() {
        assertEquals(3, Parallel.bound(7, 1, 2));
        assertEquals(5, Parallel.bound(10, 1, 2));
        assertEquals(0, Parallel.bound(10, 0, 3));
        assertEquals(3, Parallel.bound(10, 1, 3));
        assertEquals(6, Parallel.bound(10, 2, 3));
        assertEquals(10, Parallel.bound(10, 3, 3));
        assertEquals(1_500_000_000, Parallel.bound(2_000_000_000, 3, 4), "no int overflow");
    }

    /** Every row runs exactly once, in a chunk numbered below THREADS, with or without a minimum chunk size. */
    @Test
    void everyRowRunsOnceInAValidChunk() {
        for (int n : new int[] {0, 1, 2, 3, 17, 1000}) {
            for (int min : new int[] {1, 64}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                Parallel.forRows(n, min, (chunk, lo, hi) -> {
                    assertTrue(chunk >= 0 && chunk < Parallel.THREADS, "chunk " + chunk);
                    for (int r = lo; r < hi; r++) hits.incrementAndGet(r);
                });
                for (int r = 0; r < n; r++) assertEquals(1, hits.get(r), "row " + r + " of " + n);
            }
        }
    }

    /** A failure in any chunk reaches the caller as itself. */
    @Test
    void aChunkFailureIsRethrown() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRows(100, (chunk, lo, hi) -> {
            if (hi == 100) throw new IllegalStateException("last chunk failed");
        }));
        assertEquals("last chunk failed", e.getMessage());
    }
}
