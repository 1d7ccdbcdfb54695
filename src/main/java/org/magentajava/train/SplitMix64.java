package org.magentajava.train;

/** SplitMix64: a tiny generator whose output is fixed by its algorithm, unlike java.util.Random's contract. */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** An independent stream for one epoch of one seed. */
    static SplitMix64 forEpoch(long seed, long epoch) {
        SplitMix64 mixer = new SplitMix64(seed);
        return new SplitMix64(mixer.nextLong() ^ new SplitMix64(epoch * 0x632BE59BD9B4E019L).nextLong());
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound); the modulo bias is below 2^-32 for buffer-sized bounds. */
    int nextInt(int bound) {
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }
}
