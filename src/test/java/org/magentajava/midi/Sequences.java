package org.magentajava.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.magentajava.proto.NoteSequence;

/**
 * Comparing NoteSequences field for field, with times allowed to differ by a tolerance. Notes are compared in
 * (instrument, start, end, pitch, velocity) order: a read lists them in the order they closed, and notes that
 * close on one tick close in file order, which a rewrite changes (pretty_midi sorts offs by pitch; Magenta's
 * round trip reorders them the same way).
 */
final class Sequences {
    private Sequences() {
    }

    static void assertClose(NoteSequence expected, NoteSequence actual, double tolerance) {
        NoteSequence want0 = notesSorted(expected);
        NoteSequence got0 = notesSorted(actual);
        assertEquals(withoutTimes(want0), withoutTimes(got0));
        List<Double> want = times(want0);
        List<Double> got = times(got0);
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i), got.get(i), tolerance, "time #" + i);
        }
    }

    private static NoteSequence notesSorted(NoteSequence ns) {
        List<NoteSequence.Note> notes = new ArrayList<>(ns.getNotesList());
        notes.sort(Comparator.comparingInt(NoteSequence.Note::getInstrument)
                .thenComparingDouble(NoteSequence.Note::getStartTime)
                .thenComparingDouble(NoteSequence.Note::getEndTime)
                .thenComparingInt(NoteSequence.Note::getPitch)
                .thenComparingInt(NoteSequence.Note::getVelocity));
        return ns.toBuilder().clearNotes().addAllNotes(notes).build();
    }

    private static List<Double> times(NoteSequence ns) {
        List<Double> times = new ArrayList<>();
        times.add(ns.getTotalTime());
        ns.getTemposList().forEach(t -> {
            times.add(t.getTime());
            times.add(t.getQpm());
        });
        ns.getTimeSignaturesList().forEach(t -> times.add(t.getTime()));
        ns.getKeySignaturesList().forEach(k -> times.add(k.getTime()));
        ns.getNotesList().forEach(n -> {
            times.add(n.getStartTime());
            times.add(n.getEndTime());
        });
        ns.getPitchBendsList().forEach(b -> times.add(b.getTime()));
        ns.getControlChangesList().forEach(c -> times.add(c.getTime()));
        return times;
    }

    private static NoteSequence withoutTimes(NoteSequence ns) {
        NoteSequence.Builder b = ns.toBuilder().setTotalTime(0);
        b.getTemposBuilderList().forEach(t -> t.setTime(0).setQpm(0));
        b.getTimeSignaturesBuilderList().forEach(t -> t.setTime(0));
        b.getKeySignaturesBuilderList().forEach(k -> k.setTime(0));
        b.getNotesBuilderList().forEach(n -> n.setStartTime(0).setEndTime(0));
        b.getPitchBendsBuilderList().forEach(p -> p.setTime(0));
        b.getControlChangesBuilderList().forEach(c -> c.setTime(0));
        return b.build();
    }
}
