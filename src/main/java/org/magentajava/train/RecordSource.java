package org.magentajava.train;

import com.google.protobuf.InvalidProtocolBufferException;
import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordReader;
import org.magentajava.proto.tf.SequenceExample;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One streaming pass over a SequenceExample TFRecord file, yielding the usable melodies in file order. Corrupt
 * framing, undecodable protos and records that do not fit the model (input width, label range, empty) are skipped
 * and reported to the {@link SkipLog}; they never stop the pass, except a broken length header, after which the
 * record boundaries are lost and the rest of the file is skipped.
 */
final class RecordSource implements Closeable {
    private final TfRecordReader reader;
    private final String file;
    private final int inputSize;
    private final int numClasses;
    private final SkipLog skips;
    private boolean ended;
    private long good;
    private long index = -1; // our own count: the reader does not count records that failed their CRC
    private final RowInterner rows = new RowInterner();

    RecordSource(Path file, int inputSize, int numClasses, SkipLog skips) throws IOException {
        this.reader = TfRecordReader.open(file);
        this.file = file.toString();
        this.inputSize = inputSize;
        this.numClasses = numClasses;
        this.skips = skips;
    }

    /** The next usable melody, or null at the end of the pass. */
    SequenceExamples.Encoded next() throws IOException {
        while (!ended) {
            byte[] bytes;
            index++;
            try {
                bytes = reader.next();
            } catch (TfRecordReader.CorruptRecordException e) {
                // Only a data-CRC mismatch leaves the reader after the bad record; any other framing error
                // loses the record boundaries.
                if (e.resumable()) {
                    skips.skip(file, e.offset(), e.getMessage() + " (record skipped)");
                    continue;
                }
                skips.skip(file, e.offset(), e.getMessage() + " (rest of the file skipped)");
                ended = true;
                return null;
            }
            if (bytes == null) {
                ended = true;
                return null;
            }
            String problem;
            try {
                SequenceExamples.Encoded melody = SequenceExamples.decode(SequenceExample.parseFrom(bytes));
                problem = fitProblem(melody);
                if (problem == null) {
                    good++;
                    return rows.intern(melody);
                }
            } catch (InvalidProtocolBufferException e) {
                problem = "not a SequenceExample (" + e.getMessage() + ")";
            } catch (IllegalArgumentException | ArithmeticException e) {
                problem = e.getMessage();
            }
            skips.skip(file, reader.recordOffset(), file + ": record " + index + " at byte "
                    + reader.recordOffset() + " skipped: " + problem);
        }
        return null;
    }

    private String fitProblem(SequenceExamples.Encoded melody) {
        if (melody.length() == 0) {
            return "empty sequence";
        }
        if (melody.inputSize() != inputSize) {
            return "its steps have " + melody.inputSize() + " inputs but the model takes " + inputSize
                    + " (was the dataset made with another " + skips.setting("config") + "?)";
        }
        if (melody.isMultiHot() && melody.targetWidth() != numClasses) {
            // also a one-class record with a stray second label value: skipped, as other malformed records are
            return "its steps have " + melody.targetWidth() + " label values but the model predicts " + numClasses
                    + " classes or keys";
        }
        for (int label : melody.labels()) {
            if (label < 0 || label >= numClasses) {
                return "label " + label + " is outside the model's " + numClasses + " classes";
            }
        }
        return null;
    }

    /**
     * Shares equal input rows between examples. Encoders emit one-hot or few-hot rows from a small set, so a
     * shuffle buffer of examples then holds a reference per step instead of a row of floats: a polyphony example
     * (~1,800 steps x 259 floats) shrinks from ~1.9 MB to ~8 KB. Rows are never written after decoding.
     */
    static final class RowInterner {
        /** Beyond this many distinct rows (real-valued inputs, say) rows are kept as decoded. */
        static final int MAX_DISTINCT = 1 << 14;
        private final Map<Row, float[]> seen = new HashMap<>();

        private record Row(float[] values, int hash) {
            Row(float[] values) {
                this(values, Arrays.hashCode(values));
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Row r && r.hash == hash && Arrays.equals(r.values, values);
            }

            @Override
            public int hashCode() {
                return hash;
            }
        }

        SequenceExamples.Encoded intern(SequenceExamples.Encoded example) {
            float[][] in = example.inputs();
            for (int t = 0; t < in.length; t++) {
                Row key = new Row(in[t]);
                float[] shared = seen.get(key);
                if (shared != null) {
                    in[t] = shared;
                } else if (seen.size() < MAX_DISTINCT) {
                    seen.put(key, in[t]);
                }
            }
            return example;
        }
    }

    /** Usable melodies returned so far in this pass. */
    long good() {
        return good;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
