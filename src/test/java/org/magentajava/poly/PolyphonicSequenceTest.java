package org.magentajava.poly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.magentajava.notes.TestSequences.addTrack;
import static org.magentajava.notes.TestSequences.note;
import static org.magentajava.notes.TestSequences.sequence;
import static org.magentajava.poly.PolyphonicEvent.END;
import static org.magentajava.poly.PolyphonicEvent.START;
import static org.magentajava.poly.PolyphonicEvent.STEP_END;
import static org.magentajava.poly.PolyphonicEvent.continuedNote;
import static org.magentajava.poly.PolyphonicEvent.newNote;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.magentajava.notes.Quantization;
import org.magentajava.proto.NoteSequence;

/** Conformance with polyphony_lib_test.py (reference §12, §15 item 8). */
class PolyphonicSequenceTest {

    /** 60 qpm, spq 1: (60,100,0,4) (64,100,0,3) (67,100,1,2). */
    static NoteSequence referenceNotes() {
        return addTrack(sequence(60, 4, 4), 0, note(60, 100, 0, 4), note(64, 100, 0, 3), note(67, 100, 1, 2))
                .build();
    }

    static NoteSequence quantized(NoteSequence ns) {
        return Quantization.quantizeNoteSequence(ns, 1);
    }

    static final int[] REFERENCE_EVENTS = {
        START, newNote(64), newNote(60), STEP_END,
        newNote(67), continuedNote(64), continuedNote(60), STEP_END,
        continuedNote(64), continuedNote(60), STEP_END,
        continuedNote(60), STEP_END,
        END};

    static PolyphonicSequence of(long startStep, int... eventsAfterStart) {
        return PolyphonicSequence.empty(1, startStep).append(eventsAfterStart);
    }

    static List<String> notes(NoteSequence ns) {
        return ns.getNotesList().stream()
                .sorted(Comparator.comparingDouble(NoteSequence.Note::getStartTime)
                        .thenComparingInt(NoteSequence.Note::getPitch))
                .map(n -> n.getPitch() + "@" + n.getStartTime() + "-" + n.getEndTime() + " v" + n.getVelocity())
                .toList();
    }

    @Test
    void fromQuantizedSequenceGivesTheReferenceEvents() {
        PolyphonicSequence poly = PolyphonicSequence.fromQuantized(quantized(referenceNotes()), 0);
        assertArrayEquals(REFERENCE_EVENTS, poly.events(), poly.toString());
        assertEquals("START NEW 64 NEW 60 | NEW 67 CONT 64 CONT 60 | CONT 64 CONT 60 | CONT 60 | END",
                poly.toString());
        assertEquals(4, poly.numSteps());
    }

    @Test
    void referenceIndicesAreMagentas() {
        assertArrayEquals(new int[] {0, 67, 63, 2, 70, 195, 191, 2, 195, 191, 2, 191, 2, 1}, REFERENCE_EVENTS);
    }

    @Test
    void toSequenceRoundTripsTheReferenceNotes() {
        NoteSequence ns = PolyphonicSequence.fromQuantized(quantized(referenceNotes()), 0)
                .toSequence(100, 0, 0, 60.0, null);
        assertEquals(List.of("60@0.0-4.0 v100", "64@0.0-3.0 v100", "67@1.0-2.0 v100"), notes(ns));
        assertEquals(4.0, ns.getTotalTime(), 0);
        assertEquals(60.0, ns.getTempos(0).getQpm(), 0);
        assertEquals(220, ns.getTicksPerQuarter());
    }

    @Test
    void continuedNoteThatWasNotStartedIsIgnored() {
        PolyphonicSequence poly = of(0, newNote(60), newNote(64), STEP_END, continuedNote(60), continuedNote(64),
                continuedNote(67), STEP_END, END);
        assertEquals(List.of("60@0.0-2.0 v100", "64@0.0-2.0 v100"), notes(poly.toSequence(100, 0, 0, 60, null)));
    }

    @Test
    void endEventsBeforeTheEndAreIgnored() {
        PolyphonicSequence poly = of(0, newNote(60), END, newNote(64), END, STEP_END, END, continuedNote(60), END,
                continuedNote(64), END, STEP_END, END);
        assertEquals(List.of("60@0.0-2.0 v100", "64@0.0-2.0 v100"), notes(poly.toSequence(100, 0, 0, 60, null)));
    }

    @Test
    void unfinishedSequenceIsRefused() {
        PolyphonicSequence poly = of(0, newNote(60), newNote(64));
        assertThrows(IllegalArgumentException.class, () -> poly.toSequence(100, 0, 0, 60, null));
    }

