package org.magentajava.models.biaxialrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.magentajava.biaxial.NoteStateEncoding;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The hand-written backward against central differences on a tiny double-precision network. */
class BiaxialNetworkTest {
    private static final int KEYS = 14;
    private static final NoteStateEncoding ENCODING = new NoteStateEncoding(60, KEYS);

    /** Two sequences of 3 and 2 valid steps in buffers of 4 steps, random states, articulate only where played. */
    static BiaxialNetwork.Window window(long seed) {
        Random r = new Random(seed);
        int b = 2;
        int t = 3;
        int rec = ENCODING.recordInputSize();
        float[] records = new float[t * b * rec];
        boolean[] targets = new boolean[t * b * 2 * KEYS];
        for (int tb = 0; tb < t * b; tb++) {
            boolean[] play = new boolean[KEYS];
            boolean[] art = new boolean[KEYS];
            for (int k = 0; k < KEYS; k++) {
                play[k] = r.nextInt(3) == 0;
                art[k] = play[k] && r.nextBoolean();
                targets[tb * 2 * KEYS + k] = r.nextInt(3) == 0;
                targets[tb * 2 * KEYS + KEYS + k] = targets[tb * 2 * KEYS + k] && r.nextBoolean();
            }
            System.arraycopy(ENCODING.recordInput(play, art, r.nextInt(16)), 0, records, tb * rec, rec);
        }
        return new BiaxialNetwork.Window(b, t, records, targets, new int[] {3, 2});
    }

    private static double loss(BiaxialNetwork net, BiaxialNetwork.Window w) {
        BiaxialNetwork.Scores s = net.forward(w, 4, 1.0, null, null, false, 0);
        return (s.playNll() + s.articulateNll()) / s.steps();
    }

    @Test
    void gradientsMatchCentralDifferences() {
        checkGradients("time_layer_sizes=[4,3],note_layer_sizes=[3,2],residual_connections=false", 10);
    }

    /** Residual layers: input projections where the width changes, identity adds where it does not. */
    @Test
    void residualGradientsMatchCentralDifferences() {
        checkGradients("time_layer_sizes=[4,4],note_layer_sizes=[3,2],residual_connections=true", 16);
    }

    private static void checkGradients(String hparams, int tensors) {
        BiaxialHParams hp = BiaxialHParams.parse(hparams, BiaxialHParams.DEFAULTS.toString());
        BiaxialNetwork net = new BiaxialNetwork(ENCODING, hp, 3, DataType.DOUBLE);
        // non-zero biases so that their gradients are exercised away from the symmetric start
        Random r = new Random(5);
        for (INDArray p : net.parameters().values()) {
            for (long i = 0; i < p.length(); i++) p.putScalar(i, p.getDouble(i) + 0.3 * r.nextGaussian());
        }
        BiaxialNetwork.Window w = window(11);
        BiaxialNetwork.Scores s = net.forward(w, 4, 1.0, null, null, true, 5);
        assertEquals(5, s.steps());
        net.backward();
        Map<String, INDArray> grads = net.gradients();
        assertEquals(tensors, grads.size(), grads.keySet().toString());
        if (tensors == 10) assertEquals(List.of("time/rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel",
                "time/rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias", "time/rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel",
                "time/rnn/multi_rnn_cell/cell_1/basic_lstm_cell/bias", "note/rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel",
                "note/rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias", "note/rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel",
                "note/rnn/multi_rnn_cell/cell_1/basic_lstm_cell/bias", "output/weights", "output/biases"),
                List.copyOf(grads.keySet()));
        Map<String, INDArray> analytic = new java.util.LinkedHashMap<>();
        grads.forEach((k, v) -> analytic.put(k, v.dup()));
        double eps = 1e-6;
        int checked = 0;
        for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
            INDArray p = e.getValue();
            INDArray g = analytic.get(e.getKey());
            for (long i = 0; i < p.length(); i += Math.max(1, p.length() / 7)) {
                double x = p.getDouble(i);
                p.putScalar(i, x + eps);
                double up = loss(net, w);
                p.putScalar(i, x - eps);
                double down = loss(net, w);
                p.putScalar(i, x);
                double numeric = (up - down) / (2 * eps);
                double a = g.getDouble(i);
                assertEquals(numeric, a, 1e-6 + 1e-5 * Math.abs(numeric), e.getKey() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 60, "checked " + checked);
    }

    @Test
    void articulationCountsOnlyWherePlayed() {
        BiaxialHParams hp = BiaxialHParams.parse("time_layer_sizes=[3],note_layer_sizes=[2]",
                BiaxialHParams.DEFAULTS.toString());
        BiaxialNetwork net = new BiaxialNetwork(ENCODING, hp, 1, DataType.DOUBLE);
        // zero output weights: every logit is its bias, so each key costs exactly softplus(bias) - y * bias
        net.parameters().get(BiaxialNetwork.OUT_W).assign(0);
        net.parameters().get(BiaxialNetwork.OUT_B).putScalar(0, 0.5).putScalar(1, -1.0);
        BiaxialNetwork.Window w = window(2);
        BiaxialNetwork.Scores s = net.forward(w, 3, 1.0, null, null, false, 0);
        int plays = 0;
        int struck = 0;
        int keysCounted = 0;
        for (int tb = 0; tb < 6; tb++) {
            int step = tb / 2;
            int seq = tb % 2;
            if (step >= w.lengths()[seq]) continue;
            for (int k = 0; k < KEYS; k++) {
                keysCounted++;
                if (w.targets()[tb * 2 * KEYS + k]) plays++;
                if (w.targets()[tb * 2 * KEYS + KEYS + k]) struck++;
            }
        }
        double sp5 = Math.log1p(Math.exp(0.5));
        double sp1 = Math.log1p(Math.exp(-1.0));
        assertEquals(keysCounted * sp5 - plays * 0.5, s.playNll(), 1e-12);
        assertEquals(plays * sp1 + struck * 1.0, s.articulateNll(), 1e-12);
        assertEquals(5, s.steps());
        // every key is predicted on (p = sigmoid(0.5) > 0.5)
        assertEquals(plays, s.truePositives());
        assertEquals(keysCounted - plays, s.falsePositives());
        assertEquals(0, s.falseNegatives());
    }
}
