package org.magentajava.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An output file that appears under its final name only when complete: bytes go to a hidden temporary file in
 * the same directory, which {@link #commit()} fsyncs and renames over the target. Closing without committing
 * deletes the temporary file, so an interrupted job never leaves a partial file under the final name.
 *
 * <p>{@link #commitNew()} instead claims the name: it hard-links the finished temporary file to the target, which
 * the file system refuses when the name exists, so of two writers racing for one name exactly one wins and the
 * other gets {@link FileAlreadyExistsException} (a check for existence followed by a rename would let both win,
 * the second silently replacing the first).
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
        this.stream = new FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw failure(target, e);
                }
            }

            @Override
            public void write(int b) throws IOException {
                try {
                    out.write(b);
                } catch (IOException e) {
                    throw failure(target, e);
                }
            }
        };
    }

    /**
     * An I/O failure on the way to {@code target} (disk full, permission denied, read-only file system), as one
     * line that names the file: {@code "cannot write <target>: <reason>"}.
     */
    static IOException failure(Path target, IOException e) {
        return new IOException("cannot write " + target + ": " + reason(e), e);
    }

    /** What went wrong, in words: "permission denied", "No space left on device", "Read-only file system", … */
    public static String reason(IOException e) {
        String reason;
        if (e instanceof FileAlreadyExistsException && ((FileSystemException) e).getReason() != null) {
            reason = ((FileSystemException) e).getReason();
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            reason = "no such directory";
        } else if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException) {
            // from createDirectories: a path component is a file
            reason = "a file is in the way of a directory";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason();
        } else if (e instanceof FileSystemException) {
            reason = "input/output error";
        } else {
            reason = e.getMessage() == null ? "input/output error" : e.getMessage();
        }
        return reason;
    }

    /** Opens a temporary file beside {@code target}, creating the parent directories. */
    public static AtomicOutput open(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        try {
            return openTemp(abs);
        } catch (IOException e) {
            throw failure(abs, e);
        }
    }

    private static AtomicOutput openTemp(Path abs) throws IOException {
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        removeStaleTemps(dir, "." + abs.getFileName() + ".");
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

    /** A temporary file untouched for this long belongs to a writer that was killed (kill -9, power loss). */
    static final java.time.Duration STALE = java.time.Duration.ofMinutes(1);

    /**
     * Deletes the temporary files that killed writers of the same target left behind; recent ones are kept, in
     * case another process is writing the same target right now. Best effort: a failure here changes nothing.
     */
    private static void removeStaleTemps(Path dir, String prefix) {
        long cutoff = System.currentTimeMillis() - STALE.toMillis();
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir,
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".tmp"))) {
            for (Path p : files) {
                if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // leave them: they are hidden and never read
        }
    }

    /** Writes a whole file atomically, replacing an existing one. */
    public static void write(Path target, byte[] bytes) throws IOException {
        try (AtomicOutput out = open(target)) {
            out.stream().write(bytes);
            out.commit();
        }
    }

    /**
     * Writes a whole file atomically under a name that must be new; an existing file of that name, even one that
     * appears while this one is written, is left alone and {@link FileAlreadyExistsException} is thrown.
     */
    public static void writeNew(Path target, byte[] bytes) throws IOException {
        try (AtomicOutput out = open(target)) {
            out.stream().write(bytes);
            out.commitNew();
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
        try {
            stream.flush();
            channel.force(true);
            channel.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("cannot write ") ? e : failure(target, e);
        }
        committed = true;
    }

    /**
     * Flushes to disk and gives the file its name only if no file has it: a hard link, which fails atomically
     * when the name is taken. Where hard links are not supported, a rename that refuses an existing target.
     *
     * @throws FileAlreadyExistsException when the target exists; the temporary file is removed on close
     */
    public void commitNew() throws IOException {
        try {
            stream.flush();
            channel.force(true);
            channel.close();
            try {
                Files.createLink(target, temp);
                Files.delete(temp);
            } catch (FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(target.toString(), null, "already exists (never overwritten)");
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof FileSystemException && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAlreadyExistsException(target.toString(), null, "already exists (never overwritten)");
                }
                if (e instanceof AccessDeniedException || e instanceof NoSuchFileException) {
                    throw (IOException) e;
                }
                // no hard links here (some network and FUSE file systems): a rename without REPLACE_EXISTING
                Files.move(temp, target);
            }
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("cannot write ") ? e : failure(target, e);
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
