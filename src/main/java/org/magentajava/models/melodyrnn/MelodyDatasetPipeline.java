package org.magentajava.models.melodyrnn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.magentajava.events.EncodedSequence;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.melody.ExtractionParams;
import org.magentajava.melody.Melody;
import org.magentajava.melody.MelodyExtractor;
import org.magentajava.melody.NonIntegerStepsPerBarException;
import org.magentajava.models.ModelConfig;
import org.magentajava.notes.QuantizationException;
import org.magentajava.notes.TimeChangeSplitter;
import org.magentajava.pipeline.QuantizerStage;
import org.magentajava.pipeline.Statistics;
import org.magentajava.proto.NoteSequence;

/**
 * One NoteSequence through one branch of melody_rnn_create_dataset: TimeChangeSplitter -> Quantizer ->
 * TranspositionPipeline([0]) -> MelodyExtractor -> EncoderPipeline (squash, then encode). A pure function:
 * no I/O, no shared state, safe to call from many threads. The caller does the random train/eval partition
 * and writes each {@link EncodedMelody} as a SequenceExample.
 */
public final class MelodyDatasetPipeline {

    static final String SKIPPED_RANGE = "skipped_due_to_range_exceeded";
    static final String TRANSPOSITIONS_GENERATED = "transpositions_generated";

    /** One training example: the squashed melody and its encoding. */
    public record EncodedMelody(Melody melody, EncodedSequence encoded) {
        public float[][] inputs() {
            return encoded.inputs();
        }

        public int[] labels() {
            return encoded.labels();
        }
    }

    /**
     * @param melodies the examples, in Magenta's order (split piece, instrument, time)
     * @param statistics what each stage counted, with Magenta's names (stage prefix and mode left to the caller)
     * @param noMelodyReason a short human reason when {@code melodies} is empty, else null
     * @param quantizerOutcomes one entry per split piece, in order: the reason the Quantizer discarded it, or
     *     empty when it was quantized. Magenta's Quantizer sets its statistics only on a discard, and its
     *     DAG re-reads them after every transform, so each later successful quantization in the same branch
     *     re-counts the last discard; a caller that wants Magenta's printed totals can replay that from here.
     */
    public record Result(List<EncodedMelody> melodies, Statistics statistics, String noMelodyReason,
            List<Optional<QuantizationException.Reason>> quantizerOutcomes) {
    }

    private MelodyDatasetPipeline() {
    }

    /** With melody_rnn_create_dataset's extraction parameters. */
    public static Result process(NoteSequence sequence, ModelConfig config) {
        return process(sequence, config, ExtractionParams.createDataset());
    }

    /**
     * @throws QuantizationException with reason NEGATIVE_TIME, which Magenta's Quantizer does not catch either
     * @throws org.magentajava.io.BadInputException for a note that ends before it starts (Magenta's
     *     BadNoteError, also uncaught there)
     */
    public static Result process(NoteSequence sequence, ModelConfig config, ExtractionParams params) {
        Statistics stats = new Statistics();
        Set<String> reasons = new LinkedHashSet<>();
        List<EncodedMelody> out = new ArrayList<>();
        List<Optional<QuantizationException.Reason>> outcomes = new ArrayList<>();
        EncoderDecoder encoder = config.encoderDecoder();

        List<NoteSequence> pieces = TimeChangeSplitter.split(sequence);
        if (pieces.isEmpty()) {
            reasons.add("empty sequence");
        }
        for (NoteSequence piece : pieces) {
            QuantizerStage q = QuantizerStage.run(piece, config.stepsPerQuarter(), stats, reasons);
            outcomes.add(Optional.ofNullable(q.discarded()));
            NoteSequence quantized = q.sequence();
            if (quantized == null) {
                continue;
            }

            // Transposition by 0 only drops sequences with non-drum pitches outside MIDI range.
            boolean inRange = pitchesInMidiRange(quantized);
            stats.add(Statistics.TRANSPOSITION, SKIPPED_RANGE, inRange ? 0 : 1);
            stats.add(Statistics.TRANSPOSITION, TRANSPOSITIONS_GENERATED, inRange ? 1 : 0);
            if (!inRange) {
                reasons.add("pitches outside 0..127");
                continue;
            }

            MelodyExtractor.Result extraction;
            try {
                extraction = MelodyExtractor.extractMelodies(quantized, params);
            } catch (NonIntegerStepsPerBarException e) {
                stats.add(Statistics.MELODY_EXTRACTOR, MelodyExtractor.NON_INTEGER_STEPS_PER_BAR, 1);
                reasons.add("non-integer steps per bar");
                continue;
            }
            for (Map.Entry<String, Long> counter : extraction.counters().entrySet()) {
                stats.add(Statistics.MELODY_EXTRACTOR, counter.getKey(), counter.getValue());
            }
            stats.addHistogram(Statistics.MELODY_EXTRACTOR, extraction.lengthsInBars());
            addExtractionReasons(extraction, params, reasons);

            for (Melody melody : extraction.melodies()) {
                Melody squashed = melody.squash(config.minNote(), config.maxNote(), config.transposeToKey());
                EncoderDecoder meter;
                try {
                    meter = encoder.forStepsPerBar(squashed.stepsPerBar());
                } catch (IllegalArgumentException e) {
                    reasons.add(squashed.stepsPerBar() + " steps per bar (" + config.name() + ": " + e.getMessage() + ")");
                    continue;
                }
                out.add(new EncodedMelody(squashed, meter.encode(squashed.events())));
            }
        }
        String reason = out.isEmpty() ? (reasons.isEmpty() ? "no melody" : String.join("; ", reasons)) : null;
        return new Result(List.copyOf(out), stats, reason, List.copyOf(outcomes));
    }

    private static boolean pitchesInMidiRange(NoteSequence sequence) {
        for (NoteSequence.Note note : sequence.getNotesList()) {
            if (!note.getIsDrum() && (note.getPitch() < Melody.MIN_MIDI_PITCH || note.getPitch() > Melody.MAX_MIDI_PITCH)) {
                return false;
            }
        }
        return true;
    }

    private static void addExtractionReasons(MelodyExtractor.Result extraction, ExtractionParams params,
            Set<String> reasons) {
        Map<String, Long> c = extraction.counters();
        if (c.get(MelodyExtractor.POLYPHONIC_TRACKS_DISCARDED) > 0) {
            reasons.add("polyphonic tracks");
        }
        if (c.get(MelodyExtractor.TOO_SHORT) > 0) {
            reasons.add("no melody >= " + params.minBars() + " bars");
        }
        if (c.get(MelodyExtractor.TOO_LONG) > 0) {
            reasons.add("melodies too long");
        }
        if (c.get(MelodyExtractor.TOO_FEW_PITCHES) > 0) {
            reasons.add("melodies with < " + params.minUniquePitches() + " pitch classes");
        }
    }
}
