package org.magentajava.models;

import java.util.List;
import java.util.Set;
import org.magentajava.pianoroll.RollSettings;

/**
 * The extraction settings create-dataset knows, under Magenta's flag names; each family reads the ones it names
 * in {@link ModelFamily#datasetSettings()}. Zero melody step limits mean "no limit". The piano roll's
 * transposition_range is one setting held in two components (its low and high amounts in semitones).
 */
public record DatasetSettings(int minBars, int maxStepsTruncate, int maxStepsDiscard, int minUniquePitches,
        double gapBars, boolean ignorePolyphonicNotes, boolean padEnd, boolean filterDrums, int polyMinSteps,
        int polyMaxSteps, int stepsPerQuarter, int minSteps, int maxSteps, int minTransposition,
        int maxTransposition) {

    public static final String MIN_BARS = "min_bars";
    public static final String MAX_STEPS_TRUNCATE = "max_steps_truncate";
    public static final String MAX_STEPS_DISCARD = "max_steps_discard";
    public static final String MIN_UNIQUE_PITCHES = "min_unique_pitches";
    public static final String GAP_BARS = "gap_bars";
    public static final String IGNORE_POLYPHONIC_NOTES = "ignore_polyphonic_notes";
    public static final String PAD_END = "pad_end";
    public static final String FILTER_DRUMS = "filter_drums";
    public static final String POLY_MIN_STEPS = "poly_min_steps";
    public static final String POLY_MAX_STEPS = "poly_max_steps";
    public static final String STEPS_PER_QUARTER = "steps_per_quarter";
    public static final String MIN_STEPS = "min_steps";
    public static final String MAX_STEPS = "max_steps";
    public static final String TRANSPOSITION_RANGE = "transposition_range";

    /** Every setting name, in the order of the record. */
    public static final List<String> NAMES = List.of(MIN_BARS, MAX_STEPS_TRUNCATE, MAX_STEPS_DISCARD,
            MIN_UNIQUE_PITCHES, GAP_BARS, IGNORE_POLYPHONIC_NOTES, PAD_END, FILTER_DRUMS, POLY_MIN_STEPS, POLY_MAX_STEPS,
            STEPS_PER_QUARTER, MIN_STEPS, MAX_STEPS, TRANSPOSITION_RANGE);

    /** The piano-roll pipeline's settings, read by every family that trains on piano rolls. */
    public static final Set<String> PIANOROLL_SETTINGS = Set.of(STEPS_PER_QUARTER, MIN_STEPS, MAX_STEPS,
            TRANSPOSITION_RANGE);

    /** Setting {@code name} ({@link #NAMES}) as create-dataset's flag takes it: "4", "1.0", "true", "-4,4". */
    public String value(String name) {
        return switch (name) {
            case MIN_BARS -> String.valueOf(minBars);
            case MAX_STEPS_TRUNCATE -> String.valueOf(maxStepsTruncate);
            case MAX_STEPS_DISCARD -> String.valueOf(maxStepsDiscard);
            case MIN_UNIQUE_PITCHES -> String.valueOf(minUniquePitches);
            case GAP_BARS -> String.valueOf(gapBars);
            case IGNORE_POLYPHONIC_NOTES -> String.valueOf(ignorePolyphonicNotes);
            case PAD_END -> String.valueOf(padEnd);
            case FILTER_DRUMS -> String.valueOf(filterDrums);
            case POLY_MIN_STEPS -> String.valueOf(polyMinSteps);
            case POLY_MAX_STEPS -> String.valueOf(polyMaxSteps);
            case STEPS_PER_QUARTER -> String.valueOf(stepsPerQuarter);
            case MIN_STEPS -> String.valueOf(minSteps);
            case MAX_STEPS -> String.valueOf(maxSteps);
            case TRANSPOSITION_RANGE -> minTransposition + "," + maxTransposition;
            default -> throw new IllegalArgumentException("no dataset setting " + name);
        };
    }

    /**
     * The {@link #PIANOROLL_SETTINGS} as the piano-roll pipeline's typed record.
     *
     * @throws org.magentajava.io.BadInputException naming the first setting out of range
     */
    public RollSettings pianoroll() {
        return new RollSettings(stepsPerQuarter, minSteps, maxSteps, minTransposition, maxTransposition);
    }
}
