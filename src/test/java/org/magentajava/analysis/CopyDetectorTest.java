package org.magentajava.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.magentajava.melody.Melody;

class CopyDetectorTest {

    /** A melody of notes given as (pitch, duration) pairs played back to back. */
    private static SourcedMelody tune(String name, int stepsPerBar, int... pitchAndDuration) {
        List<Integer> events = new ArrayList<>();
        for (int i = 0; i < pitchAndDuration.length; i += 2) {
            events.add(pitchAndDuration[i]);
            for (int s = 1; s < pitchAndDuration[i + 1]; s++) {
                events.add(Melody.NO_EVENT);
            }
        }
        int[] e = events.stream().mapToInt(Integer::intValue).toArray();
        return SourcedMelody.of(name, new Melody(e, 0, 4, stepsPerBar));
    }

    private static final SourcedMelody SCALE = tune("reel.mid", 16,
            60, 2, 62, 2, 64, 2, 65, 2, 67, 2, 69, 2, 71, 2, 72, 2, 74, 2, 76, 2, 77, 2, 79, 2);
    private static final SourcedMelody DESCENT = tune("air.mid", 16, 72, 4, 71, 4, 69, 4, 67, 4, 65, 4, 64, 4);

    @Test
    void findsACopyTransposedUpAFourth() {
        CopyDetector detector = CopyDetector.of(List.of(DESCENT, SCALE));
        // a dotted-quarter lead-in, then reel.mid's notes 2..9 (E F G A B C D E) up 5 semitones, then a leap
        SourcedMelody copy = tune("gen_01.mid", 16, 50, 4, 69, 2, 70, 2, 72, 2, 74, 2, 76, 2, 77, 2, 79, 2, 81, 2,
                69, 2, 70, 4);
        CopiedRun run = detector.longestCopy(copy);
        assertEquals(8, run.notes());
        assertEquals("reel.mid", run.tune());
        assertEquals("gen_01.mid", run.melody());
        assertEquals(5, run.transposition());
        assertEquals(1, run.melodyNote());
        assertEquals(2, run.tuneNote());
        assertEquals(16, run.steps());
        assertEquals(1.0, run.bars(), 0);
    }

    @Test
    void aNonCopyGivesAShortRun() {
        CopyDetector detector = CopyDetector.of(List.of(DESCENT, SCALE));
        // minor thirds in dotted eighths: no interval, onset or duration pattern of the corpus
        CopiedRun none = detector.longestCopy(tune("gen_02.mid", 16, 60, 3, 63, 3, 66, 3, 69, 3, 72, 3));
        assertEquals(1, none.notes());
        assertEquals("", none.tune());
        // one step down in quarters matches air.mid for two notes only, then the pattern leaves it
        CopiedRun two = detector.longestCopy(tune("gen_03.mid", 16, 50, 4, 48, 4, 55, 4, 40, 2));
        assertEquals(2, two.notes());
        assertEquals("air.mid", two.tune());
        assertEquals(0.5, two.bars(), 0);
    }

    @Test
    void noRunSpansTwoTunes() {
        // the end of one tune and the start of the next are not a run
        SourcedMelody first = tune("a.mid", 16, 60, 2, 62, 2, 64, 2);
        SourcedMelody second = tune("b.mid", 16, 66, 2, 68, 2, 70, 2);
        CopyDetector detector = CopyDetector.of(List.of(first, second));
        CopiedRun run = detector.longestCopy(tune("q.mid", 16, 60, 2, 62, 2, 64, 2, 66, 2, 68, 2, 70, 2));
        assertEquals(3, run.notes());
    }

    @Test
    void meterOfTheMelodyGivesTheBars() {
        CopyDetector detector = CopyDetector.of(List.of(SCALE));
        CopiedRun run = detector.longestCopy(tune("waltz.mid", 12, 60, 2, 62, 2, 64, 2, 65, 2, 67, 2, 69, 2));
        assertEquals(6, run.notes());
        assertEquals(0, run.transposition());
        assertEquals(1.0, run.bars(), 0); // 12 steps in 3/4
        // the primer is not searched: from step 4 on, 4 notes remain
        CopiedRun afterPrimer = detector.longestCopy(new SourcedMelody("waltz.mid",
                tune("w", 12, 60, 2, 62, 2, 64, 2, 65, 2, 67, 2, 69, 2).melody(), 4));
        assertEquals(4, afterPrimer.notes());
        assertEquals(2, afterPrimer.melodyNote() + 2); // index among analyzed notes
    }

    @Test
    void manyTunesAndMelodiesRunFast() {
        java.util.Random random = new java.util.Random(14);
        List<SourcedMelody> tunes = new ArrayList<>();
        for (int t = 0; t < 800; t++) {
            int[] notes = new int[2 * 150];
            for (int i = 0; i < notes.length; i += 2) {
                notes[i] = 55 + random.nextInt(20);
                notes[i + 1] = 1 + random.nextInt(4);
            }
            tunes.add(tune("t" + t, 16, notes));
        }
        long t0 = System.nanoTime();
        CopyDetector detector = CopyDetector.of(tunes);
        for (int q = 0; q < 100; q++) {
            int[] notes = new int[2 * 100];
            for (int i = 0; i < notes.length; i += 2) {
                notes[i] = 55 + random.nextInt(20);
                notes[i + 1] = 1 + random.nextInt(4);
            }
            detector.longestCopy(tune("q" + q, 16, notes));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(800, detector.tuneCount());
        org.junit.jupiter.api.Assertions.assertTrue(seconds < 10, "took " + seconds + " s");
    }
}
