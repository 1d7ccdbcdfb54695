package org.magentajava.ngram;

/**
 * Counts of piano-roll frames by key and by whether the key sounded in the frame before: for each key and
 * previous state (silent, sounding), how many frames followed and in how many of them the key sounds. These are
 * all a per-key first-order Markov model needs, to fit and to be scored, so files are read once and not kept.
 * An accumulator: {@link #add} grows it; the copies it hands out are the caller's.
 */
public final class KeyTransitions {
    private final int keys;
    private final long[] followed; // [key * 2 + previous]
    private final long[] sounded;  // [key * 2 + previous]
    private long frames;

    public KeyTransitions(int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be at least 1, got " + keys);
        }
        this.keys = keys;
        this.followed = new long[2 * keys];
        this.sounded = new long[2 * keys];
    }

    /**
     * Counts one frame: {@code previous[k]} (a record's input, 1 for sounding, 0 for silent; the first frame's is
     * silence) and {@code now[k]} for the keys 0..keys−1; longer rows (biaxial's play row then its articulate row,
     * or its bar bits) are read up to {@code keys}.
     */
    public void add(float[] previous, boolean[] now) {
        if (previous.length < keys || now.length < keys) {
            throw new IllegalArgumentException("a frame of " + keys + " keys needs rows of " + keys + " values, got "
                    + previous.length + " inputs and " + now.length + " targets");
        }
        for (int k = 0; k < keys; k++) {
            int cell = 2 * k + (previous[k] > 0.5f ? 1 : 0);
            followed[cell]++;
            if (now[k]) {
                sounded[cell]++;
            }
        }
        frames++;
    }

    /** Adds {@code other}'s counts (same number of keys) to these. */
    public void addAll(KeyTransitions other) {
        if (other.keys != keys) {
            throw new IllegalArgumentException(other.keys + " keys added to " + keys);
        }
        for (int i = 0; i < followed.length; i++) {
            followed[i] += other.followed[i];
            sounded[i] += other.sounded[i];
        }
        frames += other.frames;
    }

    public int keys() {
        return keys;
    }

    /** Frames counted. */
    public long frames() {
        return frames;
    }

    /** Frames whose previous frame had {@code key} sounding ({@code previous} true) or silent. */
    public long followed(int key, boolean previous) {
        return followed[2 * key + (previous ? 1 : 0)];
    }

    /** Of those, the frames in which {@code key} sounds. */
    public long sounded(int key, boolean previous) {
        return sounded[2 * key + (previous ? 1 : 0)];
    }
}
