package org.magentajava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.magentajava.io.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The sigmoid head: binary cross-entropy per key, masked by length, its gradient and its frame counts. */
class FrameLossTest {
    static final int KEYS = 4;

    static Batch randomMultiHot(Random r, int b, int t, int in, boolean ragged) {
        float[][][] x = new float[b][t][in];
        boolean[][][] y = new boolean[b][t][KEYS];
        int[] len = new int[b];
        for (int i = 0; i < b; i++) {
            len[i] = ragged ? 1 + r.nextInt(t) : t;
            for (int s = 0; s < t; s++) {
                for (int k = 0; k < in; k++) x[i][s][k] = r.nextBoolean() ? 1f : 0f;
                for (int k = 0; k < KEYS; k++) y[i][s][k] = r.nextInt(3) == 0;
            }
        }
        len[0] = t;
        return Batch.multiHot(x, y, len);
    }

    static LstmNetwork net(HParams hp, long seed) {
        return new LstmNetwork(3, KEYS, 0, hp, seed, DataType.DOUBLE, Head.SIGMOID);
    }

    /** The loss is the mean over valid steps of sum_k softplus(z) - y z, on the naive reference's logits. */
    @Test
    void lossIsSummedBinaryCrossEntropyOverValidSteps() {
        for (HParams hp : new HParams[] {LstmNetworkTest.BASIC, LstmNetworkTest.ATTN}) {
            LstmNetwork net = net(hp, 4);
            Batch batch = randomMultiHot(new Random(2), 3, 6, 3, true);
            double[][][] z = new ReferenceRnn(net).logits(batch.inputs());
            double sum = 0;
            long steps = 0;
            for (int b = 0; b < 3; b++) {
                for (int t = 0; t < batch.lengths()[b]; t++) {
                    steps++;
                    for (int k = 0; k < KEYS; k++) {
                        double p = 1 / (1 + Math.exp(-z[b][t][k]));
                        sum -= batch.targets()[b][t][k] ? Math.log(p) : Math.log(1 - p);
                    }
                }
            }
            Metrics m = net.evaluate(batch);
            assertEquals(steps, m.steps());
            assertEquals(sum / steps, m.loss(), 1e-12, hp.toString());
            assertEquals(sum, net.lastEventNllSum(), 1e-11);
        }
    }

    /** Zero weights and biases +2, -2, +2, -2: every step predicts keys {0, 2}; the counts follow by hand. */
    @Test
    void frameCountsByHand() {
        LstmNetwork net = net(LstmNetworkTest.BASIC, 1);
        net.parameters().values().forEach(p -> p.assign(0));
        INDArray bias = net.parameters().get("fully_connected/biases");
        for (int k = 0; k < KEYS; k++) bias.putScalar(k, k % 2 == 0 ? 2.0 : -2.0);
        boolean[][][] y = {
            {{true, false, true, false}, {true, true, false, false}, {false, false, false, false}},
            {{false, false, false, false}, {true, true, true, true}, {true, false, true, false}}};
        // sequence 1 is one step long: its later steps are padding and must not count
        Batch batch = Batch.multiHot(new float[2][3][3], y, new int[] {3, 1});
        Metrics m = net.evaluate(batch);
        // {0,2}: TP 2; {0,1}: TP 1, FP 1 (key 2), FN 1 (key 1); {}: FP 2; {} (sequence 1): FP 2
        assertEquals(4, m.steps());
        assertEquals(3, m.truePositives());
        assertEquals(5, m.falsePositives());
        assertEquals(1, m.falseNegatives());
        assertEquals(3.0 / 9.0, m.frameAccuracy(), 1e-15);
        assertEquals(1, m.correct());
        assertEquals(2, m.eventSteps());
        assertEquals(1, m.eventCorrect());
        // 16 keys over 4 steps: each costs -log sigmoid(2) = log(1 + e^-2), and the 6 wrong ones (FP + FN)
        // cost -log sigmoid(-2) = 2 + log(1 + e^-2)
        double nll = 16 * Math.log1p(Math.exp(-2)) + 6 * 2.0;
        assertEquals(nll / 4, m.loss(), 1e-14);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        for (HParams hp : new HParams[] {LstmNetworkTest.BASIC, LstmNetworkTest.ATTN,
                LstmNetworkTest.RESIDUAL.with("dropout_keep_prob=1.0")}) {
            LstmNetwork net = net(hp, 3);
            Batch batch = randomMultiHot(new Random(9), 2, 6, 3, true);
            net.computeGradients(batch, false);
            Map<String, INDArray> grads = new HashMap<>();
            net.gradients().forEach((k, v) -> grads.put(k, v.dup()));
            int checked = CentralDifferences.check(net, grads, n -> n.evaluate(batch).loss(), 5, hp.toString());
            assertTrue(checked >= 5 * 6);
        }
    }