    @Test
    void repeatedNoteEndsTheEarlierOne() {
        PolyphonicSequence poly = of(0, newNote(60), newNote(64), STEP_END, newNote(60), continuedNote(64),
                STEP_END, END);
        assertEquals(List.of("60@0.0-1.0 v100", "64@0.0-2.0 v100", "60@1.0-2.0 v100"),
                notes(poly.toSequence(100, 0, 0, 60, null)));
    }

    @Test
    void baseSequenceKeepsItsNotesAndTheStartStepOffsetsNewOnes() {
        PolyphonicSequence poly = of(1, newNote(60), newNote(64), STEP_END, continuedNote(60), continuedNote(64),
                STEP_END, END);
        NoteSequence base = addTrack(sequence(60, 4, 4), 0, note(60, 100, 0, 1)).build();
        NoteSequence ns = poly.toSequence(100, 0, 0, 60, base);
        assertEquals(List.of("60@0.0-1.0 v100", "60@1.0-3.0 v100", "64@1.0-3.0 v100"), notes(ns));
        assertEquals(3.0, ns.getTotalTime(), 0);
        assertThrows(IllegalArgumentException.class, () -> poly.toSequence(100, 0, 0, 90, base), "tempo mismatch");
    }

    @Test
    void emptyStepsGiveTotalTime() {
        NoteSequence ns = of(0, STEP_END, STEP_END, END).toSequence(100, 0, 0, 60, null);
        assertEquals(0, ns.getNotesCount());
        assertEquals(2.0, ns.getTotalTime(), 0);
    }

    @Test
    void setLengthPadsWithSilentSteps() {
        PolyphonicSequence five = PolyphonicSequence.empty(1, 0).setLength(5);
        assertArrayEquals(new int[] {START, STEP_END, STEP_END, STEP_END, STEP_END, STEP_END, END}, five.events());
        assertEquals(10, five.setLength(10).numSteps());
        assertEquals(12, five.setLength(10).length());
        assertArrayEquals(new int[] {START, STEP_END, STEP_END, END}, of(0, STEP_END).setLength(2).events());
        assertArrayEquals(new int[] {START, newNote(60), STEP_END, STEP_END, END},
                of(0, newNote(60)).setLength(2).events(), "an unfinished step is closed first");
    }

    @Test
    void setLengthCutsWholeSteps() {
        PolyphonicSequence three = of(0, newNote(60), STEP_END, newNote(64), STEP_END, newNote(67), STEP_END, END);
        assertArrayEquals(new int[] {START, newNote(60), STEP_END, newNote(64), STEP_END, END},
                three.setLength(2).events());
        assertArrayEquals(new int[] {START, newNote(60), STEP_END, END}, three.setLength(1).events());
        assertArrayEquals(new int[] {START, END}, three.setLength(0).events());
        assertArrayEquals(new int[] {START, STEP_END, END}, of(0, STEP_END, STEP_END).setLength(1).events());
        assertArrayEquals(new int[] {START, STEP_END, END}, of(0, STEP_END, newNote(60)).setLength(1).events());
    }

    @Test
    void numStepsCountsOnlyCompleteSteps() {
        assertEquals(2, of(0, newNote(60), newNote(64), STEP_END, continuedNote(60), continuedNote(64), STEP_END,
                newNote(72)).numSteps());
        assertEquals(6, of(4, STEP_END, STEP_END).endStep());
    }

    @Test
    void trimTrailingEndEventsRemovesEveryEnd() {
        assertArrayEquals(new int[] {START, newNote(60), STEP_END},
                of(0, newNote(60), STEP_END, END, END).trimTrailingEndEvents().events());
    }

    @Test
    void notesBeforeTheStartStepAreIgnoredAndPitchesSortDescending() {
        NoteSequence ns = addTrack(sequence(60, 4, 4), 0, note(40, 100, 0, 3), note(50, 100, 2, 3),
                note(70, 100, 2, 4), note(60, 100, 2, 3)).build();
        PolyphonicSequence poly = PolyphonicSequence.fromQuantized(quantized(ns), 2);
        assertEquals("START NEW 70 NEW 60 NEW 50 | CONT 70 | END", poly.toString());
        assertEquals(2, poly.startStep());
        assertEquals(List.of("50@2.0-3.0 v100", "60@2.0-3.0 v100", "70@2.0-4.0 v100"),
                notes(poly.toSequence(100, 0, 0, 60, null)));
    }

    @Test
    void drumsAreKeptAndTheSamePitchMaySoundTwice() {
        NoteSequence.Builder b = addTrack(sequence(60, 4, 4), 0, note(60, 100, 0, 2), note(60, 100, 1, 3));
        b.getNotesBuilder(1).setIsDrum(true);
        PolyphonicSequence poly = PolyphonicSequence.fromQuantized(quantized(b.build()), 0);
        assertEquals("START NEW 60 | CONT 60 NEW 60 | CONT 60 | END", poly.toString());
    }
}
