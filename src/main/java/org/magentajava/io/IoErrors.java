package org.magentajava.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** I/O failures in words for one-line messages, without Java's exception class names. */
public final class IoErrors {
    private IoErrors() {
    }

    /**
     * Why a file could not be read (or, for a failure that is not known to be a write, used):
     * "no such file or directory", "permission denied", "Is a directory", … .
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException fse) {
            return fse.getReason() != null ? fse.getReason() : "cannot be read";
        }
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? "input/output error" : msg;
    }

    /** "FILE: reason", naming the file the failure is about when it is known, else {@code fallbackFile}. */
    public static String describe(IOException e, String fallbackFile) {
        String file = e instanceof FileSystemException fse && fse.getFile() != null ? fse.getFile() : fallbackFile;
        return file == null ? reason(e) : file + ": " + reason(e);
    }
}
