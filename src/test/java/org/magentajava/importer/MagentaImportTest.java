package org.magentajava.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.bundle.Bundle;
import org.magentajava.io.BadInputException;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.State;
import org.magentajava.proto.GeneratorBundle;
import org.magentajava.proto.GeneratorDetails;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Real TensorFlow checkpoints (written here by tensorflow-java's SaveV2 and SaveSlices), Magenta bundles and
 * magenta-js folders with random weights under Magenta's names of each era: the imported network's
 * probabilities must equal {@link MagentaGraphReference}'s at every step.
 */
class MagentaImportTest {
    private static final double TOL = 1e-5;

    @TempDir
    Path dir;

    private static MagentaWeights basic() {
        return new MagentaWeights(38, List.of(8, 6), 38, false, 11);
    }

    private static MagentaWeights attention(List<Integer> sizes) {
        return new MagentaWeights(74, sizes, 40, true, 12);
    }

    @Test
    void basicRnnV2CheckpointOfATrainingRun() throws IOException {
        MagentaWeights w = basic();
        Path prefix = dir.resolve("train/model.ckpt-1234");
        Files.createDirectories(prefix.getParent());
        TfCheckpoints.saveV2(prefix, w.tensors, true); // Adam slots, beta powers and global_step are skipped
        ImportedModel m = MagentaImport.load(prefix, null, null);
        assertEquals("basic_rnn", m.config().name());
        assertEquals(List.of(8, 6), m.network().hparams().rnnLayerSizes());
        assertEquals(0, m.network().hparams().attnLength());
        assertTrue(m.notes().contains("config basic_rnn inferred from the shapes (38 inputs, 38 classes)"), m.notes()::toString);
        assertMatchesReference(w, 0, m.network());
        // the .index file and the run folder's 'checkpoint' file name the same checkpoint
        assertMatchesReference(w, 0, MagentaImport.load(Path.of(prefix + ".index"), null, null).network());
        Files.writeString(prefix.getParent().resolve("checkpoint"), "model_checkpoint_path: \"model.ckpt-1234\"\n"
                + "all_model_checkpoint_paths: \"model.ckpt-1234\"\n");
        assertMatchesReference(w, 0, MagentaImport.load(prefix.getParent(), null, null).network());
    }

    @Test
    void olderTensorFlowNamesMapOntoTheSameNetwork() throws IOException {
        MagentaWeights w = basic();
        // TF 1.0-1.1: weights/biases everywhere
        Path v2 = dir.resolve("tf10/model.ckpt-5");
        Files.createDirectories(v2.getParent());
        TfCheckpoints.saveV2(v2, w.renamed(n -> n.startsWith("fully_connected") ? n
                : n.replace("/kernel", "/weights").replace("/bias", "/biases")), false);
        ImportedModel tf10 = MagentaImport.load(v2, "basic_rnn", null);
        assertTrue(tf10.notes().get(0).contains("1.0-1.1"), tf10.notes()::toString);
        assertMatchesReference(w, 0, tf10.network());
        // TF 0.x, in a single-file V1 checkpoint
        Path v1 = dir.resolve("tf0.ckpt");
        TfCheckpoints.saveV1(v1, w.renamed(n -> n.startsWith("fully_connected") ? n
                : n.replace("rnn/multi_rnn_cell/cell_", "RNN/MultiRNNCell/Cell").replace("basic_lstm_cell/kernel",
                "BasicLSTMCell/Linear/Matrix").replace("basic_lstm_cell/bias", "BasicLSTMCell/Linear/Bias")));
        ImportedModel tf0 = MagentaImport.load(v1, null, null);
        assertTrue(tf0.notes().get(0).contains("0.x"), tf0.notes()::toString);
        assertMatchesReference(w, 0, tf0.network());
    }

    @Test
    void magentaBundleTakesItsConfigFromTheIdAndAttnLengthFromTheMetagraph() throws IOException {
        MagentaWeights w = attention(List.of(6, 5));
        Path mag = writeMagentaBundle(w, "attention_rnn", 3);
        ImportedModel m = MagentaImport.load(mag, null, null);
        assertEquals("attention_rnn", m.config().name());
        assertEquals(3, m.network().hparams().attnLength());
        assertEquals(List.of(6, 5), m.network().hparams().rnnLayerSizes());
        assertTrue(m.notes().contains("attn_length 3 (from the bundle's metagraph)"), m.notes()::toString);
        assertMatchesReference(w, 3, m.network());
        // generate, evaluate and inspect load it through Bundle.load
        Bundle b = Bundle.load(mag);
        assertEquals("attention_rnn", b.config().name());
        assertMatchesReference(w, 3, b.network());
        // --attn_length wins over the metagraph
        ImportedModel five = MagentaImport.load(mag, null, 5);
        assertEquals(5, five.network().hparams().attnLength());
        assertMatchesReference(w, 5, five.network());
    }

    @Test
    void attnLengthFallsBackToTheConfigDefault() throws IOException {
        MagentaWeights w = attention(List.of(4));
        Path prefix = dir.resolve("model.ckpt-1");
        TfCheckpoints.saveV2(prefix, w.tensors, false);
        ImportedModel m = MagentaImport.load(prefix, null, null);
        assertEquals("attention_rnn", m.config().name());
        assertEquals(40, m.network().hparams().attnLength());
        assertMatchesReference(w, 40, m.network());
        // a run directory's metagraph beside the checkpoint knows the run's attn_length
        Files.write(Path.of(prefix + ".meta"), metagraph(6, 4).toByteArray());
        ImportedModel six = MagentaImport.load(prefix, null, null);
        assertEquals(6, six.network().hparams().attnLength());
        assertTrue(six.notes().contains("attn_length 6 (from model.ckpt-1.meta)"), six.notes()::toString);
        assertMatchesReference(w, 6, six.network());
    }

    @Test
    void residualConnectionsAreInferredFromTheInputProjections() throws IOException {
        // projections on layer 0 and where the size changes (layer 2); the wrapped cells nest in their scope
        MagentaWeights w = new MagentaWeights(121, List.of(6, 6, 4), 40, false, true, 14);
        assertTrue(w.tensors.containsKey("rnn/multi_rnn_cell/cell_2/input_projection_wrapper/basic_lstm_cell/kernel"));
        Path prefix = dir.resolve("res/model.ckpt-8");
        Files.createDirectories(prefix.getParent());
        TfCheckpoints.saveV2(prefix, w.tensors, false);
        ImportedModel m = MagentaImport.load(prefix, null, null);
        assertEquals("lookback_rnn", m.config().name());
        assertTrue(m.network().hparams().residualConnections());
        assertEquals(List.of(6, 6, 4), m.network().hparams().rnnLayerSizes());
        assertMatchesReference(w, 0, m.network());
    }

    @Test
    void polyphonyRnnCheckpoint() throws IOException {
        MagentaWeights w = new MagentaWeights(259, List.of(5, 4, 3), 259, false, 13);
        Path prefix = dir.resolve("poly/model.ckpt-3");
        Files.createDirectories(prefix.getParent());
        TfCheckpoints.saveV2(prefix, w.tensors, true);
        ImportedModel m = MagentaImport.load(prefix, null, null);
        assertEquals("polyphony", m.config().name());
        assertEquals(List.of(5, 4, 3), m.network().hparams().rnnLayerSizes());
        assertMatchesReference(w, 0, m.network());
    }

    @Test
    void magentaJsFolderWithTheWholeStackAttentionLayout() throws IOException {
        MagentaWeights w = attention(List.of(7));
        // magenta-js's names: the wrapper around the stack, attention_output_projection; its config.json claims a
        // one-hot melody converter, which the 74-input kernels contradict
        Map<String, MagentaWeights.Tensor> js = w.renamed(n -> n.startsWith("fully_connected") ? n
                : n.replace("rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/basic_lstm_cell/",
                        "rnn/attention_cell_wrapper/multi_rnn_cell/cell_0/basic_lstm_cell/")
                .replace("rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/", "rnn/attention_cell_wrapper/")
                .replace("attn_output_projection", "attention_output_projection"));
        Path folder = writeMagentaJs(dir.resolve("js"), js, "{\"type\": \"MusicRNN\", \"dataConverter\": {\"type\": "
                + "\"MelodyConverter\", \"args\": {\"minPitch\": 48, \"maxPitch\": 83}}, \"attentionLength\": 4}");
        ImportedModel m = MagentaImport.load(folder, null, null);
        assertEquals("attention_rnn", m.config().name());
        assertEquals(4, m.network().hparams().attnLength());
        assertTrue(m.notes().stream().anyMatch(n -> n.contains("config.json's MelodyConverter 48..83 says basic_rnn")),
                m.notes()::toString);
        assertMatchesReference(w, 4, m.network());
        assertMatchesReference(w, 4, Bundle.load(folder).network());
    }

    @Test
    void exportToMagentaJsAndBackGivesIdenticalOutputs() throws IOException {
        MagentaWeights w = basic();
        Path prefix = dir.resolve("model.ckpt-9");
        TfCheckpoints.saveV2(prefix, w.tensors, false);
        ImportedModel m = MagentaImport.load(prefix, null, null);
        Path out = dir.resolve("js_basic");
        MagentaJsFolder.write(m.config(), m.network(), out);
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"minPitch\": 48, \"maxPitch\": 83"));
        ImportedModel back = MagentaImport.load(out, null, null);
        assertEquals("basic_rnn", back.config().name());
        for (Map.Entry<String, INDArray> e : m.network().parameters().entrySet()) {
            assertEquals(e.getValue(), back.network().parameters().get(e.getKey()), e.getKey());
        }
        assertMatchesReference(w, 0, back.network());
        BadInputException again = assertThrows(BadInputException.class,
                () -> MagentaJsFolder.write(m.config(), m.network(), out));
        assertTrue(again.getMessage().contains("already exists"));
        MagentaWeights a = attention(List.of(4));
        Path ap = dir.resolve("model.ckpt-10");
        TfCheckpoints.saveV2(ap, a.tensors, false);
        ImportedModel att = MagentaImport.load(ap, null, 2);
        BadInputException refused = assertThrows(BadInputException.class,
                () -> MagentaJsFolder.write(att.config(), att.network(), dir.resolve("js_att")));
        assertTrue(refused.getMessage().startsWith("attention_rnn cannot be exported for magenta-js"), refused.getMessage());
        assertTrue(!Files.exists(dir.resolve("js_att")));
    }

    @Test
    void everyMismatchIsOneLineNamingTheVariable() throws IOException {
        MagentaWeights w = basic();
        Map<String, MagentaWeights.Tensor> extra = w.renamed(n -> n);
        extra.put("rnn/multi_rnn_cell/cell_1/basic_lstm_cell/peepholes", new MagentaWeights.Tensor(new long[] {6},
                new float[6]));
        assertEquals(dir.resolve("a") + ": unknown variable rnn/multi_rnn_cell/cell_1/basic_lstm_cell/peepholes (not "
                + "part of a [8, 6] network of this layout)", importError(extra, "a", null));

        Map<String, MagentaWeights.Tensor> wrong = w.renamed(n -> n);
        wrong.put("rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel", new MagentaWeights.Tensor(new long[] {13, 24},
                new float[13 * 24]));
        assertEquals(dir.resolve("b") + ": variable rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel has shape "
                + "[13, 24], expected [14, 24]", importError(wrong, "b", null));

        Map<String, MagentaWeights.Tensor> missing = w.renamed(n -> n);
        missing.remove("fully_connected/biases");
        assertEquals(dir.resolve("c") + ": missing variable fully_connected/biases", importError(missing, "c", null));

        assertEquals(dir.resolve("d") + ": config is lookback_rnn, which encodes 121 inputs and 40 classes, but the "
                + "variables take 38 inputs and give 38 classes (basic_rnn)", importError(w.tensors, "d", "lookback_rnn"));
        assertEquals(dir.resolve("f") + ": config is pianoroll_rnn, which predicts a set of keys per step; imports "
                + "are for one-class configs", importError(w.tensors, "f", "pianoroll_rnn"));

        MagentaWeights two = attention(List.of(4, 4));
        Map<String, MagentaWeights.Tensor> stack = two.renamed(n -> n.startsWith("fully_connected") ? n
                : n.replace("rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/basic_lstm_cell/",
                        "rnn/attention_cell_wrapper/multi_rnn_cell/cell_0/basic_lstm_cell/")
                .replace("rnn/multi_rnn_cell/cell_1/", "rnn/attention_cell_wrapper/multi_rnn_cell/cell_1/")
                .replace("rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/", "rnn/attention_cell_wrapper/"));
        // layer-0 attention under whole-stack names: the query of the whole stack is [c0, h0, c1, h1], not [c0, h0]
        assertEquals(dir.resolve("e") + ": variable rnn/attention_cell_wrapper/attention/kernel has shape [8, 4], "
                + "expected [16, 4]", importError(stack, "e", null));

        Path notCheckpoint = dir.resolve("junk.ckpt");
        Files.writeString(notCheckpoint, "not a checkpoint");
        String junk = assertThrows(BadInputException.class, () -> MagentaImport.load(notCheckpoint, null, null))
                .getMessage();
        assertTrue(junk.startsWith(notCheckpoint + ": not a readable TensorFlow checkpoint ("), junk);
        assertTrue(!junk.contains("\n"), junk);
    }

    private String importError(Map<String, MagentaWeights.Tensor> tensors, String name, String config) {
        Path prefix = dir.resolve(name);
        TfCheckpoints.saveV2(prefix, tensors, false);
        return assertThrows(BadInputException.class, () -> MagentaImport.load(prefix, config, null)).getMessage();
    }

    // ------------------------------------------------------------------------------------------------

    /** The imported network and the reference agree at every step of a seeded input sequence. */
    static void assertMatchesReference(MagentaWeights w, int attnLength, LstmNetwork net) {
        MagentaGraphReference ref = new MagentaGraphReference(w, attnLength);
        State state = net.initialState(1);
        Random r = new Random(5);
        for (int t = 0; t < 12; t++) {
            float[] x = new float[w.inputSize];
            for (int k = 0; k < 3; k++) x[r.nextInt(x.length)] = 1; // one-hot parts of a melody encoding
            double[] d = new double[x.length];
            for (int k = 0; k < x.length; k++) d[k] = x[k];
            double[] want = ref.step(d);
            INDArray got = net.step(state, Nd4j.create(new float[][] {x}), 1.0);
            for (int c = 0; c < want.length; c++) {
                assertEquals(want[c], got.getDouble(0, c), TOL, "step " + t + ", class " + c);
            }
        }
    }

    private Path writeMagentaBundle(MagentaWeights w, String id, int attnLength) throws IOException {
        Path v1 = dir.resolve("bundle.ckpt");
        TfCheckpoints.saveV1(v1, w.tensors);
        GeneratorBundle bundle = GeneratorBundle.newBuilder()
                .setGeneratorDetails(GeneratorDetails.newBuilder().setId(id).setDescription("Magenta"))
                .addCheckpointFile(ByteString.copyFrom(Files.readAllBytes(v1)))
                .setMetagraphFile(metagraph(attnLength, w.sizes.get(0)).toByteString())
                .build();
        Path mag = dir.resolve(id + ".mag");
        Files.write(mag, bundle.toByteArray());
        return mag;
    }

    private static MetaGraphDef metagraph(int attnLength, int attnSize) {
        // the AttentionCellWrapper reshapes its window to [-1, attn_length, attn_size]
        NodeDef shape = NodeDef.newBuilder().setName("rnn/while/rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/"
                + "Reshape/shape").setOp("Const").putAttr("value", AttrValue.newBuilder().setTensor(int32(-1,
                attnLength, attnSize)).build()).build();
        NodeDef other = NodeDef.newBuilder().setName("fully_connected/Reshape/shape").setOp("Const")
                .putAttr("value", AttrValue.newBuilder().setTensor(int32(-1, 9, 9)).build()).build();
        return MetaGraphDef.newBuilder().setGraphDef(GraphDef.newBuilder().addNode(other).addNode(shape)).build();
    }

    static TensorProto int32(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) b.putInt(x);
        return TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorContent(ByteString.copyFrom(b.array()))
                .build();
    }

    /** A magenta-js folder as tensorflowjs writes it, its bytes split over two shards mid-tensor. */
    static Path writeMagentaJs(Path folder, Map<String, MagentaWeights.Tensor> tensors, String configJson)
            throws IOException {
        Files.createDirectories(folder);
        StringBuilder weights = new StringBuilder();
        int total = tensors.values().stream().mapToInt(t -> t.values().length).sum();
        ByteBuffer b = ByteBuffer.allocate(total * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, MagentaWeights.Tensor> e : tensors.entrySet()) {
            for (float f : e.getValue().values()) b.putFloat(f);
            weights.append(weights.isEmpty() ? "" : ", ").append("{\"name\": \"").append(e.getKey())
                    .append("\", \"shape\": ").append(Arrays.toString(e.getValue().shape())).append(", \"dtype\": \"float32\"}");
        }
        int cut = 1002;
        Files.write(folder.resolve("group1-shard1of2"), Arrays.copyOfRange(b.array(), 0, cut));
        Files.write(folder.resolve("group1-shard2of2"), Arrays.copyOfRange(b.array(), cut, b.capacity()));
        Files.writeString(folder.resolve("weights_manifest.json"), "[{\"paths\": [\"group1-shard1of2\", "
                + "\"group1-shard2of2\"], \"weights\": [" + weights + "]}]");
        Files.writeString(folder.resolve("config.json"), configJson);
        return folder;
    }
}
