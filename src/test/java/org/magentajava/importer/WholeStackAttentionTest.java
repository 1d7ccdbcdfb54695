package org.magentajava.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.bundle.Bundle;
import org.magentajava.io.BadInputException;
import org.magentajava.model.AttentionWrap;
import org.magentajava.model.Batch;
import org.magentajava.model.HParams;
import org.magentajava.model.Head;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.Metrics;
import org.magentajava.model.NetworkFile;
import org.magentajava.model.State;
import org.magentajava.proto.GeneratorBundle;
import org.magentajava.proto.GeneratorDetails;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * The pre-May-2017 layout: one AttentionCellWrapper around the whole MultiRNNCell (Magenta's 2016
 * attention_rnn.mag, magenta-js's attention_rnn). Checkpoints written by tensorflow-java under each era's real
 * variable names; the imported network must give {@link MagentaGraphReference}'s probabilities (TensorFlow's
 * equations in double) at every step. Layer sizes differ on purpose: the attention size is the top layer's and
 * the query spans every layer's state, so mixing them up changes shapes or numbers.
 */
class WholeStackAttentionTest {
    private static final double TOL = 1e-5;

    @TempDir
    Path dir;

    /** TensorFlow 0.10-0.12's names: RNN/, CamelCase cell scopes, _linear's Linear/Matrix|Bias, Attention/AttnW|AttnV. */
    static String tf0(String name) {
        if (name.startsWith("fully_connected/")) return name;
        return name.replace("rnn/attention_cell_wrapper/", "RNN/AttentionCellWrapper/")
                .replace("multi_rnn_cell/cell_", "MultiRNNCell/Cell")
                .replace("basic_lstm_cell/", "BasicLSTMCell/")
                .replace("attention/attn_w", "Attention/AttnW")
                .replace("attention/attn_v", "Attention/AttnV")
                .replace("attention/", "Attention/")
                .replace("attn_output_projection/", "AttnOutputProjection/")
                .replaceAll("/kernel$", "/Linear/Matrix")
                .replaceAll("/bias$", "/Linear/Bias");
    }

    /** TensorFlow 1.0-1.1's names: _linear's weights/biases straight in each scope. */
    static String tf10(String name) {
        if (name.startsWith("fully_connected/")) return name;
        return name.replaceAll("/kernel$", "/weights").replaceAll("/bias$", "/biases");
    }

    @Test
    void theAttentionScopesOfEveryEraHaveTodaysNames() {
        String w = "rnn/attention_cell_wrapper/";
        Map<String, String> tf0 = new LinkedHashMap<>();
        tf0.put("RNN/AttentionCellWrapper/Linear/Matrix", w + "kernel");
        tf0.put("RNN/AttentionCellWrapper/Linear/Bias", w + "bias");
        tf0.put("RNN/AttentionCellWrapper/MultiRNNCell/Cell1/BasicLSTMCell/Linear/Matrix",
                w + "multi_rnn_cell/cell_1/basic_lstm_cell/kernel");
        tf0.put("RNN/AttentionCellWrapper/Attention/AttnW", w + "attention/attn_w");
        tf0.put("RNN/AttentionCellWrapper/Attention/AttnV", w + "attention/attn_v");
        tf0.put("RNN/AttentionCellWrapper/Attention/Linear/Matrix", w + "attention/kernel");
        tf0.put("RNN/AttentionCellWrapper/Attention/Linear/Bias", w + "attention/bias");
        tf0.put("RNN/AttentionCellWrapper/AttnOutputProjection/Linear/Matrix", w + "attn_output_projection/kernel");
        tf0.put("RNN/AttentionCellWrapper/AttnOutputProjection/Linear/Bias", w + "attn_output_projection/bias");
        // layer-0 attention (never published under TF 0.x names, but the same scopes)
        tf0.put("RNN/MultiRNNCell/Cell0/AttentionCellWrapper/Attention/AttnW",
                "rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/attention/attn_w");
        tf0.forEach((old, today) -> {
            assertEquals(today, MagentaVariables.canonical(old), old);
            if (today.startsWith(w)) assertEquals(old, tf0(today), "the test's own renaming of " + today);
        });
        assertEquals(w + "kernel", MagentaVariables.canonical("rnn/attention_cell_wrapper/weights"));
        assertEquals(w + "attention/bias", MagentaVariables.canonical("rnn/attention_cell_wrapper/attention/biases"));
        assertEquals(w + "attn_output_projection/kernel",
                MagentaVariables.canonical("rnn/attention_cell_wrapper/attn_output_projection/weights"));
        // magenta-js's manifest spells the output projection out
        assertEquals(w + "attn_output_projection/bias",
                MagentaVariables.canonical("rnn/attention_cell_wrapper/attention_output_projection/bias"));
        assertEquals("fully_connected/weights", MagentaVariables.canonical("fully_connected/weights"));
    }

