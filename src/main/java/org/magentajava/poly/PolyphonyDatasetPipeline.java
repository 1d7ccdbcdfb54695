package org.magentajava.poly;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.magentajava.melody.EncodedSequence;
import org.magentajava.melody.EncoderDecoder;
import org.magentajava.melody.MelodyConfig;
import org.magentajava.melody.QuantizerStage;
import org.magentajava.melody.Statistics;
import org.magentajava.notes.QuantizationException;
import org.magentajava.notes.TimeChangeSplitter;
import org.magentajava.proto.NoteSequence;

/**
 * One NoteSequence through one branch of polyphony_rnn_create_dataset: TimeChangeSplitter → Quantizer →
 * TranspositionPipeline(−4..+4) → PolyphonicSequenceExtractor(80..512 steps) → EncoderPipeline. A pure
 * function, safe to call from many threads; the caller does the train/eval split and writes each encoded
 * sequence as a SequenceExample.
 */
public final class PolyphonyDatasetPipeline {

    public static final String EXTRACTOR_STAGE = "PolyExtractor";
    static final String SKIPPED_RANGE = "skipped_due_to_range_exceeded";
    static final String TRANSPOSITIONS_GENERATED = "transpositions_generated";
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

    public static Result process(NoteSequence sequence, MelodyConfig config) {
        return process(sequence, config, Limits.dataset());
    }

    /**
     * @throws QuantizationException with reason NEGATIVE_TIME, which Magenta's Quantizer does not catch either
     */
    public static Result process(NoteSequence sequence, MelodyConfig config, Limits limits) {
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

    /**
     * Magenta's TranspositionPipeline over −4..+4: one copy per amount whose non-drum pitches all stay in
     * 0..127; each amount that leaves the range counts once in skipped_due_to_range_exceeded.
     */
    public static List<NoteSequence> transpositions(NoteSequence quantized, Statistics stats) {
        return transpositions(quantized, MIN_TRANSPOSITION, MAX_TRANSPOSITION, stats);
    }

    /** {@link #transpositions(NoteSequence, Statistics)} over the amounts min..max (the piano roll's flag). */
    public static List<NoteSequence> transpositions(NoteSequence quantized, int min, int max, Statistics stats) {
        List<NoteSequence> out = new ArrayList<>();
        long skipped = 0;
        for (int amount = min; amount <= max; amount++) {
            NoteSequence t = transpose(quantized, amount);
            if (t == null) {
                skipped++;
            } else {
                out.add(t);
            }
        }
        stats.add(Statistics.TRANSPOSITION, SKIPPED_RANGE, skipped);
        stats.add(Statistics.TRANSPOSITION, TRANSPOSITIONS_GENERATED, out.size());
        return out;
    }

    /** The sequence with every non-drum note moved by {@code amount}, or null if one leaves 0..127. */
    public static NoteSequence transpose(NoteSequence sequence, int amount) {
        if (amount == 0) {
            for (NoteSequence.Note n : sequence.getNotesList()) {
                if (!n.getIsDrum() && (n.getPitch() < 0 || n.getPitch() > 127)) {
                    return null;
                }
            }
            return sequence;
        }
        NoteSequence.Builder b = sequence.toBuilder();
        for (NoteSequence.Note.Builder n : b.getNotesBuilderList()) {
            if (!n.getIsDrum()) {
                int p = n.getPitch() + amount;
                if (p < 0 || p > 127) {
                    return null;
                }
                n.setPitch(p);
            }
        }
        return b.build();
    }
}
