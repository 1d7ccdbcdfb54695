package org.magentajava.train;

/**
 * Where the training data stream stands: the shuffle seed, the epoch and how many examples of that epoch have
 * been handed out. The shuffle order of an epoch is a pure function of (seed, epoch), so this small record is the
 * whole "RNG state" a checkpoint needs to continue the same batch sequence.
 */
public record DataPosition(long seed, long epoch, long taken) {
    public static DataPosition start(long seed) {
        return new DataPosition(seed, 0, 0);
    }
}
