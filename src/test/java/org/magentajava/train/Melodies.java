package org.magentajava.train;

import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Hand-made training records for the tests: learnable, and each carrying its id in the last input. */
public final class Melodies {
    static final int INPUT_SIZE = 5;
    static final int NUM_CLASSES = 4;
    static final int NO_EVENT = 1;

    private Melodies() {
    }

    /** Melody {@code id}: length 1 + id % 6; label at step t cycles through the classes; input one-hot of it. */
    static SequenceExamples.Encoded melody(int id) {
        int length = 1 + id % 6;
        float[][] inputs = new float[length][INPUT_SIZE];
        int[] labels = new int[length];
        for (int t = 0; t < length; t++) {
            labels[t] = (id + t * (1 + id % 3)) % NUM_CLASSES;
            inputs[t][labels[t]] = 1;
            inputs[t][INPUT_SIZE - 1] = id / 64f; // exact in float, small enough for SGD
        }
        return new SequenceExamples.Encoded(inputs, labels);
    }

    static int idOf(SequenceExamples.Encoded m) {
        return Math.round(m.inputs()[0][INPUT_SIZE - 1] * 64);
    }

    static List<SequenceExamples.Encoded> range(int count) {
        List<SequenceExamples.Encoded> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(melody(i));
        }
        return list;
    }

    static byte[] bytes(SequenceExamples.Encoded m) {
        return SequenceExamples.build(m.inputs(), m.labels()).toByteArray();
    }

    static Path write(Path file, List<SequenceExamples.Encoded> melodies) throws IOException {
        List<byte[]> records = new ArrayList<>();
        for (SequenceExamples.Encoded m : melodies) {
            records.add(bytes(m));
        }
        return writeRaw(file, records);
    }

    /** Writes {@code records} as a TFRecord file, as they are. */
    public static Path writeRaw(Path file, List<byte[]> records) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); TfRecordWriter w = new TfRecordWriter(out)) {
            for (byte[] r : records) {
                w.write(r);
            }
        }
        return file;
    }

    /** Byte offset of record {@code index} in a file written by {@link #writeRaw}. */
    static long offsetOf(List<byte[]> records, int index) {
        long offset = 0;
        for (int i = 0; i < index; i++) {
            offset += 12 + records.get(i).length + 4;
        }
        return offset;
    }
}
