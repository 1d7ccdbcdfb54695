package org.magentajava.models.pianorollrnn;

import java.util.List;
import org.magentajava.notes.QuantizationException;
import org.magentajava.pianoroll.EncodedRoll;
import org.magentajava.pianoroll.PianorollDatasetStages;
import org.magentajava.pianoroll.PianorollEncoderDecoder;
import org.magentajava.pianoroll.PianorollExtractor;
import org.magentajava.pianoroll.RollSettings;
import org.magentajava.pipeline.Statistics;
import org.magentajava.proto.NoteSequence;

/**
 * One NoteSequence through one branch of Magenta's pianoroll pipeline (pianoroll_pipeline.py):
 * TimeChangeSplitter → Quantizer → TranspositionPipeline → PianorollSequenceExtractor → encoder. A pure
 * function, safe to call from many threads; the caller splits train/eval and writes the examples.
 */
public final class PianorollDatasetPipeline {
    public static final String EXTRACTOR_STAGE = PianorollDatasetStages.EXTRACTOR_STAGE;
    /** pianoroll_rnn_nade_create_dataset's transposition range: up to a major third either way. */
    public static final int MAGENTA_MIN_TRANSPOSITION = -4;
    public static final int MAGENTA_MAX_TRANSPOSITION = 4;

    /** pianoroll_rnn_nade_create_dataset's settings. */
    public static RollSettings magentaSettings() {
        return new RollSettings(4, PianorollExtractor.DATASET_MIN_STEPS, PianorollExtractor.DATASET_MAX_STEPS,
                MAGENTA_MIN_TRANSPOSITION, MAGENTA_MAX_TRANSPOSITION);
    }

    /**
     * @param rolls      the examples in Magenta's order (split piece, then transposition low to high)
     * @param statistics what each stage counted, under Magenta's names
     * @param noneReason a short reason when {@code rolls} is empty, else null
     */
    public record Result(List<EncodedRoll> rolls, Statistics statistics, String noneReason) {
    }

    private PianorollDatasetPipeline() {
    }

    /** @throws QuantizationException with reason NEGATIVE_TIME, which Magenta's Quantizer does not catch either */
    public static Result process(NoteSequence sequence, RollSettings settings) {
        PianorollEncoderDecoder encoder = new PianorollEncoderDecoder();
        PianorollDatasetStages.Result r = PianorollDatasetStages.process(sequence, settings,
                (t, roll) -> encoder.encode(roll));
        return new Result(r.rolls(), r.statistics(), r.noneReason());
    }
}
