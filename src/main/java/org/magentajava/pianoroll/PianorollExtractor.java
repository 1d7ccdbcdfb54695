package org.magentajava.pianoroll;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.magentajava.pipeline.Histogram;
import org.magentajava.notes.Quantization;
import org.magentajava.proto.NoteSequence;

/**
 * Magenta's extract_pianoroll_sequences: one 88-key roll per quantized sequence, discarded when its notes use
 * more than one program or it is shorter than {@code minSteps}, truncated to {@code maxSteps}.
 */
public final class PianorollExtractor {
    public static final String TRUNCATED_TOO_LONG = "pianoroll_tracks_truncated_too_long";
    public static final String TOO_SHORT = "pianoroll_tracks_discarded_too_short";
    public static final String TOO_LONG = "pianoroll_tracks_discarded_too_long";
    public static final String MORE_THAN_1_PROGRAM = "pianoroll_tracks_discarded_more_than_1_program";
    public static final String LENGTHS_IN_BARS = "pianoroll_track_lengths_in_bars";
    /** pianoroll_rnn_nade_create_dataset's limits: 5 bars of 16th notes, and 2048 steps. */
    public static final int DATASET_MIN_STEPS = 80;
    public static final int DATASET_MAX_STEPS = 2048;

    /**
     * @param rolls         zero or one roll
     * @param counters      Magenta's four counters, always present
     * @param lengthsInBars the kept roll's length before truncation, in whole bars
     */
    public record Result(List<PianorollSequence> rolls, Map<String, Long> counters, Histogram lengthsInBars) {
    }

    private PianorollExtractor() {
    }

    /**
     * @param minSteps shorter rolls are discarded (null: no limit)
     * @param maxSteps longer rolls are truncated (null: no limit)
     */
    public static Result extract(NoteSequence quantized, Integer minSteps, Integer maxSteps) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String name : List.of(TRUNCATED_TOO_LONG, TOO_SHORT, TOO_LONG, MORE_THAN_1_PROGRAM)) {
            counters.put(name, 0L);
        }
        Histogram lengths = new Histogram(LENGTHS_IN_BARS, 0, 1, 10, 20, 30, 40, 50, 100, 200, 500, 1000);
        double stepsPerBar = Quantization.stepsPerBar(quantized);
        Set<Integer> programs = new HashSet<>();
        for (NoteSequence.Note n : quantized.getNotesList()) {
            programs.add(n.getProgram());
        }
        if (programs.size() > 1) {
            counters.merge(MORE_THAN_1_PROGRAM, 1L, Long::sum);
            return new Result(List.of(), counters, lengths);
        }
        PianorollSequence roll = PianorollSequence.fromQuantized(quantized);
        int steps = roll.numSteps();
        if (minSteps != null && steps < minSteps) {
            counters.merge(TOO_SHORT, 1L, Long::sum);
            return new Result(List.of(), counters, lengths);
        }
        if (maxSteps != null && steps > maxSteps) {
            counters.merge(TRUNCATED_TOO_LONG, 1L, Long::sum);
            roll = roll.withLength(maxSteps);
        }
        lengths.increment(Math.floor(steps / stepsPerBar));
        return new Result(List.of(roll), counters, lengths);
    }
}
