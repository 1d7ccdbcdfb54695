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
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.magentajava.io.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The NADE head: its frame likelihood by hand, its sampler, its gradients through the LSTM stack, its file. */
class NadeTest {
    static final double LN3 = Math.log(3);

    /**
     * 3 keys, 2 hidden units. b_enc = [0, ln 3] gives h = [1/2, 3/4]; key 0's encoder row [ln 3, −ln 3] turns
     * that into h = [3/4, 1/2] once key 0 sounds.
     */
    static Nade tiny() {
        double[] wEnc = {LN3, -LN3, 0, 0, 5, 5};
        double[] wDec = {2, 0, 0, 4, 1, 1};
        return new Nade(3, 2, wEnc, wDec);
    }

    static final float[] BIAS = {0f, (float) LN3, -1f, -3f, 0f}; // [b_enc | b_dec]

    @Test
    void logLikelihoodByHand() {
        Nade nade = tiny();
        // {0, 2}: z0 = −1 + 2·½ = 0 → ½; then h = [¾, ½]: z1 = −3 + 4·½ = −1, off → σ(1);
        // z2 = ¾ + ½ = 1.25, on → σ(1.25)
        double expected = Math.log(0.5) + Math.log(1 / (1 + Math.exp(-1))) + Math.log(1 / (1 + Math.exp(-1.25)));
        assertEquals(expected, nade.logLikelihood(BIAS, 0, new boolean[] {true, false, true}), 1e-6);
        // {}: z0 = 0 → ½; h stays [½, ¾]: z1 = −3 + 3 = 0 → ½; z2 = ½ + ¾ = 1.25, off → σ(−1.25)
        double silent = 2 * Math.log(0.5) + Math.log(1 / (1 + Math.exp(1.25)));
        assertEquals(silent, nade.logLikelihood(BIAS, 0, new boolean[3]), 1e-6);
        // the 8 frames' probabilities sum to one
        double total = 0;
        for (int f = 0; f < 8; f++) total += Math.exp(nade.logLikelihood(BIAS, 0, frame(f)));
        assertEquals(1.0, total, 1e-12);
    }

    /** The sampler draws each of the 8 frames as often as its probability says, and scores what it drew. */
    @Test
    void ancestralSamplesFollowTheLikelihood() {
        Nade nade = tiny();
        SplittableRandom random = new SplittableRandom(7);
        int n = 40_000;
        int[] seen = new int[8];
        boolean[] drawn = new boolean[3];
        for (int i = 0; i < n; i++) {
            double ll = nade.sample(BIAS, 0, 1.0, random, drawn);
            assertEquals(nade.logLikelihood(BIAS, 0, drawn), ll, 1e-12);
            seen[(drawn[0] ? 1 : 0) | (drawn[1] ? 2 : 0) | (drawn[2] ? 4 : 0)]++;
        }
        for (int f = 0; f < 8; f++) {
            double p = Math.exp(nade.logLikelihood(BIAS, 0, frame(f)));
            double sd = Math.sqrt(p * (1 - p) / n);
            assertEquals(p, seen[f] / (double) n, 4 * sd + 1e-9, "frame " + f);
        }
        // a low temperature sharpens each conditional: key 2 (z = 1.25 in every branch) all but always sounds
        int key2 = 0;
        for (int i = 0; i < 1000; i++) {
            nade.sample(BIAS, 0, 0.05, random, drawn);
            if (drawn[2]) key2++;
        }
        assertEquals(1000, key2);
    }

