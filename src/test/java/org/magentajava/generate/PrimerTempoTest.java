package org.magentajava.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.magentajava.io.BadSettingException;
import org.magentajava.proto.NoteSequence;

/** The tempo and length checks the piano-roll and polyphony generators share. */
class PrimerTempoTest {
    private static final UnaryOperator<String> FLAG = f -> "--" + f;

    @Test
    void aPrimerWithoutTempoGetsTheRequestedOneAndAMatchingTempoIsKept() {
        NoteSequence bare = NoteSequence.newBuilder().addNotes(NoteSequence.Note.newBuilder().setPitch(60)
                .setStartTime(0).setEndTime(0.5)).build();
        NoteSequence at90 = Primer.atTempo(bare, 90);
        assertEquals(1, at90.getTemposCount());
        assertEquals(90.0, at90.getTempos(0).getQpm());
        assertEquals(bare.getNotesList(), at90.getNotesList());
        assertSame(at90, Primer.atTempo(at90, 90));
    }

    @Test
    void aPrimerAtAnotherTempoIsRefusedNamingBoth() {
        NoteSequence at90 = Primer.atTempo(NoteSequence.getDefaultInstance(), 90);
        BadSettingException e = assertThrows(BadSettingException.class, () -> Primer.atTempo(at90, 120));
        assertEquals(List.of("qpm"), e.fields());
        assertEquals("the primer's tempo 90.0 qpm differs from --qpm 120.0", e.messageNaming(FLAG));
    }

    @Test
    void tempoAndLengthAreCheckedBeforeAnySectionArithmetic() {
        assertEquals("--qpm must be a positive number, got Infinity", assertThrows(BadSettingException.class,
                () -> GenerationSection.checkTempoAndLength(Double.POSITIVE_INFINITY, 8)).messageNaming(FLAG));
        assertEquals("--qpm must be a positive number, got NaN", assertThrows(BadSettingException.class,
                () -> GenerationSection.checkTempoAndLength(Double.NaN, 8)).messageNaming(FLAG));
        assertEquals("--num_steps must be at least 1, got 0", assertThrows(BadSettingException.class,
                () -> GenerationSection.checkTempoAndLength(120, 0)).messageNaming(FLAG));
        GenerationSection.checkTempoAndLength(0.5, 1);
    }
}
