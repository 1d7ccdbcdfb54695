package org.magentajava.pianoroll;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.magentajava.notes.TimeChangeSplitter;
import org.magentajava.pipeline.QuantizerStage;
import org.magentajava.pipeline.Statistics;
import org.magentajava.pipeline.TranspositionStage;
import org.magentajava.proto.NoteSequence;

/**
 * The stages of Magenta's pianoroll pipeline (pianoroll_pipeline.py) up to the encoder: TimeChangeSplitter →
 * Quantizer → TranspositionPipeline → PianorollSequenceExtractor. The families that train on piano rolls
 * (pianoroll_rnn_nade, biaxial_rnn) differ only in how each extracted roll becomes an example, so they pass
 * that as a {@link RollEncoder}. A pure function, safe from many threads.
 */
public final class PianorollDatasetStages {
    /** The piano-roll extractor's statistics, under its stage name. */
    public static final String EXTRACTOR_STAGE = "PianorollExtractor";

    /** Turns one extracted roll into an example. */
    @FunctionalInterface
    public interface RollEncoder {
        /**
         * @param transposed the quantized, transposed piece the roll was extracted from
         * @param roll       the extracted (possibly truncated) roll
         */
        EncodedRoll encode(NoteSequence transposed, PianorollSequence roll);
    }

    /**
     * @param rolls      the examples in Magenta's order (split piece, then transposition low to high)
     * @param statistics what each stage counted, under Magenta's names
     * @param noneReason a short reason when {@code rolls} is empty, else null
     */
    public record Result(List<EncodedRoll> rolls, Statistics statistics, String noneReason) {
    }

    private PianorollDatasetStages() {
    }

    /**
     * Runs one sequence through the stages, encoding each roll.
     *
     * @throws org.magentajava.notes.QuantizationException with reason NEGATIVE_TIME, which Magenta's Quantizer does
     *                                                     not catch either
     */
    public static Result process(NoteSequence sequence, RollSettings settings, RollEncoder encoder) {
        Statistics stats = new Statistics();
        Set<String> reasons = new LinkedHashSet<>();
        List<EncodedRoll> out = new ArrayList<>();
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
                    settings.maxTransposition(),
                    stats);
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
                    out.add(encoder.encode(t, roll));
                }
            }
        }
        String reason = out.isEmpty() ? (reasons.isEmpty() ? "no piano roll" : String.join("; ", reasons)) : null;
        return new Result(List.copyOf(out), stats, reason);
    }
}
