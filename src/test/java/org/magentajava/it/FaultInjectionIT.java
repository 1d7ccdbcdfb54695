package org.magentajava.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.TfRecordReader;
import org.magentajava.midi.MidiIo;
import org.magentajava.train.Checkpoints;
import org.magentajava.train.RunDirs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault injection through the real launcher (scripts/melody, the packaged jar): convert-dir, create-dataset, train
 * and generate are killed with SIGKILL ({@link Process#destroyForcibly}) at seeded-random moments. After every kill
 * no file under its final name is partial or corrupt: TFRecords read to the end with both CRCs and equal an
 * uninterrupted run's bytes, every checkpoint loads, every MIDI file parses. A killed training run resumes from its
 * last checkpoint with that step count and ends with the same weights as a run never killed. A full disk (simulated
 * with a file-size limit) and an unwritable output directory give one clear line and a non-zero exit, no stack trace.
 * Runs in the integration-test phase, after package.
 */
class FaultInjectionIT {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path LAUNCHER = ROOT.resolve("scripts/melody");
    static final Path NOTTINGHAM = ROOT.resolve("../shared/data/nottingham").normalize();
    static final long SEED = 2026_11_22L;
    static final String HPARAMS = "batch_size=8,rnn_layer_sizes=[16]";
    static final int TRAIN_STEPS = 100;

    @TempDir
    static Path tmp;
    static Path midiDir;
    static Path noteSequences;
    static Path dataset;
    /** Wall time of an uninterrupted run of each command, the scale of its kill moments. */
    static long convertMs;
    static long datasetMs;
    static long trainMs;
    /** Wall time of the reference run's training loop alone (a tiny model trains in about a second). */
    static long trainLoopMs;
    /** A training run never killed: the reference for resumed runs, and the model generate uses. */
    static Path referenceRun;

    static int kills;
    static int killsWhileRunning;
    /** How long the last killed command ran when it finished before its kill; -1 when the kill found it running. */
    static long lastFinishedMs = -1;

    static final String TRAINING_LOOP = "Starting training loop";

    /** @param millisAfterMarker wall time from the first appearance of a marker in the output to the exit */
    record Run(int code, String output, long millis, long millisAfterMarker) {
    }

    static ProcessBuilder launcher(List<String> args, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("MELODY_DEBUG");
        return pb;
    }

    static Run run(List<String> args) throws Exception {
        return run(launcher(args, Files.createTempFile(tmp, "log", ".txt")));
    }

    static Run run(ProcessBuilder pb) throws Exception {
        return run(pb, null);
    }

    static Run run(List<String> args, String marker) throws Exception {
        return run(launcher(args, Files.createTempFile(tmp, "log", ".txt")), marker);
    }

    /** Runs to completion; with a marker, also times the part of the run after the marker appears. */
    static Run run(ProcessBuilder pb, String marker) throws Exception {
        Path log = pb.redirectOutput().file().toPath();
        long t0 = System.nanoTime();
        Process p = pb.start();
        long seen = t0;
        if (marker != null) {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(300);
            while (marker != null && p.isAlive() && !Files.readString(log, StandardCharsets.UTF_8).contains(marker)
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            seen = System.nanoTime();
        }
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + pb.command());
        long end = System.nanoTime();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        return new Run(p.exitValue(), out, (end - t0) / 1_000_000, (end - seen) / 1_000_000);
    }

    /** Starts the command, sends SIGKILL after {@code delayMs} if it is still running, and waits for it to die. */
    static String runAndKill(List<String> args, long delayMs) throws Exception {
        return runAndKillAfter(args, null, delayMs);
    }

    /**
     * Starts the command, waits until its output shows {@code marker} (the work has begun; null: no wait), then
     * sends SIGKILL after {@code delayMs} more if it is still running. The launcher execs java, so this kills the JVM.
     */
    static String runAndKillAfter(List<String> args, String marker, long delayMs) throws Exception {
        Path log = Files.createTempFile(tmp, "killed", ".txt");
        long t0 = System.nanoTime();
        Process p = launcher(args, log).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (marker != null && p.isAlive() && !Files.readString(log, StandardCharsets.UTF_8).contains(marker)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        lastFinishedMs = -1;
        if (!p.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            killsWhileRunning++;
        } else {
            lastFinishedMs = (System.nanoTime() - t0) / 1_000_000;
        }
        kills++;
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    static List<Path> visibleFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !isTemp(p)).sorted().toList();
        }
    }

    /** AtomicOutput's hidden temporary files, ".<name>.<random>.tmp", which a kill may leave behind. */
    static boolean isTemp(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith(".") && n.endsWith(".tmp");
    }

    static long readAllRecords(Path file) throws IOException {
        long n = 0;
        try (TfRecordReader r = TfRecordReader.open(file)) {
            while (r.next() != null) {
                n++;
            }
        }
        return n;
    }

    @BeforeAll
    static void references() throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " missing");
        midiDir = Files.createDirectories(tmp.resolve("midi"));
        try (Stream<Path> s = Files.list(NOTTINGHAM)) {
            List<Path> all = s.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
            for (int i = 0; i < all.size(); i += 6) {
                Files.copy(all.get(i), midiDir.resolve(all.get(i).getFileName()));
            }
        }
        noteSequences = tmp.resolve("reference.tfrecord");
        Run c = run(List.of("convert-dir", "--input_dir", midiDir.toString(), "--output_file", noteSequences.toString()));
        assertEquals(0, c.code(), c.output());
        convertMs = c.millis();
        dataset = tmp.resolve("reference-ds");
        Run d = run(datasetArgs(dataset));
        assertEquals(0, d.code(), d.output());
        datasetMs = d.millis();
        referenceRun = tmp.resolve("run-reference");
        Run t = run(trainArgs(referenceRun), TRAINING_LOOP);
        assertEquals(0, t.code(), t.output());
        trainMs = t.millis();
        trainLoopMs = t.millisAfterMarker();
    }

    static List<String> datasetArgs(Path out) {
        return List.of("create-dataset", "--config", "basic_rnn", "--input", noteSequences.toString(), "--output_dir",
                out.toString(), "--eval_ratio", "0.1");
    }

    static List<String> trainArgs(Path runDir) {
        return List.of("train", "--config", "basic_rnn", "--run_dir", runDir.toString(), "--sequence_example_file",
                dataset.resolve("training_melodies.tfrecord").toString(), "--hparams", HPARAMS,
                "--num_training_steps", Integer.toString(TRAIN_STEPS), "--summary_frequency", "5",
                "--checkpoint_every_seconds", "0.2", "--num_checkpoints", "0", "--seed", "7");
    }

    /** A kill moment between 10% and 100% of the command's normal duration (JVM start included). */
    static long moment(SplittableRandom rnd, long durationMs) {
        return (long) (durationMs * (0.1 + 0.9 * rnd.nextDouble()));
    }

    /**
     * The duration to draw the next kill moment from: the reference run's, or shorter once a killed run finished
     * before its kill (the reference was timed in a load spike that has passed).
     */
    static long observed(long durationMs) {
        return lastFinishedMs >= 0 ? Math.min(durationMs, lastFinishedMs) : durationMs;
    }

    @Test
    void killedConvertDirNeverLeavesAPartialOutput() throws Exception {
        SplittableRandom rnd = new SplittableRandom(SEED);
        byte[] reference = Files.readAllBytes(noteSequences);
        int running = killsWhileRunning;
        long duration = convertMs;
        for (int k = 0; k < 6; k++) {
            Path out = tmp.resolve("convert-" + k + "/notes.tfrecord");
            runAndKill(List.of("convert-dir", "--input_dir", midiDir.toString(), "--output_file", out.toString()),
                    moment(rnd, duration));
            duration = observed(duration);
            for (Path f : visibleFiles(out.getParent())) {
                assertEquals(out, f, "only the output may be visible");
                assertArrayEquals(reference, Files.readAllBytes(f), "kill " + k + ": a partial " + f);
            }
        }
        assertLandedMidRun(running, "convert-dir");
    }

    /** The seeded moments put three of six kills in the first 30% of a run: at least two must find it running. */
    static void assertLandedMidRun(int before, String command) {
        int landed = killsWhileRunning - before;
        assertTrue(landed >= 2, command + ": only " + landed + " of 6 kills found the command still running");
    }

    @Test
    void killedCreateDatasetNeverLeavesAPartialOutput() throws Exception {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        int running = killsWhileRunning;
        long duration = datasetMs;
        for (int k = 0; k < 6; k++) {
            Path out = tmp.resolve("dataset-" + k);
            runAndKill(datasetArgs(out), moment(rnd, duration));
            duration = observed(duration);
            for (Path f : visibleFiles(out)) {
                Path ref = dataset.resolve(f.getFileName());
                assertTrue(Files.exists(ref), "unexpected file " + f);
                assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(f), "kill " + k + ": a partial " + f);
                if (f.toString().endsWith(".tfrecord")) {
                    readAllRecords(f); // both CRCs of every record
                }
            }
        }
        assertLandedMidRun(running, "create-dataset");
    }

    @Test
    void killedTrainingResumesFromItsLastCheckpointAndEndsAsIfNeverKilled() throws Exception {
        Path runDir = tmp.resolve("run-killed");
        Pattern resumed = Pattern.compile("Resuming from \\S*model\\.ckpt-(\\d+)\\.mjckpt \\(global step (\\d+)\\)");
        SplittableRandom rnd = new SplittableRandom(SEED + 2);
        long lastStep = -1;
        int resumes = 0;
        for (int k = 0; k < 4; k++) {
            // Half the kills anywhere in the run, JVM start included; half once the training loop runs.
            // (Moments stop short of the end: a killed run that finished anyway would leave nothing to resume.)
            String out = k % 2 == 0 ? runAndKill(trainArgs(runDir), moment(rnd, trainMs * 6 / 10))
                    : runAndKillAfter(trainArgs(runDir), TRAINING_LOOP, moment(rnd, trainLoopMs * 8 / 10));
            Matcher m = resumed.matcher(out);
            if (lastStep > 0 && out.contains(TRAINING_LOOP)) {
                assertTrue(m.find(), "kill " + k + ": did not resume from step " + lastStep + ":\n" + out);
                assertEquals(lastStep, Long.parseLong(m.group(2)), out);
                resumes++;
            }
            // Every checkpoint visible after the kill loads, header, CRC and network.
            for (Path ckpt : Checkpoints.list(runDir.resolve("train"))) {
                Checkpoints.Loaded loaded = Checkpoints.read(ckpt);
                assertEquals(Checkpoints.stepOf(ckpt), loaded.header().globalStep());
            }
            if (!Checkpoints.list(runDir.resolve("train")).isEmpty()) {
                RunDirs.Trained t = RunDirs.latest(runDir);
                lastStep = t.globalStep();
            }
        }
        Run last = run(trainArgs(runDir));
        assertEquals(0, last.code(), last.output());
        if (lastStep > 0 && lastStep < TRAIN_STEPS) {
            Matcher m = resumed.matcher(last.output());
            assertTrue(m.find(), last.output());
            assertEquals(lastStep, Long.parseLong(m.group(2)));
            resumes++;
        }
        Path finalCkpt = Checkpoints.path(runDir.resolve("train"), TRAIN_STEPS);
        assertTrue(Files.exists(finalCkpt), last.output());
        assertArrayEquals(Files.readAllBytes(Checkpoints.path(referenceRun.resolve("train"), TRAIN_STEPS)),
                Files.readAllBytes(finalCkpt), "the resumed run must end with the uninterrupted run's state");
        // metrics.csv: whole lines only, steps increasing (rows after the last checkpoint were dropped on resume).
        List<String> rows = Files.readAllLines(runDir.resolve("train/metrics.csv"));
        int fields = rows.get(0).split(",").length;
        long prev = -1;
        for (String row : rows.subList(1, rows.size())) {
            String[] parts = row.split(",", -1);
            assertEquals(fields, parts.length, row);
            long step = Long.parseLong(parts[0]);
            assertTrue(step > prev, "steps out of order in metrics.csv: " + rows);
            prev = step;
        }
        assertEquals(TRAIN_STEPS, prev);
        System.out.printf(Locale.ROOT, "train: %d resumes checked%n", resumes);
        assertTrue(resumes >= 1, "no kill left a checkpoint to resume from");
    }

    @Test
    void killedGenerateLeavesOnlyCompleteMidiFiles() throws Exception {
        List<String> args = new ArrayList<>(List.of("generate", "--run_dir", referenceRun.toString(), "--num_outputs", "12",
                "--num_steps", "64", "--seed", "1"));
        Path probe = tmp.resolve("gen-probe");
        List<String> probeArgs = new ArrayList<>(args);
        probeArgs.addAll(List.of("--output_dir", probe.toString()));
        Run whole = run(probeArgs);
        assertEquals(0, whole.code(), whole.output());
        SplittableRandom rnd = new SplittableRandom(SEED + 3);
        int files = 0;
        int running = killsWhileRunning;
        for (int k = 0; k < 6; k++) {
            Path out = tmp.resolve("gen-" + k);
            List<String> a = new ArrayList<>(args);
            a.addAll(List.of("--output_dir", out.toString()));
            // Half the kills anywhere, half once the melodies are being written.
            if (k % 2 == 0) {
                runAndKill(a, moment(rnd, whole.millis()));
            } else {
                runAndKillAfter(a, "generating ", moment(rnd, whole.millis() / 2));
            }
            for (Path f : visibleFiles(out)) {
                assertTrue(f.toString().endsWith(".mid"), f.toString());
                MidiIo.read(f); // throws on a partial file
                files++;
            }
        }
        System.out.printf(Locale.ROOT, "generate: %d files checked after kills%n", files);
        assertLandedMidRun(running, "generate");
    }

    /** One line, no stack trace, no exception class names. */
    static void assertOneClearLine(Run r, String expected) {
        String err = r.output().strip();
        assertFalse(err.contains("\tat ") || err.contains("Exception"), err);
        String lastLine = err.lines().reduce((a, b) -> b).orElse("");
        assertTrue(lastLine.startsWith("error: ") && lastLine.contains(expected), err);
        assertEquals(1, err.lines().filter(l -> l.startsWith("error: ")).count(), err);
    }

    @Test
    void aFullDiskIsAClearErrorAndLeavesNothing() throws Exception {
        // RLIMIT_FSIZE: writes past 100 KB fail with EFBIG, as writes to a full disk fail with ENOSPC.
        Path out = tmp.resolve("full/notes.tfrecord");
        Files.createDirectories(out.getParent());
        List<String> cmd = List.of("bash", "-c", "ulimit -f 100; exec \"$0\" \"$@\"", LAUNCHER.toString(),
                "convert-dir", "--input_dir", midiDir.toString(), "--output_file", out.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(tmp, "full", ".txt").toFile());
        Run r = run(pb);
        assertEquals(74, r.code(), r.output());
        assertOneClearLine(r, "cannot write " + out + ": File too large");
        assertEquals(List.of(), visibleFiles(out.getParent()));
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(0, s.count(), "the temporary file is removed");
        }
    }

    @Test
    void anUnwritableOutputDirectoryIsAClearError() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("readonly"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        // root may write anywhere; sysfs refuses new files even to root.
        Path ro = Files.isWritable(dir) ? Path.of("/sys/magenta-java-test") : dir;
        Run convert = run(List.of("convert-dir", "--input_dir", midiDir.toString(), "--output_file",
                ro.resolve("out.tfrecord").toString()));
        assertEquals(74, convert.code(), convert.output());
        assertOneClearLine(convert, "cannot write " + ro.resolve("out.tfrecord"));
        Run ds = run(datasetArgs(ro.resolve("ds")));
        assertEquals(74, ds.code(), ds.output());
        assertOneClearLine(ds, ro.resolve("ds").toString());
        Run gen = run(List.of("generate", "--bundle_file", ROOT.resolve("bundles/basic_rnn.mag").toString(),
                "--output_dir", ro.resolve("gen").toString(), "--num_outputs", "1", "--num_steps", "64"));
        assertEquals(74, gen.code(), gen.output());
        assertOneClearLine(gen, ro.resolve("gen").toString());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @org.junit.jupiter.api.AfterAll
    static void report() {
        System.out.printf(Locale.ROOT, "fault injection: %d kills (%d while the command ran), no partial output%n",
                kills, killsWhileRunning);
    }
}
