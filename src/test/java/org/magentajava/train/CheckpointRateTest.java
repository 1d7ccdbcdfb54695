package org.magentajava.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.io.BadSettingException;

/** The run's frame rate in checkpoint headers: written only when recorded, read back, kept on resume. */
class CheckpointRateTest {
    @TempDir
    Path dir;

    private Path save(String sub, int stepsPerQuarter) throws IOException {
        CheckpointHeader h = new CheckpointHeader("biaxial_rnn", "batch_size=2", 5, 4, 3, new DataPosition(9, 1, 2),
                stepsPerQuarter);
        return Checkpoints.save(dir.resolve(sub), h, new SoftmaxRegressionModel(5, 4, 0.5), 0);
    }

    @Test
    void aRecordedRateMakesAVersion2HeaderThatReadsBack() throws IOException {
        Path file = save("q", 1);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(Checkpoints.VERSION_WITH_RATE, ByteBuffer.wrap(bytes).getInt(4));
        Checkpoints.Loaded loaded = Checkpoints.read(file);
        assertEquals(1, loaded.header().stepsPerQuarter());
        assertEquals(new DataPosition(9, 1, 2), loaded.header().position());
    }

    @Test
    void withoutARateTheFileIsVersion1AndFourBytesShorter() throws IOException {
        Path plain = save("plain", 0);
        Path rated = save("rated", 2);
        byte[] p = Files.readAllBytes(plain);
        byte[] r = Files.readAllBytes(rated);
        assertEquals(Checkpoints.VERSION, ByteBuffer.wrap(p).getInt(4));
        assertEquals(p.length + 4, r.length);
        // the rate sits after the sizes; everything after it but the CRC is the same bytes
        int sizesEnd = 4 + 4 + (2 + "biaxial_rnn".length()) + (2 + "batch_size=2".length()) + 8;
        assertArrayEquals(Arrays.copyOfRange(p, sizesEnd, p.length - 4), Arrays.copyOfRange(r, sizesEnd + 4,
                r.length - 4));
        assertEquals(2, ByteBuffer.wrap(r).getInt(sizesEnd));
        assertEquals(new CheckpointHeader("biaxial_rnn", "batch_size=2", 5, 4, 3, new DataPosition(9, 1, 2)),
                Checkpoints.read(plain).header());
    }

    @Test
    void aResumedRunKeepsItsRateTakesItsDataRateWhenItHadNoneAndRefusesAnother() {
        Path ckpt = Path.of("run/train/model.ckpt-3.mjckpt");
        Path data = Path.of("ds/training.tfrecord");
        CheckpointHeader rated = new CheckpointHeader("biaxial_rnn", "", 5, 4, 3, DataPosition.start(0), 1);
        CheckpointHeader none = new CheckpointHeader("biaxial_rnn", "", 5, 4, 3, DataPosition.start(0));
        assertEquals(1, Checkpoints.resumedRate(ckpt, rated, data, 0));
        assertEquals(1, Checkpoints.resumedRate(ckpt, rated, data, 1));
        assertEquals(2, Checkpoints.resumedRate(ckpt, none, data, 2));
        assertEquals(0, Checkpoints.resumedRate(ckpt, none, data, 0));
        BadSettingException e = assertThrows(BadSettingException.class,
                () -> Checkpoints.resumedRate(ckpt, rated, data, 4));
        assertEquals(ckpt + " was trained at 1 step per quarter note, but " + data + " holds 4 steps per quarter "
                + "note (its dataset_metadata.txt: create-dataset's steps_per_quarter); resume on a dataset made at 1 "
                + "step per quarter note, or use a new run_dir to start afresh", e.getMessage());
    }

    @Test
    void aCorruptRateIsOneLine() throws IOException {
        Path file = save("bad", 3);
        byte[] bytes = Files.readAllBytes(file);
        int sizesEnd = 4 + 4 + (2 + "biaxial_rnn".length()) + (2 + "batch_size=2".length()) + 8;
        ByteBuffer.wrap(bytes).putInt(sizesEnd, -3);
        Path bad = dir.resolve("model.ckpt-3.mjckpt");
        Files.write(bad, bytes);
        assertEquals(bad + ": corrupt checkpoint (steps per quarter -3)", assertThrows(
                org.magentajava.io.BadInputException.class, () -> Checkpoints.read(bad)).getMessage());
    }
}
