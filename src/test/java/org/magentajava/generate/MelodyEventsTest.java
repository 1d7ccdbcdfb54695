package org.magentajava.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MelodyEventsTest {
    @Test
    void growingEndsASoundingNote() {
        assertArrayEquals(new int[] {60, -2, -1, -2}, MelodyEvents.setLength(new int[] {60, -2}, 4));
        assertArrayEquals(new int[] {60, -1}, MelodyEvents.setLength(new int[] {60}, 2));
    }

    @Test
    void growingAfterANoteOffOrSilenceOnlyPads() {
        assertArrayEquals(new int[] {60, -1, -2, -2}, MelodyEvents.setLength(new int[] {60, -1, -2}, 4));
        assertArrayEquals(new int[] {-2, -2, -2}, MelodyEvents.setLength(new int[] {-2}, 3));
        assertArrayEquals(new int[] {-2}, MelodyEvents.setLength(new int[0], 1));
    }

    @Test
    void shrinkingTruncates() {
        assertArrayEquals(new int[] {60, -2}, MelodyEvents.setLength(new int[] {60, -2, 62, -1}, 2));
        assertArrayEquals(new int[] {60, -2, 62}, MelodyEvents.setLength(new int[] {60, -2, 62}, 3));
    }

    @Test
    void lastNoteEndIsWhereToSequenceEndsIt() {
        assertEquals(8, MelodyEvents.lastNoteEndStep(new int[] {60, -2, 60, -2, 67, -2, 67, -2}));
        assertEquals(1, MelodyEvents.lastNoteEndStep(new int[] {60, -1, -2, -2}));   // trailing rests do not count
        assertEquals(3, MelodyEvents.lastNoteEndStep(new int[] {-2, 60, 62, -1}));
        assertEquals(0, MelodyEvents.lastNoteEndStep(new int[] {-2, -1, -2}));
        assertEquals(1, MelodyEvents.lastNoteEndStep(new int[] {60}));
    }
}
