package org.magentajava.models.polyphonyrnn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.magentajava.events.EncodedSequence;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.models.ModelConfig;
import org.magentajava.pipeline.QuantizerStage;
import org.magentajava.pipeline.Statistics;
import org.magentajava.pipeline.TranspositionStage;
import org.magentajava.notes.QuantizationException;
import org.magentajava.notes.TimeChangeSplitter;
import org.magentajava.poly.PolyphonicSequence;
import org.magentajava.poly.PolyphonyExtractor;
import org.magentajava.proto.NoteSequence;

/**
 * One NoteSequence through one branch of polyphony_rnn_create_dataset: TimeChangeSplitter → Quantizer →
 * TranspositionPipeline(−4..+4) → PolyphonicSequenceExtractor(80..512 steps) → EncoderPipeline. A pure
 * function, safe to call from many threads; the caller does the train/eval split and writes each encoded
 * sequence as a SequenceExample.
 */
public final class PolyphonyDatasetPipeline {

    public static final String EXTRACTOR_STAGE = "PolyExtractor";
    /** Magenta's transposition_range: up to a major third either way. */
    public static final int MIN_TRANSPOSITION = -4;
    public static final int MAX_TRANSPOSITION = 4;

    /** One training example: the extracted (transposed) sequence and its encoding. */
    public record EncodedPolyphony(PolyphonicSequence sequence, EncodedSequence encoded) {
    }

    /**
     * @param sequences  the examples in Magenta's order (split piece, transposition −4..+4)
     * @param statistics what each stage counted, with Magenta's names
     * @param noneReason a short reason when {@code sequences} is empty, else null
     */
    public record Result(List<EncodedPolyphony> sequences, Statistics statistics, String noneReason) {
    }

    /** The extractor's limits; Magenta's dataset uses 80 and 512. */
    public record Limits(Integer minSteps, Integer maxSteps) {
        public static Limits dataset() {
            return new Limits(PolyphonyExtractor.DATASET_MIN_STEPS, PolyphonyExtractor.DATASET_MAX_STEPS);
        }
    }

    private PolyphonyDatasetPipeline() {
    }

    public static Result process(NoteSequence sequence, ModelConfig config) {
        return process(sequence, config, Limits.dataset());
    }

    /**
     * @throws QuantizationException with reason NEGATIVE_TIME, which Magenta's Quantizer does not catch either
     */
    public static Result process(NoteSequence sequence, ModelConfig config, Limits limits) {
        Statistics stats = new Statistics();
        Set<String> reasons = new LinkedHashSet<>();
        List<EncodedPolyphony> out = new ArrayList<>();
        EncoderDecoder encoder = config.encoderDecoder();

        List<NoteSequence> pieces = TimeChangeSplitter.split(sequence);
        if (pieces.isEmpty()) {
            reasons.add("empty sequence");
        }
        for (NoteSequence piece : pieces) {
            NoteSequence quantized = QuantizerStage.run(piece, config.stepsPerQuarter(), stats, reasons).sequence();
            if (quantized == null) {
                continue;
            }
            List<NoteSequence> transposed = transpositions(quantized, stats);
            if (transposed.isEmpty()) {
                reasons.add("pitches out of range after transposition");
            }
            for (NoteSequence t : transposed) {
                PolyphonyExtractor.Result extraction =
                        PolyphonyExtractor.extract(t, 0, limits.minSteps(), limits.maxSteps());
                for (Map.Entry<String, Long> c : extraction.counters().entrySet()) {
                    stats.add(EXTRACTOR_STAGE, c.getKey(), c.getValue());
                }
                stats.addHistogram(EXTRACTOR_STAGE, extraction.lengthsInBars());
                Map<String, Long> c = extraction.counters();
                if (c.get(PolyphonyExtractor.MORE_THAN_1_PROGRAM) > 0) {
                    reasons.add("notes use more than one program");
                }
                if (c.get(PolyphonyExtractor.TOO_SHORT) > 0) {
                    reasons.add("fewer than " + limits.minSteps() + " steps");
                }
                if (c.get(PolyphonyExtractor.TOO_LONG) > 0) {
                    reasons.add("more than " + limits.maxSteps() + " steps");
                }
                for (PolyphonicSequence s : extraction.sequences()) {
                    out.add(new EncodedPolyphony(s, encoder.encode(s.events())));
                }
            }
        }
        String reason = out.isEmpty() ? (reasons.isEmpty() ? "no polyphonic sequence" : String.join("; ", reasons))
                : null;
        return new Result(List.copyOf(out), stats, reason);
    }

    /** Magenta's TranspositionPipeline over −4..+4 ({@link TranspositionStage}). */
    public static List<NoteSequence> transpositions(NoteSequence quantized, Statistics stats) {
        return TranspositionStage.run(quantized, MIN_TRANSPOSITION, MAX_TRANSPOSITION, stats);
    }
}
