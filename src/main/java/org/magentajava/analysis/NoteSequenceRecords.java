package org.magentajava.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import com.google.protobuf.InvalidProtocolBufferException;
import org.magentajava.data.DatasetBuilder;
import org.magentajava.data.TfRecordReader;
import org.magentajava.io.BadInputException;
import org.magentajava.proto.NoteSequence;

/**
 * The NoteSequences of a TFRecord (convert-dir's output) in create-dataset's split, one at a time: what the
 * melody and the polyphonic readers share.
 */
final class NoteSequenceRecords {

    /** What a reader does with one NoteSequence of the split. */
    @FunctionalInterface
    interface Visitor {
        /**
         * @param name the NoteSequence's filename, or its id without one
         * @return whether it gave anything to analyze
         * @throws BadInputException when it cannot be used: counted as giving nothing, and named in the problems
         */
        boolean visit(String name, NoteSequence sequence);
    }

    /** Sources in the split, and those that gave nothing. */
    record Counts(int sources, int withoutResult) {
    }

    private NoteSequenceRecords() {
    }

    /**
     * @param problems receives one line per record that could not be used
     * @throws BadInputException when the file is not a NoteSequence TFRecord
     */
    static Counts forEach(Path path, CorpusOptions options, List<String> problems, Visitor visitor)
            throws IOException {
        int sources = 0;
        int without = 0;
        try (TfRecordReader reader = TfRecordReader.open(path)) {
            long index = 0;
            while (true) {
                byte[] rec;
                try {
                    rec = reader.next();
                } catch (TfRecordReader.CorruptRecordException e) {
                    if (index == 0 && sources == 0) {
                        throw new BadInputException(path + ": neither a MIDI file nor a NoteSequence TFRecord ("
                                + e.getMessage() + ")", e);
                    }
                    if (!e.resumable()) {
                        throw e;
                    }
                    // create-dataset counts a skipped record too, so later records keep their split keys
                    problems.add(e.getMessage());
                    index++;
                    continue;
                }
                if (rec == null) {
                    break;
                }
                long record = index++;
                NoteSequence ns;
                try {
                    ns = NoteSequence.parseFrom(rec);
                } catch (InvalidProtocolBufferException e) {
                    throw new BadInputException(path + ": record " + record + " is not a NoteSequence ("
                            + e.getMessage() + "); analyze reads convert-dir's NoteSequences, not create-dataset's "
                            + "SequenceExamples");
                }
                DatasetBuilder.Split split = DatasetBuilder.splitOf(DatasetBuilder.splitKey(ns, record),
                        options.seed(), options.evalRatio(), options.devRatio());
                if (options.split() != CorpusOptions.Split.ALL && !options.split().name().equals(split.name())) {
                    continue;
                }
                sources++;
                String name = ns.getFilename().isEmpty() ? ns.getId() : ns.getFilename();
                try {
                    if (!visitor.visit(name, ns)) {
                        without++;
                    }
                } catch (BadInputException e) {
                    without++;
                    problems.add(path + ": record " + record + " (" + name + "): " + e.getMessage());
                }
            }
        }
        return new Counts(sources, without);
    }
}
