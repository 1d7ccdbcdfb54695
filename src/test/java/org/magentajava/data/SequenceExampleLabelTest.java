package org.magentajava.data;

import org.junit.jupiter.api.Test;
import org.magentajava.proto.tf.Feature;
import org.magentajava.proto.tf.FeatureList;
import org.magentajava.proto.tf.FeatureLists;
import org.magentajava.proto.tf.FloatList;
import org.magentajava.proto.tf.Int64List;
import org.magentajava.proto.tf.SequenceExample;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** decode's contract is IllegalArgumentException for any malformed record; inspect relies on it. */
class SequenceExampleLabelTest {
    static SequenceExample withLabel(long label) {
        return SequenceExample.newBuilder().setFeatureLists(FeatureLists.newBuilder()
                .putFeatureList(SequenceExamples.INPUTS, FeatureList.newBuilder()
                        .addFeature(Feature.newBuilder().setFloatList(FloatList.newBuilder().addValue(1))).build())
                .putFeatureList(SequenceExamples.LABELS, FeatureList.newBuilder()
                        .addFeature(Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(label))).build()))
                .build();
    }

    @Test
    void aLabelBeyondTheIntRangeIsAMalformedRecord() {
        for (long label : new long[] {1L << 40, Long.MIN_VALUE, Integer.MAX_VALUE + 1L}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SequenceExamples.decode(withLabel(label)));
            assertTrue(e.getMessage().contains("outside the int range"), e.getMessage());
        }
        SequenceExamples.decode(withLabel(Integer.MIN_VALUE)); // in range: the trainer's own check rejects it
    }
}
