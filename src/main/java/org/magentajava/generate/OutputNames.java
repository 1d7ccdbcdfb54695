package org.magentajava.generate;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.magentajava.io.BadInputException;

/**
 * Names of the generated MIDI files as melody_rnn_generate chooses them:
 * {@code strftime("%Y-%m-%d_%H%M%S")} in local time, taken once per run, then {@code _} and the 1-based
 * output number zero-padded to the digit count of {@code num_outputs}: {@code 2025-01-31_142501_01.mid}.
 *
 * <p>Magenta silently overwrites, e.g. when two runs start in the same second. We never do: if any name
 * of the run's batch already exists, the whole batch gets a run suffix after the time
 * ({@code 2025-01-31_142501-2_01.mid}, then {@code -3}, …), so one run's files still share one prefix and
 * sort together. The check happens when the names are chosen; the caller writes each file atomically.
 */
public final class OutputNames {
    private static final DateTimeFormatter STRFTIME = DateTimeFormatter.ofPattern("uuuu-MM-dd_HHmmss");
    private static final int MAX_RUN_SUFFIX = 999;

    private OutputNames() {
    }

    /** The file names for one run in {@code directory}, none of which exists yet. */
    public static List<Path> choose(Path directory, Clock clock, int numOutputs) {
        return choose(directory, ZonedDateTime.now(clock), numOutputs);
    }

    /** As {@link #choose(Path, Clock, int)}, at a given local time. */
    public static List<Path> choose(Path directory, ZonedDateTime now, int numOutputs) {
        if (numOutputs < 0) {
            throw new BadInputException("--num_outputs must not be negative, got " + numOutputs);
        }
        String time = STRFTIME.format(now);
        for (int run = 1; run <= MAX_RUN_SUFFIX; run++) {
            String prefix = run == 1 ? time : time + "-" + run;
            List<Path> paths = new ArrayList<>(numOutputs);
            boolean taken = false;
            for (int i = 0; i < numOutputs && !taken; i++) {
                Path path = directory.resolve(fileName(prefix, i, numOutputs));
                taken = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
                paths.add(path);
            }
            if (!taken) {
                return paths;
            }
        }
        throw new BadInputException("output directory " + directory + " already holds files named " + time
                + "_… up to run " + MAX_RUN_SUFFIX + "; choose another --output_dir");
    }

    /** Magenta's name for output {@code index} (0-based) of {@code numOutputs}. */
    public static String fileName(String prefix, int index, int numOutputs) {
        int digits = Integer.toString(numOutputs).length();
        String number = Integer.toString(index + 1);
        return prefix + "_" + "0".repeat(Math.max(0, digits - number.length())) + number + ".mid";
    }
}
