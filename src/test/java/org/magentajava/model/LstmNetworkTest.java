package org.magentajava.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LstmNetworkTest {
    static final HParams ATTN = HParams.parse("rnn_layer_sizes=[5,4],attn_length=3,dropout_keep_prob=1.0");
    static final HParams BASIC = HParams.parse("rnn_layer_sizes=[6,5],dropout_keep_prob=1.0");
    static final HParams RESIDUAL = HParams.parse("rnn_layer_sizes=[4,4,5],attn_length=2,residual_connections=true");
    /** Residual layers with input projections and no attention: training batches run packed. */
    static final HParams PACKED_RESIDUAL = HParams.parse("rnn_layer_sizes=[4,4,5],residual_connections=true");

    static Batch randomBatch(Random r, int b, int t, int in, int classes, boolean ragged) {
        float[][][] x = new float[b][t][in];
        int[][] y = new int[b][t];
        int[] len = new int[b];
        for (int i = 0; i < b; i++) {
            len[i] = ragged ? 1 + r.nextInt(t) : t;
            for (int s = 0; s < t; s++) {
                if (s < len[i]) {
                    for (int k = 0; k < in; k++) x[i][s][k] = (float) r.nextGaussian();
                    y[i][s] = r.nextInt(classes);
                }
            }
        }
        len[0] = t;
        return new Batch(x, y, len);
    }

    private static void assertClose(double expected, double actual, double rel, String what) {
        double tol = rel * Math.max(1e-3, Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + " got " + actual);
    }

    @Test
    void forwardAndLossMatchNaiveReference() {
        for (HParams hp : new HParams[] {ATTN, BASIC, RESIDUAL.with("dropout_keep_prob=1.0")}) {
            LstmNetwork net = new LstmNetwork(3, 4, 0, hp, 11, DataType.DOUBLE);
            Batch batch = randomBatch(new Random(5), 3, 7, 3, 4, true);
            ReferenceRnn ref = new ReferenceRnn(net);
            double[][][] z = ref.logits(batch.inputs());
            INDArray probs = net.softmax(batch.inputs(), 1.0);
            for (int b = 0; b < 3; b++) {
                for (int t = 0; t < 7; t++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (double v : z[b][t]) max = Math.max(max, v);
                    double s = 0;
                    for (double v : z[b][t]) s += Math.exp(v - max);
                    for (int k = 0; k < 4; k++) {
                        assertClose(Math.exp(z[b][t][k] - max) / s, probs.getDouble(b, t, k), 1e-10, hp + " prob");
                    }
                }
            }
            assertClose(ref.loss(batch), net.evaluate(batch).loss(), 1e-10, hp + " loss");
        }
    }

    /** Analytic gradients vs central differences of both the fast loss and the naive reference's loss. */
    @Test
    void gradientsMatchCentralDifferences() {
        for (HParams hp : new HParams[] {ATTN, RESIDUAL.with("dropout_keep_prob=1.0"), BASIC,
                PACKED_RESIDUAL.with("dropout_keep_prob=1.0")}) {
            LstmNetwork net = new LstmNetwork(3, 4, 0, hp, 3, DataType.DOUBLE);
            Batch batch = randomBatch(new Random(9), 2, 6, 3, 4, true);
            net.computeGradients(batch, false);
            Map<String, INDArray> grads = net.gradients();
            ReferenceRnn ref = new ReferenceRnn(net);
            double eps = 1e-6;
            int checked = 0;
            for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
                INDArray p = e.getValue();
                INDArray g = grads.get(e.getKey()).dup();
                double gnorm = g.norm2Number().doubleValue();
                assertTrue(gnorm > 0, hp + " zero gradient for " + e.getKey());
                // a spread of up to 5 elements per tensor keeps the test fast while touching every tensor
                long stride = Math.max(1, p.length() / 5);
                for (long i = 0; i < p.length(); i += stride) {
                    double old = p.getDouble(i);
                    p.putScalar(i, old + eps);
                    double up = net.evaluate(batch).loss();
                    double upRef = ref.loss(batch);
                    p.putScalar(i, old - eps);
                    double down = net.evaluate(batch).loss();
                    double downRef = ref.loss(batch);
                    p.putScalar(i, old);
                    double num = (up - down) / (2 * eps);
                    double numRef = (upRef - downRef) / (2 * eps);
                    double a = g.getDouble(i);
                    double tol = 1e-7 + 1e-5 * Math.max(Math.abs(a), Math.abs(num));
                    assertTrue(Math.abs(a - num) <= tol, hp + " " + e.getKey() + "[" + i + "] analytic " + a + " numeric " + num);
                    assertTrue(Math.abs(a - numRef) <= tol, hp + " " + e.getKey() + "[" + i + "] analytic " + a + " reference " + numRef);
                    checked++;
                }
            }
            assertTrue(checked >= 5 * 6);
        }
    }

    /**
     * Training on the event likelihood: when a step's label shares its event with other classes (a lookback class
     * and the note's own class), the gradient is that of -log of their summed probability, the event NLL that
     * evaluate reports; checked against central differences of it. With one class per event it is the label's.
     */
    @Test
    void eventLossGradientsMatchCentralDifferencesOfTheEventNll() {
        LstmNetwork net = new LstmNetwork(3, 5, 0, BASIC, 3, DataType.DOUBLE);
        Batch plain = randomBatch(new Random(11), 2, 5, 3, 5, true);
        int[][][] same = new int[2][5][];
        for (int i = 0; i < 2; i++) {
            for (int s = 0; s < 5; s++) {
                int label = plain.labels()[i][s];
                // every other step the label's event also has class (label + 2) % 5
                same[i][s] = s % 2 == 0 ? new int[] {label, (label + 2) % 5} : new int[] {label};
            }
        }
        Batch batch = new Batch(plain.inputs(), plain.labels(), plain.lengths(), same);
        long valid = plain.lengths()[0] + plain.lengths()[1];
        double eps = 1e-6;
        int checked = 0;
        boolean differsFromLabelLoss = false;
        net.computeGradients(plain, false);
        Map<String, INDArray> labelGrads = new java.util.HashMap<>();
        net.gradients().forEach((k, v) -> labelGrads.put(k, v.dup()));
        net.computeGradients(batch, false);
        Map<String, INDArray> grads = net.gradients();
        for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
            INDArray p = e.getValue();
            INDArray g = grads.get(e.getKey()).dup();
            long stride = Math.max(1, p.length() / 5);
            for (long i = 0; i < p.length(); i += stride) {
                double old = p.getDouble(i);
                p.putScalar(i, old + eps);
                net.evaluate(batch);
                double up = net.lastEventNllSum() / valid;
                p.putScalar(i, old - eps);
                net.evaluate(batch);
                double down = net.lastEventNllSum() / valid;
                p.putScalar(i, old);
                double num = (up - down) / (2 * eps);
                double a = g.getDouble(i);
                double tol = 1e-7 + 1e-5 * Math.max(Math.abs(a), Math.abs(num));
                assertTrue(Math.abs(a - num) <= tol, e.getKey() + "[" + i + "] analytic " + a + " numeric " + num);
                differsFromLabelLoss |= Math.abs(a - labelGrads.get(e.getKey()).getDouble(i)) > 1e-4;
                checked++;
            }
        }
        assertTrue(checked >= 5 * 6);
        assertTrue(differsFromLabelLoss, "the event loss must not be the label loss here");
    }

    /** With dropout on, the backward pass applies the forward's mask: central differences under the same mask. */
    @Test
    void gradientsWithDropoutMatchCentralDifferences() {
        for (HParams hp : new HParams[] {ATTN.with("dropout_keep_prob=0.5"), RESIDUAL.with("dropout_keep_prob=0.6"),
                PACKED_RESIDUAL.with("dropout_keep_prob=0.6")}) {
            LstmNetwork net = new LstmNetwork(3, 4, 0, hp, 3, DataType.DOUBLE);
            Batch batch = randomBatch(new Random(5), 2, 7, 3, 4, true);
            long mask = net.dropoutRng.state();
            double withDropout = net.computeGradients(batch, true).loss();
            assertTrue(Math.abs(withDropout - net.evaluate(batch).loss()) > 1e-6, hp + ": dropout changed nothing");
            Map<String, INDArray> grads = new java.util.HashMap<>();
            net.gradients().forEach((k, v) -> grads.put(k, v.dup()));
            double eps = 1e-6;
            for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
                INDArray p = e.getValue();
                long stride = Math.max(1, p.length() / 3);
                for (long i = 0; i < p.length(); i += stride) {
                    double old = p.getDouble(i);
                    p.putScalar(i, old + eps);
                    net.dropoutRng.setState(mask);
                    double up = net.computeGradients(batch, true).loss();
                    p.putScalar(i, old - eps);
                    net.dropoutRng.setState(mask);
                    double down = net.computeGradients(batch, true).loss();
                    p.putScalar(i, old);
                    double num = (up - down) / (2 * eps);
                    double a = grads.get(e.getKey()).getDouble(i);
                    double tol = 1e-7 + 1e-5 * Math.max(Math.abs(a), Math.abs(num));
                    assertTrue(Math.abs(a - num) <= tol, hp + " " + e.getKey() + "[" + i + "] analytic " + a + " numeric " + num);
                }
            }
        }
    }

    /** The float path (fast tanh, float attention buffers) agrees with the double path to float accuracy. */
    @Test
    void floatGradientsMatchDouble() {
        for (HParams hp : new HParams[] {ATTN, RESIDUAL, PACKED_RESIDUAL}) {
            LstmNetwork d = new LstmNetwork(3, 4, 0, hp, 6, DataType.DOUBLE);
            LstmNetwork f = new LstmNetwork(3, 4, 0, hp, 6, DataType.FLOAT);
            d.parameters().forEach((k, v) -> f.parameters().get(k).assign(v.castTo(DataType.FLOAT)));
            Batch batch = randomBatch(new Random(3), 3, 10, 3, 4, true);
            assertClose(d.computeGradients(batch, false).loss(), f.computeGradients(batch, false).loss(), 1e-5, "loss");
            for (String name : d.gradients().keySet()) {
                INDArray gd = d.gradients().get(name);
                INDArray gf = f.gradients().get(name).castTo(DataType.DOUBLE);
                double err = gd.sub(gf).norm2Number().doubleValue() / Math.max(1e-6, gd.norm2Number().doubleValue());
                assertTrue(err < 1e-4, hp + " " + name + " relative error " + err);
            }
        }
    }

    /** Each chunk of a batch runs the time loops on its own thread: rows must not depend on their batch mates. */
    @Test
    void batchRowsMatchSingleSequences() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (HParams hp : new HParams[] {ATTN, BASIC}) {
                LstmNetwork net = new LstmNetwork(3, 4, 0, hp, 13, dt);
                Batch batch = randomBatch(new Random(12), 5, 8, 3, 4, false);
                INDArray all = net.softmax(batch.inputs(), 1.0);
                for (int b = 0; b < 5; b++) {
                    INDArray one = net.softmax(new float[][][] {batch.inputs()[b]}, 1.0);
                    State st = net.initialState(1); // and one-row steps, as generation runs them
                    double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-6;
                    for (int t = 0; t < 8; t++) {
                        INDArray p = net.step(st, Nd4j.createFromArray(new float[][] {batch.inputs()[b][t]}), 1.0);
                        for (int k = 0; k < 4; k++) {
                            assertEquals(one.getDouble(0, t, k), all.getDouble(b, t, k), tol, hp + " " + dt + " b=" + b);
                            assertEquals(one.getDouble(0, t, k), p.getDouble(0, k), tol, hp + " " + dt + " step b=" + b);
                        }
                    }
                }
            }
        }
    }

    /** The float attention path at wider shapes agrees with the naive double reference. */
    @Test
    void floatAttentionMatchesReference() {
        HParams hp = HParams.parse("rnn_layer_sizes=[32,16],attn_length=6,dropout_keep_prob=1.0");
        LstmNetwork f = new LstmNetwork(5, 7, 0, hp, 4);
        Batch batch = randomBatch(new Random(6), 4, 20, 5, 7, true);
        assertClose(new ReferenceRnn(f).loss(batch), f.evaluate(batch).loss(), 1e-5, "float loss");
    }

    @Test
    void stepByStepMatchesFullForward() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (HParams hp : new HParams[] {ATTN, BASIC, RESIDUAL}) {
                LstmNetwork net = new LstmNetwork(3, 4, 0, hp, 21, dt);
                Batch batch = randomBatch(new Random(2), 2, 9, 3, 4, false);
                INDArray full = net.softmax(batch.inputs(), 0.7);
                State st = net.initialState(2);
                for (int t = 0; t < 9; t++) {
                    float[][] x = new float[2][];
                    for (int b = 0; b < 2; b++) x[b] = batch.inputs()[b][t];
                    INDArray p = net.step(st, Nd4j.createFromArray(x), 0.7);
                    for (int b = 0; b < 2; b++) {
                        for (int k = 0; k < 4; k++) {
                            double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-6;
                            assertEquals(full.getDouble(b, t, k), p.getDouble(b, k), tol, hp + " " + dt + " t=" + t);
                        }
                    }
                }
                if (hp.attnLength() > 0) {
                    assertArrayEquals(new long[] {2, hp.attnLength(), hp.rnnLayerSizes().get(0)}, st.attentionWindow().shape());
                    // the newest window entry is the last step's attention output, which is not all zero
                    assertTrue(st.attentionWindow().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                            org.nd4j.linalg.indexing.NDArrayIndex.point(hp.attnLength() - 1),
                            org.nd4j.linalg.indexing.NDArrayIndex.all()).norm2Number().doubleValue() > 0);
                }
            }
        }
    }

    @Test
    void tinyModelOverfitsFixedSequences() {
        LstmNetwork net = new LstmNetwork(4, 5, 0, HParams.parse(
                "rnn_layer_sizes=[16,16],attn_length=4,learning_rate=0.01,dropout_keep_prob=1.0"), 1);
        Batch batch = randomBatch(new Random(4), 4, 12, 4, 5, true);
        double first = net.trainStep(batch).loss();
        Metrics last = null;
        for (int i = 0; i < 150; i++) last = net.trainStep(batch);
        assertTrue(last.loss() < 0.25 * first, "loss " + first + " -> " + last.loss());
        assertTrue(net.evaluate(batch).accuracy() > 0.9, "accuracy " + net.evaluate(batch).accuracy());
        assertEquals(151, net.globalStep());
    }

    @Test
    void sameSeedSameTrainingWithDropout(@TempDir Path dir) throws Exception {
        HParams hp = HParams.parse("rnn_layer_sizes=[6,6],attn_length=3,dropout_keep_prob=0.5");
        LstmNetwork a = new LstmNetwork(3, 4, 1, hp, 77);
        LstmNetwork b = new LstmNetwork(3, 4, 1, hp, 77);
        Batch batch = randomBatch(new Random(8), 3, 8, 3, 4, true);
        for (int i = 0; i < 3; i++) assertEquals(a.trainStep(batch), b.trainStep(batch));
        // dropout is on: training losses differ from the dropout-free evaluation
        assertTrue(a.trainStep(batch).loss() != a.evaluate(batch).loss());
        b.trainStep(batch);

        Path file = dir.resolve("net.bin");
        NetworkFile.save(a, file);
        LstmNetwork c = NetworkFile.load(file);
        assertEquals(a.hparams(), c.hparams());
        assertEquals(a.globalStep(), c.globalStep());
        for (String name : a.parameters().keySet()) {
            assertArrayEquals(a.parameters().get(name).data().asFloat(), c.parameters().get(name).data().asFloat(), name);
        }
        assertEquals(a.evaluate(batch), c.evaluate(batch));
        Metrics next = a.trainStep(batch);
        assertEquals(next, c.trainStep(batch));
        for (String name : a.parameters().keySet()) {
            assertArrayEquals(a.parameters().get(name).data().asFloat(), c.parameters().get(name).data().asFloat(), name);
        }
    }

    @Test
    void parameterNamesAndShapesFollowMagenta() {
        LstmNetwork net = new LstmNetwork(74, 40, 0, HParams.parse("attn_length=40"), 1);
        Map<String, INDArray> p = net.parameters();
        String a = "rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/";
        assertArrayEquals(new long[] {202, 74}, p.get(a + "kernel").shape());
        assertArrayEquals(new long[] {74}, p.get(a + "bias").shape());
        assertArrayEquals(new long[] {202, 512}, p.get(a + "basic_lstm_cell/kernel").shape());
        assertArrayEquals(new long[] {1, 1, 128, 128}, p.get(a + "attention/attn_w").shape());
        assertArrayEquals(new long[] {128}, p.get(a + "attention/attn_v").shape());
        assertArrayEquals(new long[] {256, 128}, p.get(a + "attention/kernel").shape());
        assertArrayEquals(new long[] {256, 128}, p.get(a + "attn_output_projection/kernel").shape());
        assertArrayEquals(new long[] {256, 512}, p.get("rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel").shape());
        assertArrayEquals(new long[] {128, 40}, p.get("fully_connected/weights").shape());
        assertArrayEquals(new long[] {40}, p.get("fully_connected/biases").shape());
        assertEquals(14, p.size());
        LstmNetwork basic = new LstmNetwork(38, 38, 0, HParams.base(), 1);
        assertArrayEquals(new long[] {166, 512}, basic.parameters().get("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel").shape());
        assertEquals(6, basic.parameters().size());
        // setParameters: whole-model copy works; a wrong shape or unknown name is a one-line user error
        LstmNetwork other = new LstmNetwork(38, 38, 0, HParams.base(), 2);
        other.setParameters(basic.parameters(), false);
        assertEquals(basic.parameters().get("fully_connected/weights"), other.parameters().get("fully_connected/weights"));
        org.junit.jupiter.api.Assertions.assertThrows(org.magentajava.io.BadInputException.class,
                () -> other.setParameters(Map.of("fully_connected/weights", Nd4j.zeros(DataType.FLOAT, 3, 3)), true));
        org.junit.jupiter.api.Assertions.assertThrows(org.magentajava.io.BadInputException.class,
                () -> other.setParameters(Map.of("nope", Nd4j.zeros(DataType.FLOAT, 3, 3)), true));
        org.junit.jupiter.api.Assertions.assertThrows(org.magentajava.io.BadInputException.class,
                () -> other.setParameters(Map.of(), false));
    }

    /**
     * The time loops skip rows past their length, leaving those rows' buffers as the last batch left them: a ragged
     * batch after another batch in the same buffers gives the gradients, loss and per-row predictions of a network
     * that never saw anything else (and of the naive reference).
     */
    @Test
    void raggedBatchAfterAnotherMatchesFreshNetwork() {
        for (HParams hp : new HParams[] {BASIC, PACKED_RESIDUAL.with("dropout_keep_prob=1.0"), RESIDUAL.with("dropout_keep_prob=1.0"), ATTN}) {
            LstmNetwork used = new LstmNetwork(3, 4, 0, hp, 31, DataType.DOUBLE);
            LstmNetwork fresh = new LstmNetwork(3, 4, 0, hp, 31, DataType.DOUBLE);
            Batch before = randomBatch(new Random(40), 5, 9, 3, 4, false);
            for (float[][] row : before.inputs()) for (float[] x : row) for (int k = 0; k < 3; k++) x[k] *= 50;
            used.computeGradients(before, false);
            // rows of lengths 2, 9, 4, 9, 1: reordered inside the network, packed (the attention stack runs full rows)
            Batch ragged = randomBatch(new Random(41), 5, 9, 3, 4, false);
            int[] len = {2, 9, 4, 9, 1};
            System.arraycopy(len, 0, ragged.lengths(), 0, 5);
            Metrics a = used.computeGradients(ragged, false);
            Metrics b = fresh.computeGradients(ragged, false);
            assertEquals(b.loss(), a.loss(), 1e-12, hp + " loss");
            assertClose(new ReferenceRnn(fresh).loss(ragged), a.loss(), 1e-10, hp + " reference loss");
            assertArrayEquals(fresh.lastPredictions(), used.lastPredictions(), hp + " predictions");
            for (String name : fresh.gradients().keySet()) {
                INDArray ga = used.gradients().get(name);
                INDArray gb = fresh.gradients().get(name);
                assertTrue(ga.sub(gb).norm2Number().doubleValue() <= 1e-12 * Math.max(1, gb.norm2Number().doubleValue()),
                        hp + " " + name);
            }
            // predictions come back in the caller's row order: row i's argmax of its own softmax, -1 past its end
            INDArray p = fresh.softmax(ragged.inputs(), 1.0);
            int[] pred = used.lastPredictions();
            for (int i = 0; i < 5; i++) {
                for (int s = 0; s < 9; s++) {
                    int argmax = s < len[i] ? p.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i),
                            org.nd4j.linalg.indexing.NDArrayIndex.point(s),
                            org.nd4j.linalg.indexing.NDArrayIndex.all()).argMax().getInt(0) : -1;
                    assertEquals(argmax, pred[i * 9 + s], hp + " row " + i + " step " + s);
                }
            }
        }
    }

    /** Longest rows first, ties in row order; rows already in that order need none. */
    @Test
    void longestFirstSortsStably() {
        assertArrayEquals(new int[] {1, 3, 2, 0, 4}, Batch.longestFirst(new int[] {3, 9, 5, 9, 1}));
        assertEquals(null, Batch.longestFirst(new int[] {9, 9, 5, 3, 0}));
    }

    /** First Adam step from zero slots: m = 0.1 g', v = 0.001 g'^2 with g' = g·min(1, clip/|g|) per tensor. */
    @Test
    void clipsPerTensorBeforeAdam() {
        LstmNetwork net = new LstmNetwork(3, 4, 0, HParams.parse("rnn_layer_sizes=[5],clip_norm=0.01"), 2, DataType.DOUBLE);
        Batch batch = randomBatch(new Random(1), 2, 5, 3, 4, false);
        net.computeGradients(batch, false);
        Map<String, INDArray> g = new java.util.HashMap<>();
        net.gradients().forEach((k, v) -> g.put(k, v.dup()));
        net.trainStep(batch);
        for (String name : g.keySet()) {
            INDArray gi = g.get(name);
            double norm = gi.norm2Number().doubleValue();
            INDArray clipped = gi.mul(Math.min(1.0, 0.01 / norm));
            INDArray m = net.adam.firstMoment(name).array;
            INDArray v = net.adam.secondMoment(name).array;
            for (long i = 0; i < gi.length(); i++) {
                assertEquals(0.1 * clipped.getDouble(i), m.getDouble(i), 1e-15, name);
                assertEquals(0.001 * clipped.getDouble(i) * clipped.getDouble(i), v.getDouble(i), 1e-18, name);
            }
        }
    }
}
