package org.magentajava.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.magentajava.notes.TestSequences.addTrack;
import static org.magentajava.notes.TestSequences.note;
import static org.magentajava.notes.TestSequences.sequence;
import static org.magentajava.notes.TestSequences.standardNotes;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.magentajava.notes.QuantizationException.Reason;
import org.magentajava.proto.NoteSequence;
import org.magentajava.proto.NoteSequence.TextAnnotation.TextAnnotationType;

class QuantizationTest {

    @Test
    void quantizesNotesChordsAndControlChangesLikeNoteSeq() {
        NoteSequence.Builder ns = addTrack(sequence(60, 4, 4), 0, standardNotes());
        ns.addTextAnnotationsBuilder().setText("B7").setTime(0.22).setAnnotationType(TextAnnotationType.CHORD_SYMBOL);
        ns.addTextAnnotationsBuilder().setText("Em9").setTime(4.0).setAnnotationType(TextAnnotationType.CHORD_SYMBOL);
        ns.addControlChangesBuilder().setTime(2.0).setControlNumber(64).setControlValue(127);
        ns.addControlChangesBuilder().setTime(4.0).setControlNumber(64).setControlValue(0);

        NoteSequence q = Quantization.quantizeNoteSequence(ns.build(), 4);

        long[][] expected = {{0, 40}, {1, 2}, {10, 14}, {16, 17}, {19, 20}};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], q.getNotes(i).getQuantizedStartStep(), "start of note " + i);
            assertEquals(expected[i][1], q.getNotes(i).getQuantizedEndStep(), "end of note " + i);
        }
        assertEquals(1, q.getTextAnnotations(0).getQuantizedStep());
        assertEquals(16, q.getTextAnnotations(1).getQuantizedStep());
        assertEquals(8, q.getControlChanges(0).getQuantizedStep());
        assertEquals(16, q.getControlChanges(1).getQuantizedStep());
        assertEquals(40, q.getTotalQuantizedSteps());
        assertEquals(4, q.getQuantizationInfo().getStepsPerQuarter());
        // The input is not modified.
        assertEquals(0, ns.getNotes(0).getQuantizedEndStep());
    }

    @Test
    void quantizeToStepMatchesNoteSeq() {
        assertEquals(32, Quantization.quantizeToStep(8.0001, 4));
        assertEquals(34, Quantization.quantizeToStep(8.4999, 4));
        assertEquals(33, Quantization.quantizeToStep(8.4999, 4, 1.0));
    }

    @Test
    void cutoffZeroIsFloorPlusOneNotCeiling() {
        assertEquals(9, Quantization.quantizeToStep(2.0, 4, 0.0));
        assertEquals(9, Quantization.quantizeToStep(2.1, 4, 0.0));
    }

    @Test
    void negativeStepsTruncateTowardZeroLikePythonInt() {
        // -0.3 and -1.1 after adding the half step: int() gives 0 and -1, a floor would give -1 and -2.
        assertEquals(0, Quantization.quantizeToStep(-0.2, 4));
        assertEquals(-1, Quantization.quantizeToStep(-0.4, 4));
        NoteSequence small = addTrack(sequence(60, 4, 4), 0, note(60, 100, -0.2, 1.0)).build();
        assertEquals(0, Quantization.quantizeNoteSequence(small, 4).getNotes(0).getQuantizedStartStep());
        NoteSequence negative = addTrack(sequence(60, 4, 4), 0, note(60, 100, -0.4, 1.0)).build();
        QuantizationException e = assertThrows(QuantizationException.class,
                () -> Quantization.quantizeNoteSequence(negative, 4));
        assertEquals(Reason.NEGATIVE_TIME, e.reason());
        assertEquals(null, e.reason().counterName());
    }

    @Test
    void zeroLengthNoteGetsOneStep() {
        NoteSequence ns = addTrack(sequence(60, 4, 4), 0, note(60, 100, 1.0, 1.01)).build();
        NoteSequence.Note q = Quantization.quantizeNoteSequence(ns, 4).getNotes(0);
        assertEquals(4, q.getQuantizedStartStep());
        assertEquals(5, q.getQuantizedEndStep());
    }

    @Test
    void timeSignatureRules() {
        NoteSequence.Builder ns = addTrack(sequence(60, 4, 4), 0, standardNotes()).clearTimeSignatures();
        NoteSequence q = Quantization.quantizeNoteSequence(ns.build(), 4);
        assertEquals(List.of(4, 4), List.of(q.getTimeSignatures(0).getNumerator(), q.getTimeSignatures(0).getDenominator()));

        ns.addTimeSignaturesBuilder().setNumerator(4).setDenominator(4).setTime(0);
        ns.addTimeSignaturesBuilder().setNumerator(4).setDenominator(4).setTime(1);
        assertEquals(1, Quantization.quantizeNoteSequence(ns.build(), 4).getTimeSignaturesCount());

        ns.addTimeSignaturesBuilder().setNumerator(2).setDenominator(4).setTime(2);
        assertReason(Reason.MULTIPLE_TIME_SIGNATURES, ns.build());
    }

    @Test
    void implicitTimeSignatureChange() {
        NoteSequence.Builder ns = addTrack(sequence(60, 4, 4), 0, standardNotes()).clearTimeSignatures();
        ns.addTimeSignaturesBuilder().setNumerator(2).setDenominator(4).setTime(2);
        assertReason(Reason.MULTIPLE_TIME_SIGNATURES, ns.build());
    }

    @Test
    void outOfOrderSignaturesWithoutChangeAreAccepted() {
        NoteSequence.Builder ns = addTrack(sequence(60, 4, 4), 0, standardNotes()).clearTimeSignatures();
        ns.addTimeSignaturesBuilder().setNumerator(2).setDenominator(4).setTime(2);
        ns.addTimeSignaturesBuilder().setNumerator(2).setDenominator(4).setTime(0);
        NoteSequence q = Quantization.quantizeNoteSequence(ns.build(), 4);
        assertEquals(1, q.getTimeSignaturesCount());
        assertEquals(0.0, q.getTimeSignatures(0).getTime());
        assertEquals(2, q.getTimeSignatures(0).getNumerator());
    }

    @Test
    void tempoRules() {
        NoteSequence.Builder ns = addTrack(sequence(60, 4, 4), 0, standardNotes()).clearTempos();
        assertEquals(120.0, Quantization.quantizeNoteSequence(ns.build(), 4).getTempos(0).getQpm());

        ns.addTemposBuilder().setQpm(60).setTime(0);
        ns.addTemposBuilder().setQpm(60).setTime(1);
        assertEquals(1, Quantization.quantizeNoteSequence(ns.build(), 4).getTemposCount());

        ns.addTemposBuilder().setQpm(120).setTime(2);
        assertReason(Reason.MULTIPLE_TEMPOS, ns.build());

        NoteSequence.Builder implicit = addTrack(sequence(60, 4, 4), 0, standardNotes()).clearTempos();
        implicit.addTemposBuilder().setQpm(60).setTime(1);
        assertReason(Reason.MULTIPLE_TEMPOS, implicit.build());

        // A first tempo of 120 after time 0 is no change from the implicit 120.
        NoteSequence.Builder same = addTrack(sequence(60, 4, 4), 0, standardNotes()).clearTempos();
        same.addTemposBuilder().setQpm(120).setTime(1);
        assertEquals(1, Quantization.quantizeNoteSequence(same.build(), 4).getTemposCount());
    }

    @Test
    void badTimeSignatures() {
        assertReason(Reason.BAD_TIME_SIGNATURE, addTrack(sequence(60, 4, 3), 0, standardNotes()).build());
        assertReason(Reason.BAD_TIME_SIGNATURE, addTrack(sequence(60, 0, 4), 0, standardNotes()).build());
        assertReason(Reason.BAD_TIME_SIGNATURE, addTrack(sequence(60, 4, 0), 0, standardNotes()).build());
        assertReason(Reason.BAD_TIME_SIGNATURE, addTrack(sequence(60, 4, -4), 0, standardNotes()).build());
        assertEquals("sequences_discarded_because_bad_time_signature", Reason.BAD_TIME_SIGNATURE.counterName());
        assertEquals("sequences_discarded_because_multiple_tempos", Reason.MULTIPLE_TEMPOS.counterName());
        assertEquals("sequences_discarded_because_multiple_time_signatures",
                Reason.MULTIPLE_TIME_SIGNATURES.counterName());
    }

    @Test
    void stepsPerBar() {
        assertEquals(16.0, Quantization.stepsPerBar(Quantization.quantizeNoteSequence(sequence(60, 4, 4).build(), 4)));
        assertEquals(14.0, Quantization.stepsPerBar(Quantization.quantizeNoteSequence(sequence(60, 7, 8).build(), 4)));
        assertEquals(42.0, Quantization.stepsPerBar(Quantization.quantizeNoteSequence(sequence(60, 7, 8).build(), 12)));
        assertEquals(1.5, Quantization.stepsPerBar(Quantization.quantizeNoteSequence(sequence(60, 3, 8).build(), 1)));
    }

    private static void assertReason(Reason reason, NoteSequence ns) {
        QuantizationException e = assertThrows(QuantizationException.class,
                () -> Quantization.quantizeNoteSequence(ns, 4));
        assertEquals(reason, e.reason());
    }
}
