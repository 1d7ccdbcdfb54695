package org.magentajava.melody;

/**
 * Parameters of note_seq/magenta's extract_melodies. Null maxStepsTruncate / maxStepsDiscard mean "no limit"
 * (Python's None).
 *
 * @param searchStartStep where to start looking; assumed to be the first step of a bar
 * @param minBars shorter melodies are discarded
 * @param maxStepsTruncate longer melodies are cut to this length (to a bar line when padEnd)
 * @param maxStepsDiscard longer melodies are discarded
 * @param gapBars this many bars of silence end a melody
 * @param minUniquePitches melodies with fewer distinct pitch classes are discarded
 * @param ignorePolyphonicNotes keep the highest of simultaneous notes instead of discarding the track
 * @param padEnd round the melody's end up to a bar line
 * @param filterDrums skip drum notes
 */
public record ExtractionParams(long searchStartStep, int minBars, Integer maxStepsTruncate,
        Integer maxStepsDiscard, double gapBars, int minUniquePitches, boolean ignorePolyphonicNotes,
        boolean padEnd, boolean filterDrums) {

    public ExtractionParams {
        if (minBars < 0 || minUniquePitches < 0) {
            throw new IllegalArgumentException("minBars and minUniquePitches must be >= 0");
        }
        if (maxStepsTruncate != null && maxStepsTruncate < 0 || maxStepsDiscard != null && maxStepsDiscard < 0) {
            throw new IllegalArgumentException("step limits must be >= 0");
        }
    }

    /** extract_melodies' own defaults (note ignorePolyphonicNotes = true there). */
    public static ExtractionParams defaults() {
        return new ExtractionParams(0, 7, null, null, 1.0, 5, true, false, true);
    }

    /**
     * What melody_rnn_create_dataset's MelodyExtractor passes: min_bars 7, max_steps 512 (truncate),
     * min_unique_pitches 5, gap_bars 1.0 and ignore_polyphonic_notes False, so one chord ends a track.
     */
    public static ExtractionParams createDataset() {
        return new ExtractionParams(0, 7, 512, null, 1.0, 5, false, false, true);
    }

    /**
     * What MelodyRnnSequenceGenerator passes to find the primer melody: every note from the input section's
     * start (no gap ends it, min_bars 0, one pitch is enough, the highest of simultaneous notes kept).
     */
    public static ExtractionParams generatorPrimer(long searchStartStep) {
        return new ExtractionParams(searchStartStep, 0, null, null, Double.POSITIVE_INFINITY, 1, true, false, true);
    }
}