    /** Targets and inputs past a sequence's length change neither the loss nor the gradient. */
    @Test
    void paddedStepsAreMasked() {
        LstmNetwork net = net(LstmNetworkTest.BASIC, 8);
        Batch batch = randomMultiHot(new Random(4), 2, 5, 3, false);
        Batch masked = Batch.multiHot(batch.inputs(), batch.targets(), new int[] {5, 2});
        double loss = net.computeGradients(masked, false).loss();
        INDArray g = net.gradients().get("fully_connected/weights").dup();
        for (int t = 2; t < 5; t++) {
            for (int k = 0; k < KEYS; k++) masked.targets()[1][t][k] = !masked.targets()[1][t][k];
            masked.inputs()[1][t][0] = 7f;
        }
        assertEquals(loss, net.computeGradients(masked, false).loss(), 0.0);
        assertEquals(g, net.gradients().get("fully_connected/weights"));
    }

    @Test
    void probabilitiesAreSigmoidsAndTheHeadSurvivesTheFile() throws IOException {
        LstmNetwork net = new LstmNetwork(3, KEYS, 0, LstmNetworkTest.BASIC, 5, DataType.FLOAT, Head.SIGMOID);
        Batch batch = randomMultiHot(new Random(1), 2, 3, 3, false);
        INDArray p = net.softmax(batch.inputs(), 1.0);
        double[][][] z = new ReferenceRnn(net).logits(batch.inputs());
        assertEquals(1 / (1 + Math.exp(-z[1][2][3])), p.getDouble(1, 2, 3), 1e-5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NetworkFile.write(net, bytes);
        assertEquals(0x4D4A4E32, java.nio.ByteBuffer.wrap(bytes.toByteArray()).getInt());
        LstmNetwork back = NetworkFile.read(new ByteArrayInputStream(bytes.toByteArray()), "mem");
        assertEquals(Head.SIGMOID, back.head());
        assertEquals(net.evaluate(batch).loss(), back.evaluate(batch).loss(), 0.0);

        ByteArrayOutputStream softmax = new ByteArrayOutputStream();
        NetworkFile.write(new LstmNetwork(3, KEYS, 0, LstmNetworkTest.BASIC, 5), softmax);
        assertEquals(0x4D4A4E31, java.nio.ByteBuffer.wrap(softmax.toByteArray()).getInt());

        byte[] bad = bytes.toByteArray().clone();
        bad[6] = 'X'; // the head tag "sigmoid" after the magic and the UTF length
        BadInputException e = assertThrows(BadInputException.class,
                () -> NetworkFile.read(new ByteArrayInputStream(bad), "mem"));
        assertEquals("mem: holds an LSTM network with a 'Xigmoid' head, which this version of magenta-java cannot read",
                e.getMessage());
        Batch oneClass = new Batch(batch.inputs(), new int[2][3], new int[] {3, 3});
        assertThrows(BadInputException.class, () -> net.evaluate(oneClass));
    }
}
