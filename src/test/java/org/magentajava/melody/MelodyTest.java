package org.magentajava.melody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.magentajava.proto.NoteSequence;

class MelodyTest {

    static final int N = Melody.NO_EVENT;
    static final int X = Melody.NOTE_OFF;

    @Test
    void leadingNoteOffsBecomeNoEvents() {
        assertArrayEquals(new int[] {N, N, 60, X}, Melody.of(X, N, 60, X).events());
        assertEquals(16, Melody.of(60).stepsPerBar());
        assertEquals(4, Melody.of(60).stepsPerQuarter());
        assertThrows(IllegalArgumentException.class, () -> Melody.of(128));
        assertThrows(IllegalArgumentException.class, () -> Melody.of(-3));
    }

    @Test
    void setLengthEndsAHeldNoteWhenGrowing() {
        Melody m = new Melody(new int[] {60}, 9, 4, 16).withLength(5);
        assertArrayEquals(new int[] {60, X, N, N, N}, m.events());
        assertEquals(9, m.startStep());
        assertEquals(14, m.endStep());
        Melody cut = Melody.of(60, N, N, X).withLength(3);
        assertArrayEquals(new int[] {60, N, N}, cut.events());
        assertEquals(3, cut.endStep());
        // The last non-NO_EVENT event is a NOTE_OFF: plain padding.
        assertArrayEquals(new int[] {60, X, N, N}, Melody.of(60, X).withLength(4).events());
        // A held note is ended at the old length, even after NO_EVENTs.
        assertArrayEquals(new int[] {60, N, X, N}, Melody.of(60, N).withLength(4).events());
    }

    @Test
    void squashVectors() {
        assertArrayEquals(new int[] {60, 62, 65, 64, 71}, Melody.of(62, 64, 79, 78, 61).squash(60, 72, 0).events());
        assertArrayEquals(new int[] {64, 66, 69, 68, 61}, Melody.of(62, 64, 79, 78, 59).squash(60, 72, 4).events());
        assertArrayEquals(new int[] {60, N, 62, X, 64, N, 65, 74, 59, X},
                Melody.of(48, N, 50, X, 52, N, 53, 62, 47, X).squash(48, 84, 0).events());
        assertArrayEquals(new int[] {60, N, 62, X, 64, N, 65, 74, 59, X},
                Melody.of(72, N, 74, X, 76, N, 77, 86, 71, X).squash(48, 84, 0).events());
        assertArrayEquals(new int[] {60, 62, 64, 65, 71, 60, 61},
                Melody.of(60, 62, 64, 65, 71, 72, 73).squash(60, 72, 0).events());
        assertArrayEquals(new int[] {N, N, N, N}, Melody.of(N, N, N, N).squash(48, 84, 0).events());
    }

    @Test
    void squashWithoutKeyOnlyFoldsIntoRange() {
        Melody m = Melody.of(30, 100, 60);
        assertEquals(0, m.squashAmount(48, 84, null));
        assertArrayEquals(new int[] {54, 76, 60}, m.squash(48, 84, null).events());
    }

    @Test
    void squashRoundsHalfToEven() {
        // Target centre of 60..73 is 66. A lone C (key C, so no key shift) at distance 6, 30 and -18 gives
        // 0.5, 2.5 and -1.5 octaves: Python's round() goes to the even neighbour, Math.round would not.
        assertEquals(0, Melody.of(60).squashAmount(60, 73, 0));
        assertEquals(24, Melody.of(36).squashAmount(60, 73, 0));
        assertEquals(-24, Melody.of(84).squashAmount(60, 73, 0));
    }

    @Test
    void transposeUsesFloorModulo() {
        assertArrayEquals(new int[] {71, N, 60, X, 67, N}, Melody.of(64, N, 65, X, 72, N).transpose(-5, 60, 84).events());
        assertArrayEquals(new int[] {83, N, 72, X, 79, N}, Melody.of(64, N, 65, X, 72, N).transpose(19, 60, 84).events());
        assertArrayEquals(new int[] {71, 60, 71, X, 60, N}, Melody.of(59, 60, 71, X, 72, N).transpose(0, 60, 72).events());
        // 40 - 60 = -20: floorMod gives 4 (64); Java's % would give -8 (52, out of range).
        assertArrayEquals(new int[] {64}, Melody.of(40).transpose(0, 60, 72).events());
    }

    @Test
    void histogramsAndMajorKey() {
        assertArrayEquals(new int[] {1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0}, Melody.of(N, 60, X).majorKeyHistogram());
        assertArrayEquals(new int[] {2, 2, 2, 2, 1, 2, 1, 2, 2, 2, 2, 1},
                Melody.of(N, 60, X, 85, N, 110).majorKeyHistogram());
        assertEquals(2, Melody.of(N, 26, 40, 61, 78, 59, 45, 67, X).majorKey());
        assertEquals(1, Melody.of(N, 25, 56, 65, 78, 39, 35, 46, 60, 32, 49, 41, 69, 51, X).majorKey());
        // A lone B fits C, D, E, G, A and B major equally: argmax keeps the lowest, C.
        assertEquals(0, Melody.of(N, 35, X).majorKey());
    }

    @Test
    void toSequenceSimple() {
        NoteSequence ns = Melody.of(N, 1, N, X, N, 2, 3, X, N).toSequence(10, 1, 0, 2, 60.0);
        assertEquals(220, ns.getTicksPerQuarter());
        assertEquals(60.0, ns.getTempos(0).getQpm());
        assertEquals(0, ns.getTimeSignaturesCount());
        assertEquals(3.75, ns.getTotalTime());
        double[][] expected = {{1, 2.25, 2.75}, {2, 3.25, 3.5}, {3, 3.5, 3.75}};
        for (int i = 0; i < 3; i++) {
            NoteSequence.Note n = ns.getNotes(i);
            assertEquals(expected[i][0], n.getPitch());
            assertEquals(expected[i][1], n.getStartTime());
            assertEquals(expected[i][2], n.getEndTime());
            assertEquals(10, n.getVelocity());
            assertEquals(1, n.getInstrument());
        }
    }

    @Test
    void toSequenceSustainedEndAndNonzeroStart() {
        NoteSequence ns = Melody.of(N, 1, N, X, N, 2, 3, N, N).toSequence(100, 0, 0, 0, 60.0);
        assertEquals(2.25, ns.getTotalTime());
        assertEquals(2.25, ns.getNotes(2).getEndTime());
        NoteSequence late = new Melody(new int[] {N, 1, N}, 4, 4, 16).toSequence(100, 0, 0, 0.5, 60.0);
        assertEquals(1, late.getNotesCount());
        assertEquals(1.75, late.getNotes(0).getStartTime());
        assertEquals(2.25, late.getNotes(0).getEndTime());
        NoteSequence empty = Melody.empty(4, 16).toSequence(10, 1, 0, 2, 60.0);
        assertEquals(0, empty.getNotesCount());
        assertEquals(0.0, empty.getTotalTime());
    }
}