    @Test
    void aOneLayerTensorFlow0CheckpointIsLayerZeroAttention() throws IOException {
        // the whole-stack reference on TF 0.x names; the import maps it onto layer-0 attention (the same network)
        MagentaWeights w = MagentaWeights.wholeStack(74, List.of(6), 40, 38);
        Path v1 = dir.resolve("one_layer.ckpt");
        TfCheckpoints.saveV1(v1, w.renamed(WholeStackAttentionTest::tf0));
        ImportedModel m = MagentaImport.load(v1, null, 3);
        assertEquals(AttentionWrap.FIRST_LAYER, m.network().attentionWrap());
        assertTrue(m.network().parameters().containsKey("rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/attention/attn_w"));
        assertTrue(m.notes().contains("attention wraps the whole stack (pre-May-2017 layout); with one layer that is "
                + "attention on layer 0"), m.notes()::toString);
        assertMatchesReference(w, 3, m.network(), 10);
    }

    @Test
    void layerZeroAttentionUnderTensorFlow11Names() throws IOException {
        // Magenta moved attention to layer 0 in May 2017, still on TF 1.1's weights/biases
        MagentaWeights w = new MagentaWeights(74, List.of(6, 5), 40, true, 39);
        Path prefix = dir.resolve("tf11/model.ckpt-7");
        Files.createDirectories(prefix.getParent());
        TfCheckpoints.saveV2(prefix, w.renamed(WholeStackAttentionTest::tf10), true);
        assertTrue(w.renamed(WholeStackAttentionTest::tf10)
                .containsKey("rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/attention/weights"));
        ImportedModel m = MagentaImport.load(prefix, null, 4);
        assertEquals(AttentionWrap.FIRST_LAYER, m.network().attentionWrap());
        MagentaImportTest.assertMatchesReference(w, 4, m.network());
    }

    @Test
    void magentas2016AttentionBundleWithTensorFlow0Names() throws IOException {
        MagentaWeights w = MagentaWeights.wholeStack(74, List.of(6, 5), 40, 31);
        Path v1 = dir.resolve("attention_rnn.ckpt");
        TfCheckpoints.saveV1(v1, w.renamed(WholeStackAttentionTest::tf0));
        GeneratorBundle bundle = GeneratorBundle.newBuilder()
                .setGeneratorDetails(GeneratorDetails.newBuilder().setId("attention_rnn").setDescription("2016"))
                .addCheckpointFile(ByteString.copyFrom(Files.readAllBytes(v1)))
                .setMetagraphFile(tf0Metagraph(3, 5).toByteString())
                .build();
        Path mag = dir.resolve("attention_rnn.mag");
        Files.write(mag, bundle.toByteArray());

        ImportedModel m = MagentaImport.load(mag, null, null);
        assertEquals("attention_rnn", m.config().name());
        assertEquals(AttentionWrap.WHOLE_STACK, m.network().attentionWrap());
        assertEquals(List.of(6, 5), m.network().hparams().rnnLayerSizes());
        assertEquals(3, m.network().hparams().attnLength());
        assertTrue(m.notes().get(0).contains("0.x"), m.notes()::toString);
        assertTrue(m.notes().contains("layers [6, 5] (from the LSTM kernels), 74 inputs, 40 classes, attention around "
                + "the whole stack (Magenta before May 2017; attention size 5, the top layer's; generation and "
                + "evaluation only)"), m.notes()::toString);
        assertTrue(m.notes().contains("attn_length 3 (from the bundle's metagraph)"), m.notes()::toString);
        assertMatchesReference(w, 3, m.network(), 14);
        assertMatchesReference(w, 3, Bundle.load(mag).network(), 14);
    }

