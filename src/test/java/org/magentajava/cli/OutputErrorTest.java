package org.magentajava.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.io.AtomicOutput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An output that cannot be written is one line naming the file, never a stack trace. */
class OutputErrorTest {
    @Test
    void atomicOutputNamesTheFileItCannotWrite(@TempDir Path dir) throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        Path target = notADir.resolve("out.tfrecord");
        IOException e = assertThrows(IOException.class, () -> AtomicOutput.write(target, new byte[] {1}));
        assertTrue(e.getMessage().startsWith("cannot write " + target + ": "), e.getMessage());
    }

    @Test
    void generateIntoAnUnwritablePlaceExitsWithTheIoCode(@TempDir Path dir) throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        Cli.Result r = Cli.run("generate", "--bundle_file", "bundles/basic_rnn.mag", "--output_dir",
                notADir.resolve("gen").toString(), "--num_outputs", "1", "--num_steps", "32",
                "--primer_melody", "[60]");
        assertEquals(ExitCodes.IO_ERROR, r.code(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        assertTrue(err.lines().reduce((a, b) -> b).orElse("").startsWith("error: cannot write " + notADir), err);
    }

    @Test
    void convertDirIntoAnUnwritablePlaceExitsWithTheIoCodeToo(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("../shared/data/nottingham/ashover1.mid"), Files.createDirectories(dir.resolve("in"))
                .resolve("a.mid"));
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        Cli.Result r = Cli.run("convert-dir", "--input_dir", dir.resolve("in").toString(), "--output_file",
                notADir.resolve("o.tfrecord").toString());
        assertEquals(ExitCodes.IO_ERROR, r.code(), r.err());
        assertEquals("error: cannot write " + notADir.resolve("o.tfrecord").toAbsolutePath() + ": "
                + r.err().strip().substring(r.err().strip().lastIndexOf(": ") + 2), r.err().strip());
    }
}
