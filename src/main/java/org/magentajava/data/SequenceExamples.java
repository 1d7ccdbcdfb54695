package org.magentajava.data;

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
            labels[t] = Math.toIntExact(il.getValue(0));
        }
        return new Encoded(inputs, labels);
    }
}
