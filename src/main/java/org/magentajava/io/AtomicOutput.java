package org.magentajava.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An output file that appears under its final name only when complete: bytes go to a hidden temporary file in
 * the same directory, which {@link #commit()} fsyncs and renames over the target. Closing without committing
 * deletes the temporary file, so an interrupted job never leaves a partial file under the final name.
 */
public final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean committed;

    private AtomicOutput(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.stream = Channels.newOutputStream(channel);
    }

    /** Opens a temporary file beside {@code target}, creating the parent directories. */
    public static AtomicOutput open(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        // createTempFile makes owner-only files; outputs should be as readable as any file the user creates.
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default
        }
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        return new AtomicOutput(abs, temp, ch);
    }

    /** Writes a whole file atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        try (AtomicOutput out = open(target)) {
            out.stream().write(bytes);
            out.commit();
        }
    }

    public Path target() {
        return target;
    }

    /** The stream to write to; unbuffered, so wrap it in a BufferedOutputStream for small writes. */
    public OutputStream stream() {
        return stream;
    }

    /** Flushes to disk and renames the temporary file to the target. */
    public void commit() throws IOException {
        stream.flush();
        channel.force(true);
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
