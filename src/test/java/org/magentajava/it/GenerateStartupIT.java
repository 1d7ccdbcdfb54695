package org.magentajava.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/melody generate as a new user's first command: it must not start ND4J's native stack (the plain-Java
 * network runs every bundle), it must give the same bytes for the same seed in separate JVMs, and the launcher's
 * class-data archive must never make it fail or talk.
 */
class GenerateStartupIT {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path LAUNCHER = ROOT.resolve("scripts/melody");

    @TempDir
    Path tmp;

    record Run(int code, String output) {
    }

    Run run(String javaOpts, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "log", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("MELODY_JAVA_OPTS");
        if (javaOpts != null) {
            pb.environment().put("MELODY_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + cmd);
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    static List<Path> midiFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        }
    }

    @Test
    void generateLoadsNoNd4jNorJavaCppForMelodyOrPolyphonyBundles() throws Exception {
        for (String bundle : List.of("bundles/phrase_rnn.mag", "bundles/attention_rnn.mag", "bundles/polyphony_rnn.mag")) {
            Run r = run("-Xlog:class+load=info", "generate", "--bundle_file", ROOT.resolve(bundle).toString(),
                    "--num_outputs", "1", "--num_steps", "48", "--seed", "3", "--output_dir", tmp.resolve("g").toString());
            assertEquals(0, r.code(), r.output());
            assertTrue(r.output().contains("org.magentajava.model.InferenceNetwork "), bundle + ": plain network ran");
            List<String> native_ = r.output().lines()
                    .filter(l -> l.contains(" org.nd4j.") || l.contains(" org.bytedeco.")).limit(3).toList();
            assertEquals(List.of(), native_, bundle + " loaded the native tensor stack");
        }
    }

    @Test
    void generateFromARunDirectoryLoadsNoNd4jEither() throws Exception {
        Path midi = Files.createDirectories(tmp.resolve("midi"));
        try (Stream<Path> s = Files.list(ROOT.resolve("../shared/data/nottingham").normalize())) {
            for (Path p : s.filter(p -> p.toString().endsWith(".mid")).sorted().limit(6).toList()) {
                Files.copy(p, midi.resolve(p.getFileName()));
            }
        }
        Path ns = tmp.resolve("ns.tfrecord");
        assertEquals(0, run(null, "convert-dir", "--input_dir", midi.toString(), "--output_file", ns.toString()).code());
        assertEquals(0, run(null, "create-dataset", "--config", "attention_rnn", "--input", ns.toString(),
                "--output_dir", tmp.resolve("ds").toString(), "--eval_ratio", "0").code());
        Run train = run(null, "train", "--config", "attention_rnn", "--run_dir", tmp.resolve("run").toString(),
                "--sequence_example_file", tmp.resolve("ds/training_melodies.tfrecord").toString(),
                "--hparams", "batch_size=4,rnn_layer_sizes=[8],attn_length=3", "--num_training_steps", "1");
        assertEquals(0, train.code(), train.output());
        Run r = run("-Xlog:class+load=info", "generate", "--run_dir", tmp.resolve("run").toString(),
                "--num_outputs", "1", "--num_steps", "48", "--seed", "3", "--output_dir", tmp.resolve("g").toString());
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("org.magentajava.model.InferenceNetwork "), "plain network ran");
        assertFalse(r.output().contains(" org.nd4j.") || r.output().contains(" org.bytedeco."),
                "generate from a run directory loaded the native tensor stack");
    }

    @Test
    void theSameSeedWritesTheSameBytesInSeparateRuns() throws Exception {
        List<byte[]> outputs = new ArrayList<>();
        for (String dir : List.of("a", "b")) {
            Run r = run(null, "generate", "--num_outputs", "2", "--seed", "7", "--output_dir", tmp.resolve(dir).toString());
            assertEquals(0, r.code(), r.output());
            List<Path> files = midiFiles(tmp.resolve(dir));
            assertEquals(2, files.size(), files.toString());
            for (Path f : files) {
                outputs.add(Files.readAllBytes(f));
            }
        }
        assertArrayEquals(outputs.get(0), outputs.get(2));
        assertArrayEquals(outputs.get(1), outputs.get(3));
        assertFalse(java.util.Arrays.equals(outputs.get(0), outputs.get(1)), "two outputs of a run differ");
    }

    /**
     * A class-data archive that the JVM will refuse: a real one, dumped for another class path (a copy of the jar),
     * the way a stale archive meets a rebuilt jar. Without the launcher's log settings the JVM says so on stdout.
     */
    void dumpArchiveForAnotherClassPath(Path archive) throws Exception {
        Path other = Files.copy(ROOT.resolve("target/melody.jar"), tmp.resolve("other.jar"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-XX:ArchiveClassesAtExit=" + archive,
                "-Xlog:cds=off,cds+dynamic=off", "-cp", other.toString(), "org.magentajava.cli.MelodyCli", "-V")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("dump.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "archive dump timed out");
        assertTrue(Files.size(archive) > 0, "no archive was dumped");
    }

    @Test
    void aClassArchiveTheJvmRefusesIsIgnoredSilently() throws Exception {
        Path archive = ROOT.resolve("target/melody-generate.jsa");
        Path saved = tmp.resolve("saved.jsa");
        boolean had = Files.exists(archive);
        if (had) {
            Files.copy(archive, saved, StandardCopyOption.COPY_ATTRIBUTES);
        }
        try {
            Files.deleteIfExists(archive);
            dumpArchiveForAnotherClassPath(archive);
            // newer than the jar, so the launcher hands it to the JVM
            Files.setLastModifiedTime(archive, FileTime.fromMillis(
                    Files.getLastModifiedTime(ROOT.resolve("target/melody.jar")).toMillis() + 60_000));
            Run r = run(null, "generate", "--num_outputs", "1", "--num_steps", "48", "--seed", "1",
                    "--output_dir", tmp.resolve("c").toString());
            assertEquals(0, r.code(), r.output());
            assertEquals(List.of("generating", "wrote", "melodies"),
                    r.output().lines().map(l -> l.split(" ")[0]).toList(), r.output());
        } finally {
            Files.deleteIfExists(archive);
            if (had) {
                Files.copy(saved, archive, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