    @Test
    void aTensorFlow10RunOfThreeLayers() throws IOException {
        MagentaWeights w = MagentaWeights.wholeStack(74, List.of(5, 4, 6), 40, 32);
        Path prefix = dir.resolve("train/model.ckpt-2000");
        Files.createDirectories(prefix.getParent());
        TfCheckpoints.saveV2(prefix, w.renamed(WholeStackAttentionTest::tf10), true);
        ImportedModel m = MagentaImport.load(prefix, null, 4);
        assertTrue(m.notes().get(0).contains("1.0-1.1"), m.notes()::toString);
        assertEquals(List.of(5, 4, 6), m.network().hparams().rnnLayerSizes());
        assertEquals(AttentionWrap.WHOLE_STACK, m.network().attentionWrap());
        assertMatchesReference(w, 4, m.network(), 12);
    }

    @Test
    void magentaJsAttentionRnnFolder() throws IOException {
        // magenta-js's attention_rnn: three equal layers, attention_output_projection
        MagentaWeights w = MagentaWeights.wholeStack(74, List.of(4, 4, 4), 40, 33);
        Path folder = MagentaImportTest.writeMagentaJs(dir.resolve("attention_rnn"),
                w.renamed(n -> n.replace("attn_output_projection", "attention_output_projection")),
                "{\"type\": \"MusicRNN\", \"dataConverter\": {\"type\": \"MelodyConverter\", \"args\": "
                        + "{\"minPitch\": 48, \"maxPitch\": 83}}, \"attentionLength\": 2}");
        ImportedModel m = MagentaImport.load(folder, null, null);
        assertEquals("attention_rnn", m.config().name());
        assertEquals(2, m.network().hparams().attnLength());
        assertMatchesReference(w, 2, m.network(), 10);
    }

    @Test
    void aOneHotMelodyModelWithAttentionTakesAttnLengthFromConfigJson() throws IOException {
        // magenta-js's MusicRNN feeds one-hot melodies (its MelodyConverter) to its attention models too
        MagentaWeights w = MagentaWeights.wholeStack(38, List.of(4, 4, 4), 38, 40);
        Path folder = MagentaImportTest.writeMagentaJs(dir.resolve("onehot_attention"), w.tensors,
                "{\"type\": \"MusicRNN\", \"dataConverter\": {\"type\": \"MelodyConverter\", \"args\": "
                        + "{\"minPitch\": 48, \"maxPitch\": 83}}, \"attentionLength\": 3}");
        ImportedModel m = MagentaImport.load(folder, null, null);
        assertEquals("basic_rnn", m.config().name());
        assertEquals(AttentionWrap.WHOLE_STACK, m.network().attentionWrap());
        assertTrue(m.notes().contains("attn_length 3 (config.json's attentionLength)"), m.notes()::toString);
        assertMatchesReference(w, 3, m.network(), 10);
    }

    @Test
    void batchesOfWholeSequencesAndTheLossMatchTheReference() throws IOException {
        MagentaWeights w = MagentaWeights.wholeStack(74, List.of(6, 5), 40, 34);
        Path prefix = dir.resolve("model.ckpt-1");
        TfCheckpoints.saveV2(prefix, w.tensors, false);
        LstmNetwork net = MagentaImport.load(prefix, "attention_rnn", 3).network();
        int b = 3;
        int t = 9;
        int[] lengths = {9, 5, 7};
        float[][][] x = new float[b][t][];
        int[][] labels = new int[b][t];
        Random r = new Random(8);
        for (int i = 0; i < b; i++) {
            for (int s = 0; s < t; s++) {
                x[i][s] = melodyInput(r, 74);
                labels[i][s] = r.nextInt(40);
            }
        }
        INDArray probs = net.softmax(x, 1.0);
        double nll = 0;
        for (int i = 0; i < b; i++) {
            MagentaGraphReference ref = new MagentaGraphReference(w, 3);
            for (int s = 0; s < t; s++) {
                double[] want = ref.step(toDouble(x[i][s]));
                for (int c = 0; c < 40; c++) {
                    assertEquals(want[c], probs.getDouble(i, s, c), TOL, "sequence " + i + ", step " + s + ", class " + c);
                }
                if (s < lengths[i]) nll -= Math.log(want[labels[i][s]]);
            }
        }
        Metrics m = net.evaluate(new Batch(x, labels, lengths));
        assertEquals(21, m.steps());
        assertEquals(nll / 21, m.loss(), 1e-5);
    }

