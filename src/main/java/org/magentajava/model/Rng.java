package org.magentajava.model;

import org.magentajava.model.ops.SplitMix64;

/**
 * SplitMix64: a tiny seeded generator whose whole state is one long, so a checkpoint can store it and a
 * resumed run draws the same dropout masks as an uninterrupted one.
 */
public final class Rng implements SplitMix64.Stream {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    @Override
    public long state() {
        return state;
    }

    public void setState(long state) {
        this.state = state;
    }

    public long nextLong() {
        return SplitMix64.mix(state += SplitMix64.GAMMA);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return SplitMix64.unit(nextLong());
    }

    /** What the {@code i}-th (0-based) {@link #nextDouble()} from state {@code start} returns. */
    static double doubleAt(long start, long i) {
        return SplitMix64.doubleAt(start, i);
    }

    /** Skips {@code n} draws. */
    @Override
    public void skip(long n) {
        state += n * SplitMix64.GAMMA;
    }
}
