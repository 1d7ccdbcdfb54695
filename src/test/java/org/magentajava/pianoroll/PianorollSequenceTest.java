package org.magentajava.pianoroll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.magentajava.notes.TestSequences.addTrack;
import static org.magentajava.notes.TestSequences.note;
import static org.magentajava.notes.TestSequences.sequence;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.magentajava.notes.Quantization;
import org.magentajava.proto.NoteSequence;

/** note_seq's pianoroll_lib_test, case by case, with its expected rolls. */
class PianorollSequenceTest {

    private static List<int[]> steps(PianorollSequence roll) {
        List<int[]> out = new ArrayList<>();
        for (int s = 0; s < roll.numSteps(); s++) {
            out.add(roll.keys(s));
        }
        return out;
    }

    private static void assertSteps(int[][] expected, PianorollSequence roll) {
        assertArrayEquals(expected, steps(roll).toArray(new int[0][]), roll.toString());
    }

    private static NoteSequence quantized(double[]... notes) {
        return Quantization.quantizeNoteSequence(addTrack(sequence(60, 4, 4), 0, notes).build(), 1);
    }

    @Test
    void fromQuantizedNoteSequence() {
        // 20 and 110 lie outside the piano; 24 and 26 are keys 3 and 5; the second 24 is split from the first.
        NoteSequence q = quantized(note(20, 100, 0, 4), note(24, 100, 0, 1), note(26, 100, 0, 3),
                note(110, 100, 1, 2), note(24, 100, 2, 4));
        assertSteps(new int[][] {{3, 5}, {5}, {3, 5}, {3}}, PianorollSequence.fromQuantized(q));
    }

    @Test
    void fromQuantizedNoteSequenceSplitRepeats() {
        NoteSequence q = quantized(note(0, 100, 0, 2), note(0, 100, 2, 4), note(1, 100, 0, 2), note(2, 100, 2, 4));
        PianorollSequence roll = PianorollSequence.fromQuantized(q, 0, 0, PianorollSequence.MAX_MIDI_PITCH, true);
        assertSteps(new int[][] {{0, 1}, {1}, {0, 2}, {0, 2}}, roll);
        PianorollSequence joined = PianorollSequence.fromQuantized(q, 0, 0, PianorollSequence.MAX_MIDI_PITCH, false);
        assertSteps(new int[][] {{0, 1}, {0, 1}, {0, 2}, {0, 2}}, joined);
    }

    /** numpy's index -1: a note at the first step silences its key on the last step, when set before it. */
    @Test
    void noteAtFirstStepClearsLastStepLikeNumpy() {
        NoteSequence q = quantized(note(60, 100, 3, 4), note(60, 100, 0, 1));
        assertSteps(new int[][] {{39}, {}, {}, {}}, PianorollSequence.fromQuantized(q));
    }

    @Test
    void fromEventsListShiftRange() {
        PianorollSequence roll = PianorollSequence.ofPitches(
                List.of(new int[] {0, 1}, new int[] {2, 3}, new int[] {4, 5}, new int[] {6}), 1, 1, 4);
        assertSteps(new int[][] {{0}, {1, 2}, {3}, {}}, roll);
    }

    @Test
    void toSequence() {
        NoteSequence q = quantized(note(60, 100, 0, 4), note(64, 100, 0, 3), note(67, 100, 0, 1),
                note(67, 100, 3, 4));
        NoteSequence ns = PianorollSequence.fromQuantized(q).toSequence(60.0);
        NoteSequence.Builder expected = NoteSequence.newBuilder().setTicksPerQuarter(220).setTotalTime(4);
        expected.addTemposBuilder().setQpm(60);
        addTrack(expected, 0, note(60, 100, 0, 4), note(64, 100, 0, 3), note(67, 100, 0, 1), note(67, 100, 3, 4));
        assertEquals(sorted(expected.build()), sorted(ns));
    }

    @Test
    void toSequenceWithBaseNoteSequence() {
        PianorollSequence roll = PianorollSequence.of(List.of(), 1, 1, 21, 108)
                .append(new int[] {39, 43}).append(new int[] {39, 43});
        NoteSequence.Builder base = NoteSequence.newBuilder().setTicksPerQuarter(220);
        base.addTemposBuilder().setQpm(60);
        addTrack(base, 0, note(60, 100, 0, 1));
        NoteSequence ns = roll.toSequence(100, 0, 0, 60.0, base.build());
        NoteSequence.Builder expected = NoteSequence.newBuilder().setTicksPerQuarter(220);
        expected.addTemposBuilder().setQpm(60);
        addTrack(expected, 0, note(60, 100, 0, 1), note(60, 100, 1, 3), note(64, 100, 1, 3));
        assertEquals(sorted(expected.build()), sorted(ns));
        assertThrows(IllegalArgumentException.class, () -> roll.toSequence(100, 0, 0, 120.0, base.build()));
    }

    @Test
    void setLengthAddSteps() {
        PianorollSequence roll = PianorollSequence.of(List.of(), 1, 0, 21, 108).append(new int[] {0});
        assertEquals(1, roll.numSteps());
        PianorollSequence five = roll.withLength(5);
        assertEquals(5, five.numSteps());
        assertEquals(5, five.endStep());
        assertSteps(new int[][] {{0}, {}, {}, {}, {}}, five);
        PianorollSequence ten = five.withLength(10);
        assertEquals(10, ten.numSteps());
        assertSteps(new int[][] {{0}, {}, {}, {}, {}, {}, {}, {}, {}, {}}, ten);
        assertEquals(1, roll.numSteps(), "withLength leaves the original alone");
    }

    @Test
    void setLengthRemoveSteps() {
        PianorollSequence roll = PianorollSequence.of(List.of(new int[] {}, new int[] {2, 4}, new int[] {2, 4},
                new int[] {2}, new int[] {5}), 1, 0, 21, 108);
        assertSteps(new int[][] {{}, {2, 4}}, roll.withLength(2));
        assertSteps(new int[][] {{}}, roll.withLength(1));
        assertSteps(new int[][] {}, roll.withLength(0));
    }

    @Test
    void rejectsKeysOutsideTheRangeAndUnquantizedInput() {
        assertThrows(IllegalArgumentException.class,
                () -> PianorollSequence.of(List.of(new int[] {88}), 1, 0, 21, 108));
        assertThrows(IllegalArgumentException.class,
                () -> PianorollSequence.fromQuantized(sequence(60, 4, 4).build()));
    }

    private static NoteSequence sorted(NoteSequence ns) {
        List<NoteSequence.Note> notes = new ArrayList<>(ns.getNotesList());
        notes.sort(java.util.Comparator.comparingDouble(NoteSequence.Note::getStartTime)
                .thenComparingInt(NoteSequence.Note::getPitch));
        return ns.toBuilder().clearNotes().addAllNotes(notes).build();
    }
}
