package org.magentajava.cli;

import org.magentajava.data.ConvertDir;
import org.magentajava.util.Words;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "convert-dir", aliases = "convert_dir_to_note_sequences",
        mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Convert a directory of MIDI files (.mid/.midi) into one TFRecord of NoteSequences, "
                + "like Magenta's convert_dir_to_note_sequences.")
final class ConvertDirCommand implements Callable<Integer> {

    @Option(names = {"--input_dir", "--input-dir"}, required = true, paramLabel = "DIR",
            description = "Directory of MIDI files.")
    Path inputDir;

    @Option(names = {"--output_file", "--output-file"}, required = true, paramLabel = "FILE",
            description = "TFRecord file of NoteSequences to write (replaced atomically).")
    Path outputFile;

    @Option(names = "--recursive", arity = "0..1", defaultValue = "false", fallbackValue = "true",
            description = "Also convert files in subdirectories.")
    boolean recursive;

    @Mixin
    WorkerThreads threads;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        Progress progress = new Progress(err, "files");
        String collection = ConvertDir.collectionName(inputDir.toString());
        ConvertDir.Summary s = ConvertDir.run(new ConvertDir.Options(inputDir, outputFile, recursive, threads.numThreads),
                collection, (done, total, converted, failed) ->
                        progress.update(done, total, failed > 0 ? "failed " + failed : null));
        progress.finish();
        for (ConvertDir.Failure f : s.failures()) {
            err.println("failed: " + f.message());
        }
        StringBuilder reasons = new StringBuilder();
        for (Map.Entry<String, Integer> e : s.failuresByReason().entrySet()) {
            reasons.append(reasons.isEmpty() ? " (" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        if (!reasons.isEmpty()) {
            reasons.append(')');
        }
        err.printf(Locale.ROOT, "converted %d of %s in %.2f s (%.0f files/s); skipped %s; failed %d%s%n",
                s.converted(), Words.count(s.total(), "MIDI file", "MIDI files"), s.seconds(),
                s.total() / Math.max(1e-9, s.seconds()), Words.count(s.skipped(), "non-MIDI file", "non-MIDI files"),
                s.failed(), reasons);
        if (s.converted() == 0) {
            int below = s.total() == 0 && !recursive ? ConvertDir.list(inputDir, true).midiFiles().size() : 0;
            if (below > 0) {
                err.println("error: " + inputDir + " has no MIDI files at its top level, but "
                        + Words.count(below, "MIDI file", "MIDI files") + " in subfolders; add --recursive to convert "
                        + (below == 1 ? "it" : "them") + "; " + outputFile + " not written");
                return ExitCodes.NOTHING_DONE;
            }
            err.println("error: no MIDI file in " + inputDir + " could be converted; " + outputFile + " not written");
            return ExitCodes.NOTHING_DONE;
        }
        err.printf(Locale.ROOT, "wrote %s (%d NoteSequences, %.1f MB)%n", outputFile, s.converted(),
                s.outputBytes() / 1e6);
        return ExitCodes.OK;
    }
}
