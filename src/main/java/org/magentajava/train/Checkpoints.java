package org.magentajava.train;

import org.magentajava.data.DatasetMetadata;
import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Checkpoint files {@code model.ckpt-<step>.mjckpt} in a run's train directory. Layout (big-endian, as
 * DataOutputStream writes it):
 * <pre>
 * int    magic 0x4D4A434B ("MJCK")
 * int    format version (1, or 2 when the run records its frame rate)
 * UTF    config name
 * UTF    hparams string
 * int    input size, int num classes
 * int    steps per quarter note (version 2 only; a positive rate)
 * long   global step
 * long   shuffle seed, long epoch, long examples taken in that epoch
 * long   n, then n bytes of model state (TrainableModel.writeState)
 * int    CRC-32 of all bytes before it
 * </pre>
 * Files are written through {@link AtomicOutput}, so a crash never leaves a partial checkpoint under its name. A
 * run without a recorded rate writes version 1, byte for byte as before the rate existed, which older builds read.
 */
public final class Checkpoints {
    public static final int MAGIC = 0x4D4A434B;
    public static final int VERSION = 1;
    /** The version whose header holds the run's frame rate. */
    public static final int VERSION_WITH_RATE = 2;
    private static final Pattern NAME = Pattern.compile("model\\.ckpt-(\\d+)\\.mjckpt");

    private Checkpoints() {
    }

    /** A checkpoint read back: its header and the model's state bytes. */
    public record Loaded(Path file, CheckpointHeader header, byte[] modelState) {
    }

    public static Path path(Path dir, long step) {
        return dir.resolve("model.ckpt-" + step + ".mjckpt");
    }