    @Test
    void aDoubleNetworkAgreesWithTheReferenceToRounding() {
        MagentaWeights w = MagentaWeights.wholeStack(38, List.of(7, 3), 38, 35);
        LstmNetwork net = new LstmNetwork(38, 38, 0, HParams.parse("rnn_layer_sizes=[7,3],attn_length=5"), 0,
                DataType.DOUBLE, Head.SOFTMAX, AttentionWrap.WHOLE_STACK);
        Map<String, INDArray> values = new LinkedHashMap<>();
        w.tensors.forEach((k, v) -> values.put(k, Nd4j.create(v.values(), v.shape(), 'c')));
        net.setParameters(values, false);
        MagentaGraphReference ref = new MagentaGraphReference(w, 5);
        State state = net.initialState(1);
        Random r = new Random(9);
        for (int s = 0; s < 16; s++) {
            float[] x = melodyInput(r, 38);
            double[] want = ref.step(toDouble(x));
            INDArray got = net.step(state, Nd4j.create(new double[][] {toDouble(x)}), 1.0);
            for (int c = 0; c < want.length; c++) assertEquals(want[c], got.getDouble(0, c), 1e-12, "step " + s);
        }
        assertEquals(5, state.attentionWindow().size(1));
        assertEquals(3, state.attentionWindow().size(2)); // the top layer's size
    }

