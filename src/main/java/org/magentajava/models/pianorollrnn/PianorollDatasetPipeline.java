package org.magentajava.models.pianorollrnn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.magentajava.io.BadInputException;
import org.magentajava.notes.QuantizationException;
import org.magentajava.notes.TimeChangeSplitter;
import org.magentajava.pianoroll.EncodedRoll;
import org.magentajava.pianoroll.PianorollEncoderDecoder;
import org.magentajava.pianoroll.PianorollExtractor;
import org.magentajava.pianoroll.PianorollSequence;
import org.magentajava.pipeline.QuantizerStage;
import org.magentajava.pipeline.Statistics;
import org.magentajava.pipeline.TranspositionStage;
import org.magentajava.proto.NoteSequence;

/**
 * One NoteSequence through one branch of Magenta's pianoroll pipeline (pianoroll_pipeline.py):
 * TimeChangeSplitter → Quantizer → TranspositionPipeline → PianorollSequenceExtractor → encoder. A pure
 * function, safe to call from many threads; the caller splits train/eval and writes the examples.
 */
public final class PianorollDatasetPipeline {
    public static final String EXTRACTOR_STAGE = "PianorollExtractor";
    /** pianoroll_rnn_nade_create_dataset's transposition range: up to a major third either way. */
    public static final int MAGENTA_MIN_TRANSPOSITION = -4;
    public static final int MAGENTA_MAX_TRANSPOSITION = 4;

    /**
     * The pipeline's settings; {@link #magenta()} gives pianoroll_rnn_nade_create_dataset's.
     *
     * @param minSteps           shorter rolls are discarded (0: none)
     * @param maxSteps           longer rolls are truncated
     * @param minTransposition   lowest transposition in semitones (Magenta: −4)
     * @param maxTransposition   highest (Magenta: +4); 0,0 keeps every piece in its own key
     */
    public record Settings(int stepsPerQuarter, int minSteps, int maxSteps, int minTransposition,
                           int maxTransposition) {
        public Settings {
            if (stepsPerQuarter < 1) {
                throw new BadInputException("steps per quarter must be positive, got " + stepsPerQuarter);
            }
            if (minSteps < 0 || maxSteps < 1) {
                throw new BadInputException("min steps must be non-negative and max steps positive, got "
                        + minSteps + " and " + maxSteps);
            }
            if (minTransposition > maxTransposition || minTransposition < -127 || maxTransposition > 127) {
                throw new BadInputException("transposition range must be LO,HI with -127 <= LO <= HI <= 127, got "
                        + minTransposition + "," + maxTransposition);
            }
        }

        public static Settings magenta() {
            return new Settings(4, PianorollExtractor.DATASET_MIN_STEPS, PianorollExtractor.DATASET_MAX_STEPS,
                    MAGENTA_MIN_TRANSPOSITION, MAGENTA_MAX_TRANSPOSITION);
        }
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
    public static Result process(NoteSequence sequence, Settings settings) {
        Statistics stats = new Statistics();
        Set<String> reasons = new LinkedHashSet<>();
        List<EncodedRoll> out = new ArrayList<>();
        PianorollEncoderDecoder encoder = new PianorollEncoderDecoder();
        List<NoteSequence> pieces = TimeChangeSplitter.split(sequence);
        if (pieces.isEmpty()) {
            reasons.add("empty sequence");
        }
        for (NoteSequence piece : pieces) {
            NoteSequence quantized = QuantizerStage.run(piece, settings.stepsPerQuarter(), stats, reasons).sequence();
            if (quantized == null) {
                continue;
            }
            List<NoteSequence> transposed = TranspositionStage.run(quantized, settings.minTransposition(),
                    settings.maxTransposition(), stats);
            if (transposed.isEmpty()) {
                reasons.add("pitches out of range after transposition");
            }
            for (NoteSequence t : transposed) {
                PianorollExtractor.Result r = PianorollExtractor.extract(t, settings.minSteps(), settings.maxSteps());
                for (Map.Entry<String, Long> c : r.counters().entrySet()) {
                    stats.add(EXTRACTOR_STAGE, c.getKey(), c.getValue());
                }
                stats.addHistogram(EXTRACTOR_STAGE, r.lengthsInBars());
                if (r.counters().get(PianorollExtractor.MORE_THAN_1_PROGRAM) > 0) {
                    reasons.add("notes use more than one program");
                }
                if (r.counters().get(PianorollExtractor.TOO_SHORT) > 0) {
                    reasons.add("fewer than " + settings.minSteps() + " steps");
                }
                for (PianorollSequence roll : r.rolls()) {
                    out.add(encoder.encode(roll));
                }
            }
        }
        String reason = out.isEmpty() ? (reasons.isEmpty() ? "no piano roll" : String.join("; ", reasons)) : null;
        return new Result(List.copyOf(out), stats, reason);
    }
}
