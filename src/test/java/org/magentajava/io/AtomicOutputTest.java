package org.magentajava.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
    @TempDir
    Path dir;

    List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void nothingIsVisibleUnderTheFinalNameUntilCommit() throws IOException {
        Path target = dir.resolve("out.tfrecord");
        try (AtomicOutput out = AtomicOutput.open(target)) {
            out.stream().write(new byte[] {1, 2, 3});
            assertFalse(Files.exists(target));
            out.commit();
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of("out.tfrecord"), names());
    }

    @Test
    void closingWithoutCommitLeavesNothing() throws IOException {
        try (AtomicOutput out = AtomicOutput.open(dir.resolve("out.mid"))) {
            out.stream().write(7);
        }
        assertEquals(List.of(), names());
    }

    @Test
    void staleTempsOfAKilledWriterAreRemovedByTheNextWriterOfThatFile() throws IOException {
        Path old = Files.writeString(dir.resolve(".out.tfrecord.123.tmp"), "partial");
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 2 * AtomicOutput.STALE.toMillis()));
        Path recent = Files.writeString(dir.resolve(".out.tfrecord.456.tmp"), "another writer, right now");
        Path otherTarget = Files.writeString(dir.resolve(".other.tfrecord.789.tmp"), "not ours");
        Files.setLastModifiedTime(otherTarget, Files.getLastModifiedTime(old));
        AtomicOutput.write(dir.resolve("out.tfrecord"), new byte[] {9});
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(recent));
        assertTrue(Files.exists(otherTarget));
        assertEquals(List.of(".other.tfrecord.789.tmp", ".out.tfrecord.456.tmp", "out.tfrecord"), names());
    }
}
