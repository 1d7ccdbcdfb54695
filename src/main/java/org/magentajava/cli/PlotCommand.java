package org.magentajava.cli;

import org.magentajava.data.TfRecordReader;
import org.magentajava.generate.GeneratedMidi;
import org.magentajava.io.BadInputException;
import org.magentajava.midi.MidiIo;
import org.magentajava.proto.NoteSequence;
import org.magentajava.viz.PianoRoll;
import org.magentajava.viz.PianoRollOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "plot", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Draw a piano roll of a MIDI file or of one NoteSequence in a .tfrecord as HTML, SVG or PNG.")
final class PlotCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "A .mid/.midi file or a NoteSequence .tfrecord.")
    Path file;

    @Option(names = "--output", paramLabel = "F",
            description = "Output .html, .svg or .png (default: FILE with .html).")
    Path output;

    @Option(names = "--record", defaultValue = "0", description = "Which NoteSequence of a .tfrecord to draw.")
    long record;

    @Option(names = {"--generated_start", "--generated-start"}, paramLabel = "SECONDS",
            description = "Where the generated part starts; earlier notes are drawn as the primer.")
    Double generatedStart;

    @Option(names = {"--pixels_per_second", "--pixels-per-second"}, defaultValue = "0",
            description = "Horizontal scale (0 = 48 px per quarter note).")
    double pixelsPerSecond;

    @Override
    public Integer call() throws Exception {
        NoteSequence ns = load();
        Path out = output != null ? output : PlotCommand.defaultOutput(file, ".html");
        PianoRollOptions options = PianoRollOptions.defaults().withTitle(String.valueOf(file.getFileName()))
                .withPixelsPerSecond(pixelsPerSecond);
        if (generatedStart != null) {
            options = options.withGeneratedStart(generatedStart);
        } else if (isMidi(file)) {
            // Files from generate mark where the continuation starts.
            var marked = GeneratedMidi.generatedStart(file, ns);
            if (marked.isPresent()) {
                options = options.withGeneratedStart(marked.getAsDouble());
            }
        }
        PianoRoll.write(ns, out, options);
        System.err.println("wrote " + out + " (" + ns.getNotesCount() + " notes)");
        return ExitCodes.OK;
    }

    private NoteSequence load() throws Exception {
        if (isMidi(file)) {
            return MidiIo.read(file);
        }
        org.magentajava.registry.RecordKind.requireNoteSequences(file, "plot");
        try (TfRecordReader reader = TfRecordReader.open(file)) {
            long i = 0;
            for (byte[] rec = reader.next(); rec != null; rec = reader.next(), i++) {
                if (i == record) {
                    try {
                        return NoteSequence.parseFrom(rec);
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new BadInputException(file + ": record " + i + " is not a NoteSequence ("
                                + e.getMessage() + ")");
                    }
                }
            }
            throw new BadInputException(file + ": has " + i + " records; --record " + record + " does not exist");
        }
    }

    static boolean isMidi(Path p) {
        String name = String.valueOf(p.getFileName()).toLowerCase(Locale.ROOT);
        return name.endsWith(".mid") || name.endsWith(".midi");
    }

    static Path defaultOutput(Path input, String extension) {
        String base = String.valueOf(input.getFileName());
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        Path parent = input.toAbsolutePath().getParent();
        return parent.resolve(stem + extension);
    }
}
