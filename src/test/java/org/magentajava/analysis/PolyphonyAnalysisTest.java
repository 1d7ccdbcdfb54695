package org.magentajava.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The polyphonic statistics on tiny pieces whose answers are counted by hand. */
class PolyphonyAnalysisTest {

    /** Notes as {pitch, onset, duration} triples. */
    static PolyphonicPiece piece(int length, int fromStep, int[]... notes) {
        List<MelodyNote> list = new ArrayList<>();
        for (int[] n : notes) {
            list.add(new MelodyNote(n[0], n[1], n[2]));
        }
        return new PolyphonicPiece("test", list, length, fromStep, true);
    }

    /** Bass C3 and top C5 held for four steps while the inner voice climbs E4, E4, F4, G4. */
    static final PolyphonicPiece INNER_VOICE = piece(4, 0,
            new int[] {48, 0, 4}, new int[] {72, 0, 4}, new int[] {64, 0, 2}, new int[] {65, 2, 1},
            new int[] {67, 3, 1});

    /** Block chords: C E G for two steps, F A C for two, a silent step, then G7 (B D F G). */
    static final PolyphonicPiece BLOCK_CHORDS = piece(6, 0,
            new int[] {60, 0, 2}, new int[] {64, 0, 2}, new int[] {67, 0, 2},
            new int[] {65, 2, 2}, new int[] {69, 2, 2}, new int[] {72, 2, 2},
            new int[] {59, 5, 1}, new int[] {62, 5, 1}, new int[] {65, 5, 1}, new int[] {67, 5, 1});

    @Test
    void aMovingInnerVoiceUnderHeldOuterVoices() {
        PolyphonyStatistics s = PolyphonyAnalysis.of(List.of(INNER_VOICE));
        assertEquals(4, s.steps());
        assertEquals(3.0, s.meanNotesPerStep(), 0);
        assertArrayEquals(new long[] {0, 0, 0, 4, 0, 0, 0, 0, 0}, s.notesPerStep());
        assertEquals(1.0, s.twoToFourShare(), 0);
        // C E, C E, C F, C G: two thirds, a fourth and a fifth, all parts of a triad
        assertEquals(2, s.qualities()[ChordQuality.THIRD_OR_SIXTH.ordinal()]);
        assertEquals(2, s.qualities()[ChordQuality.FOURTH_OR_FIFTH.ordinal()]);
        assertEquals(1.0, s.triadicShare(), 0);
        // steps 1->2 and 2->3 change, each with C3 and C5 held: two partial changes, no block change
        assertEquals(2, s.changes());
        assertEquals(1.0, s.partialChangeShare(), 0);
        assertEquals(0.0, s.blockChangeShare(), 0);
        // three step pairs with a middle voice at both steps; it moves in two
        assertEquals(3, s.middlePairs());
        assertEquals(2.0 / 3, s.middleVoiceMotion(), 1e-15);
        // C C E F G: all five notes in C major
        assertEquals(5, s.notes());
        assertEquals(1.0, s.inKeyShare(), 0);
    }

    @Test
    void blockChordsChangeAllTheirNotesAtOnce() {
        PolyphonyStatistics s = PolyphonyAnalysis.of(List.of(BLOCK_CHORDS));
        assertEquals(6, s.steps());
        assertEquals(16.0 / 6, s.meanNotesPerStep(), 1e-15);
        assertArrayEquals(new long[] {1, 0, 0, 4, 1, 0, 0, 0, 0}, s.notesPerStep());
        assertEquals(5.0 / 6, s.twoToFourShare(), 1e-15);
        assertEquals(4, s.qualities()[ChordQuality.MAJOR.ordinal()]);
        assertEquals(1, s.qualities()[ChordQuality.DOMINANT_7TH.ordinal()]);
        assertEquals(5, s.harmonicSteps());
        assertEquals(1.0, s.triadicShare(), 0);
        // only C E G -> F A C counts as a change: the steps into and out of the silence do not
        assertEquals(1, s.changes());
        assertEquals(0.0, s.partialChangeShare(), 0);
        assertEquals(1.0, s.blockChangeShare(), 0);
        // middle voices E, E, A, A: pairs (0,1), (1,2), (2,3); the middle moves only at the chord change
        assertEquals(3, s.middlePairs());
        assertEquals(1, s.middleMoves());
        assertEquals(10, s.notes());
        assertEquals(10, s.inKeyNotes());
    }

    @Test
    void setsPoolTheirPieces() {
        PolyphonyStatistics s = PolyphonyAnalysis.of(List.of(INNER_VOICE, BLOCK_CHORDS));
        assertEquals(2, s.pieces());
        assertEquals(10, s.steps());
        assertEquals(2.8, s.meanNotesPerStep(), 1e-15);
        assertEquals(0.9, s.twoToFourShare(), 1e-15);
        assertEquals(2.0 / 3, s.partialChangeShare(), 1e-15);
        assertEquals(0.5, s.middleVoiceMotion(), 0);
        assertEquals(1.0, s.inKeyShare(), 0);
    }

