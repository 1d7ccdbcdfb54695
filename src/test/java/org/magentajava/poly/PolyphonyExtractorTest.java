package org.magentajava.poly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magentajava.notes.TestSequences.addTrack;
import static org.magentajava.notes.TestSequences.note;
import static org.magentajava.notes.TestSequences.sequence;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.magentajava.data.DatasetBuilder;
import org.magentajava.models.polyphonyrnn.PolyphonyDataset;
import org.magentajava.models.polyphonyrnn.PolyphonyDatasetPipeline;
import org.magentajava.models.polyphonyrnn.PolyphonyRnn;
import org.magentajava.pipeline.Statistics;
import org.magentajava.notes.Quantization;
import org.magentajava.proto.NoteSequence;

/** extract_polyphonic_sequences and polyphony_rnn_create_dataset's pipeline. */
class PolyphonyExtractorTest {

    static NoteSequence quantized(NoteSequence ns, int spq) {
        return Quantization.quantizeNoteSequence(ns, spq);
    }

    static NoteSequence oneNote(double end) {
        return addTrack(sequence(60, 4, 4), 0, note(60, 100, 0, end)).build();
    }

    @Test
    void lengthLimitsDiscardWithCounters() {
        PolyphonyExtractor.Result r = PolyphonyExtractor.extract(quantized(oneNote(4), 1), 0, null, null);
        assertEquals(1, r.sequences().size());
        assertEquals(1, PolyphonyExtractor.extract(quantized(oneNote(4), 1), 0, 2, 5).sequences().size());

        r = PolyphonyExtractor.extract(quantized(oneNote(1), 1), 0, 3, 5);
        assertEquals(0, r.sequences().size());
        assertEquals(1L, r.counters().get(PolyphonyExtractor.TOO_SHORT));
        assertEquals(0L, r.counters().get(PolyphonyExtractor.TOO_LONG));

        r = PolyphonyExtractor.extract(quantized(oneNote(10), 1), 0, 3, 5);
        assertEquals(0, r.sequences().size());
        assertEquals(1L, r.counters().get(PolyphonyExtractor.TOO_LONG));
    }

    @Test
    void moreThanOneProgramRejectsTheWholeSequence() {
        NoteSequence.Builder b = addTrack(sequence(60, 4, 4), 0, note(60, 100, 0, 4), note(64, 100, 0, 3),
                note(67, 100, 1, 2));
        b.getNotesBuilder(0).setProgram(2);
        PolyphonyExtractor.Result r = PolyphonyExtractor.extract(quantized(b.build(), 1), 0, null, null);
        assertEquals(0, r.sequences().size());
        assertEquals(1L, r.counters().get(PolyphonyExtractor.MORE_THAN_1_PROGRAM));
    }

    @Test
    void nonZeroStartStep() {
        NoteSequence q = quantized(oneNote(4), 1);
        assertEquals(0, PolyphonyExtractor.extract(q, 4, 1, null).sequences().size());
        assertEquals(1, PolyphonyExtractor.extract(q, 0, 1, null).sequences().size());
    }

    @Test
    void lengthHistogramCountsWholeBars() {
        PolyphonyExtractor.Result r = PolyphonyExtractor.extract(quantized(oneNote(45), 1), 0, null, null);
        assertEquals(1, r.lengthsInBars().countAt(11), "45 steps at 4 per bar: 11 bars, bucket [10,20)");
    }

    /** Melody and chords on one program, 16 bars at 4 steps per quarter: 256 steps. */
    static NoteSequence tune(int lowPitch, double seconds) {
        NoteSequence.Builder b = sequence(120, 4, 4);
        for (double t = 0; t < seconds; t += 0.5) {
            addTrack(b, 0, note(lowPitch + 12 + (int) (t * 2) % 5, 100, t, t + 0.5));
        }
        for (double t = 0; t < seconds; t += 2) {
            addTrack(b, 1, note(lowPitch, 80, t, t + 2), note(lowPitch + 4, 80, t, t + 2));
        }
        return b.setId("tune").build();
    }

    @Test
    void datasetPipelineTransposesByMinusFourToFour() {
        PolyphonyDatasetPipeline.Result r = PolyphonyDatasetPipeline.process(tune(48, 32), PolyphonyRnn.POLYPHONY);
        assertNull(r.noneReason());
        assertEquals(9, r.sequences().size());
        Statistics s = r.statistics();
        assertEquals(9, s.count(Statistics.TRANSPOSITION, "transpositions_generated"));
        assertEquals(0, s.count(Statistics.TRANSPOSITION, "skipped_due_to_range_exceeded"));
        // The first example is transposed down 4: its first step holds 44, 48 (chord) and 56 (melody).
        int[] first = r.sequences().get(0).sequence().events();
        assertEquals(List.of(PolyphonicEvent.START, PolyphonicEvent.newNote(56), PolyphonicEvent.newNote(48),
                PolyphonicEvent.newNote(44)), List.of(first[0], first[1], first[2], first[3]));
        assertEquals(256, r.sequences().get(0).sequence().numSteps());
        var encoded = r.sequences().get(4).encoded();
        assertEquals(r.sequences().get(4).sequence().length() - 1, encoded.steps());
        assertEquals(259, encoded.inputs()[0].length);
    }

    @Test
    void transpositionOutOfRangeIsSkippedAndLimitsApply() {
        PolyphonyDatasetPipeline.Result r = PolyphonyDatasetPipeline.process(tune(1, 32), PolyphonyRnn.POLYPHONY);
        assertEquals(6, r.sequences().size(), "pitch 1 cannot go down 2, 3 or 4");
        assertEquals(3, r.statistics().count(Statistics.TRANSPOSITION, "skipped_due_to_range_exceeded"));

        r = PolyphonyDatasetPipeline.process(tune(48, 8), PolyphonyRnn.POLYPHONY);
        assertEquals(0, r.sequences().size(), "64 steps is under the 80-step minimum");
        assertEquals(9, r.statistics().count(PolyphonyDatasetPipeline.EXTRACTOR_STAGE, PolyphonyExtractor.TOO_SHORT));
        assertTrue(r.noneReason().contains("fewer than 80 steps"), r.noneReason());

        r = PolyphonyDatasetPipeline.process(tune(48, 66), PolyphonyRnn.POLYPHONY);
        assertEquals(9, r.statistics().count(PolyphonyDatasetPipeline.EXTRACTOR_STAGE, PolyphonyExtractor.TOO_LONG),
                "528 steps is over the 512-step maximum");
    }

    @Test
    void datasetExtractorSerializesEveryTransposition() {
        DatasetBuilder.Extraction ex = PolyphonyDataset.extractor(PolyphonyRnn.POLYPHONY,
                PolyphonyDatasetPipeline.Limits.dataset()).extract(tune(48, 32));
        assertEquals(9, ex.examples().size());
        assertEquals("training_poly_tracks", PolyphonyDataset.TRAINING);
        assertEquals("eval_poly_tracks", PolyphonyDataset.EVAL);
    }
}