    static boolean[] frame(int bits) {
        return new boolean[] {(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0};
    }

    static LstmNetwork net(HParams hp, long seed, DataType dtype) {
        return new LstmNetwork(3, FrameLossTest.KEYS, 0, hp.with("nade_hidden_units=3"), seed, dtype, Head.NADE);
    }

    /** Every weight's gradient, NADE, linear layer and LSTM stack, against central differences on a tiny net. */
    @Test
    void gradientsMatchCentralDifferences() {
        for (HParams hp : new HParams[] {LstmNetworkTest.BASIC, LstmNetworkTest.ATTN}) {
            LstmNetwork net = net(hp, 3, DataType.DOUBLE);
            Batch batch = FrameLossTest.randomMultiHot(new Random(9), 2, 6, 3, true);
            net.computeGradients(batch, false);
            Map<String, INDArray> grads = new HashMap<>();
            net.gradients().forEach((k, v) -> grads.put(k, v.dup()));
            assertTrue(grads.containsKey("nade/w_enc") && grads.containsKey("nade/w_dec_t"));
            int checked = CentralDifferences.check(net, grads, n -> n.evaluate(batch).loss(), 7, hp.toString());
            assertTrue(checked >= 7 * 8, "checked " + checked);
        }
    }

    /**
     * The training loss is the generation path's likelihood: stepping the network one frame at a time and
     * scoring each target with {@link Nade#logLikelihood} sums to evaluate's frame NLL.
     */
    @Test
    void evaluateEqualsSteppedLikelihoodAndTheFileKeepsTheHead() throws IOException {
        LstmNetwork net = net(LstmNetworkTest.ATTN, 5, DataType.DOUBLE);
        Batch batch = FrameLossTest.randomMultiHot(new Random(3), 2, 5, 3, true);
        Metrics m = net.evaluate(batch);
        Nade nade = net.nade();
        State state = net.initialState(2);
        double ll = 0;
        for (int t = 0; t < 5; t++) {
            float[][] out = net.stepOutputs(state, new float[][] {batch.inputs()[0][t], batch.inputs()[1][t]});
            assertEquals(3 + FrameLossTest.KEYS, out[0].length);
            for (int b = 0; b < 2; b++) {
                if (t < batch.lengths()[b]) ll += nade.logLikelihood(out[b], 0, batch.targets()[b][t]);
            }
        }
        assertEquals(-ll / m.steps(), m.loss(), 1e-6);
        assertEquals(-ll, net.lastEventNllSum(), 1e-5);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NetworkFile.write(net, bytes);
        LstmNetwork back = NetworkFile.read(new ByteArrayInputStream(bytes.toByteArray()), "mem");
        assertEquals(Head.NADE, back.head());
        assertEquals(3, back.hparams().nadeHiddenUnits());
        assertEquals(m.loss(), back.evaluate(batch).loss(), 0.0);
        assertThrows(IllegalStateException.class, () -> back.softmax(batch.inputs(), 1.0));
    }

    /** Frame counts: a key is predicted when its conditional (given the true keys below) is at least ½. */
    @Test
    void frameCountsUseTheConditionals() {
        LstmNetwork net = net(LstmNetworkTest.BASIC, 1, DataType.DOUBLE);
        net.parameters().values().forEach(p -> p.assign(0));
        // zero weights: every conditional is σ(b_dec[k]); b_dec = +2, −2, +2, −2 predicts {0, 2}
        INDArray bias = net.parameters().get("fully_connected/biases");
        for (int k = 0; k < FrameLossTest.KEYS; k++) bias.putScalar(3 + k, k % 2 == 0 ? 2.0 : -2.0);
        boolean[][][] y = {{{true, false, true, false}, {true, true, false, false}}};
        Metrics m = net.evaluate(Batch.multiHot(new float[1][2][3], y, new int[] {2}));
        assertEquals(3, m.truePositives());
        assertEquals(1, m.falsePositives());
        assertEquals(1, m.falseNegatives());
        assertEquals(1, m.correct());
        // 8 keys, each −ln σ(2) when right, −ln σ(−2) = 2 − ln σ(2) when wrong (2 of them)
        double nll = 8 * Math.log1p(Math.exp(-2)) + 2 * 2.0;
        assertEquals(nll / 2, m.loss(), 1e-12);
    }

    @Test
    void theNadeWidthBelongsToNadeNetworksOnly() {
        BadInputException e = assertThrows(BadInputException.class, () -> new LstmNetwork(3, 4, 0,
                LstmNetworkTest.BASIC.with("nade_hidden_units=8"), 1, DataType.DOUBLE, Head.SIGMOID));
        assertTrue(e.getMessage().contains("nade_hidden_units"), e.getMessage());
        assertThrows(BadInputException.class,
                () -> new LstmNetwork(3, 4, 0, LstmNetworkTest.BASIC, 1, DataType.DOUBLE, Head.NADE));
        assertEquals("batch_size=64,rnn_layer_sizes=[6,5],dropout_keep_prob=1.0,attn_length=0,clip_norm=3.0,"
                + "learning_rate=0.001,residual_connections=false,use_cudnn=false,nade_hidden_units=8",
                LstmNetworkTest.BASIC.with("nade_hidden_units=8").toString());
        assertEquals(HParams.parse("nade_hidden_units=8"), HParams.parse(HParams.parse("nade_hidden_units=8").toString()));
    }
}
