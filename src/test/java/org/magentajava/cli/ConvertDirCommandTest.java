package org.magentajava.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvertDirCommandTest {

    static Cli.Result run(String... args) {
        return Cli.run(args);
    }

    @Test
    void snakeAndKebabFlagsBothWork(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("../shared/data/nottingham/ashover1.mid"), dir.resolve("a.mid"));
        Cli.Result snake = run("convert-dir", "--input_dir", dir.toString(), "--output_file",
                dir.resolve("s.tfrecord").toString());
        Cli.Result kebab = run("convert-dir", "--input-dir=" + dir, "--output-file=" + dir.resolve("k.tfrecord"),
                "--num-threads", "1");
        assertEquals(0, snake.code(), snake.err());
        assertEquals(0, kebab.code(), kebab.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("s.tfrecord")), Files.readAllBytes(dir.resolve("k.tfrecord")));
        assertTrue(snake.err().contains("converted 1 of 1 MIDI file in"), snake.err());
    }

    @Test
    void allBadFilesExitNonZeroWithOneLinePerFailure(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("x.mid"), new byte[]{'M', 'T', 'h', 'd', 0, 0});
        Cli.Result r = run("convert-dir", "--input_dir", dir.toString(), "--output_file", dir.resolve("o.tfrecord").toString());
        assertEquals(ExitCodes.NOTHING_DONE, r.code());
        assertTrue(r.err().contains("failed: x.mid"), r.err());
        assertFalse(r.err().contains("Exception"), "no stack trace or exception class names: " + r.err());
        assertFalse(Files.exists(dir.resolve("o.tfrecord")));
    }

    @Test
    void missingInputDirIsAOneLineError(@TempDir Path dir) {
        Cli.Result r = run("convert-dir", "--input_dir", dir.resolve("nope").toString(), "--output_file",
                dir.resolve("o.tfrecord").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("nope: not a directory"), r.err());
    }

    @Test
    void unknownFlagIsAUsageError() {
        Cli.Result r = run("convert-dir", "--input_dir", "x", "--output_file", "y", "--bogus");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--bogus"), r.err());
    }

    private static void assertArrayEquals(byte[] a, byte[] b) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }
}
