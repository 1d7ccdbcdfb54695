package org.magentajava.analysis;

import java.util.Arrays;
import java.util.List;

/** Computes {@link PolyphonyStatistics} over whole pieces; a pure function. */
public final class PolyphonyAnalysis {

    /** The scales a piece's key is fitted to, as pitch classes above the tonic. */
    private static final int[][] SCALES = {
        {0, 2, 4, 5, 7, 9, 11}, // major (and natural minor, the same set)
        {0, 2, 3, 5, 7, 8, 11}, // harmonic minor: the raised 7th that minor folk tunes and chorales lead with
    };

    private PolyphonyAnalysis() {
    }

    public static PolyphonyStatistics of(List<PolyphonicPiece> pieces) {
        long steps = 0;
        long notesPerStepSum = 0;
        long[] histogram = new long[PolyphonyStatistics.HISTOGRAM_BINS];
        long notes = 0;
        long inKey = 0;
        long harmonic = 0;
        long triadic = 0;
        long[] qualities = new long[ChordQuality.values().length];
        long changes = 0;
        long partial = 0;
        long middlePairs = 0;
        long middleMoves = 0;
        for (PolyphonicPiece piece : pieces) {
            int[][] sounding = piece.soundingPitches();
            for (int t = piece.fromStep(); t < piece.length(); t++) {
                int[] now = sounding[t];
                steps++;
                notesPerStepSum += now.length;
                histogram[Math.min(now.length, PolyphonyStatistics.HISTOGRAM_BINS - 1)]++;
                if (now.length > 0) {
                    int mask = ChordQuality.maskOf(now);
                    qualities[ChordQuality.of(mask).ordinal()]++;
                    if (Integer.bitCount(mask) >= 2) {
                        harmonic++;
                        triadic += ChordQuality.triadic(mask) ? 1 : 0;
                    }
                }
                if (t == piece.fromStep()) {
                    continue;
                }
                int[] before = sounding[t - 1];
                if (before.length > 0 && now.length > 0 && !Arrays.equals(before, now)) {
                    changes++;
                    partial += shareAPitch(before, now) ? 1 : 0;
                }
                if (before.length >= 3 && now.length >= 3) {
                    middlePairs++;
                    middleMoves += Arrays.equals(before, 1, before.length - 1, now, 1, now.length - 1) ? 0 : 1;
                }
            }
            List<MelodyNote> analyzed = piece.analyzedNotes();
            int[] pitchClasses = new int[12];
            for (MelodyNote n : analyzed) {
                pitchClasses[n.pitch() % 12]++;
            }
            notes += analyzed.size();
            inKey += bestScaleCount(pitchClasses);
        }
        return new PolyphonyStatistics(pieces.size(), steps, notesPerStepSum, histogram, notes, inKey, harmonic,
                triadic, qualities, changes, partial, middlePairs, middleMoves);
    }

    /** Notes in the best-fitting scale: the most notes any major or harmonic minor scale on any tonic holds. */
    static int bestScaleCount(int[] pitchClasses) {
        int best = 0;
        for (int[] scale : SCALES) {
            for (int tonic = 0; tonic < 12; tonic++) {
                int in = 0;
                for (int degree : scale) {
                    in += pitchClasses[(tonic + degree) % 12];
                }
                best = Math.max(best, in);
            }
        }
        return best;
    }

    private static boolean shareAPitch(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                return true;
            }
            if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return false;
    }
}
