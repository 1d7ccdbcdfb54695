package org.magentajava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/melody gives train and evaluate the JDK's Vector API (the SIMD attention loops) without showing the
 * JVM's incubator-module notice, lets MELODY_JAVA_OPTS turn it off, and leaves short jobs without it.
 */
class LauncherSimdIT {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path LAUNCHER = ROOT.resolve("scripts/melody");
    static final Path NOTTINGHAM = ROOT.resolve("../shared/data/nottingham").normalize();
    static final String NOTICE = "Using incubator modules";

    @TempDir
    static Path tmp;
    static Path dataset;

    @BeforeAll
    static void attentionDataset() throws Exception {
        Path midi = Files.createDirectories(tmp.resolve("midi"));
        try (Stream<Path> s = Files.list(NOTTINGHAM)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".mid")).sorted().limit(6).toList()) {
                Files.copy(p, midi.resolve(p.getFileName()));
            }
        }
        Path ns = tmp.resolve("ns.tfrecord");
        assertOk(run(null, "convert-dir", "--input_dir", midi.toString(), "--output_file", ns.toString()));
        dataset = tmp.resolve("ds");
        assertOk(run(null, "create-dataset", "--config", "attention_rnn", "--input", ns.toString(), "--output_dir",
                dataset.toString(), "--eval_ratio", "0"));
    }

    static String train(String javaOpts, String runDir) throws Exception {
        return assertOk(run(javaOpts, "train", "--config", "attention_rnn", "--run_dir", tmp.resolve(runDir).toString(),
                "--sequence_example_file", dataset.resolve("training_melodies.tfrecord").toString(),
                "--hparams", "batch_size=4,rnn_layer_sizes=[8],attn_length=3", "--num_training_steps", "2"));
    }

    @Test
    void trainRunsTheSimdAttentionLoopsWithoutTheJvmNotice() throws Exception {
        String out = train(null, "simd");
        assertTrue(out.contains("(attention loops: simd-"), out);
        assertFalse(out.contains(NOTICE), out);
    }

    @Test
    void melodyJavaOptsCanTurnTheSimdLoopsOff() throws Exception {
        String out = train("-Dmagentajava.model.simd=false", "scalar");
        assertTrue(out.contains("(attention loops: scalar)"), out);
    }

    @Test
    void shortJobsDoNotLoadTheModule() throws Exception {
        // generate runs on C1, which does not compile the Vector API: it must use the plain loops
        String out = assertOk(run("-Xlog:class+load=info", "generate", "--num_outputs", "1", "--num_steps", "48",
                "--bundle_file", ROOT.resolve("bundles/attention_rnn.mag").toString(),
                "--output_dir", tmp.resolve("gen").toString()));
        assertTrue(out.contains("org.magentajava.model.ops.ScalarWindowKernel"), "the attention bundle's kernel loaded");
        assertFalse(out.contains("jdk.incubator.vector.FloatVector"), "generate loaded the Vector API");
    }

    static String assertOk(String[] codeAndOutput) {
        assertEquals("0", codeAndOutput[0], codeAndOutput[1]);
        return codeAndOutput[1];
    }

    /** Runs the launcher; returns {exit code, stdout+stderr}. */
    static String[] run(String javaOpts, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "log", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (javaOpts == null) pb.environment().remove("MELODY_JAVA_OPTS");
        else pb.environment().put("MELODY_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + cmd);
        return new String[] {Integer.toString(p.exitValue()), Files.readString(log, StandardCharsets.UTF_8)};
    }
}
