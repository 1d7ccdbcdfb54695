package org.magentajava.poly;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.magentajava.pipeline.Histogram;
import org.magentajava.notes.Quantization;
import org.magentajava.proto.NoteSequence;

/**
 * polyphony_rnn's extract_polyphonic_sequences: at most one {@link PolyphonicSequence} per quantized
 * NoteSequence, from {@code startStep}, with Magenta's counters. A sequence whose notes use more than one
 * program is rejected whole; one with fewer than {@code minSteps} or more than {@code maxSteps} steps is
 * discarded.
 */
public final class PolyphonyExtractor {
    public static final String TOO_SHORT = "polyphonic_tracks_discarded_too_short";
    public static final String TOO_LONG = "polyphonic_tracks_discarded_too_long";
    public static final String MORE_THAN_1_PROGRAM = "polyphonic_tracks_discarded_more_than_1_program";
    public static final String LENGTHS_IN_BARS = "polyphonic_track_lengths_in_bars";

    /** polyphony_rnn_create_dataset's limits. */
    public static final int DATASET_MIN_STEPS = 80;
    public static final int DATASET_MAX_STEPS = 512;

    /**
     * @param sequences     zero or one sequence
     * @param counters      Magenta's three counters, always present
     * @param lengthsInBars the kept sequence's length in whole bars
     */
    public record Result(List<PolyphonicSequence> sequences, Map<String, Long> counters, Histogram lengthsInBars) {
    }

    private PolyphonyExtractor() {
    }

    /**
     * @param minSteps null for no lower limit
     * @param maxSteps null for no upper limit
     */
    public static Result extract(NoteSequence quantized, long startStep, Integer minSteps, Integer maxSteps) {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put(TOO_SHORT, 0L);
        counters.put(TOO_LONG, 0L);
        counters.put(MORE_THAN_1_PROGRAM, 0L);
        Histogram lengths = new Histogram(LENGTHS_IN_BARS, 0, 1, 10, 20, 30, 40, 50, 100, 200, 500, 1000);
        double stepsPerBar = Quantization.stepsPerBar(quantized);

        Set<Integer> programs = new HashSet<>();
        for (NoteSequence.Note note : quantized.getNotesList()) {
            programs.add(note.getProgram());
        }
        if (programs.size() > 1) {
            counters.merge(MORE_THAN_1_PROGRAM, 1L, Long::sum);
            return new Result(List.of(), counters, lengths);
        }
        PolyphonicSequence sequence = PolyphonicSequence.fromQuantized(quantized, startStep);
        int steps = sequence.numSteps();
        if (minSteps != null && steps < minSteps) {
            counters.merge(TOO_SHORT, 1L, Long::sum);
            return new Result(List.of(), counters, lengths);
        }
        if (maxSteps != null && steps > maxSteps) {
            counters.merge(TOO_LONG, 1L, Long::sum);
            return new Result(List.of(), counters, lengths);
        }
        lengths.increment(Math.floor(steps / stepsPerBar));
        return new Result(List.of(sequence), counters, lengths);
    }
}
