package org.magentajava.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.magentajava.melody.Melody;

/** Hand-built melodies with hand-computed statistics. */
class MelodyStatisticsTest {

    private static final int X = Melody.NO_EVENT;
    private static final int OFF = Melody.NOTE_OFF;

    private static SourcedMelody melody(int stepsPerBar, int fromStep, int... events) {
        return new SourcedMelody("m", new Melody(events, 0, 4, stepsPerBar), fromStep);
    }

    private static int[] concat(int[]... bars) {
        return java.util.Arrays.stream(bars).flatMapToInt(IntStream::of).toArray();
    }

    @Test
    void notesEndAtTheNextEventOrTheMelodyEnd() {
        SourcedMelody m = melody(16, 0, 60, X, 60, X, 64, X, X, X, 67, X, X, X, OFF, X, X, 72, X);
        assertEquals(List.of(new MelodyNote(60, 0, 2), new MelodyNote(60, 2, 2), new MelodyNote(64, 4, 4),
                new MelodyNote(67, 8, 4), new MelodyNote(72, 15, 2)), m.allNotes());
    }

    @Test
    void entropyRepeatsRangeLengthsAndEmptyBeatsOfOneBar() {
        // C C E G: pitch classes {0: 2, 4: 1, 7: 1} -> H = 0.5*1 + 2*0.25*2 = 1.5 bits
        SourcedMelody m = melody(16, 0, 60, X, 60, X, 64, X, X, X, 67, X, X, X, OFF, X, X, X);
        SetStatistics s = MelodyStatistics.of(List.of(m));
        assertEquals(1, s.melodies());
        assertEquals(4, s.notes());
        assertEquals(1.5, s.pitchClassEntropy(), 1e-12);
        assertEquals(7, s.pitchRange(), 0);
        assertEquals(1.0, s.scaleConsistency(), 0);
        // pairs C-C, C-E, E-G: one repeat in three
        assertEquals(1, s.repeatedPitchPairs());
        assertEquals(3, s.notePairs());
        assertEquals(1.0 / 3, s.repeatedPitchShare(), 1e-12);
        // two eighths, two quarters
        assertArrayEquals(new long[] {0, 2, 0, 2, 0, 0, 0, 0, 0}, s.noteLengthCounts());
        assertArrayEquals(new double[] {0, .5, 0, .5, 0, 0, 0, 0, 0}, s.noteLengthShares(), 0);
        // beats 0, 1, 2 have onsets (steps 0 and 2, 4, 8); beat 3 (steps 12-15) has none
        assertEquals(1, s.emptyBeats());
        assertEquals(4, s.beats());
        // scale degrees relative to C major: 1 twice, 3 and 5 once
        assertArrayEquals(new long[] {2, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0}, s.scaleDegreeCounts());
    }

    @Test
    void scaleConsistencyIsTheBestMajorScalesShare() {
        // C C# D E: no major scale holds three consecutive semitones, the best ones hold three notes of four
        SourcedMelody chromatic = melody(16, 0, 60, X, 61, X, 62, X, 64, X);
        // D E F# G fits D major (and G major) entirely
        SourcedMelody gMajor = melody(16, 0, 62, X, 64, X, 66, X, 67, X);
        SetStatistics s = MelodyStatistics.of(List.of(chromatic));
        assertEquals(0.75, s.scaleConsistency(), 1e-12);
        assertEquals(2.0, s.pitchClassEntropy(), 1e-12); // four equally frequent pitch classes
        SetStatistics both = MelodyStatistics.of(List.of(chromatic, gMajor));
        assertEquals((0.75 + 1.0) / 2, both.scaleConsistency(), 1e-12);
        // pitch range is a mean over melodies: (4 + 5) / 2
        assertEquals(4.5, both.pitchRange(), 1e-12);
        // D major is the lowest tonic holding D E F# G: its degrees are 1 2 3 4
        assertEquals(2, MelodyStatistics.bestMajorTonic(MelodyStatistics.pitchClassCounts(gMajor.notes())));
    }

