package org.magentajava.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepRowsTest {
    /**
     * Three sequences of 4, 2 and 1 steps: step 0 holds all three (rows 0-2), step 1 the first two (3-4), steps 2
     * and 3 the first alone (5, 6). Step s reads its state from row 3 + row(s-1, b) of h (rows 0-2: the start).
     */
    @Test
    void packedRowsByHand() {
        StepRows r = StepRows.packed(new int[] {4, 2, 1}, 4);
        assertTrue(r.isPacked());
        assertEquals(7, r.count());
        int[] active = {3, 2, 1, 1};
        int[] first = {0, 3, 5, 6};
        for (int s = 0; s < 4; s++) {
            assertEquals(active[s], r.active(s));
            assertEquals(first[s], r.row(s, 0));
        }
        assertEquals(4, r.row(1, 1));
        assertEquals(1, r.stateRow(0, 1));   // the starting state
        assertEquals(4, r.stateRow(1, 1));   // 3 + row(0, 1)
        assertEquals(6, r.stateRow(2, 0));   // 3 + row(1, 0) = 3 + 3
        assertEquals(9, r.stateRow(4, 0));   // after the last step: 3 + row(3, 0)
        // steps 0 and 1 read state rows 0-2 and 3-4, the same numbers as their own rows; step 2 (row 5) reads row 6
        assertEquals(5, r.alignedRows());
        assertEquals(1, r.step(4));
        assertEquals(1, r.sequence(4));
        assertEquals(3, r.step(6));
        assertEquals(0, r.sequence(6));
        int[] chunks = r.chunks();
        assertEquals(0, chunks[0]);
        assertEquals(3, chunks[chunks.length - 1]);
    }

    @Test
    void fullRowsAreTimeMajor() {
        StepRows r = StepRows.full(3, 4);
        assertFalse(r.isPacked());
        assertEquals(12, r.count());
        assertEquals(3, r.active(3));
        assertEquals(7, r.row(2, 1));
        assertEquals(7, r.stateRow(2, 1));
        assertEquals(12, r.alignedRows());
        assertEquals(2, r.step(7));
        assertEquals(1, r.sequence(7));
    }

    @Test
    void packingNeedsLongestFirst() {
        assertThrows(IllegalArgumentException.class, () -> StepRows.packed(new int[] {2, 4}, 4));
        assertThrows(IllegalArgumentException.class, () -> StepRows.packed(new int[] {5, 4}, 4));
    }
}
