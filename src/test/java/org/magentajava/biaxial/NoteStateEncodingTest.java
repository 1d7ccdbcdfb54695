package org.magentajava.biaxial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.magentajava.notes.TestSequences.addTrack;
import static org.magentajava.notes.TestSequences.note;
import static org.magentajava.notes.TestSequences.sequence;

import org.junit.jupiter.api.Test;
import org.magentajava.notes.Quantization;
import org.magentajava.pianoroll.EncodedRoll;
import org.magentajava.proto.NoteSequence;

/** Note states and the biaxial encodings of tiny hand-built pieces, value by value. */
class NoteStateEncodingTest {
    private static final int C4 = 60 - 21;
    private static final int E4 = 64 - 21;
    private static final int G4 = 67 - 21;
    private final NoteStateEncoding encoding = new NoteStateEncoding(21, 88);

    /** One step per second (60 qpm, 1 step per quarter), 4/4: 4 steps per bar. */
    private static NoteSequence quantized(int numerator, double[]... notes) {
        return Quantization.quantizeNoteSequence(addTrack(sequence(60, numerator, 4), 0, notes).build(), 1);
    }

    /** C4 for two steps then C4 again at once, E4 over steps 1-2, and a pitch below the piano. */
    private static NoteStates repeatedC() {
        NoteSequence q = quantized(4, note(60, 100, 0, 2), note(60, 100, 2, 3), note(64, 100, 1, 3),
                note(20, 100, 0, 4));
        return NoteStates.fromQuantized(q, 4, 21, 88);
    }

    private static boolean[] keys(int... on) {
        boolean[] row = new boolean[88];
        for (int k : on) row[k] = true;
        return row;
    }

    @Test
    void aRepeatedNoteStaysTwoNotes() {
        NoteStates s = repeatedC();
        assertEquals(4, s.numSteps());
        assertEquals(4.0, s.stepsPerBar());
        boolean[][] play = {keys(C4), keys(C4, E4), keys(C4, E4), keys()};
        boolean[][] articulate = {keys(C4), keys(E4), keys(C4), keys()};
        for (int t = 0; t < 4; t++) {
            for (int k = 0; k < 88; k++) {
                assertEquals(play[t][k], s.play(t, k), "play " + t + "," + k);
                assertEquals(articulate[t][k], s.articulate(t, k), "articulate " + t + "," + k);
            }
        }
        assertEquals(NoteStates.of(play, articulate, 21, 1, 4.0), s);
    }

    @Test
    void recordsHoldThePreviousStepAndTheBarPosition() {
        EncodedRoll e = encoding.encode(repeatedC());
        assertEquals(4, e.steps());
        assertEquals(180, e.inputs()[0].length);
        assertArrayEquals(new float[180], e.inputs()[0]); // silence before, position 0
        float[] x2 = new float[180];
        x2[C4] = x2[E4] = 1;      // step 1 played C4 and E4
        x2[88 + E4] = 1;          // and struck E4
        x2[176 + 1] = 1;          // step 2 is position 2 of the bar: bits 0,1,0,0
        assertArrayEquals(x2, e.inputs()[2]);
        boolean[] y2 = new boolean[176];
        y2[C4] = y2[E4] = true;
        y2[88 + C4] = true;       // C4 struck again
        assertArrayEquals(y2, e.targets()[2]);
        assertArrayEquals(new boolean[176], e.targets()[3]);
        float[] x3 = new float[180];
        x3[C4] = x3[E4] = 1;
        x3[88 + C4] = 1;
        x3[176] = x3[177] = 1;    // position 3
        assertArrayEquals(x3, e.inputs()[3]);
    }

    @Test
    void positionsFollowTheMeterAndWrapAtSixteen() {
        assertEquals(1, NoteStates.positionInBar(13, 12.0));   // 3/4 at 4 steps per quarter
        assertEquals(0, NoteStates.positionInBar(3, 1.5));     // 3/8 at 1 step per quarter: bars of 1.5 steps
        assertEquals(1, NoteStates.positionInBar(4, 1.5));
        assertArrayEquals(new float[] {1, 0, 0, 0}, java.util.Arrays.copyOfRange(
                encoding.recordInput(null, null, 17), 176, 180));  // 17 of a 24-step bar: 17 mod 16 = 1
        NoteStates waltz = NoteStates.fromQuantized(quantized(3, note(60, 100, 0, 7)), 7, 21, 88);
        assertEquals(3.0, waltz.stepsPerBar());
        assertEquals(0, waltz.positionInBar(6));
        assertEquals(2, waltz.positionInBar(5));
    }

    @Test
    void perNoteInputsOfOneStep() {
        float[] record = encoding.recordInput(keys(C4, E4, G4), keys(E4), 5);
        float[] x = new float[88 * NoteStateEncoding.NOTE_INPUTS];
        encoding.noteInputs(record, 0, x, 0);
        assertEquals(79, NoteStateEncoding.NOTE_INPUTS);
        float[] c4 = new float[79];
        c4[12] = c4[16] = c4[19] = 1;          // C4, E4, G4 play: offsets 0, +4, +7
        c4[25 + 16] = 1;                       // E4 struck
        c4[50] = 60 / 128f;
        c4[51] = 1;                            // pitch class C
        c4[63] = c4[63 + 4] = c4[63 + 7] = 1;  // one C, one E, one G, counted from C
        c4[75] = 1;                            // position 5: bits 1,0,1,0
        c4[77] = 1;
        assertArrayEquals(c4, java.util.Arrays.copyOfRange(x, C4 * 79, C4 * 79 + 79));
        float[] e4 = new float[79];
        e4[12 - 4] = e4[12] = e4[12 + 3] = 1;  // C4 four below, G4 three above
        e4[25 + 12] = 1;
        e4[50] = 64 / 128f;
        e4[51 + 4] = 1;
        e4[63] = e4[63 + 3] = e4[63 + 8] = 1;  // counted from E: E, G three up, C eight up
        e4[75] = e4[77] = 1;
        assertArrayEquals(e4, java.util.Arrays.copyOfRange(x, E4 * 79, E4 * 79 + 79));
        // the lowest key sees nothing of the chord (more than an octave away) and zeros below the piano
        float[] a0 = java.util.Arrays.copyOfRange(x, 0, 79);
        for (int i = 0; i < 50; i++) assertEquals(0f, a0[i], "vicinity " + i);
        assertEquals(21 / 128f, a0[50]);
        assertEquals(1f, a0[51 + 9]);          // A
        assertEquals(1f, a0[63 + 3]);          // C is three semitones above A
        // C8 counts like C4
        assertArrayEquals(java.util.Arrays.copyOfRange(c4, 63, 79),
                java.util.Arrays.copyOfRange(x, 87 * 79 + 63, 87 * 79 + 79));
    }

    @Test
    void toSequenceAndBackGivesTheSameStates() {
        NoteStates s = repeatedC();
        NoteSequence back = s.toSequence(60);
        assertEquals(3, back.getNotesCount());
        NoteSequence q = Quantization.quantizeNoteSequence(back, 1);
        assertEquals(s, NoteStates.fromQuantized(q, 4, 21, 88));
    }

    @Test
    void articulationWithoutPlayIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> NoteStates.of(new boolean[][] {keys()}, new boolean[][] {keys(3)}, 21, 4, 16));
    }
}
