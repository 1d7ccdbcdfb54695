package org.magentajava.melody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magentajava.notes.TestSequences.addTrack;
import static org.magentajava.notes.TestSequences.note;
import static org.magentajava.notes.TestSequences.sequence;
import static org.magentajava.notes.TestSequences.standardNotes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.magentajava.notes.Quantization;
import org.magentajava.pipeline.Histogram;
import org.magentajava.proto.NoteSequence;

class MelodyExtractorTest {

    static final int N = Melody.NO_EVENT;
    static final int X = Melody.NOTE_OFF;

    private static NoteSequence quantize(NoteSequence.Builder ns, int stepsPerQuarter) {
        return Quantization.quantizeNoteSequence(ns.build(), stepsPerQuarter);
    }

    private static Melody fromSequence(NoteSequence q, long searchStart, boolean ignorePolyphony) {
        return MelodyExtractor.fromQuantizedSequence(q, searchStart, 0, 1, ignorePolyphony, false, true);
    }

    /** extract_melodies with the keyword arguments the melody_pipelines tests use. */
    private static ExtractionParams params(int minBars, Integer truncate, Integer discard, double gapBars,
            int minUnique, boolean ignorePolyphony, boolean padEnd) {
        return new ExtractionParams(0, minBars, truncate, discard, gapBars, minUnique, ignorePolyphony, padEnd, true);
    }

    private static List<int[]> events(MelodyExtractor.Result result) {
        List<int[]> out = new ArrayList<>();
        for (Melody m : result.melodies()) {
            out.add(m.events());
        }
        return out;
    }

