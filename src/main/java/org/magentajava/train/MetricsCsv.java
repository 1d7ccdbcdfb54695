package org.magentajava.train;

import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.csv}: a header line {@code step,wall_time,<metric>...} written once, then one row per summary.
 * Each row is appended and the file closed again, so a killed job leaves complete lines behind.
 */
final class MetricsCsv {
    private final Path file;
    private final String header;

    private MetricsCsv(Path file, String header) {
        this.file = file;
        this.header = header;
    }

    /**
     * Opens (creating if needed) a CSV for these tags. With {@code keepUpToStep >= 0}, rows after that step are
     * dropped: they came from a run that was killed after its last checkpoint and will be recomputed.
     */
    static MetricsCsv open(Path file, Iterable<String> tags, long keepUpToStep) throws IOException {
        StringBuilder h = new StringBuilder("step,wall_time");
        for (String tag : tags) {
            h.append(',').append(column(tag));
        }
        String header = h.toString();
        byte[] headerLine = (header + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            // create-new, not check-then-write: a job that finds the file is there reads it, never replaces it
            AtomicOutput.writeNew(file, headerLine);
            return new MetricsCsv(file, header);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (Files.size(file) == 0) {
                AtomicOutput.write(file, headerLine); // an empty file holds no rows to keep
                return new MetricsCsv(file, header);
            }
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        boolean widened = false;
        if (!lines.get(0).equals(header) && header.startsWith(lines.get(0) + ",")) {
            // a file from a version with fewer columns: its rows get empty cells for the new ones
            String pad = ",".repeat(header.split(",").length - lines.get(0).split(",").length);
            int oldFields = lines.get(0).split(",").length;
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).split(",", -1).length == oldFields) {
                    lines.set(i, lines.get(i) + pad);
                }
            }
            lines.set(0, header);
            widened = true;
        }
        if (!lines.get(0).equals(header)) {
            throw new BadInputException(file + " has columns \"" + lines.get(0) + "\", expected \"" + header
                    + "\"; move it away to start a new one");
        }
        int fields = header.split(",").length;
        List<String> kept = new ArrayList<>();
        kept.add(header);
        for (String line : lines.subList(1, lines.size())) {
            long step = stepOf(line, fields);
            // a line cut short by a kill has too few fields and is dropped
            if (step >= 0 && (keepUpToStep < 0 || step <= keepUpToStep)) {
                kept.add(line);
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        if (widened || kept.size() != lines.size() || bytes[bytes.length - 1] != '\n') {
            AtomicOutput.write(file, (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new MetricsCsv(file, header);
    }

    /** The step of a complete row, or -1. */
    private static long stepOf(String line, int fields) {
        String[] parts = line.split(",", -1);
        if (parts.length != fields) {
            return -1;
        }
        try {
            return Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a complete row for {@code step} is in the file. */
    boolean hasStep(long step) throws IOException {
        int fields = header.split(",").length;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (stepOf(line, fields) == step) {
                return true;
            }
        }
        return false;
    }

    /** Highest step recorded in the file, or -1 when it has no rows. */
    long lastStep() throws IOException {
        int fields = header.split(",").length;
        long last = -1;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            last = Math.max(last, stepOf(line, fields));
        }
        return last;
    }

    /** "metrics/event_accuracy" -> "event_accuracy"; "global_step/sec" -> "global_step_sec". */
    static String column(String tag) {
        return tag.replaceFirst("^metrics/", "").replace('/', '_');
    }

    void append(long step, double wallTime, Map<String, Double> values) throws IOException {
        StringBuilder row = new StringBuilder().append(step).append(',').append(String.format(java.util.Locale.ROOT, "%.3f", wallTime));
        for (double v : values.values()) {
            row.append(',').append(v);
        }
        Files.writeString(file, row.append('\n').toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    Path file() {
        return file;
    }
}
