package org.magentajava.analysis;

/** The note-length bins of the report, in steps (16th notes at 4 steps per quarter); the last bin is "other". */
public final class NoteLengths {
    /** 16th, 8th, dotted 8th, quarter, dotted quarter, half, dotted half, whole. */
    static final int[] BINS = {1, 2, 3, 4, 6, 8, 12, 16};
    private static final String[] NAMES = {"16th", "8th", "dotted 8th", "quarter", "dotted quarter", "half",
        "dotted half", "whole"};
    /** Number of bins, "other" included. */
    public static final int COUNT = BINS.length + 1;

    private NoteLengths() {
    }

    /** Which bin a duration falls in; {@code COUNT - 1} for any length not listed. */
    public static int bin(int duration) {
        for (int i = 0; i < BINS.length; i++) {
            if (BINS[i] == duration) {
                return i;
            }
        }
        return COUNT - 1;
    }

    /** "1", "2", ... "16", "other": the bins' names in JSON and tables. */
    public static String label(int bin) {
        return bin < BINS.length ? Integer.toString(BINS[bin]) : "other";
    }

    /** "2 steps (8th)" and the like, for tables (at 4 steps per quarter). */
    public static String description(int bin) {
        return bin < BINS.length ? BINS[bin] + (BINS[bin] == 1 ? " step (" : " steps (") + NAMES[bin] + ")"
                : "other";
    }

    /** Total-variation distance between two distributions: half the sum of absolute differences. */
    public static double totalVariation(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("distributions of different sizes");
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += Math.abs(p[i] - q[i]);
        }
        return sum / 2;
    }
}