    @Test
    void barRepetitionAtEveryLagIn3_4() {
        int[] a = {60, X, X, X, 62, X, X, X, 64, X, X, OFF};
        int[] b = {67, X, 65, X, 64, X, 62, X, 60, X, X, OFF};
        int[] c = {72, X, X, X, X, X, 71, X, X, X, X, OFF};
        // 12-step bars: A B A B C A
        SourcedMelody m = melody(12, 0, concat(a, b, a, b, c, a));
        SetStatistics s = MelodyStatistics.of(List.of(m));
        // lag 1: B/A, A/B, B/A, C/B, A/C -> 0 of 5
        assertEquals(0, s.barRepeats()[0]);
        assertEquals(5, s.barPairs()[0]);
        // lag 2: A/A yes, B/B yes, C/A no, A/B no -> 2 of 4
        assertEquals(2, s.barRepeats()[1]);
        assertEquals(4, s.barPairs()[1]);
        assertEquals(0.5, s.barRepetition(1), 0);
        // lag 4: C/A no, A/B no -> 0 of 2
        assertEquals(0, s.barRepeats()[2]);
        assertEquals(2, s.barPairs()[2]);
        // lag 8: no bar has one 8 bars earlier
        assertEquals(0, s.barPairs()[3]);
        assertTrue(Double.isNaN(s.barRepetition(3)));
        // any earlier: B no, A yes, B yes, C no, A yes -> 3 of 5
        assertEquals(3, s.barsEqualEarlier());
        assertEquals(5, s.barsWithEarlier());
        // the same events in 16-step bars do not line up into repeats: the meter decides the bars
        SetStatistics as16 = MelodyStatistics.of(List.of(melody(16, 0, concat(a, b, a, b, c, a))));
        assertEquals(0, as16.barRepeats()[1]);
    }

    @Test
    void lagEightAndAPartialLastBar() {
        int[] a = {60, X, X, X, 62, X, X, X, 64, X, X, X, 65, X, X, OFF};
        int[] b = {67, X, X, X, X, X, X, X, 60, X, X, X, X, X, X, OFF};
        // A B B B B B B B A + half a bar: bar 8 equals bar 0, the half bar is not a bar
        int[] events = concat(a, b, b, b, b, b, b, b, a, new int[] {60, X, X, X, X, X, X, X});
        SetStatistics s = MelodyStatistics.of(List.of(melody(16, 0, events)));
        assertEquals(1, s.barRepeats()[3]);
        assertEquals(1, s.barPairs()[3]);
        assertEquals(6, s.barRepeats()[0]); // B after B six times, of 8
        assertEquals(8, s.barPairs()[0]);
        assertEquals(7, s.barsEqualEarlier()); // six Bs and the last A
    }

    @Test
    void heldNotesCompareByTheirPitch() {
        int[] held = {X, X, X, X, X, X, X, X, X, X, X, X};
        int[] c = {60, X, X, X, X, X, X, X, X, X, X, X};
        int[] d = {62, X, X, X, X, X, X, X, X, X, X, X};
        // C held over two bars, then D held over two: bars 1 and 3 have the same events but not the same sound
        SetStatistics different = MelodyStatistics.of(List.of(melody(12, 0, concat(c, held, d, held))));
        assertEquals(0, different.barRepeats()[1]);
        assertEquals(2, different.barPairs()[1]);
        SetStatistics same = MelodyStatistics.of(List.of(melody(12, 0, concat(c, held, c, held))));
        assertEquals(2, same.barRepeats()[1]);
    }

    @Test
    void aPrimerIsContextOnly() {
        int[] a = {60, X, X, X, 62, X, X, X, 64, X, X, OFF};
        int[] b = {67, X, 65, X, 64, X, 62, X, 60, X, X, OFF};
        // primer bar A, then A B A: the primer neither counts nor is compared with
        SourcedMelody m = melody(12, 12, concat(a, a, b, a));
        SetStatistics s = MelodyStatistics.of(List.of(m));
        assertEquals(1, m.firstBar());
        assertEquals(11, s.notes());
        assertEquals(0, s.barRepeats()[0]);
        assertEquals(2, s.barPairs()[0]);
        assertEquals(1, s.barRepeats()[1]);
        assertEquals(1, s.barPairs()[1]);
        assertEquals(9, s.beats());
        // a primer ending off the bar line: the first whole bar after it is where bars start
        assertEquals(2, melody(12, 13, concat(a, a, b, a)).firstBar());
    }

    @Test
    void totalVariationIsHalfTheL1Distance() {
        assertEquals(0.3, NoteLengths.totalVariation(new double[] {0.5, 0.5, 0}, new double[] {0.2, 0.6, 0.2}),
                1e-12);
        assertEquals(1, NoteLengths.bin(2));
        assertEquals(8, NoteLengths.bin(5));
        assertEquals("other", NoteLengths.label(8));
    }

    @Test
    void emptySetGivesNaNNotZero() {
        SetStatistics s = MelodyStatistics.of(List.of());
        assertTrue(Double.isNaN(s.repeatedPitchShare()));
        assertTrue(Double.isNaN(s.pitchClassEntropy()));
    }
}
