package org.magentajava.generate;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadSettingException;

/**
 * Names of the generated MIDI files as melody_rnn_generate chooses them:
 * {@code strftime("%Y-%m-%d_%H%M%S")} in local time, taken once per run, then {@code _} and the 1-based
 * output number zero-padded to the digit count of {@code num_outputs}: {@code 2025-01-31_142501_01.mid}.
 *
 * <p>Magenta silently overwrites, e.g. when two runs start in the same second. We never do: if any name
 * of the run's batch already exists, the whole batch gets a run suffix after the time
 * ({@code 2025-01-31_142501-2_01.mid}, then {@code -3}, …), so one run's files still share one prefix and
 * sort together. Two runs choosing at the same moment must not both take a prefix that is still free, so a run
 * first claims its prefix by creating a hidden file {@code .<prefix>.claim.tmp} (create-new: the file system lets only
 * one process create it) and holds it until its files are written; the files themselves are then written with
 * {@link org.magentajava.io.AtomicOutput#writeNew}, which never replaces a file.
 */
public final class OutputNames {
    private static final DateTimeFormatter STRFTIME = DateTimeFormatter.ofPattern("uuuu-MM-dd_HHmmss");
    private static final int MAX_RUN_SUFFIX = 999;
    /** A claim older than this was left by a killed run: its second is long past, so no run can want it. */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(1);

    private OutputNames() {
    }

    /** One run's file names, reserved in their directory until {@link #close()}. */
    public static final class Claim implements AutoCloseable {
        private final List<Path> paths;
        private final Path claimFile;

        private Claim(List<Path> paths, Path claimFile) {
            this.paths = List.copyOf(paths);
            this.claimFile = claimFile;
        }

        /** The run's file names in output order; none existed when claimed. */
        public List<Path> paths() {
            return paths;
        }

        /** Releases the prefix; the written files now keep other runs off it. */
        @Override
        public void close() throws IOException {
            if (claimFile != null) {
                Files.deleteIfExists(claimFile);
            }
        }
    }

    /** Claims the file names for one run in {@code directory} (created if needed). */
    public static Claim claim(Path directory, Clock clock, int numOutputs) throws IOException {
        return claim(directory, ZonedDateTime.now(clock), numOutputs);
    }

    /** As {@link #claim(Path, Clock, int)}, at a given local time. */
    public static Claim claim(Path directory, ZonedDateTime now, int numOutputs) throws IOException {
        if (numOutputs < 0) {
            throw new BadSettingException("num_outputs", "{num_outputs} must not be negative, got " + numOutputs);
        }
        if (numOutputs == 0) {
            return new Claim(List.of(), null);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IOException("cannot write " + directory + ": " + AtomicOutput.reason(e), e);
        }
        removeStaleClaims(directory);
        String time = STRFTIME.format(now);
        for (int run = 1; run <= MAX_RUN_SUFFIX; run++) {
            String prefix = run == 1 ? time : time + "-" + run;
            Path claimFile = directory.resolve("." + prefix + ".claim.tmp");
            try {
                Files.createFile(claimFile);
            } catch (FileAlreadyExistsException e) {
                continue; // another run is writing this prefix right now
            } catch (IOException e) {
                throw new IOException("cannot write " + claimFile + ": " + AtomicOutput.reason(e), e);
            }
            List<Path> paths = new ArrayList<>(numOutputs);
            boolean taken = false;
            for (int i = 0; i < numOutputs && !taken; i++) {
                Path path = directory.resolve(fileName(prefix, i, numOutputs));
                taken = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
                paths.add(path);
            }
            if (!taken) {
                return new Claim(paths, claimFile);
            }
            Files.deleteIfExists(claimFile);
        }
        throw new BadSettingException("output_dir", "output directory " + directory + " already holds files named "
                + time + "_… up to run " + MAX_RUN_SUFFIX + "; choose another {output_dir}");
    }

    private static void removeStaleClaims(Path directory) {
        long cutoff = System.currentTimeMillis() - STALE_CLAIM.toMillis();
        try (DirectoryStream<Path> claims = Files.newDirectoryStream(directory, ".*.claim.tmp")) {
            for (Path p : claims) {
                if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a leftover claim only hides a second that has passed
        }
    }

    /** Magenta's name for output {@code index} (0-based) of {@code numOutputs}. */
    public static String fileName(String prefix, int index, int numOutputs) {
        int digits = Integer.toString(numOutputs).length();
        String number = Integer.toString(index + 1);
        return prefix + "_" + "0".repeat(Math.max(0, digits - number.length())) + number + ".mid";
    }
}
