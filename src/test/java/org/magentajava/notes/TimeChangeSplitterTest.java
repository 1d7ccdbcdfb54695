package org.magentajava.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magentajava.notes.TestSequences.addTrack;
import static org.magentajava.notes.TestSequences.note;
import static org.magentajava.notes.TestSequences.sequence;
import static org.magentajava.notes.TestSequences.standardNotes;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.magentajava.proto.NoteSequence;
import org.magentajava.proto.NoteSequence.TextAnnotation.TextAnnotationType;

class TimeChangeSplitterTest {

    private static void addChords(NoteSequence.Builder ns, Object... textAndTime) {
        for (int i = 0; i < textAndTime.length; i += 2) {
            ns.addTextAnnotationsBuilder().setText((String) textAndTime[i])
                    .setTime(((Number) textAndTime[i + 1]).doubleValue())
                    .setAnnotationType(TextAnnotationType.CHORD_SYMBOL);
        }
    }

    @Test
    void noTimeChangesGivesTheSequenceBack() {
        NoteSequence.Builder ns = addTrack(sequence(60, 4, 4), 0, standardNotes());
        addChords(ns, "C", 1.5, "G7", 3.0, "F", 4.8);
        List<NoteSequence> pieces = TimeChangeSplitter.split(ns.build());
        assertEquals(1, pieces.size());
        NoteSequence expected = ns.clone().setSubsequenceInfo(NoteSequence.SubsequenceInfo.newBuilder()
                .setStartTimeOffset(0).setEndTimeOffset(0)).build();
        assertEquals(expected, pieces.get(0));
    }

    @Test
    void duplicateTimeSignatureIsNoChange() {
        NoteSequence.Builder ns = addTrack(sequence(60, 4, 4), 0, standardNotes());
        ns.addTimeSignaturesBuilder().setNumerator(4).setDenominator(4).setTime(2.0);
        List<NoteSequence> pieces = TimeChangeSplitter.split(ns.build());
        assertEquals(1, pieces.size());
        assertEquals(2, pieces.get(0).getTimeSignaturesCount());
    }

    @Test
    void coincidentChangesSplitOnce() {
        NoteSequence.Builder ns = addTrack(sequence(60, 4, 4), 0, standardNotes());
        ns.addTimeSignaturesBuilder().setNumerator(3).setDenominator(4).setTime(2.0);
        ns.addTemposBuilder().setQpm(80).setTime(2.0);
        addChords(ns, "C", 1.5, "G7", 3.0, "F", 4.8);
        List<NoteSequence> pieces = TimeChangeSplitter.split(ns.build());
        assertEquals(2, pieces.size());

        NoteSequence first = pieces.get(0);
        assertEquals(2, first.getNotesCount());
        assertEquals(2.0, first.getNotes(0).getEndTime()); // clamped at the split
        assertEquals(2.0, first.getTotalTime());
        assertEquals(8.0, first.getSubsequenceInfo().getEndTimeOffset());
        assertEquals(60.0, first.getTempos(0).getQpm());
        assertEquals(1, first.getTemposCount());
        assertEquals(List.of("C"), first.getTextAnnotationsList().stream().map(NoteSequence.TextAnnotation::getText).toList());

        NoteSequence second = pieces.get(1);
        assertEquals(3, second.getTimeSignatures(0).getNumerator());
        assertEquals(0.0, second.getTimeSignatures(0).getTime());
        assertEquals(80.0, second.getTempos(0).getQpm());
        assertEquals(1, second.getTemposCount());
        assertEquals(3, second.getNotesCount());
        assertEquals(0.5, second.getNotes(0).getStartTime());
        assertEquals(2.0, second.getSubsequenceInfo().getStartTimeOffset());
        assertEquals(3.0, second.getTotalTime());
        // The chord in force at the split is carried in at time 0.
        assertEquals("C", second.getTextAnnotations(0).getText());
        assertEquals(0.0, second.getTextAnnotations(0).getTime());
        assertEquals("G7", second.getTextAnnotations(1).getText());
        assertEquals(1.0, second.getTextAnnotations(1).getTime());
    }

    @Test
    void dropsPitchBendsAndNonPedalControlChangesEvenWithoutSplit() {
        NoteSequence.Builder ns = addTrack(sequence(60, 4, 4), 0, note(60, 100, 0, 4));
        ns.addPitchBendsBuilder().setTime(1.0).setBend(100);
        ns.addControlChangesBuilder().setTime(1.0).setControlNumber(7).setControlValue(100);
        ns.addControlChangesBuilder().setTime(1.0).setControlNumber(64).setControlValue(127);
        NoteSequence piece = TimeChangeSplitter.split(ns.build()).get(0);
        assertEquals(0, piece.getPitchBendsCount());
        assertEquals(1, piece.getControlChangesCount());
        assertEquals(64, piece.getControlChanges(0).getControlNumber());
    }

    @Test
    void pedalStateIsCarriedIntoLaterPieces() {
        NoteSequence.Builder ns = addTrack(sequence(60, 4, 4), 0, note(60, 80, 0, 5.0));
        ns.addTemposBuilder().setQpm(90).setTime(2.5);
        ns.addControlChangesBuilder().setTime(0.0).setControlNumber(64).setControlValue(127);
        ns.addControlChangesBuilder().setTime(2.0).setControlNumber(64).setControlValue(0);
        ns.addControlChangesBuilder().setTime(2.0).setInstrument(1).setControlNumber(67).setControlValue(20);
        ns.addControlChangesBuilder().setTime(4.0).setControlNumber(64).setControlValue(127);
        List<NoteSequence> pieces = TimeChangeSplitter.split(ns.build());
        assertEquals(2, pieces.size());
        assertEquals(3, pieces.get(0).getControlChangesCount());
        List<NoteSequence.ControlChange> second = pieces.get(1).getControlChangesList();
        assertEquals(3, second.size());
        assertEquals(0.0, second.get(0).getTime());
        assertEquals(0, second.get(0).getControlValue()); // sustain state at 2.5 s
        assertEquals(67, second.get(1).getControlNumber());
        assertEquals(1.5, second.get(2).getTime());
    }

    @Test
    void noNotesAndNoLengthGivesNothing() {
        assertTrue(TimeChangeSplitter.split(sequence(60, 4, 4).build()).isEmpty());
    }

    @Test
    void changesAtOrAfterTheEndAreIgnoredAndTimeZeroOnlySetsState() {
        NoteSequence.Builder ns = addTrack(NoteSequence.newBuilder(), 0, note(60, 100, 0, 2.0));
        ns.addTemposBuilder().setQpm(100).setTime(0); // state change at 0: no split
        ns.addTemposBuilder().setQpm(70).setTime(2.0); // at total_time: ignored
        List<NoteSequence> pieces = TimeChangeSplitter.split(ns.build());
        assertEquals(1, pieces.size());
        assertEquals(100.0, pieces.get(0).getTempos(0).getQpm());
    }

    @Test
    void notesBeforeZeroAreDropped() {
        NoteSequence.Builder ns = addTrack(sequence(60, 4, 4), 0, note(60, 100, -0.5, 1.0), note(62, 100, 1.0, 2.0));
        NoteSequence piece = TimeChangeSplitter.split(ns.build()).get(0);
        assertEquals(1, piece.getNotesCount());
        assertEquals(62, piece.getNotes(0).getPitch());
    }
}