    private static void assertMelodies(List<int[]> expected, List<int[]> actual) {
        assertEquals(expected.size(), actual.size(), "melody count");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "melody " + i + ": " + Arrays.toString(actual.get(i)));
        }
    }

    @Test
    void fromQuantizedSequence() {
        NoteSequence q = quantize(addTrack(sequence(60, 4, 4), 0, standardNotes()), 4);
        Melody m = fromSequence(q, 0, true);
        assertArrayEquals(new int[] {12, 11, X, N, N, N, N, N, N, N, 40, N, N, N, X, N, 55, X, N, 52}, m.events());
        assertEquals(16, m.stepsPerBar());
        assertEquals(0, m.startStep());
        assertEquals(20, m.endStep());
    }

    @Test
    void fromQuantizedSequenceInSevenEight() {
        NoteSequence q = quantize(addTrack(sequence(60, 7, 8), 0, standardNotes()), 4);
        Melody m = fromSequence(q, 0, true);
        assertArrayEquals(new int[] {12, 11, X, N, N, N, N, N, N, N, 40, N, N, N, X, N, 55, X, N, 52}, m.events());
        assertEquals(14, m.stepsPerBar());
        assertEquals(42, fromSequence(quantize(sequence(60, 7, 8), 12), 0, false).stepsPerBar());
    }

    @Test
    void searchStartStepAndBarAlignment() {
        NoteSequence q = quantize(addTrack(sequence(60, 4, 4), 0, note(12, 100, 1, 2), note(11, 100, 2.25, 2.5),
                note(13, 100, 3.25, 3.75), note(14, 100, 8.75, 9), note(15, 100, 9.25, 10.75)), 4);
        Melody m = fromSequence(q, 18, false);
        assertArrayEquals(new int[] {N, 14, X, 15, N, N, N, N, N}, m.events());
        assertEquals(34, m.startStep());
        assertEquals(43, m.endStep());
    }

    @Test
    void polyphonyRaisesOrKeepsTheHighestNote() {
        NoteSequence chord = quantize(addTrack(sequence(60, 4, 4), 0, note(12, 100, 0.0, 10.0), note(11, 55, 0.0, 0.5)), 4);
        assertThrows(PolyphonicMelodyException.class, () -> fromSequence(chord, 0, false));
        NoteSequence q = quantize(addTrack(sequence(60, 4, 4), 0, note(12, 100, 0.0, 2.0), note(19, 100, 0.0, 3.0),
                note(12, 100, 1.0, 3.0), note(19, 100, 1.0, 4.0)), 4);
        int[] expected = new int[16];
        Arrays.fill(expected, N);
        expected[0] = 19;
        expected[4] = 19;
        assertArrayEquals(expected, fromSequence(q, 0, true).events());
    }

    @Test
    void trimsEmptyBarsAndCutsOverlaps() {
        NoteSequence q = quantize(addTrack(sequence(60, 4, 4), 0, note(12, 100, 1.5, 1.75), note(11, 100, 2, 2.25)), 4);
        assertArrayEquals(new int[] {N, N, N, N, N, N, 12, X, 11}, fromSequence(q, 0, false).events());
        NoteSequence overlap = quantize(addTrack(sequence(60, 4, 4), 0, note(12, 100, 1, 2), note(11, 100, 3.25, 3.75),
                note(13, 100, 2, 4)), 4);
        assertArrayEquals(new int[] {N, N, N, N, 12, N, N, N, 13, N, N, N, N, 11, N},
                fromSequence(overlap, 0, false).events());
    }

    @Test
    void firstNoteIsTakenBeforeDrumAndVelocityFilters() {
        // A velocity-0 note at step 17 fixes the melody start at bar 1 (step 16), not bar 2.
        NoteSequence q = quantize(addTrack(sequence(60, 4, 4), 0, note(50, 0, 4.25, 4.5), note(60, 100, 8.0, 8.25)), 4);
        Melody m = fromSequence(q, 0, false);
        assertEquals(16, m.startStep());
        assertEquals(17, m.length());
        assertEquals(60, m.event(16));
    }

    @Test
    void multipleInstrumentsAndDrums() {
        NoteSequence.Builder ns = sequence(60, 4, 4);
        addTrack(ns, 0, note(12, 100, 2, 4), note(11, 1, 6, 7));
        addTrack(ns, 1, note(12, 127, 2, 4), note(14, 50, 6, 9));
        addTrack(ns, 9, note(13, 100, 2, 4), note(15, 25, 6, 8));
        for (int i = ns.getNotesCount() - 2; i < ns.getNotesCount(); i++) {
            ns.getNotesBuilder(i).setIsDrum(true);
        }
        MelodyExtractor.Result r = MelodyExtractor.extractMelodies(quantize(ns, 1), params(1, null, null, 1, 2, true, false));
        assertMelodies(List.of(new int[] {N, N, 12, N, X, N, 11}, new int[] {N, N, 12, N, X, N, 14, N, N}), events(r));
    }

    @Test
    void multipleMelodiesFromOneTrack() {
        NoteSequence.Builder ns = sequence(60, 4, 4);
        addTrack(ns, 0, note(12, 100, 2, 4), note(11, 1, 6, 11));
        addTrack(ns, 1, note(12, 127, 2, 4), note(14, 50, 6, 8), note(50, 100, 33, 37), note(52, 100, 34, 37));
        MelodyExtractor.Result r = MelodyExtractor.extractMelodies(quantize(ns, 1), params(1, null, null, 2, 2, true, false));
        assertMelodies(List.of(new int[] {N, N, 12, N, X, N, 11, N, N, N, N}, new int[] {N, N, 12, N, X, N, 14, N},
                new int[] {N, 50, 52, N, N}), events(r));
        assertEquals(32, r.melodies().get(2).startStep());
    }

    @Test
    @org.junit.jupiter.api.Timeout(5)
    void nextSearchStartUsesFloorModulo() {
        // The first melody ends at step 3, off the 4-step bar grid: (0 - 3) floorMod 4 = 1 moves the next search
        // to step 4. Java's % would give -3, restart at step 0 and find the first melody forever.
        NoteSequence.Builder ns = sequence(60, 4, 4);
        addTrack(ns, 0, note(60, 100, 0, 1), note(62, 100, 1, 2), note(64, 100, 2, 3), note(65, 100, 10, 11),
                note(67, 100, 11, 13));
        MelodyExtractor.Result r = MelodyExtractor.extractMelodies(quantize(ns, 1), params(0, null, null, 1, 1, true, false));
        assertMelodies(List.of(new int[] {60, 62, 64}, new int[] {N, N, 65, 67, N}), events(r));
        assertEquals(3, r.melodies().get(0).endStep());
        assertEquals(8, r.melodies().get(1).startStep());
    }

    private static NoteSequence.Builder threeTracks() {
        NoteSequence.Builder ns = sequence(60, 4, 4);
        addTrack(ns, 0, note(12, 127, 2, 4), note(14, 50, 6, 7));
        addTrack(ns, 1, note(12, 127, 2, 4), note(14, 50, 6, 8));
        addTrack(ns, 2, note(12, 127, 2, 4), note(14, 50, 6, 9));
        return ns;
    }

    @Test
    void tooShort() {
        MelodyExtractor.Result r = MelodyExtractor.extractMelodies(quantize(threeTracks(), 1),
                params(2, null, null, 1, 2, true, false));
        assertMelodies(List.of(new int[] {N, N, 12, N, X, N, 14, N}, new int[] {N, N, 12, N, X, N, 14, N, N}), events(r));
        assertEquals(1L, r.counters().get(MelodyExtractor.TOO_SHORT));
    }

    @Test
    void padEnd() {
        MelodyExtractor.Result r = MelodyExtractor.extractMelodies(quantize(threeTracks(), 1),
                params(1, null, null, 1, 2, true, true));
        assertMelodies(List.of(new int[] {N, N, 12, N, X, N, 14, X}, new int[] {N, N, 12, N, X, N, 14, N},
                new int[] {N, N, 12, N, X, N, 14, N, N, X, N, N}), events(r));
    }

    private static NoteSequence.Builder longTracks() {
        NoteSequence.Builder ns = sequence(60, 4, 4);
        addTrack(ns, 0, note(12, 127, 2, 4), note(14, 50, 6, 15));
        addTrack(ns, 1, note(12, 127, 2, 4), note(14, 50, 6, 18));
        return ns;
    }

    @Test
    void tooLongIsTruncatedOrDiscarded() {
        int[] truncated = {N, N, 12, N, X, N, 14, N, N, N, N, N, N, N};
        MelodyExtractor.Result r = MelodyExtractor.extractMelodies(quantize(longTracks(), 1),
                params(1, 14, 18, 1, 2, true, false));
        assertMelodies(List.of(truncated, truncated), events(r));
        assertEquals(2L, r.counters().get(MelodyExtractor.TRUNCATED));

        MelodyExtractor.Result padded = MelodyExtractor.extractMelodies(quantize(longTracks(), 1),
                params(1, 14, 18, 1, 2, true, true));
        assertMelodies(List.<int[]>of(new int[] {N, N, 12, N, X, N, 14, N, N, N, N, N}), events(padded));
        assertEquals(1L, padded.counters().get(MelodyExtractor.TOO_LONG));
    }

    @Test
    void truncatedTailIsNotSearchedAgain() {
        // One 40-step melody truncated to 16: the next search starts after the untruncated melody.
        NoteSequence.Builder ns = sequence(60, 4, 4);
        for (int i = 0; i < 20; i++) {
            addTrack(ns, 0, note(60 + i % 7, 100, 2 * i, 2 * i + 1));
        }
        MelodyExtractor.Result r = MelodyExtractor.extractMelodies(quantize(ns, 1),
                params(1, 16, null, 1, 2, true, false));
        assertEquals(1, r.melodies().size());
        assertEquals(16, r.melodies().get(0).length());
    }

    @Test
    void tooFewPitchClasses() {
        NoteSequence.Builder ns = sequence(60, 4, 4);
        addTrack(ns, 0, note(12, 100, 0, 1), note(13, 100, 1, 2), note(18, 100, 2, 3), note(24, 100, 3, 4),
                note(25, 100, 4, 5));
        addTrack(ns, 1, note(12, 100, 0, 1), note(13, 100, 1, 2), note(18, 100, 2, 3), note(25, 100, 3, 4),
                note(26, 100, 4, 5));
        MelodyExtractor.Result r = MelodyExtractor.extractMelodies(quantize(ns, 1), params(1, null, null, 1, 4, true, false));
        assertMelodies(List.<int[]>of(new int[] {12, 13, 18, 25, 26}), events(r));
        assertEquals(1L, r.counters().get(MelodyExtractor.TOO_FEW_PITCHES));
    }

    @Test
    void lateStart() {
        NoteSequence.Builder ns = sequence(60, 4, 4);
        addTrack(ns, 0, note(12, 100, 102, 103), note(13, 100, 104, 106));
        addTrack(ns, 1, note(12, 100, 100, 101), note(13, 100, 102, 105));
        MelodyExtractor.Result r = MelodyExtractor.extractMelodies(quantize(ns, 1), params(1, null, null, 1, 2, true, false));
        assertMelodies(List.of(new int[] {N, N, 12, X, 13, N}, new int[] {12, X, 13, N, N}), events(r));
        assertEquals(100, r.melodies().get(0).startStep());
    }

    @Test
    void statistics() {
        NoteSequence.Builder ns = sequence(60, 4, 4);
        addTrack(ns, 0, note(12, 100, 2, 4), note(11, 1, 6, 7), note(10, 100, 8, 10), note(9, 100, 11, 14),
                note(8, 100, 16, 40), note(7, 100, 41, 42));
        addTrack(ns, 1, note(12, 127, 2, 4), note(14, 50, 2, 8));
        addTrack(ns, 2, note(12, 127, 0, 1));
        addTrack(ns, 3, note(12, 127, 2, 4), note(12, 50, 6, 8));
        MelodyExtractor.Result r = MelodyExtractor.extractMelodies(quantize(ns, 1), params(1, null, null, 1, 2, false, false));
        assertEquals(1L, r.counters().get(MelodyExtractor.POLYPHONIC_TRACKS_DISCARDED));
        assertEquals(1L, r.counters().get(MelodyExtractor.TOO_SHORT));
        assertEquals(1L, r.counters().get(MelodyExtractor.TOO_FEW_PITCHES));
        assertEquals(List.of(MelodyExtractor.POLYPHONIC_TRACKS_DISCARDED, MelodyExtractor.TOO_SHORT,
                MelodyExtractor.TOO_FEW_PITCHES, MelodyExtractor.TOO_LONG, MelodyExtractor.TRUNCATED),
                List.copyOf(r.counters().keySet()));
        Histogram h = r.lengthsInBars();
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 0, 1, 2, 10, 20, 30, 40, 50, 100, 200, 500},
                h.lowerBounds());
        assertArrayEquals(new long[] {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, h.counts());
        assertEquals("MelodyExtractor_training_melody_lengths_in_bars:\n  [10,20): 1",
                h.prettyPrint("MelodyExtractor_training_melody_lengths_in_bars"));
    }

    @Test
    void createDatasetParamsDiscardTheTrackAtTheFirstChord() {
        // Eight bars of a five-pitch tune, then a chord: with ignore_polyphonic_notes=False the whole
        // instrument is lost, including the good melody before the chord.
        NoteSequence.Builder ns = sequence(120, 4, 4);
        int[] tune = {60, 62, 64, 65, 67};
        for (int i = 0; i < 32; i++) {
            addTrack(ns, 0, note(tune[i % 5], 100, i * 0.5, i * 0.5 + 0.5));
        }
        addTrack(ns, 0, note(60, 100, 16.0, 16.5), note(64, 100, 16.0, 16.5));
        NoteSequence q = quantize(ns, 4);
        MelodyExtractor.Result strict = MelodyExtractor.extractMelodies(q, ExtractionParams.createDataset());
        assertTrue(strict.melodies().isEmpty());
        assertEquals(1L, strict.counters().get(MelodyExtractor.POLYPHONIC_TRACKS_DISCARDED));

        MelodyExtractor.Result lenient = MelodyExtractor.extractMelodies(q, ExtractionParams.defaults());
        assertEquals(1, lenient.melodies().size());
        assertEquals(0L, lenient.counters().get(MelodyExtractor.POLYPHONIC_TRACKS_DISCARDED));
    }

    @Test
    void paramFactories() {
        ExtractionParams d = ExtractionParams.createDataset();
        assertEquals(7, d.minBars());
        assertEquals(512, d.maxStepsTruncate());
        assertEquals(null, d.maxStepsDiscard());
        assertEquals(5, d.minUniquePitches());
        assertEquals(1.0, d.gapBars());
        assertEquals(false, d.ignorePolyphonicNotes());
        assertEquals(true, d.filterDrums());
        assertEquals(false, d.padEnd());
        assertEquals(true, ExtractionParams.defaults().ignorePolyphonicNotes());
        assertEquals(null, ExtractionParams.defaults().maxStepsTruncate());
    }

    @Test
    void generatorPrimerParamsKeepEverythingInOneMelody() {
        // Two notes eight bars apart and a chord: one melody, the gap does not end it, the chord keeps its top.
        NoteSequence q = quantize(addTrack(sequence(120, 4, 4), 0, note(60, 100, 0, 0.5), note(64, 100, 0, 0.5),
                note(62, 100, 16.0, 16.5)), 4);
        MelodyExtractor.Result r = MelodyExtractor.extractMelodies(q, ExtractionParams.generatorPrimer(0));
        assertEquals(1, r.melodies().size());
        Melody m = r.melodies().get(0);
        assertEquals(64, m.event(0));
        assertEquals(62, m.event(128));
        assertEquals(132, m.length());
    }

    @Test
    void nonIntegerStepsPerBar() {
        NoteSequence q = quantize(addTrack(sequence(60, 3, 8), 0, note(60, 100, 0, 1)), 1);
        assertThrows(NonIntegerStepsPerBarException.class,
                () -> MelodyExtractor.extractMelodies(q, ExtractionParams.defaults()));
        // Without notes, there is nothing to extract and no error, as in Magenta.
        NoteSequence empty = quantize(sequence(60, 3, 8), 1);
        assertTrue(MelodyExtractor.extractMelodies(empty, ExtractionParams.defaults()).melodies().isEmpty());
    }

    @Test
    void instrumentsAreVisitedInAscendingOrder() {
        NoteSequence.Builder ns = sequence(60, 4, 4);
        addTrack(ns, 5, note(70, 100, 0, 1), note(72, 100, 1, 2));
        addTrack(ns, 2, note(50, 100, 0, 1), note(52, 100, 1, 2));
        MelodyExtractor.Result r = MelodyExtractor.extractMelodies(quantize(ns, 1), params(0, null, null, 1, 1, true, false));
        assertEquals(50, r.melodies().get(0).event(0));
        assertEquals(70, r.melodies().get(1).event(0));
    }
}
