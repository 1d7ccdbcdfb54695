package org.magentajava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/melody as a new user meets it: linked into PATH, run twice at once, sizing its heap from the job. */
class LauncherIT {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path LAUNCHER = ROOT.resolve("scripts/melody");

    @TempDir
    Path tmp;

    record Run(int code, String output) {
    }

    Run run(Path launcher, Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "log", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("MELODY_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + cmd);
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void worksThroughAChainOfSymlinksFromAnyFolder() throws Exception {
        // ~/bin/melody -> ../tools/melody (relative) -> <project>/scripts/melody, run from an unrelated folder
        Path bin = Files.createDirectories(tmp.resolve("home/bin"));
        Path tools = Files.createDirectories(tmp.resolve("home/tools"));
        Files.createSymbolicLink(tools.resolve("melody"), LAUNCHER);
        Files.createSymbolicLink(bin.resolve("melody"), Path.of("../tools/melody"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Run r = run(bin.resolve("melody"), elsewhere, Map.of(), "--version");
        assertEquals(0, r.code(), r.output());
        assertEquals("magenta-java 0.1.0", r.output().strip());
        // the shipped default bundle and primer are found from the project, not from the link's folder
        Run gen = run(bin.resolve("melody"), elsewhere, Map.of(), "generate", "--num_outputs", "1", "--num_steps",
                "40", "--seed", "1");
        assertEquals(0, gen.code(), gen.output());
        assertTrue(gen.output().contains("primer " + ROOT.resolve("primers/twinkle.mid")), gen.output());
        assertEquals(List.of("melody"), list(bin));
        assertEquals(List.of("melody"), list(tools));
        assertEquals(List.of("generated"), list(elsewhere));
    }

    @Test
    void twoGenerateRunsIntoOneFolderKeepEveryFile() throws Exception {
        Path out = tmp.resolve("gen");
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "generate", "--bundle_file",
                    ROOT.resolve("bundles/basic_rnn.mag").toString(), "--output_dir", out.toString(), "--num_outputs",
                    "3", "--num_steps", "64", "--seed", Integer.toString(i)).directory(tmp.toFile())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("run" + i + ".txt").toFile());
            pb.environment().remove("MELODY_JAVA_OPTS");
            runs.add(pb.start());
        }
        Set<String> written = new HashSet<>();
        Pattern wrote = Pattern.compile("wrote (\\S+\\.mid)");
        for (int i = 0; i < 2; i++) {
            assertTrue(runs.get(i).waitFor(120, TimeUnit.SECONDS));
            String output = Files.readString(tmp.resolve("run" + i + ".txt"));
            assertEquals(0, runs.get(i).exitValue(), output);
            Matcher m = wrote.matcher(output);
            while (m.find()) {
                assertTrue(written.add(m.group(1)), "both runs wrote " + m.group(1));
            }
        }
        assertEquals(6, written.size(), written.toString());
        assertEquals(6, list(out).size(), list(out).toString());
    }

    @Test
    void theHeapIsSizedFromTheJob() throws Exception {
        Map<String, String> flags = Map.of("MELODY_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        long mib = 1024 * 1024;
        assertEquals(1024 * mib, maxHeap(run(LAUNCHER, tmp, flags, "train", "--config", "attention_rnn", "--run_dir",
                "r", "--sequence_example_file", "missing.tfrecord")));
        long total = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
        long poly = Math.max(1024, Math.min(2048, total / 2048)) * mib;
        assertEquals(poly, maxHeap(run(LAUNCHER, tmp, flags, "train", "--config", "polyphony", "--run_dir", "r",
                "--sequence_example_file", "missing.tfrecord")));
        assertEquals(poly, maxHeap(run(LAUNCHER, tmp, flags, "polyphony_rnn_train", "--run_dir", "r",
                "--sequence_example_file", "missing.tfrecord")));
        assertEquals(poly, maxHeap(run(LAUNCHER, tmp, flags, "evaluate", "--bundle_file",
                ROOT.resolve("bundles/polyphony_rnn.mag").toString(), "--sequence_example_file", "missing.tfrecord")));
        // MELODY_JAVA_OPTS still has the last word
        assertEquals(3072 * mib, maxHeap(run(LAUNCHER, tmp, Map.of("MELODY_JAVA_OPTS",
                "-XX:+PrintCommandLineFlags -Xmx3g"), "train", "--config", "polyphony", "--run_dir", "r",
                "--sequence_example_file", "missing.tfrecord")));
    }

    static long maxHeap(Run r) {
        Matcher m = Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(r.output());
        assertTrue(m.find(), r.output());
        assertEquals(2, r.code(), "the missing file is the job's only complaint: " + r.output());
        return Long.parseLong(m.group(1));
    }
}
