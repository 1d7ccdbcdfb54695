package org.magentajava.cli;

/** Process exit codes shared by all subcommands. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The job ran but produced nothing (e.g. no file converted). */
    public static final int NOTHING_DONE = 1;
    /** Bad input: a file or flag value the user gave. */
    public static final int BAD_INPUT = 2;
    /** A file could not be written or read mid-job: disk full, permission denied, read-only file system. */
    public static final int IO_ERROR = 74;
    /** Unknown flag or missing required flag. */
    public static final int USAGE = 64;
    /** A bug: an unexpected exception. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
