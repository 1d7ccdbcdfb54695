package org.magentajava.train;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Counts records that could not be used and prints each one once (file and byte offset), however many epochs or
 * evaluations run into it again.
 */
public final class SkipLog {
    private final PrintStream out;
    private final Set<String> reported = new HashSet<>();
    private long skipped;
    private String first;

    public SkipLog(PrintStream out) {
        this.out = out;
    }

    void skip(String file, long offset, String message) {
        if (reported.add(file + "@" + offset)) {
            skipped++;
            if (first == null) {
                first = message;
            }
            out.println("warning: " + message);
        }
    }

    /** Distinct unusable records (or unreadable file tails) met so far. */
    public long skipped() {
        return skipped;
    }

    /** The first problem reported, for error messages; null when none. */
    public String first() {
        return first;
    }
}
