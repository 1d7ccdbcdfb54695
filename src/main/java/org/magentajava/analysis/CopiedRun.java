package org.magentajava.analysis;

/**
 * The longest run of a melody's notes found verbatim in a training tune, up to transposition: the same pitch
 * intervals, onset distances and durations, note for note.
 *
 * @param melody      the analyzed melody's source
 * @param notes       notes in the run (1 when not even two consecutive notes match; 0 for a melody without notes)
 * @param steps       from the first copied note's onset to the last one's end
 * @param bars        {@code steps} in bars of the melody's meter
 * @param tune        the training tune it matches (its source), or "" when {@code notes < 2}
 * @param melodyNote  index of the run's first note among the melody's analyzed notes
 * @param tuneNote    index of the matching first note in the training tune
 * @param transposition semitones to add to the tune's notes to get the melody's
 */
public record CopiedRun(String melody, int notes, int steps, double bars, String tune, int melodyNote, int tuneNote,
        int transposition) {
}
