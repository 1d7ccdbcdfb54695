package org.magentajava.train;

import org.magentajava.io.SettingNames;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Counts records that could not be used and prints each one once (file and byte offset), however many epochs or
 * evaluations run into it again.
 */
public final class SkipLog {
    private final PrintStream out;
    private final SettingNames names;
    private final Set<String> reported = new HashSet<>();
    private long skipped;
    private String first;

    public SkipLog(PrintStream out) {
        this(out, SettingNames.FIELDS);
    }

    /** Naming settings in its lines as {@code names} spells them. */
    public SkipLog(PrintStream out, SettingNames names) {
        this.out = out;
        this.names = names;
    }

    /** A setting as the user calls it, for a problem that suggests changing it. */
    String setting(String field) {
        return names.apply(field);
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
