package org.magentajava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J as an independent reference: the same weights in DL4J's LSTM layer + softmax output layer and in our
 * one-layer {@link LstmNetwork} give the same probabilities and the same gradients, in double precision.
 *
 * <p>The weights differ only in layout. Ours follow Magenta's BasicLSTMCell: one kernel over [x, h] with
 * gate columns i (input gate), j (candidate), f (forget), o (output), and a forget bias of 1 added inside the
 * cell. DL4J's LSTM keeps input (W) and recurrent (RW) weights apart with gate blocks in the order candidate,
 * forget, output, input gate, and no built-in forget bias, so the constant goes into DL4J's forget bias.
 */
class DeepLearning4jLstmTest {
    private static final int B = 3;
    private static final int T = 6;
    private static final int IN = 4;
    private static final int H = 5;
    private static final int C = 7;
    private static final String CELL = "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/";

    /** Our gate column block (i=0, j=1, f=2, o=3) that fills DL4J's block 0..3. */
    private static final int[] OURS_FOR_DL4J = {1, 2, 3, 0};

    @Test
    void probabilitiesAndGradientsMatchDl4jLstm() {
        LstmNetwork ours = new LstmNetwork(IN, C, 0,
                HParams.parse("rnn_layer_sizes=[" + H + "],dropout_keep_prob=1.0,attn_length=0"), 17, DataType.DOUBLE);
        Random r = new Random(3);
        Map<String, INDArray> p = ours.parameters();
        p.values().forEach(a -> a.assign(Nd4j.rand(DataType.DOUBLE, a.shape()).subi(0.5).muli(1.6)));
        MultiLayerNetwork dl4j = dl4jNetwork();
        copyWeights(p, dl4j);

        Batch batch = LstmNetworkTest.randomBatch(r, B, T, IN, C, false);
        INDArray features = Nd4j.create(DataType.DOUBLE, B, IN, T);
        INDArray labels = Nd4j.create(DataType.DOUBLE, B, C, T);
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int k = 0; k < IN; k++) {
                    features.putScalar(new long[] {b, k, t}, batch.inputs()[b][t][k]);
                }
                labels.putScalar(new long[] {b, batch.labels()[b][t], t}, 1.0);
            }
        }

        INDArray theirs = dl4j.output(features); // [B, C, T]
        INDArray mine = ours.softmax(batch.inputs(), 1.0); // [B, T, C]
        double maxDiff = 0;
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int k = 0; k < C; k++) {
                    maxDiff = Math.max(maxDiff, Math.abs(theirs.getDouble(b, k, t) - mine.getDouble(b, t, k)));
                }
            }
        }
        assertTrue(maxDiff < 1e-10, "probabilities differ by " + maxDiff);

        double loss = ours.computeGradients(batch, false).loss();
        dl4j.setInput(features);
        dl4j.setLabels(labels);
        dl4j.computeGradientAndScore();
        // DL4J's score sums the cross-entropy over steps and divides by the batch size, ours is the mean over
        // all B*T steps: a factor T. Its raw gradients are sums (its updater divides by the batch size later):
        // a factor B*T.
        assertEquals(dl4j.score(), loss * T, 1e-10);
        Map<String, INDArray> g = ours.gradients();
        INDArray kernelGrad = g.get(CELL + "kernel");
        INDArray biasGrad = g.get(CELL + "bias");
        Map<String, INDArray> dg = dl4j.gradient().gradientForVariable();
        assertGradient(gates(kernelGrad.get(NDArrayIndex.interval(0, IN), NDArrayIndex.all())), dg.get("0_W"), "input kernel");
        assertGradient(gates(kernelGrad.get(NDArrayIndex.interval(IN, IN + H), NDArrayIndex.all())), dg.get("0_RW"),
                "recurrent kernel");
        assertGradient(gates(biasGrad.reshape(1, 4 * H)), dg.get("0_b"), "LSTM bias");
        assertGradient(g.get("fully_connected/weights"), dg.get("1_W"), "softmax weights");
        assertGradient(g.get("fully_connected/biases").reshape(1, C), dg.get("1_b"), "softmax biases");
    }

    /** DL4J: LSTM (tanh cell, sigmoid gates, no peepholes) and a softmax cross-entropy output, in double. */
    private static MultiLayerNetwork dl4jNetwork() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE).list()
                .layer(new LSTM.Builder().nIn(IN).nOut(H).activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(H).nOut(C).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static void copyWeights(Map<String, INDArray> p, MultiLayerNetwork dl4j) {
        INDArray kernel = p.get(CELL + "kernel");
        dl4j.setParam("0_W", gates(kernel.get(NDArrayIndex.interval(0, IN), NDArrayIndex.all())));
        dl4j.setParam("0_RW", gates(kernel.get(NDArrayIndex.interval(IN, IN + H), NDArrayIndex.all())));
        INDArray bias = gates(p.get(CELL + "bias").reshape(1, 4 * H));
        bias.get(NDArrayIndex.all(), NDArrayIndex.interval(H, 2 * H)).addi(org.magentajava.model.layers.LstmLayer.FORGET_BIAS);
        dl4j.setParam("0_b", bias);
        dl4j.setParam("1_W", p.get("fully_connected/weights").dup());
        dl4j.setParam("1_b", p.get("fully_connected/biases").reshape(1, C).dup());
    }

    /** Our [rows, 4H] gate columns (i, j, f, o) in DL4J's order (j, f, o, i), as a new array. */
    private static INDArray gates(INDArray ours) {
        INDArray out = Nd4j.create(DataType.DOUBLE, ours.size(0), 4 * H);
        for (int blk = 0; blk < 4; blk++) {
            int from = OURS_FOR_DL4J[blk] * H;
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(blk * H, blk * H + H))
                    .assign(ours.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + H)));
        }
        return out;
    }

    /** DL4J's gradient is B*T times ours (see above); compared to 1e-9 relative to the largest entry. */
    private static void assertGradient(INDArray ours, INDArray theirs, String what) {
        INDArray scaled = ours.castTo(DataType.DOUBLE).reshape(theirs.shape()).mul(B * T);
        double scale = Math.max(1e-3, theirs.amaxNumber().doubleValue());
        double diff = scaled.sub(theirs).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-9 * scale, what + " gradients differ by " + diff + " (largest " + scale + ")");
    }
}
