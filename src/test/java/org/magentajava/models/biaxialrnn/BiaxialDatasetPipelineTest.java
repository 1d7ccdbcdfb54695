package org.magentajava.models.biaxialrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magentajava.notes.TestSequences.addTrack;
import static org.magentajava.notes.TestSequences.note;
import static org.magentajava.notes.TestSequences.sequence;

import org.junit.jupiter.api.Test;
import org.magentajava.pianoroll.RollSettings;
import org.magentajava.biaxial.NoteStateEncoding;
import org.magentajava.io.BadInputException;
import org.magentajava.models.ModelConfig;
import org.magentajava.pianoroll.EncodedRoll;
import org.magentajava.proto.NoteSequence;
import org.magentajava.registry.ModelRegistry;

class BiaxialDatasetPipelineTest {

    /** Two bars of 4/4 at 120 qpm: a C major chord for a bar, then E struck again alone (32 sixteenths). */
    private static NoteSequence twoBars() {
        return addTrack(sequence(120, 4, 4), 0, note(60, 100, 0, 2), note(64, 100, 0, 2), note(67, 100, 0, 2),
                note(64, 100, 2, 4)).build();
    }

    @Test
    void theRepeatedNoteIsHeldAndStruckAgainInEveryTransposition() {
        BiaxialDatasetPipeline.Result r = BiaxialDatasetPipeline.process(twoBars(),
                new RollSettings(4, 16, 2048, -1, 1));
        assertNull(r.noneReason());
        assertEquals(3, r.rolls().size());
        for (int i = 0; i < 3; i++) {
            EncodedRoll e = r.rolls().get(i);
            int e4 = 64 - 21 + i - 1;
            assertEquals(32, e.steps());
            assertEquals(180, e.inputs()[0].length);
            assertEquals(176, e.targets()[0].length);
            assertTrue(e.targets()[15][e4] && e.targets()[16][e4], "E plays through");
            assertFalse(e.targets()[15][88 + e4]);
            assertTrue(e.targets()[16][88 + e4], "and is struck at step 16");
            assertTrue(e.targets()[0][88 + e4]);
            assertEquals(1f, e.inputs()[17][88 + e4]);
            // step 16 is the downbeat of bar 2, step 17 the next sixteenth
            assertEquals(0f, e.inputs()[16][176]);
            assertEquals(1f, e.inputs()[17][176]);
        }
        assertEquals(3, r.statistics().count("TranspositionPipeline", "transpositions_generated"));
    }

    @Test
    void theConfigSizesAndTheFlagsOfThePianoRollPipeline() {
        var cfg = ModelRegistry.config("biaxial_rnn");
        assertTrue(cfg.multiHot());
        assertEquals(180, cfg.inputSize());
        assertEquals(176, cfg.outputSize());
        assertEquals(ModelConfig.POSITION_BITS, NoteStateEncoding.POSITION_BITS);
        assertEquals(BiaxialRnn.FAMILY.datasetSettings(),
                ModelRegistry.family(ModelRegistry.config("pianoroll_rnn")).datasetSettings());
        BiaxialDatasetPipeline.Result quarter = BiaxialDatasetPipeline.process(twoBars(),
                new RollSettings(1, 0, 6, 0, 0));
        assertEquals(6, quarter.rolls().get(0).steps());   // 8 quarter steps truncated to 6
        assertEquals(1, quarter.statistics().count("PianorollExtractor", "pianoroll_tracks_truncated_too_long"));
        assertEquals("transposition range must be LO,HI with -127 <= LO <= HI <= 127, got 3,-3",
                org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                        () -> new RollSettings(4, 0, 10, 3, -3)).getMessage());
    }
}
