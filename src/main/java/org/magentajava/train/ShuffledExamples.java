package org.magentajava.train;

import org.magentajava.data.SequenceExamples;
import org.magentajava.io.BadInputException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The endless training stream: epoch after epoch over the file, each shuffled through a bounded buffer like
 * Magenta's RandomShuffleQueue (capacity 500), so memory stays at one buffer whatever the file size. The buffer
 * drains at the end of each epoch, so every usable record is handed out exactly once per epoch.
 *
 * <p>Resuming from a {@link DataPosition} replays the current epoch's shuffle up to the saved count (reading at
 * most one epoch of the file again) and continues with the identical sequence.
 */
final class ShuffledExamples implements Closeable {
    private final Path file;
    private final int inputSize;
    private final int numClasses;
    private final int capacity;
    private final SkipLog skips;
    private final long seed;
    private final List<SequenceExamples.Encoded> buffer = new ArrayList<>();
    private long epoch;
    private long taken;
    private SplitMix64 rng;
    private RecordSource source;
    private boolean sourceDone;

    ShuffledExamples(Path file, int inputSize, int numClasses, int capacity, DataPosition start, SkipLog skips)
            throws IOException {
        if (capacity < 1) {
            throw new IllegalArgumentException("shuffle capacity must be at least 1");
        }
        this.file = file;
        this.inputSize = inputSize;
        this.numClasses = numClasses;
        this.capacity = capacity;
        this.skips = skips;
        this.seed = start.seed();
        startEpoch(start.epoch());
        for (long i = 0; i < start.taken(); i++) {
            next();
        }
    }

    private void startEpoch(long e) throws IOException {
        if (source != null) {
            source.close();
        }
        epoch = e;
        taken = 0;
        rng = SplitMix64.forEpoch(seed, e);
        source = new RecordSource(file, inputSize, numClasses, skips);
        sourceDone = false;
        buffer.clear();
        fill();
    }

    private void fill() throws IOException {
        while (!sourceDone && buffer.size() < capacity) {
            SequenceExamples.Encoded m = source.next();
            if (m == null) {
                sourceDone = true;
            } else {
                buffer.add(m);
            }
        }
    }

    /** The next melody in shuffled order, moving to the next epoch when this one is used up. */
    SequenceExamples.Encoded next() throws IOException {
        if (buffer.isEmpty()) {
            if (source.good() > 0) {
                startEpoch(epoch + 1);
            }
            if (buffer.isEmpty()) {
                throw new BadInputException(file + ": no usable training records"
                        + (skips.first() == null ? " (the file is empty)" : "; first problem: " + skips.first()));
            }
        }
        int i = rng.nextInt(buffer.size());
        SequenceExamples.Encoded picked = buffer.get(i);
        // swap-remove keeps the dequeue O(1); the order stays a function of the seed
        buffer.set(i, buffer.get(buffer.size() - 1));
        buffer.remove(buffer.size() - 1);
        taken++;
        fill();
        return picked;
    }

    DataPosition position() {
        return new DataPosition(seed, epoch, taken);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
