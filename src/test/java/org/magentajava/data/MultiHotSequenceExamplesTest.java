package org.magentajava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magentajava.proto.tf.Feature;
import org.magentajava.proto.tf.FeatureList;
import org.magentajava.proto.tf.FeatureLists;
import org.magentajava.proto.tf.FloatList;
import org.magentajava.proto.tf.Int64List;
import org.magentajava.proto.tf.SequenceExample;

/** Piano-roll records: a 0/1 int64 per key in each step's label list. */
class MultiHotSequenceExamplesTest {
    private static final float[][] INPUTS = {{0, 0, 0}, {1, 0, 1}};
    private static final boolean[][] TARGETS = {{true, false, true}, {false, false, false}};

    private static SequenceExample viaProtobuf(float[][] inputs, long[][] labels) {
        FeatureList.Builder in = FeatureList.newBuilder();
        FeatureList.Builder out = FeatureList.newBuilder();
        for (int t = 0; t < inputs.length; t++) {
            FloatList.Builder fl = FloatList.newBuilder();
            for (float v : inputs[t]) {
                fl.addValue(v);
            }
            in.addFeature(Feature.newBuilder().setFloatList(fl));
            Int64List.Builder il = Int64List.newBuilder();
            for (long v : labels[t]) {
                il.addValue(v);
            }
            out.addFeature(Feature.newBuilder().setInt64List(il));
        }
        return SequenceExample.newBuilder().setFeatureLists(FeatureLists.newBuilder()
                .putFeatureList("inputs", in.build()).putFeatureList("labels", out.build())).build();
    }

    @Test
    void serializationMatchesProtobufAndDecodes() throws Exception {
        byte[] bytes = SequenceExamples.serializeMultiHot(INPUTS, TARGETS);
        assertArrayEquals(viaProtobuf(INPUTS, new long[][] {{1, 0, 1}, {0, 0, 0}}).toByteArray(), bytes);
        SequenceExamples.Encoded e = SequenceExamples.decode(SequenceExample.parseFrom(bytes));
        assertTrue(e.isMultiHot());
        assertEquals(3, e.targetWidth());
        assertEquals(2, e.length());
        assertArrayEquals(TARGETS, e.targets());
        assertArrayEquals(INPUTS, e.inputs());
        assertArrayEquals(new int[] {0, 0}, e.labels());
    }

    @Test
    void oneValuePerStepStaysAClassIndex() {
        SequenceExamples.Encoded e = SequenceExamples.decode(viaProtobuf(INPUTS, new long[][] {{2}, {0}}));
        assertFalse(e.isMultiHot());
        assertNull(e.targets());
        assertArrayEquals(new int[] {2, 0}, e.labels());
        assertEquals(0, e.targetWidth());
    }

    @Test
    void malformedMultiHotLabelsAreNamed() {
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> SequenceExamples.decode(viaProtobuf(INPUTS, new long[][] {{1, 0, 1}, {0, 1}})));
        assertEquals("step 1 has 2 labels, step 0 has 3", ragged.getMessage());
        IllegalArgumentException notBinary = assertThrows(IllegalArgumentException.class,
                () -> SequenceExamples.decode(viaProtobuf(INPUTS, new long[][] {{1, 0, 1}, {0, 2, 0}})));
        assertEquals("step 1 has label value 2 at key 1; a multi-hot label holds only 0 and 1", notBinary.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SequenceExamples.serializeMultiHot(new float[][] {{0}}, new boolean[][] {{true}}));
    }
}
