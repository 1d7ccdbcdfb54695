package org.magentajava.data;

import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.midi.MidiConversionException;
import org.magentajava.midi.MidiIo;
import org.magentajava.proto.NoteSequence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * convert_dir_to_note_sequences: every MIDI file under a directory becomes one NoteSequence record in a single
 * TFRecord file. Files are converted on several threads but written in sorted relative-path order, so the output
 * is byte-identical whatever the thread count. Bad files are skipped and reported; they never stop the run.
 */
public final class ConvertDir {

    public record Options(Path inputDir, Path outputFile, boolean recursive, int numThreads) {
        public Options {
            if (numThreads < 1) {
                throw new BadSettingException("num_threads", "{num_threads} must be at least 1, got " + numThreads);
            }
        }
    }

    /** A file that could not be converted, with the reason category and the one-line message. */
    public record Failure(String file, String reason, String message) {
    }

    public record Summary(int total, int converted, int skipped, List<Failure> failures, long outputBytes,
                          double seconds) {
        public int failed() {
            return failures.size();
        }

        /** Failure counts per reason category, sorted by reason. */
        public Map<String, Integer> failuresByReason() {
            Map<String, Integer> counts = new TreeMap<>();
            for (Failure f : failures) {
                counts.merge(f.reason(), 1, Integer::sum);
            }
            return counts;
        }
    }

    /** Receives progress after each file; called from the writing thread only. */
    public interface Progress {
        void update(int done, int total, int converted, int failed);
    }

    private record Outcome(NoteSequence sequence, Failure failure) {
    }

    private ConvertDir() {
    }

    /** Lists files to convert (sorted by relative path with '/' separators) and counts files that are skipped. */
    public record Listing(List<String> midiFiles, int skipped) {
    }

    public static Listing list(Path inputDir, boolean recursive) throws IOException {
        if (!Files.isDirectory(inputDir)) {
            throw new BadInputException(inputDir + ": not a directory");
        }
        List<String> midi = new ArrayList<>();
        int skipped = 0;
        try (Stream<Path> walk = recursive ? Files.walk(inputDir) : Files.list(inputDir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String rel = relativeName(inputDir, p);
                if (isMidiName(rel)) {
                    midi.add(rel);
                } else {
                    skipped++;
                }
            }
        }
        midi.sort(Comparator.naturalOrder());
        return new Listing(midi, skipped);
    }

    static boolean isMidiName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".mid") || lower.endsWith(".midi");
    }

    private static String relativeName(Path root, Path file) {
        Path rel = root.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    /** Magenta's collection name: the input directory's base name ("" for a path with a trailing slash). */
    public static String collectionName(String inputDirArgument) {
        if (inputDirArgument.endsWith("/")) {
            return "";
        }
        Path name = Path.of(inputDirArgument).getFileName();
        return name == null ? "" : name.toString();
    }

    /** Magenta's id: {@code /id/midi/<collection>/<sha1 hex of the relative filename>}. */
    public static String sequenceId(String collection, String filename) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest(filename.getBytes(StandardCharsets.UTF_8));
            return "/id/midi/" + collection + "/" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always available", e);
        }
    }

    /** Converts one file; never throws for bad content. */
    static Outcome convertOne(Path inputDir, String rel, String collection) {
        Path file = inputDir.resolve(rel);
        try {
            byte[] bytes = Files.readAllBytes(file);
            NoteSequence ns = MidiIo.fromBytes(bytes, rel).toBuilder()
                    .setId(sequenceId(collection, rel))
                    .setFilename(rel)
                    .setCollectionName(collection)
                    .build();
            return new Outcome(ns, null);
        } catch (MidiConversionException e) {
            return new Outcome(null, new Failure(rel, e.reason().label(), e.getMessage()));
        } catch (IOException e) {
            return new Outcome(null, new Failure(rel, "unreadable",
                    rel + ": cannot read: " + org.magentajava.io.IoErrors.reason(e)));
        } catch (RuntimeException | StackOverflowError e) {
            // A reader bug must cost one file, not the run.
            return new Outcome(null, new Failure(rel, "internal error", rel + ": "
                    + (e.getMessage() == null ? "internal error of the reader" : e.getMessage())));
        }
    }

    /**
     * Runs the conversion. Throws BadInputException (input not a directory) or IOException (output not writable,
     * "cannot write <file>: <reason>"); every per-file problem lands in the summary instead.
     */
    public static Summary run(Options options, String collection, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        Listing listing = list(options.inputDir(), options.recursive());
        List<String> files = listing.midiFiles();
        List<Failure> failures = new ArrayList<>();
        int converted = 0;
        long outBytes;
        try (OrderedPool<Outcome> pool = new OrderedPool<>(options.numThreads(), "convert");
             AtomicOutput out = openOutput(options.outputFile())) {
            TfRecordWriter writer = new TfRecordWriter(out.stream());
            int next = 0;
            int done = 0;
            while (done < files.size()) {
                while (next < files.size() && !pool.full()) {
                    String rel = files.get(next++);
                    pool.submit(() -> convertOne(options.inputDir(), rel, collection));
                }
                Outcome o = pool.next();
                if (o.sequence() != null) {
                    writer.write(o.sequence().toByteArray());
                    converted++;
                } else {
                    failures.add(o.failure());
                }
                done++;
                if (progress != null) {
                    progress.update(done, files.size(), converted, failures.size());
                }
            }
            writer.close();
            outBytes = writer.bytes();
            if (converted > 0) {
                out.commit();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Summary(files.size(), converted, listing.skipped(), failures, outBytes, seconds);
    }

    /** An output that cannot be created is an I/O failure ("cannot write <file>: <reason>"), as mid-job ones are. */
    private static AtomicOutput openOutput(Path outputFile) throws IOException {
        return AtomicOutput.open(outputFile);
    }
}
