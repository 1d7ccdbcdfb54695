package org.magentajava.data;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import org.magentajava.proto.tf.Feature;
import org.magentajava.proto.tf.FeatureList;
import org.magentajava.proto.tf.FeatureLists;
import org.magentajava.proto.tf.FloatList;
import org.magentajava.proto.tf.Int64List;
import org.magentajava.proto.tf.SequenceExample;

/**
 * The training record Magenta's melody_rnn reads: a SequenceExample whose feature list "inputs" holds one float_list
 * per step and "labels" one int64_list of a single value per step. The context is left empty, as Magenta leaves it.
 * Piano-roll records hold a multi-hot key vector (0/1 per key, two keys or more) in each step's int64_list.
 */
public final class SequenceExamples {
    public static final String INPUTS = "inputs";
    public static final String LABELS = "labels";
    /** Narrowest multi-hot target: a one-value label list is a class index. */
    public static final int MIN_MULTI_HOT_WIDTH = 2;

    private SequenceExamples() {
    }

    public static SequenceExample build(float[][] inputs, int[] labels) {
        if (inputs.length != labels.length) {
            throw new IllegalArgumentException(inputs.length + " input steps but " + labels.length + " labels");
        }
        FeatureList.Builder in = FeatureList.newBuilder();
        FeatureList.Builder out = FeatureList.newBuilder();
        for (int t = 0; t < inputs.length; t++) {
            FloatList.Builder fl = FloatList.newBuilder();
            for (float v : inputs[t]) {
                fl.addValue(v);
            }
            in.addFeature(Feature.newBuilder().setFloatList(fl));
            out.addFeature(Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(labels[t])));
        }
        return SequenceExample.newBuilder()
                .setFeatureLists(FeatureLists.newBuilder()
                        .putFeatureList(INPUTS, in.build())
                        .putFeatureList(LABELS, out.build()))
                .build();
    }

    /**
     * The serialized bytes of {@link #build}(inputs, labels), written straight to the wire format: building
     * the protobuf object graph costs one object per float and dominated dataset creation. Byte-identical to
     * {@code build(inputs, labels).toByteArray()} (tested).
     */
    public static byte[] serialize(float[][] inputs, int[] labels) {
        if (inputs.length != labels.length) {
            throw new IllegalArgumentException(inputs.length + " input steps but " + labels.length + " labels");
        }
        return serialize(inputs, new LabelRows() {
            @Override
            public int width(int t) {
                return 1;
            }

            @Override
            public long value(int t, int i) {
                return labels[t];
            }
        });
    }

    /**
     * A piano-roll training record: "inputs" as {@link #serialize(float[][], int[])} writes them and "labels"
     * one int64_list per step holding the step's multi-hot key vector (0 or 1 for each of the width keys).
     */
    public static byte[] serializeMultiHot(float[][] inputs, boolean[][] targets) {
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException(inputs.length + " input steps but " + targets.length + " targets");
        }
        for (boolean[] row : targets) {
            if (row.length < MIN_MULTI_HOT_WIDTH) {
                throw new IllegalArgumentException("a multi-hot target needs at least " + MIN_MULTI_HOT_WIDTH
                        + " keys, got " + row.length);
            }
        }
        return serialize(inputs, new LabelRows() {
            @Override
            public int width(int t) {
                return targets[t].length;
            }

            @Override
            public long value(int t, int i) {
                return targets[t][i] ? 1 : 0;
            }
        });
    }

    /** The int64 values of each step's label list. */
    private interface LabelRows {
        int width(int t);

        long value(int t, int i);
    }

    private static int packedSize(LabelRows rows, int t) {
        int size = 0;
        for (int i = 0, w = rows.width(t); i < w; i++) {
            size += CodedOutputStream.computeInt64SizeNoTag(rows.value(t, i));
        }
        return size;
    }

    private static byte[] serialize(float[][] inputs, LabelRows labels) {
        int n = inputs.length;
        // Sizes, innermost first: FloatList{1: packed floats} inside Feature{2: FloatList}.
        int inputsListSize = 0;
        int[] floatListSizes = new int[n];
        for (int t = 0; t < n; t++) {
            int packed = inputs[t].length * 4;
            int floatList = packed == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(packed) + packed;
            floatListSizes[t] = floatList;
            int feature = 1 + CodedOutputStream.computeUInt32SizeNoTag(floatList) + floatList;
            inputsListSize += 1 + CodedOutputStream.computeUInt32SizeNoTag(feature) + feature;
        }
        int labelsListSize = 0;
        int[] int64ListSizes = new int[n];
        for (int t = 0; t < n; t++) {
            int packed = packedSize(labels, t);
            int int64List = 1 + CodedOutputStream.computeUInt32SizeNoTag(packed) + packed;
            int64ListSizes[t] = int64List;
            int feature = 1 + CodedOutputStream.computeUInt32SizeNoTag(int64List) + int64List;
            labelsListSize += 1 + CodedOutputStream.computeUInt32SizeNoTag(feature) + feature;
        }
        int inputsEntry = entrySize(INPUTS, inputsListSize);
        int labelsEntry = entrySize(LABELS, labelsListSize);
        int featureLists = 1 + CodedOutputStream.computeUInt32SizeNoTag(inputsEntry) + inputsEntry
                + 1 + CodedOutputStream.computeUInt32SizeNoTag(labelsEntry) + labelsEntry;
        int total = 1 + CodedOutputStream.computeUInt32SizeNoTag(featureLists) + featureLists;
        byte[] out = new byte[total];
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        try {
            cos.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED); // SequenceExample.feature_lists
            cos.writeUInt32NoTag(featureLists);
            writeEntryHeader(cos, INPUTS, inputsEntry, inputsListSize);
            for (int t = 0; t < n; t++) {
                cos.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED); // FeatureList.feature
                cos.writeUInt32NoTag(1 + CodedOutputStream.computeUInt32SizeNoTag(floatListSizes[t]) + floatListSizes[t]);
                cos.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED); // Feature.float_list
                cos.writeUInt32NoTag(floatListSizes[t]);
                if (inputs[t].length > 0) {
                    cos.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED); // FloatList.value, packed
                    cos.writeUInt32NoTag(inputs[t].length * 4);
                    for (float v : inputs[t]) {
                        cos.writeFloatNoTag(v);
                    }
                }
            }
            writeEntryHeader(cos, LABELS, labelsEntry, labelsListSize);
            for (int t = 0; t < n; t++) {
                cos.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                cos.writeUInt32NoTag(1 + CodedOutputStream.computeUInt32SizeNoTag(int64ListSizes[t]) + int64ListSizes[t]);
                cos.writeTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED); // Feature.int64_list
                cos.writeUInt32NoTag(int64ListSizes[t]);
                cos.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED); // Int64List.value, packed
                cos.writeUInt32NoTag(packedSize(labels, t));
                for (int i = 0, w = labels.width(t); i < w; i++) {
                    cos.writeInt64NoTag(labels.value(t, i));
                }
            }
            cos.checkNoSpaceLeft();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("size computation is wrong", e);
        }
        return out;
    }

    /** Size of a map entry {1: key, 2: FeatureList of the given content size}. */
    private static int entrySize(String key, int listContent) {
        int k = CodedOutputStream.computeStringSize(1, key);
        return k + 1 + CodedOutputStream.computeUInt32SizeNoTag(listContent) + listContent;
    }

    private static void writeEntryHeader(CodedOutputStream cos, String key, int entrySize, int listContent)
            throws java.io.IOException {
        cos.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED); // FeatureLists.feature_list map entry
        cos.writeUInt32NoTag(entrySize);
        cos.writeString(1, key);
        cos.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        cos.writeUInt32NoTag(listContent);
    }

    /**
     * A decoded training sequence: inputs[step][inputSize] and either one class per step in labels[step]
     * (targets null) or a multi-hot key set per step in targets[step][width] (labels then all 0).
     */
    public record Encoded(float[][] inputs, int[] labels, boolean[][] targets) {
        /** A sequence of one class per step. */
        public Encoded(float[][] inputs, int[] labels) {
            this(inputs, labels, null);
        }

        /** A sequence of multi-hot targets. */
        public static Encoded multiHot(float[][] inputs, boolean[][] targets) {
            return new Encoded(inputs, new int[targets.length], targets);
        }

        public int length() {
            return labels.length;
        }

        public int inputSize() {
            return inputs.length == 0 ? 0 : inputs[0].length;
        }

        public boolean isMultiHot() {
            return targets != null;
        }

        /** Keys per multi-hot target step; 0 for one class per step. */
        public int targetWidth() {
            return targets == null || targets.length == 0 ? 0 : targets[0].length;
        }
    }

    /** True when the record has the "inputs"/"labels" feature lists of a melody training record. */
    public static boolean looksLikeTrainingRecord(SequenceExample ex) {
        return ex.hasFeatureLists() && ex.getFeatureLists().containsFeatureList(INPUTS)
                && ex.getFeatureLists().containsFeatureList(LABELS);
    }

    /** Decodes a training record; a malformed one gives an IllegalArgumentException saying what is wrong. */
    public static Encoded decode(SequenceExample ex) {
        if (!looksLikeTrainingRecord(ex)) {
            throw new IllegalArgumentException("not a training SequenceExample (no \"inputs\"/\"labels\" feature lists)");
        }
        FeatureList in = ex.getFeatureLists().getFeatureListOrThrow(INPUTS);
        FeatureList out = ex.getFeatureLists().getFeatureListOrThrow(LABELS);
        int n = in.getFeatureCount();
        if (out.getFeatureCount() != n) {
            throw new IllegalArgumentException(n + " input steps but " + out.getFeatureCount() + " label steps");
        }
        float[][] inputs = new float[n][];
        int[] labels = new int[n];
        // A first step with two or more label values marks a multi-hot record (see serializeMultiHot).
        int width = n == 0 ? 1 : out.getFeature(0).getInt64List().getValueCount();
        boolean[][] targets = width >= MIN_MULTI_HOT_WIDTH ? new boolean[n][] : null;
        int size = -1;
        for (int t = 0; t < n; t++) {
            FloatList fl = in.getFeature(t).getFloatList();
            if (size < 0) {
                size = fl.getValueCount();
            } else if (fl.getValueCount() != size) {
                throw new IllegalArgumentException("step " + t + " has " + fl.getValueCount() + " inputs, step 0 has "
                        + size);
            }
            float[] row = new float[size];
            for (int i = 0; i < size; i++) {
                row[i] = fl.getValue(i);
            }
            inputs[t] = row;
            Int64List il = out.getFeature(t).getInt64List();
            if (targets != null) {
                targets[t] = multiHotRow(il, t, width);
                continue;
            }
            if (il.getValueCount() != 1) {
                throw new IllegalArgumentException("step " + t + " has " + il.getValueCount() + " labels, expected 1");
            }
            long label = il.getValue(0);
            if (label != (int) label) {
                throw new IllegalArgumentException("step " + t + " has label " + label + ", outside the int range");
            }
            labels[t] = (int) label;
        }
        return new Encoded(inputs, labels, targets);
    }

    private static boolean[] multiHotRow(Int64List il, int t, int width) {
        if (il.getValueCount() != width) {
            throw new IllegalArgumentException("step " + t + " has " + il.getValueCount() + " labels, step 0 has "
                    + width);
        }
        boolean[] row = new boolean[width];
        for (int i = 0; i < width; i++) {
            long v = il.getValue(i);
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException("step " + t + " has label value " + v + " at key " + i
                        + "; a multi-hot label holds only 0 and 1");
            }
            row[i] = v == 1;
        }
        return row;
    }
}