    @Test
    void savedAsOurBundleItLoadsTheSameGeneratesAndRefusesTraining() throws IOException {
        MagentaWeights w = MagentaWeights.wholeStack(74, List.of(6, 5), 40, 36);
        Path prefix = dir.resolve("model.ckpt-3");
        TfCheckpoints.saveV2(prefix, w.renamed(WholeStackAttentionTest::tf10), false);
        Path out = dir.resolve("old_attention.mag");
        ImportCliTest.Result r = ImportCliTest.run("import", "--input", prefix.toString(), "--attn_length", "3",
                "--bundle_file", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("attention around the whole stack"), r.err());
        LstmNetwork net = Bundle.load(out).network();
        assertEquals(AttentionWrap.WHOLE_STACK, net.attentionWrap());
        assertMatchesReference(w, 3, net, 8);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NetworkFile.write(net, bytes, false);
        assertEquals("MJN3", new String(bytes.toByteArray(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        LstmNetwork back = NetworkFile.read(new ByteArrayInputStream(bytes.toByteArray()), "net");
        assertEquals(AttentionWrap.WHOLE_STACK, back.attentionWrap());
        assertEquals(net.parameters().keySet(), back.parameters().keySet());
        net.parameters().forEach((k, v) -> assertEquals(v, back.parameters().get(k), k));

        ImportCliTest.Result inspect = ImportCliTest.run("inspect", out.toString());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("\nattention:     around the whole LSTM stack (Magenta before May 2017); "
                + "generation and evaluation only\n"), inspect.out());

        // beam search copies and reorders the window between steps
        Path gen = dir.resolve("gen");
        ImportCliTest.Result g = ImportCliTest.run("generate", "--bundle_file", out.toString(), "--output_dir",
                gen.toString(), "--num_outputs", "2", "--num_steps", "64", "--beam_size", "2", "--seed", "4");
        assertEquals(0, g.code(), g.err());
        try (Stream<Path> files = Files.list(gen)) {
            assertEquals(2, files.filter(p -> p.toString().endsWith(".mid")).count());
        }

        float[][][] x = {{melodyInput(new Random(1), 74), melodyInput(new Random(2), 74)}};
        BadInputException e = assertThrows(BadInputException.class,
                () -> net.computeGradients(new Batch(x, new int[][] {{1, 2}}, new int[] {2}), false));
        assertEquals("this network's attention wraps the whole LSTM stack (Magenta's layout before May 2017, "
                + "imported): it generates and evaluates, but training it is not supported", e.getMessage());
    }

    @Test
    void aNetworkFileWithABadPlacementOrNoWindowIsOneLine() throws IOException {
        assertEquals("net: bad network file header (unknown attention placement 'sideways')",
                readError(header("sideways", "rnn_layer_sizes=[4,4],attn_length=3")));
        assertEquals("net: bad network file header (attention around the whole stack with attn_length 0, "
                + "residual_connections false)", readError(header("whole_stack", "rnn_layer_sizes=[4,4],attn_length=0")));
    }

    /** An MJN3 header (magic, head, placement, hparams, sizes, dtype) with no tensors after it. */
    private static byte[] header(String placement, String hparams) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeBytes("MJN3");
        out.writeUTF("softmax");
        out.writeUTF(placement);
        out.writeUTF(HParams.parse(hparams).toString());
        out.writeInt(38);
        out.writeInt(38);
        out.writeInt(0);
        out.writeUTF("FLOAT");
        out.write(new byte[4096]); // room for the declared weights, so the size check passes
        return bytes.toByteArray();
    }

    private static String readError(byte[] file) {
        return assertThrows(BadInputException.class,
                () -> NetworkFile.read(new ByteArrayInputStream(file), "net", file.length)).getMessage();
    }

    @Test
    void aWrapperKernelThatDoesNotFitTheStackIsOneLine() {
        MagentaWeights w = MagentaWeights.wholeStack(74, List.of(6, 5), 40, 37);
        Map<String, MagentaWeights.Tensor> bad = w.renamed(n -> n);
        bad.put("rnn/attention_cell_wrapper/kernel", new MagentaWeights.Tensor(new long[] {80, 74}, new float[80 * 74]));
        Path prefix = dir.resolve("bad");
        TfCheckpoints.saveV2(prefix, bad, false);
        BadInputException e = assertThrows(BadInputException.class, () -> MagentaImport.load(prefix, null, null));
        assertEquals(prefix + ": variable rnn/attention_cell_wrapper/kernel has shape [80, 74], expected [inputs + 5, "
                + "inputs] (the top layer's size is the attention size)", e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------

    static void assertMatchesReference(MagentaWeights w, int attnLength, LstmNetwork net, int steps) {
        MagentaGraphReference ref = new MagentaGraphReference(w, attnLength);
        State state = net.initialState(1);
        Random r = new Random(5);
        for (int t = 0; t < steps; t++) {
            float[] x = melodyInput(r, w.inputSize);
            double[] want = ref.step(toDouble(x));
            INDArray got = net.step(state, Nd4j.create(new float[][] {x}), 1.0);
            for (int c = 0; c < want.length; c++) {
                assertEquals(want[c], got.getDouble(0, c), TOL, "step " + t + ", class " + c);
            }
        }
    }

    /** A few one-hot parts, as a melody encoding has. */
    private static float[] melodyInput(Random r, int size) {
        float[] x = new float[size];
        for (int k = 0; k < 3; k++) x[r.nextInt(size)] = 1;
        return x;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int k = 0; k < x.length; k++) d[k] = x[k];
        return d;
    }

    /** A TF 0.x generate graph's window reshape: [-1, attn_length, attn_size] inside RNN/while/AttentionCellWrapper. */
    private static MetaGraphDef tf0Metagraph(int attnLength, int attnSize) {
        NodeDef shape = NodeDef.newBuilder().setName("RNN/while/AttentionCellWrapper/Reshape/shape").setOp("Const")
                .putAttr("value", AttrValue.newBuilder().setTensor(MagentaImportTest.int32(-1, attnLength, attnSize))
                        .build()).build();
        NodeDef hidden = NodeDef.newBuilder().setName("RNN/while/AttentionCellWrapper/Attention/Reshape/shape")
                .setOp("Const").putAttr("value", AttrValue.newBuilder().setTensor(MagentaImportTest.int32(-1,
                        attnLength, 1, attnSize)).build()).build();
        return MetaGraphDef.newBuilder().setGraphDef(GraphDef.newBuilder().addNode(hidden).addNode(shape)).build();
    }
}
