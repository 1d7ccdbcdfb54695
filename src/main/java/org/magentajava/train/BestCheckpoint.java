package org.magentajava.train;

import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The checkpoint with the lowest eval event NLL so far, kept in {@code RUN/train/best/}, where the trainer's
 * rotation (which only looks at {@code RUN/train} itself) never deletes it: a copy {@code model.ckpt-N.mjckpt}
 * and a marker file {@code best.txt} ({@code model.ckpt-N.mjckpt<TAB>event_nll<TAB>eval file}) naming it. The
 * copy is written atomically first, then the marker replaced atomically, then older copies deleted, so a kill
 * at any moment leaves a marker that names a complete file.
 */
public final class BestCheckpoint {
    public static final String DIR = "best";
    public static final String MARKER = "best.txt";

    /** The best checkpoint recorded for a run. */
    public record Best(Path checkpoint, long globalStep, double eventNll) {
    }

    private BestCheckpoint() {
    }

    public static Path dir(Path trainDir) {
        return trainDir.resolve(DIR);
    }

    /** The recorded best of {@code trainDir}, if any. */
    public static Optional<Best> read(Path trainDir) throws IOException {
        Path marker = dir(trainDir).resolve(MARKER);
        if (!Files.exists(marker)) {
            return Optional.empty();
        }
        String[] fields = Files.readString(marker, StandardCharsets.UTF_8).strip().split("\t");
        Path file = dir(trainDir).resolve(fields[0]);
        long step = Checkpoints.stepOf(file);
        double nll;
        try {
            nll = fields.length >= 2 ? Double.parseDouble(fields[1]) : Double.NaN;
        } catch (NumberFormatException e) {
            nll = Double.NaN;
        }
        if (step < 0 || Double.isNaN(nll) || !Files.exists(file)) {
            throw new BadInputException(marker + ": does not name a checkpoint in " + dir(trainDir)
                    + " with its event_nll; delete " + dir(trainDir) + " to start tracking afresh");
        }
        return Optional.of(new Best(file, step, nll));
    }

    /**
     * Keeps {@code checkpointBytes} (the file the eval job just scored) as the best if its event NLL is lower
     * than the recorded best's. Returns the new best, or empty when the recorded one stays.
     */
    public static Optional<Best> offer(Path trainDir, long globalStep, byte[] checkpointBytes, double eventNll,
                                       Path evalFile) throws IOException {
        if (!Double.isFinite(eventNll)) {
            return Optional.empty();
        }
        Optional<Best> current = read(trainDir);
        if (current.isPresent() && !(eventNll < current.get().eventNll())) {
            return Optional.empty();
        }
        Path dir = dir(trainDir);
        Files.createDirectories(dir);
        Path copy = Checkpoints.path(dir, globalStep);
        if (!Files.exists(copy)) {
            AtomicOutput.write(copy, checkpointBytes);
        }
        String line = String.format(Locale.ROOT, "%s\t%s\t%s%n", copy.getFileName(), Double.toString(eventNll),
                evalFile);
        AtomicOutput.write(dir.resolve(MARKER), line.getBytes(StandardCharsets.UTF_8));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                if (Checkpoints.stepOf(p) >= 0 && !p.getFileName().equals(copy.getFileName())) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return Optional.of(new Best(copy, globalStep, eventNll));
    }
}
