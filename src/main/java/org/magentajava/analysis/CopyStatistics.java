package org.magentajava.analysis;

import java.util.Comparator;
import java.util.List;

/**
 * The copy check of a set of melodies against a training corpus.
 *
 * @param runs one per melody, in the set's order
 */
public record CopyStatistics(List<CopiedRun> runs) {

    /** The plagiarism threshold of issue 14's goals: a copied run this many bars long or more counts. */
    public static final double LONG_COPY_BARS = 4.0;

    public CopyStatistics {
        runs = List.copyOf(runs);
    }

    public static CopyStatistics of(CopyDetector detector, List<SourcedMelody> melodies) {
        return new CopyStatistics(melodies.stream().map(detector::longestCopy).toList());
    }

    /** The longest run of all, by notes, then by length in bars; null without melodies. */
    public CopiedRun longest() {
        return runs.stream().max(Comparator.comparingInt(CopiedRun::notes).thenComparingDouble(CopiedRun::bars))
                .orElse(null);
    }

    /** The run longest in bars; null without melodies. */
    public CopiedRun longestInBars() {
        return runs.stream().max(Comparator.comparingDouble(CopiedRun::bars).thenComparingInt(CopiedRun::notes))
                .orElse(null);
    }

    public double meanNotes() {
        return runs.stream().mapToInt(CopiedRun::notes).average().orElse(Double.NaN);
    }

    public double meanBars() {
        return runs.stream().mapToDouble(CopiedRun::bars).average().orElse(Double.NaN);
    }

    /** Melodies with a run of {@link #LONG_COPY_BARS} bars or more. */
    public long longCopies() {
        return runs.stream().filter(r -> r.bars() >= LONG_COPY_BARS).count();
    }
}