    @Test
    void aPrimerIsContextAndHarmonicMinorFitsTheKey() {
        // step 0 (the primer): C#4 alone; then A minor, E7 (E G# B D), and the cluster C C# D
        PolyphonicPiece p = piece(4, 1, new int[] {61, 0, 1},
                new int[] {57, 1, 1}, new int[] {60, 1, 1}, new int[] {64, 1, 1},
                new int[] {62, 2, 1}, new int[] {64, 2, 1}, new int[] {68, 2, 1}, new int[] {71, 2, 1},
                new int[] {60, 3, 1}, new int[] {61, 3, 1}, new int[] {62, 3, 1});
        PolyphonyStatistics s = PolyphonyAnalysis.of(List.of(p));
        assertEquals(3, s.steps());
        assertArrayEquals(new long[] {0, 0, 0, 2, 1, 0, 0, 0, 0}, s.notesPerStep());
        assertEquals(1, s.qualities()[ChordQuality.MINOR.ordinal()]);
        assertEquals(1, s.qualities()[ChordQuality.DOMINANT_7TH.ordinal()]);
        assertEquals(1, s.qualities()[ChordQuality.OTHER.ordinal()]);
        assertEquals(2.0 / 3, s.triadicShare(), 1e-15);
        // A C E -> D E G# B keeps E; D E G# B -> C C# D keeps D: both partial (the primer step is not compared)
        assertEquals(2, s.changes());
        assertEquals(2, s.partialChanges());
        // middles C -> E G# -> C#: both pairs move
        assertEquals(1.0, s.middleVoiceMotion(), 0);
        // ten notes after the primer; A harmonic minor (A B C D E F G#) holds all but the C#; a major scale at
        // most eight (C major: not the G# or C#)
        assertEquals(10, s.notes());
        assertEquals(9, s.inKeyNotes());
    }

    @Test
    void aFigureWithNothingToCountIsNotAZero() {
        // one voice: no step has a middle voice or two pitch classes
        PolyphonyStatistics s = PolyphonyAnalysis.of(List.of(piece(3, 0, new int[] {60, 0, 1}, new int[] {62, 1, 2})));
        assertTrue(Double.isNaN(s.middleVoiceMotion()));
        assertTrue(Double.isNaN(s.triadicShare()));
        assertEquals(1, s.changes());
        assertEquals(1.0, s.blockChangeShare(), 0);
        assertEquals(1.0, s.qualityShares()[ChordQuality.SINGLE.ordinal()], 0);
    }

    @Test
    void chordQualitiesAreReadOffThePitchClassesInAnyVoicing() {
        assertEquals(ChordQuality.MAJOR, ChordQuality.of(ChordQuality.maskOf(60, 64, 67)));
        assertEquals(ChordQuality.MAJOR, ChordQuality.of(ChordQuality.maskOf(52, 60, 67, 72))); // first inversion
        assertEquals(ChordQuality.MINOR, ChordQuality.of(ChordQuality.maskOf(57, 60, 64)));
        assertEquals(ChordQuality.DIMINISHED, ChordQuality.of(ChordQuality.maskOf(59, 62, 65)));
        assertEquals(ChordQuality.AUGMENTED, ChordQuality.of(ChordQuality.maskOf(60, 64, 68)));
        assertEquals(ChordQuality.DOMINANT_7TH, ChordQuality.of(ChordQuality.maskOf(55, 59, 62, 65)));
        assertEquals(ChordQuality.MAJOR_7TH, ChordQuality.of(ChordQuality.maskOf(60, 64, 67, 71)));
        assertEquals(ChordQuality.MINOR_7TH, ChordQuality.of(ChordQuality.maskOf(57, 60, 64, 67)));
        assertEquals(ChordQuality.HALF_DIMINISHED_7TH, ChordQuality.of(ChordQuality.maskOf(59, 62, 65, 69)));
        assertEquals(ChordQuality.DIMINISHED_7TH, ChordQuality.of(ChordQuality.maskOf(59, 62, 65, 68)));
        assertEquals(ChordQuality.SINGLE, ChordQuality.of(ChordQuality.maskOf(48, 60, 72)));
        assertEquals(ChordQuality.THIRD_OR_SIXTH, ChordQuality.of(ChordQuality.maskOf(64, 72))); // a minor sixth
        assertEquals(ChordQuality.FOURTH_OR_FIFTH, ChordQuality.of(ChordQuality.maskOf(60, 65)));
        assertEquals(ChordQuality.SECOND_OR_SEVENTH, ChordQuality.of(ChordQuality.maskOf(60, 71)));
        assertEquals(ChordQuality.TRITONE, ChordQuality.of(ChordQuality.maskOf(60, 66)));
        assertEquals(ChordQuality.OTHER, ChordQuality.of(ChordQuality.maskOf(60, 65, 67))); // a suspended 4th
        assertThrows(IllegalArgumentException.class, () -> ChordQuality.of(0));
    }

    @Test
    void triadicMeansATriadPartOfOneOrItsSeventh() {
        assertTrue(ChordQuality.triadic(ChordQuality.maskOf(60, 64, 70))); // C7 without its 5th
        assertTrue(ChordQuality.triadic(ChordQuality.maskOf(59, 62, 65))); // the top of G7
        assertTrue(ChordQuality.triadic(ChordQuality.maskOf(60, 67)));
        assertTrue(ChordQuality.triadic(ChordQuality.maskOf(57, 60, 64, 67))); // A minor 7th
        assertFalse(ChordQuality.triadic(ChordQuality.maskOf(60, 64, 68))); // augmented
        assertFalse(ChordQuality.triadic(ChordQuality.maskOf(60, 65, 67))); // suspended 4th
        assertFalse(ChordQuality.triadic(ChordQuality.maskOf(60, 62))); // a second, though part of a 7th chord
        assertFalse(ChordQuality.triadic(ChordQuality.maskOf(60, 66)));
        assertFalse(ChordQuality.triadic(ChordQuality.maskOf(60)));
    }
}
