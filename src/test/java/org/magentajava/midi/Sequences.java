package org.magentajava.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.magentajava.proto.NoteSequence;

/** Comparing NoteSequences field for field, with times allowed to differ by a tolerance. */
final class Sequences {
    private Sequences() {
    }

    static void assertClose(NoteSequence expected, NoteSequence actual, double tolerance) {
        assertEquals(withoutTimes(expected), withoutTimes(actual));
        List<Double> want = times(expected);
        List<Double> got = times(actual);
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i), got.get(i), tolerance, "time #" + i);
        }
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
