package org.magentajava.pipeline;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Magenta's statistics.Histogram: counts over [lower, next lower) ranges, with an implicit first range from
 * negative infinity. Mutable; one instance belongs to one pipeline result.
 */
public final class Histogram {

    private final String name;
    private final double[] lowerBounds;
    private final long[] counts;

    /** @param buckets inclusive lower bounds in any order; duplicates are merged as Magenta's set() does */
    public Histogram(String name, double... buckets) {
        TreeSet<Double> sorted = new TreeSet<>();
        for (double b : buckets) {
            sorted.add(b);
        }
        this.name = name;
        this.lowerBounds = new double[sorted.size() + 1];
        this.lowerBounds[0] = Double.NEGATIVE_INFINITY;
        int i = 1;
        for (double b : sorted) {
            lowerBounds[i++] = b;
        }
        this.counts = new long[lowerBounds.length];
    }

    private Histogram(Histogram other) {
        this.name = other.name;
        this.lowerBounds = other.lowerBounds;
        this.counts = other.counts.clone();
    }

    public String name() {
        return name;
    }

    /** The bucket lower bounds, the first being negative infinity. */
    public double[] lowerBounds() {
        return lowerBounds.clone();
    }

    public long[] counts() {
        return counts.clone();
    }

    /** The count of the bucket whose range holds {@code value}. */
    public long countAt(double value) {
        return counts[bucketOf(value)];
    }

    public void increment(double value) {
        counts[bucketOf(value)]++;
    }

    private int bucketOf(double value) {
        int i = lowerBounds.length - 1;
        while (lowerBounds[i] > value) {
            i--;
        }
        return i;
    }

    public void mergeFrom(Histogram other) {
        if (!Arrays.equals(lowerBounds, other.lowerBounds)) {
            throw new IllegalArgumentException("Histogram buckets do not match for " + name);
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    public Histogram copy() {
        return new Histogram(this);
    }

    /** Magenta's pretty print: a "name:" line, then "  [lo,hi): n" for each non-empty bucket. */
    public String prettyPrint(String displayName) {
        StringBuilder out = new StringBuilder(displayName).append(':');
        for (int i = 0; i < lowerBounds.length; i++) {
            if (counts[i] != 0) {
                double hi = i + 1 < lowerBounds.length ? lowerBounds[i + 1] : Double.POSITIVE_INFINITY;
                out.append("\n  [").append(pythonNumber(lowerBounds[i])).append(',').append(pythonNumber(hi))
                        .append("): ").append(counts[i]);
            }
        }
        return out.toString();
    }

    private static String pythonNumber(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