    /** Global step encoded in a checkpoint file name, or -1 for other files. */
    public static long stepOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Checkpoints in dir, oldest (lowest step) first; empty when dir does not exist. */
    public static List<Path> list(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (stepOf(p) >= 0) {
                    found.add(p);
                }
            }
        }
        found.sort(Comparator.comparingLong(Checkpoints::stepOf));
        return found;
    }

    public static Optional<Path> latest(Path dir) throws IOException {
        List<Path> all = list(dir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Writes a checkpoint atomically, then deletes all but the newest {@code keep} (0 keeps all). */
    public static Path save(Path dir, CheckpointHeader h, TrainableModel model, int keep) throws IOException {
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        model.writeState(state);
        Path target = path(dir, h.globalStep());
        try (AtomicOutput out = AtomicOutput.open(target)) {
            CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(out.stream(), 1 << 16),
                    new CRC32());
            DataOutputStream d = new DataOutputStream(checked);
            d.writeInt(MAGIC);
            d.writeInt(h.stepsPerQuarter() > 0 ? VERSION_WITH_RATE : VERSION);
            d.writeUTF(h.configName());
            d.writeUTF(h.hparams());
            d.writeInt(h.inputSize());
            d.writeInt(h.numClasses());
            if (h.stepsPerQuarter() > 0) {
                d.writeInt(h.stepsPerQuarter());
            }
            d.writeLong(h.globalStep());
            d.writeLong(h.position().seed());
            d.writeLong(h.position().epoch());
            d.writeLong(h.position().taken());
            d.writeLong(state.size());
            state.writeTo(d);
            d.flush();
            d.writeInt((int) checked.getChecksum().getValue());
            d.flush();
            out.commit();
        }
        prune(dir, keep);
        return target;
    }

    static void prune(Path dir, int keep) throws IOException {
        if (keep <= 0) {
            return;
        }
        List<Path> all = list(dir);
        for (int i = 0; i < all.size() - keep; i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    public static Loaded read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(file, raw, Files.size(file));
        }
    }

    /** Parses a checkpoint already read into memory ({@code file} names it in errors). */
    public static Loaded read(Path file, byte[] bytes) throws IOException {
        return read(file, new java.io.ByteArrayInputStream(bytes), bytes.length);
    }

    private static Loaded read(Path file, InputStream raw, long size) throws IOException {
        try {
            CheckedInputStream checked = new CheckedInputStream(raw, new CRC32());
            DataInputStream d = new DataInputStream(checked);
            if (d.readInt() != MAGIC) {
                throw new BadInputException(file + ": not a magenta-java checkpoint");
            }
            int version = d.readInt();
            if (version != VERSION && version != VERSION_WITH_RATE) {
                throw new BadInputException(file + ": checkpoint format version " + version
                        + ", this build reads versions " + VERSION + " and " + VERSION_WITH_RATE);
            }
            String config = d.readUTF();
            String hparams = d.readUTF();
            int inputSize = d.readInt();
            int numClasses = d.readInt();
            int stepsPerQuarter = version == VERSION_WITH_RATE ? d.readInt() : 0;
            if (version == VERSION_WITH_RATE && stepsPerQuarter < 1) {
                throw new BadInputException(file + ": corrupt checkpoint (steps per quarter " + stepsPerQuarter + ")");
            }
            long step = d.readLong();
            DataPosition pos = new DataPosition(d.readLong(), d.readLong(), d.readLong());
            long n = d.readLong();
            if (n < 0 || n > size) {
                throw new BadInputException(file + ": corrupt checkpoint (model state length " + n + ")");
            }
            byte[] state = new byte[(int) n];
            d.readFully(state);
            int expected = (int) checked.getChecksum().getValue();
            if (d.readInt() != expected) {
                throw new BadInputException(file + ": corrupt checkpoint (CRC mismatch)");
            }
            return new Loaded(file, new CheckpointHeader(config, hparams, inputSize, numClasses, step, pos,
                    stepsPerQuarter), state);
        } catch (EOFException e) {
            throw new BadInputException(file + ": truncated checkpoint");
        }
    }

    /**
     * Refuses to continue from a checkpoint made for a different model, naming the value that differs and how
     * to proceed.
     */
    public static void checkCompatible(Path file, CheckpointHeader saved, String configName, String hparams,
                                       int inputSize, int numClasses) {
        String fix = "; pass the original value to continue that run, or use a new {run_dir} to start afresh";
        if (!saved.configName().equals(configName)) {
            throw new BadSettingException(List.of("config", "run_dir"), file + " was trained with {config} "
                    + saved.configName() + ", not " + configName + fix);
        }
        String diff = HParamsDiff.difference(saved.hparams(), hparams);
        if (diff != null) {
            throw new BadSettingException(List.of("hparams", "run_dir"), file + " has different {hparams}: " + diff
                    + fix);
        }
        checkSizes(file, saved, inputSize, numClasses, fix, "run_dir");
    }

    /**
     * The frame rate a resumed run goes on recording: the checkpoint's, which the data must share when it records
     * one too (a run resumed on frames of another rate would learn a different music); a run that recorded none
     * takes its data's.
     *
     * @throws BadSettingException naming steps_per_quarter when the two rates differ
     */
    public static int resumedRate(Path file, CheckpointHeader saved, Path data, int dataRate) {
        DatasetMetadata.checkRate(file.toString(), saved.stepsPerQuarter(), data, dataRate,
                "; resume on a dataset made at " + DatasetMetadata.steps(saved.stepsPerQuarter())
                        + " per quarter note, or use a new {run_dir} to start afresh", "run_dir");
        return saved.stepsPerQuarter() > 0 ? saved.stepsPerQuarter() : dataRate;
    }

    /**
     * What evaluating a checkpoint needs: the same config and network shape. Hparams that only steer training
     * (batch_size, dropout_keep_prob, learning_rate, clip_norm) may differ: the eval job runs batches of its own
     * size, without dropout, and updates nothing.
     */
    public static void checkEvaluable(Path file, CheckpointHeader saved, String configName, String hparams,
                                      int inputSize, int numClasses) {
        String fix = "; the eval job takes the network from the checkpoint, so drop that key from {hparams} or "
                + "pass the run's value";
        if (!saved.configName().equals(configName)) {
            throw new BadSettingException("config", file + " was trained with {config} " + saved.configName()
                    + ", not " + configName + "; evaluate it with {config} " + saved.configName());
        }
        String diff = HParamsDiff.difference(saved.hparams(), hparams, HParamsDiff.TRAINING_ONLY);
        if (diff != null) {
            throw new BadSettingException("hparams", file + " has a different network: " + diff + fix);
        }
        checkSizes(file, saved, inputSize, numClasses, fix, "hparams");
    }

    /** @param fixField the setting that {@code fix} names */
    private static void checkSizes(Path file, CheckpointHeader saved, int inputSize, int numClasses, String fix,
                                   String fixField) {
        if (saved.inputSize() != inputSize || saved.numClasses() != numClasses) {
            throw new BadSettingException(fixField, file + " is for a model with input size " + saved.inputSize()
                    + " and " + saved.numClasses() + " classes, but this model has " + inputSize + " and "
                    + numClasses + fix);
        }
    }
}
