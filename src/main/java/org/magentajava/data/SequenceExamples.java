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
 */
public final class SequenceExamples {
    public static final String INPUTS = "inputs";
    public static final String LABELS = "labels";

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
        int n = inputs.length;
        if (n != labels.length) {
            throw new IllegalArgumentException(n + " input steps but " + labels.length + " labels");
        }
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
            int packed = CodedOutputStream.computeInt64SizeNoTag(labels[t]);
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
                cos.writeUInt32NoTag(CodedOutputStream.computeInt64SizeNoTag(labels[t]));
                cos.writeInt64NoTag(labels[t]);
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

    /** A decoded training sequence: inputs[step][inputSize] and labels[step]. */
    public record Encoded(float[][] inputs, int[] labels) {
        public int length() {
            return labels.length;
        }

        public int inputSize() {
            return inputs.length == 0 ? 0 : inputs[0].length;
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
            if (il.getValueCount() != 1) {
                throw new IllegalArgumentException("step " + t + " has " + il.getValueCount() + " labels, expected 1");
            }
            long label = il.getValue(0);
            if (label != (int) label) {
                throw new IllegalArgumentException("step " + t + " has label " + label + ", outside the int range");
            }
            labels[t] = (int) label;
        }
        return new Encoded(inputs, labels);
    }
}
