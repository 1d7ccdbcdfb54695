package org.magentajava.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.magentajava.proto.NoteSequence;

class SectionsTest {

    private static NoteSequence waltz() {
        NoteSequence.Builder b = NoteSequence.newBuilder().setTicksPerQuarter(220);
        b.addTimeSignaturesBuilder().setNumerator(3).setDenominator(4);
        b.addTemposBuilder().setQpm(90);
        // A quarter note at 90 qpm lasts 2/3 s, so a 3/4 bar lasts 2 s.
        double[][] notes = {{0, 1.5}, {1.5, 2.5}, {2.5, 4.0}, {4.0, 4.5}, {5.0, 6.0}};
        int pitch = 60;
        for (double[] n : notes) {
            b.addNotesBuilder().setPitch(pitch++).setVelocity(80).setStartTime(n[0]).setEndTime(n[1]);
        }
        return b.setTotalTime(6.0).build();
    }

    @Test
    void barsFollowTheFirstMeterAndTempo() {
        assertEquals(2.0, Sections.barSeconds(waltz()), 1e-12);
        assertEquals(2.0, Sections.barSeconds(NoteSequence.getDefaultInstance()), 1e-12); // 4/4 at 120
    }

    @Test
    void firstBarsKeepsNotesStartingBeforeTheCutAndClampsThem() {
        NoteSequence two = Sections.firstBars(waltz(), 2);
        assertEquals(3, two.getNotesCount(), "the note at 4.0 s starts on the cut and is left out");
        assertEquals(4.0, two.getNotes(2).getEndTime(), 1e-12);
        assertEquals(4.0, two.getTotalTime(), 1e-12);
        assertEquals(3, two.getTimeSignatures(0).getNumerator());
        assertEquals(90, two.getTempos(0).getQpm(), 1e-12);
        NoteSequence one = Sections.firstBars(waltz(), 1);
        assertEquals(2, one.getNotesCount());
        assertEquals(2.0, one.getNotes(1).getEndTime(), 1e-12, "1.5..2.5 is clamped to the bar line");
        assertEquals(5, Sections.firstBars(waltz(), 10).getNotesCount());
        assertThrows(IllegalArgumentException.class, () -> Sections.firstBars(waltz(), 0));
    }
}
