package org.magentajava.models.pianorollrnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.magentajava.notes.TestSequences.addTrack;
import static org.magentajava.notes.TestSequences.note;
import static org.magentajava.notes.TestSequences.sequence;

import org.junit.jupiter.api.Test;
import org.magentajava.pianoroll.RollSettings;
import org.magentajava.io.BadInputException;
import org.magentajava.pianoroll.EncodedRoll;
import org.magentajava.pipeline.Statistics;
import org.magentajava.proto.NoteSequence;

class PianorollDatasetPipelineTest {

    /** Two bars of 4/4 at 120 qpm: a C major chord for a bar, then E alone (32 sixteenth steps). */
    private static NoteSequence twoBars() {
        return addTrack(sequence(120, 4, 4), 0, note(60, 100, 0, 2), note(64, 100, 0, 2), note(67, 100, 0, 2),
                note(64, 100, 2, 4)).build();
    }

    @Test
    void oneRollPerTranspositionInMagentasOrder() {
        PianorollDatasetPipeline.Result r = PianorollDatasetPipeline.process(twoBars(),
                new RollSettings(4, 16, 2048, -2, 1));
        assertNull(r.noneReason());
        assertEquals(4, r.rolls().size());
        for (int i = 0; i < 4; i++) {
            EncodedRoll e = r.rolls().get(i);
            int shift = i - 2;
            assertEquals(32, e.steps());
            // step 0 predicts the chord from silence; the repeated E at step 16 is split from the chord's E
            boolean[] chord = new boolean[88];
            chord[60 - 21 + shift] = chord[64 - 21 + shift] = chord[67 - 21 + shift] = true;
            assertArrayEquals(chord, e.targets()[0]);
            assertArrayEquals(new float[88], e.inputs()[0]);
            assertEquals(1f, e.inputs()[1][60 - 21 + shift]);
            boolean[] split = chord.clone();
            split[64 - 21 + shift] = false;
            assertArrayEquals(split, e.targets()[15]);
            boolean[] e4 = new boolean[88];
            e4[64 - 21 + shift] = true;
            assertArrayEquals(e4, e.targets()[16]);
        }
        Statistics s = r.statistics();
        assertEquals(4, s.count("TranspositionPipeline", "transpositions_generated"));
        assertEquals(4, s.histogram("PianorollExtractor", "pianoroll_track_lengths_in_bars").countAt(2));
        assertEquals(0, s.count("PianorollExtractor", "pianoroll_tracks_truncated_too_long"));
    }

    @Test
    void shortRollsAreDiscardedAndLongOnesTruncated() {
        PianorollDatasetPipeline.Result tooShort = PianorollDatasetPipeline.process(twoBars(),
                new RollSettings(4, 33, 2048, 0, 0));
        assertEquals(0, tooShort.rolls().size());
        assertEquals("fewer than 33 steps", tooShort.noneReason());
        assertEquals(1, tooShort.statistics().count("PianorollExtractor", "pianoroll_tracks_discarded_too_short"));

        PianorollDatasetPipeline.Result truncated = PianorollDatasetPipeline.process(twoBars(),
                new RollSettings(4, 0, 20, 0, 0));
        assertEquals(1, truncated.rolls().size());
        assertEquals(20, truncated.rolls().get(0).steps());
        assertEquals(1, truncated.statistics().count("PianorollExtractor", "pianoroll_tracks_truncated_too_long"));
        // the histogram counts the length before truncation, as Magenta's does
        assertEquals(1, truncated.statistics().histogram("PianorollExtractor", "pianoroll_track_lengths_in_bars")
                .countAt(2));
    }

    @Test
    void quarterNoteFramesAndProgramCheck() {
        PianorollDatasetPipeline.Result quarters = PianorollDatasetPipeline.process(twoBars(),
                new RollSettings(1, 0, 2048, 0, 0));
        assertEquals(8, quarters.rolls().get(0).steps());

        NoteSequence.Builder two = twoBars().toBuilder();
        two.getNotesBuilder(3).setProgram(40);
        PianorollDatasetPipeline.Result r = PianorollDatasetPipeline.process(two.build(),
                PianorollDatasetPipeline.magentaSettings());
        assertEquals(0, r.rolls().size());
        assertEquals(9, r.statistics().count("PianorollExtractor", "pianoroll_tracks_discarded_more_than_1_program"));
        assertEquals("notes use more than one program", r.noneReason());
    }

    @Test
    void settingsAreChecked() {
        assertThrows(BadInputException.class, () -> new RollSettings(0, 80, 2048, -4, 4));
        assertThrows(BadInputException.class, () -> new RollSettings(4, 80, 2048, 1, 0));
        assertThrows(BadInputException.class, () -> new RollSettings(4, -1, 2048, 0, 0));
        assertEquals(new RollSettings(4, 80, 2048, -4, 4),
                PianorollDatasetPipeline.magentaSettings());
    }
}
