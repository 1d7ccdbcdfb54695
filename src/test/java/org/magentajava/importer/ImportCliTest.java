package org.magentajava.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.bundle.Bundle;
import org.magentajava.cli.MelodyCli;
import org.magentajava.model.LstmNetwork;
import org.magentajava.train.CheckpointHeader;
import org.magentajava.train.Checkpoints;
import org.magentajava.train.DataPosition;
import org.magentajava.train.NetworkModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The import command, and Magenta's models in inspect, generate and save-bundle --format magenta-js. */
class ImportCliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            return new Result(MelodyCli.run(args), out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void importWritesTheProjectsBundleOnceAndSaysWhatItInferred() throws IOException {
        MagentaWeights w = new MagentaWeights(38, List.of(8, 6), 38, false, 21);
        Path prefix = dir.resolve("model.ckpt-77");
        TfCheckpoints.saveV2(prefix, w.tensors, true);
        Path out = dir.resolve("imported.mag");
        Result r = run("import", "--input", prefix.toString(), "--bundle_file", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("  config basic_rnn inferred from the shapes (38 inputs, 38 classes)\n"), r.err());
        assertTrue(r.err().contains("wrote " + out + " (basic_rnn, hparams batch_size=128,rnn_layer_sizes=[8,6],"), r.err());
        Bundle b = Bundle.load(out);
        MagentaImportTest.assertMatchesReference(w, 0, b.network());

        Result again = run("import", "--input", prefix.toString(), "--bundle_file", out.toString());
        assertEquals(2, again.code());
        assertEquals("error: " + out + ": already exists; not overwritten\n", again.err());

        Result wrongAttn = run("import", "--input", prefix.toString(), "--attn_length", "8", "--bundle_file",
                dir.resolve("x.mag").toString());
        assertEquals(2, wrongAttn.code());
        assertEquals("error: " + prefix + ": --attn_length 8 given, but the checkpoint has no attention variables "
                + "(rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/...)\n", wrongAttn.err());
        assertTrue(!Files.exists(dir.resolve("x.mag")));

        Result own = run("import", "--input", out.toString(), "--bundle_file", dir.resolve("y.mag").toString());
        assertEquals(2, own.code());
        assertEquals("error: " + out + ": already a magenta-java bundle (written by save-bundle or import); generate, "
                + "evaluate and inspect take it as it is\n", own.err());
    }

    @Test
    void inspectAndGenerateTakeAMagentaJsFolderDirectly() throws IOException {
        MagentaWeights w = new MagentaWeights(38, List.of(5), 38, false, 22);
        Path prefix = dir.resolve("model.ckpt-1");
        TfCheckpoints.saveV2(prefix, w.tensors, false);
        ImportedModel m = MagentaImport.load(prefix, null, null);
        Path js = dir.resolve("js");
        MagentaJsFolder.write(m.config(), m.network(), js);

        Result inspect = run("inspect", js.toString());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("bundle:        " + js + " (magenta-js checkpoint folder)\nconfig:        basic_rnn"),
                inspect.out());
        assertTrue(inspect.out().contains("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel"), inspect.out());

        Path gen = dir.resolve("gen");
        Result g = run("generate", "--bundle_file", js.toString(), "--output_dir", gen.toString(), "--num_outputs", "2",
                "--num_steps", "48", "--seed", "3");
        assertEquals(0, g.code(), g.err());
        try (Stream<Path> files = Files.list(gen)) {
            assertEquals(2, files.filter(p -> p.toString().endsWith(".mid")).count());
        }
    }

    @Test
    void saveBundleExportsARunForMagentaJs() throws IOException {
        MagentaWeights w = new MagentaWeights(38, List.of(6, 6), 38, false, 23);
        Path prefix = dir.resolve("model.ckpt-2");
        TfCheckpoints.saveV2(prefix, w.tensors, false);
        LstmNetwork net = MagentaImport.load(prefix, null, null).network();
        Path run = dir.resolve("run");
        Checkpoints.save(run.resolve("train"), new CheckpointHeader("basic_rnn", net.hparams().toString(), 38, 38, 7,
                DataPosition.start(0)), new NetworkModel(net), 0);
        Path js = dir.resolve("web/basic_rnn");
        Result r = run("save-bundle", "--config", "basic_rnn", "--run_dir", run.toString(), "--format", "magenta-js",
                "--bundle_file", js.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(js.resolve("group1-shard1of1")));
        LstmNetwork back = MagentaImport.load(js, null, null).network();
        for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
            assertEquals(e.getValue(), back.parameters().get(e.getKey()), e.getKey());
        }
        MagentaImportTest.assertMatchesReference(w, 0, back);

        Result exists = run("save-bundle", "--config", "basic_rnn", "--run_dir", run.toString(), "--format",
                "magenta-js", "--bundle_file", js.toString());
        assertEquals(2, exists.code());
        assertEquals("error: " + js + ": already exists; not overwritten\n", exists.err());
        Result bad = run("save-bundle", "--config", "basic_rnn", "--run_dir", run.toString(), "--format", "onnx",
                "--bundle_file", dir.resolve("o").toString());
        assertEquals(2, bad.code());
        assertEquals("error: unknown --format 'onnx'; valid formats: mag, magenta-js\n", bad.err());
    }
}
