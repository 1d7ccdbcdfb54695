package org.magentajava.analysis;

import java.util.Arrays;

/**
 * Statistics of a set of melodies. Shares (repeated pitch, note lengths, empty beats, bar repetition) pool the
 * counts of all melodies; entropy, range and scale consistency are means over melodies that have a note, since
 * a pooled pitch-class histogram would mix keys.
 *
 * @param melodies              melodies analyzed
 * @param notes                 notes analyzed
 * @param pitchClassEntropy     mean Shannon entropy of each melody's pitch-class histogram, bits (0..log2 12)
 * @param pitchRange            mean highest minus lowest pitch, semitones
 * @param scaleConsistency      mean share of a melody's notes in its best-fitting major (= natural minor) scale
 * @param repeatedPitchPairs    consecutive note pairs with the same pitch
 * @param notePairs             consecutive note pairs
 * @param noteLengthCounts      notes per {@link NoteLengths} bin
 * @param emptyBeats            quarter-note beats in which no note starts
 * @param beats                 quarter-note beats
 * @param barRepeats            per lag of {@link #LAGS}: bars identical to the bar that many bars earlier
 * @param barPairs              per lag: bars that have a bar that many bars earlier
 * @param barsEqualEarlier      bars identical to any earlier bar of the same melody
 * @param barsWithEarlier       bars that have an earlier bar
 * @param scaleDegreeCounts     notes per pitch class relative to the tonic of the melody's best-fitting major scale
 */
public record SetStatistics(int melodies, long notes, double pitchClassEntropy, double pitchRange,
        double scaleConsistency, long repeatedPitchPairs, long notePairs, long[] noteLengthCounts, long emptyBeats,
        long beats, long[] barRepeats, long[] barPairs, long barsEqualEarlier, long barsWithEarlier,
        long[] scaleDegreeCounts) {

    /** Bar-repetition lags, in bars of each melody's own meter. */
    public static final int[] LAGS = {1, 2, 4, 8};

    public SetStatistics {
        noteLengthCounts = noteLengthCounts.clone();
        barRepeats = barRepeats.clone();
        barPairs = barPairs.clone();
        scaleDegreeCounts = scaleDegreeCounts.clone();
        if (noteLengthCounts.length != NoteLengths.COUNT || barRepeats.length != LAGS.length
                || barPairs.length != LAGS.length || scaleDegreeCounts.length != 12) {
            throw new IllegalArgumentException("wrong number of bins");
        }
    }

    @Override
    public long[] noteLengthCounts() {
        return noteLengthCounts.clone();
    }

    @Override
    public long[] barRepeats() {
        return barRepeats.clone();
    }

    @Override
    public long[] barPairs() {
        return barPairs.clone();
    }

    @Override
    public long[] scaleDegreeCounts() {
        return scaleDegreeCounts.clone();
    }

    public double repeatedPitchShare() {
        return ratio(repeatedPitchPairs, notePairs);
    }

    public double emptyBeatRate() {
        return ratio(emptyBeats, beats);
    }

    /** Share of bars equal to the bar {@code LAGS[lagIndex]} bars earlier. */
    public double barRepetition(int lagIndex) {
        return ratio(barRepeats[lagIndex], barPairs[lagIndex]);
    }

    public double barEqualsAnyEarlier() {
        return ratio(barsEqualEarlier, barsWithEarlier);
    }

    /** The note-length distribution: shares per bin, summing to 1 (all 0 without notes). */
    public double[] noteLengthShares() {
        return shares(noteLengthCounts);
    }

    public double[] scaleDegreeShares() {
        return shares(scaleDegreeCounts);
    }

    private static double[] shares(long[] counts) {
        long total = Arrays.stream(counts).sum();
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = ratio(counts[i], total);
        }
        return out;
    }

    /** NaN for 0/0, so an absent figure never reads as a measured zero. */
    static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SetStatistics s && melodies == s.melodies && notes == s.notes
                && Double.compare(pitchClassEntropy, s.pitchClassEntropy) == 0
                && Double.compare(pitchRange, s.pitchRange) == 0
                && Double.compare(scaleConsistency, s.scaleConsistency) == 0
                && repeatedPitchPairs == s.repeatedPitchPairs && notePairs == s.notePairs
                && Arrays.equals(noteLengthCounts, s.noteLengthCounts) && emptyBeats == s.emptyBeats
                && beats == s.beats && Arrays.equals(barRepeats, s.barRepeats) && Arrays.equals(barPairs, s.barPairs)
                && barsEqualEarlier == s.barsEqualEarlier && barsWithEarlier == s.barsWithEarlier
                && Arrays.equals(scaleDegreeCounts, s.scaleDegreeCounts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new long[] {melodies, notes, repeatedPitchPairs, notePairs, emptyBeats, beats,
                barsEqualEarlier, barsWithEarlier, Arrays.hashCode(noteLengthCounts), Arrays.hashCode(barRepeats)});
    }

    @Override
    public String toString() {
        return "SetStatistics[melodies=" + melodies + ", notes=" + notes + "]";
    }
}
