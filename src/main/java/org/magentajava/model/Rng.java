package org.magentajava.model;

/**
 * SplitMix64: a tiny seeded generator whose whole state is one long, so a checkpoint can store it and a
 * resumed run draws the same dropout masks as an uninterrupted one.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    public long state() {
        return state;
    }

    public void setState(long state) {
        this.state = state;
    }

    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    public long nextLong() {
        return mix(state += GAMMA);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * What the {@code i}-th (0-based) {@link #nextDouble()} from state {@code start} returns. SplitMix64's state
     * only adds a constant per draw, so any draw can be computed directly: two threads can fill halves of
     * one dropout mask with the values a single thread would draw.
     */
    static double doubleAt(long start, long i) {
        return (mix(start + (i + 1) * GAMMA) >>> 11) * 0x1.0p-53;
    }

    /** Skips {@code n} draws. */
    void skip(long n) {
        state += n * GAMMA;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
