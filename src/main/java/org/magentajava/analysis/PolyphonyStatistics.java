package org.magentajava.analysis;

import java.util.Arrays;

/**
 * Statistics of a set of whole pieces (every voice) on a grid of steps, pooled over the set's analyzed steps:
 * how many notes sound per step, whether the notes stay in the key, whether the sounding sets are triads, and
 * whether voices move on their own (a moving inner voice under a held melody note) or only together (block
 * chords). {@link PolyphonyAnalysis#of} computes it; the README defines every figure.
 *
 * @param pieces              pieces analyzed
 * @param steps               analyzed steps
 * @param notesPerStepSum     sum over the steps of the number of distinct pitches sounding
 * @param notesPerStep        steps with 0, 1, ..., 7 and 8 or more pitches sounding ({@link #HISTOGRAM_BINS} bins)
 * @param notes               notes that start in the analyzed steps
 * @param inKeyNotes          those whose pitch class is in their piece's best-fitting major or harmonic minor scale
 * @param harmonicSteps       steps with at least two pitch classes sounding
 * @param triadicSteps        those whose pitch classes are {@link ChordQuality#triadic}
 * @param qualities           steps with notes sounding, per {@link ChordQuality}
 * @param changes             consecutive analyzed steps, both with notes, whose sounding pitches differ
 * @param partialChanges      those where some pitch sounds at both steps (held or struck again)
 * @param middlePairs         consecutive analyzed steps with three or more pitches at both
 * @param middleMoves         those whose middle pitches (all but the lowest and highest) differ
 */
public record PolyphonyStatistics(int pieces, long steps, long notesPerStepSum, long[] notesPerStep, long notes,
        long inKeyNotes, long harmonicSteps, long triadicSteps, long[] qualities, long changes, long partialChanges,
        long middlePairs, long middleMoves) {

    /** Bins of the notes-per-step histogram: 0..7 and "8 or more". */
    public static final int HISTOGRAM_BINS = 9;

    public PolyphonyStatistics {
        notesPerStep = notesPerStep.clone();
        qualities = qualities.clone();
        if (notesPerStep.length != HISTOGRAM_BINS || qualities.length != ChordQuality.values().length) {
            throw new IllegalArgumentException("wrong number of bins");
        }
    }

    @Override
    public long[] notesPerStep() {
        return notesPerStep.clone();
    }

    @Override
    public long[] qualities() {
        return qualities.clone();
    }

    /** "0" .. "7", "8+": the histogram's bin names. */
    public static String binLabel(int bin) {
        return bin == HISTOGRAM_BINS - 1 ? (HISTOGRAM_BINS - 1) + "+" : Integer.toString(bin);
    }

    public double meanNotesPerStep() {
        return SetStatistics.ratio(notesPerStepSum, steps);
    }

    /** Shares of the steps per histogram bin. */
    public double[] notesPerStepShares() {
        double[] out = new double[HISTOGRAM_BINS];
        for (int i = 0; i < out.length; i++) {
            out[i] = SetStatistics.ratio(notesPerStep[i], steps);
        }
        return out;
    }

    /** Share of the steps with 2, 3 or 4 pitches sounding. */
    public double twoToFourShare() {
        return SetStatistics.ratio(notesPerStep[2] + notesPerStep[3] + notesPerStep[4], steps);
    }

    public double inKeyShare() {
        return SetStatistics.ratio(inKeyNotes, notes);
    }

    /** Share of the steps with two or more pitch classes that sound a triad, part of one or its 7th chord. */
    public double triadicShare() {
        return SetStatistics.ratio(triadicSteps, harmonicSteps);
    }

    /** Shares of the sounding steps per {@link ChordQuality}, in its order. */
    public double[] qualityShares() {
        long total = Arrays.stream(qualities).sum();
        double[] out = new double[qualities.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = SetStatistics.ratio(qualities[i], total);
        }
        return out;
    }

    /** Share of the changes where some pitch sounds at both steps while others come or go. */
    public double partialChangeShare() {
        return SetStatistics.ratio(partialChanges, changes);
    }

    /** Share of the changes where no pitch sounds at both steps: every voice moves at once. */
    public double blockChangeShare() {
        return SetStatistics.ratio(changes - partialChanges, changes);
    }

    /** Share of the step pairs with middle voices at both steps where the middle pitches change. */
    public double middleVoiceMotion() {
        return SetStatistics.ratio(middleMoves, middlePairs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolyphonyStatistics s && pieces == s.pieces && steps == s.steps
                && notesPerStepSum == s.notesPerStepSum && Arrays.equals(notesPerStep, s.notesPerStep)
                && notes == s.notes && inKeyNotes == s.inKeyNotes && harmonicSteps == s.harmonicSteps
                && triadicSteps == s.triadicSteps && Arrays.equals(qualities, s.qualities) && changes == s.changes
                && partialChanges == s.partialChanges && middlePairs == s.middlePairs && middleMoves == s.middleMoves;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new long[] {pieces, steps, notesPerStepSum, notes, inKeyNotes, harmonicSteps,
            triadicSteps, changes, partialChanges, middlePairs, middleMoves, Arrays.hashCode(notesPerStep),
            Arrays.hashCode(qualities)});
    }

    @Override
    public String toString() {
        return "PolyphonyStatistics[pieces=" + pieces + ", steps=" + steps + "]";
    }
}
