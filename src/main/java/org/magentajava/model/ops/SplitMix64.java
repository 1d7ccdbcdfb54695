package org.magentajava.model.ops;

/**
 * SplitMix64's arithmetic (Steele, Lea and Flood 2014): the state only adds {@link #GAMMA} per draw, so the
 * i-th draw from any state can be computed directly, and several threads can fill parts of one dropout mask
 * with exactly the values a single thread would draw.
 */
public final class SplitMix64 {
    public static final long GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64() {}

    /** A generator the layers draw dropout masks from in bulk: they read its state, then skip what they used. */
    public interface Stream {
        long state();

        void skip(long draws);
    }

    /** The output function applied to a state. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A draw's 53 high bits as a double in [0, 1). */
    public static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** The {@code i}-th (0-based) double drawn from {@code start}. */
    public static double doubleAt(long start, long i) {
        return unit(mix(start + (i + 1) * GAMMA));
    }
}
