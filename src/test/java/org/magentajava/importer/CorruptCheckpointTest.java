package org.magentajava.importer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.io.BadInputException;

/**
 * TensorFlow's reader runs native code on whatever a user passes: truncated and bit-flipped V1 files and V2
 * index/data files must give a network or one line, never a crash of the JVM or a stray exception.
 */
class CorruptCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void mutatedCheckpointsImportOrFailWithOneLine() throws IOException {
        MagentaWeights w = new MagentaWeights(38, List.of(4), 38, false, 41);
        Path v1 = dir.resolve("clean.ckpt");
        TfCheckpoints.saveV1(v1, w.tensors);
        Path v2 = dir.resolve("clean-v2");
        TfCheckpoints.saveV2(v2, w.tensors, false);
        byte[] v1Bytes = Files.readAllBytes(v1);
        byte[] index = Files.readAllBytes(Path.of(v2 + ".index"));
        byte[] data = Files.readAllBytes(Path.of(v2 + ".data-00000-of-00001"));
        Random r = new Random(7);
        int failures = 0;
        for (int i = 0; i < 60; i++) {
            Path prefix = dir.resolve("m" + i);
            int kind = i % 3;
            byte[] target = kind == 0 ? v1Bytes : kind == 1 ? index : data;
            byte[] bad = mutate(target, r);
            if (kind == 0) {
                Files.write(prefix, bad);
            } else {
                Files.write(Path.of(prefix + ".index"), kind == 1 ? bad : index);
                Files.write(Path.of(prefix + ".data-00000-of-00001"), kind == 2 ? bad : data);
            }
            try {
                MagentaImport.load(prefix, null, null);
            } catch (BadInputException e) {
                failures++;
                assertTrue(e.getMessage().startsWith(prefix.toString() + ": "), e.getMessage());
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
        }
        assertTrue(failures > 20, "only " + failures + " of 60 mutations were rejected");
    }

    private static byte[] mutate(byte[] clean, Random r) {
        if (r.nextBoolean()) return Arrays.copyOf(clean, r.nextInt(clean.length)); // truncated
        byte[] b = clean.clone();
        for (int k = 1 + r.nextInt(4); k > 0; k--) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        return b;
    }
}
