package org.magentajava.data;

import org.junit.jupiter.api.Test;
import org.magentajava.proto.tf.SequenceExample;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SequenceExamplesTest {

    @Test
    void directSerializationIsByteIdenticalToProtobufs() throws Exception {
        Random rnd = new Random(11);
        for (int[] shape : new int[][]{{1, 38}, {5, 74}, {511, 121}, {40, 130}, {3, 0}, {0, 38}}) {
            float[][] inputs = new float[shape[0]][shape[1]];
            int[] labels = new int[shape[0]];
            for (int t = 0; t < shape[0]; t++) {
                for (int i = 0; i < shape[1]; i++) {
                    inputs[t][i] = rnd.nextInt(3) - 1;
                }
                labels[t] = rnd.nextInt(300);
            }
            byte[] expected = SequenceExamples.build(inputs, labels).toByteArray();
            assertArrayEquals(expected, SequenceExamples.serialize(inputs, labels), shape[0] + "x" + shape[1]);
        }
    }

    @Test
    void decodeInvertsBuild() throws Exception {
        float[][] inputs = {{1f, 0f, -1f}, {0f, 0.5f, 1f}};
        int[] labels = {2, 0};
        SequenceExamples.Encoded e = SequenceExamples.decode(
                SequenceExample.parseFrom(SequenceExamples.serialize(inputs, labels)));
        assertArrayEquals(labels, e.labels());
        assertArrayEquals(inputs[1], e.inputs()[1]);
        assertEquals(3, e.inputSize());
    }

    @Test
    void raggedInputsAreRejected() {
        SequenceExample ex = SequenceExamples.build(new float[][]{{1f, 0f}, {1f}}, new int[]{0, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SequenceExamples.decode(ex));
        assertEquals("step 1 has 1 inputs, step 0 has 2", e.getMessage());
    }
}
