package org.magentajava.train;

import org.magentajava.data.SequenceExamples;
import org.magentajava.io.BadInputException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One pass over the records of a SequenceExample file that evaluate would use, in file order, for code outside
 * the trainer that must see the same records (the counting baselines): the same checks, and a record that fails
 * them is skipped and reported to the {@link SkipLog} as evaluate reports it.
 */
public final class UsableRecords {
    private UsableRecords() {
    }

    /**
     * Hands each usable record of {@code file} to {@code each} and returns how many there were.
     *
     * @param inputSize   inputs per step a record must have
     * @param targetWidth label values per step of a multi-hot record (keys), or the class count of a one-class one
     * @throws BadInputException when no record is usable, naming the first problem
     */
    public static long forEach(Path file, int inputSize, int targetWidth, SkipLog skips,
                               Consumer<SequenceExamples.Encoded> each) throws IOException {
        long used = 0;
        try (RecordSource source = new RecordSource(file, inputSize, targetWidth, skips)) {
            for (SequenceExamples.Encoded record = source.next(); record != null; record = source.next()) {
                each.accept(record);
                used++;
            }
        }
        if (used == 0) {
            String why = skips.first() == null ? "" : " (first problem: " + skips.first() + ")";
            throw new BadInputException(file + ": no usable record" + why);
        }
        return used;
    }
}
