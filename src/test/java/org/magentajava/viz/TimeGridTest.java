package org.magentajava.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.magentajava.proto.NoteSequence;

class TimeGridTest {
    @Test
    void defaultsTo120QpmInFourFour() {
        List<TimeGrid.Beat> beats = new TimeGrid(NoteSequence.getDefaultInstance()).beats(4.0);
        // Two bars of four beats at 0.5 s, plus the closing bar line at 4 s.
        assertEquals(9, beats.size());
        assertEquals(0.5, beats.get(1).time(), 1e-9);
        assertTrue(beats.get(4).barStart());
        assertEquals(2, beats.get(4).bar());
        assertEquals(4.0, beats.get(8).time(), 1e-9);
    }

    @Test
    void followsTempoAndMeterChanges() {
        NoteSequence ns = NoteSequence.newBuilder()
                .addTempos(NoteSequence.Tempo.newBuilder().setTime(0).setQpm(60))
                .addTempos(NoteSequence.Tempo.newBuilder().setTime(3).setQpm(120))
                .addTimeSignatures(NoteSequence.TimeSignature.newBuilder().setTime(0).setNumerator(3).setDenominator(4))
                .addTimeSignatures(NoteSequence.TimeSignature.newBuilder().setTime(3).setNumerator(6).setDenominator(8))
                .build();
        List<TimeGrid.Beat> beats = new TimeGrid(ns).beats(4.5);
        // Bar 1: 3 beats of 1 s. Bar 2 at 3 s: six eighths of 0.25 s at 120 qpm, ending at 4.5 s.
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 3.25, 3.5, 3.75, 4.0, 4.25, 4.5),
                beats.stream().map(TimeGrid.Beat::time).toList());
        assertEquals(List.of(1, 1, 1, 2, 2, 2, 2, 2, 2, 3), beats.stream().map(TimeGrid.Beat::bar).toList());
    }

    @Test
    void pitchNamesUseC4ForMiddleC() {
        assertEquals("C4", PitchNames.name(60));
        assertEquals("A#3", PitchNames.name(58));
        assertEquals("C-1", PitchNames.name(0));
        assertEquals("G9", PitchNames.name(127));
        assertTrue(PitchNames.isBlackKey(61) && !PitchNames.isBlackKey(64));
    }
}
