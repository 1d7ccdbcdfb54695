package org.magentajava.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import org.magentajava.bundle.Bundle;
import org.magentajava.data.DatasetMetadata;
import org.magentajava.data.SequenceExampleStats;
import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordReader;
import org.magentajava.importer.MagentaJsFolder;
import org.magentajava.io.BadInputException;
import org.magentajava.midi.MidiIo;
import org.magentajava.model.LstmNetwork;
import org.magentajava.proto.NoteSequence;
import org.magentajava.registry.ModelRegistry;
import org.magentajava.proto.tf.SequenceExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Summarise a .mid file, a NoteSequence or SequenceExample .tfrecord, a .mag bundle (this "
                + "project's or Magenta's) or a magenta-js checkpoint folder.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "A .mid/.midi file, a .tfrecord file (NoteSequences or "
            + "SequenceExamples), a .mag bundle (ours or Magenta's) or a magenta-js folder.")
    Path file;

    @Option(names = "--json", description = "JSON output: each NoteSequence as protobuf JSON, or the summary.")
    boolean json;

    @Option(names = {"--limit"}, defaultValue = "50", description = "Records listed one per line (0 = all).")
    int limit;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".mid") || name.endsWith(".midi")) {
            NoteSequence ns = MidiIo.read(file);
            if (json) {
                out.println(JsonFormat.printer().print(ns));
            } else {
                printNoteSequence(ns);
            }
            return ExitCodes.OK;
        }
        if (name.endsWith(".mag") || MagentaJsFolder.isFolder(file)) {
            return inspectBundle();
        }
        return inspectTfRecord();
    }

    private int inspectBundle() throws IOException {
        Bundle.Weights weights = MagentaJsFolder.isFolder(file) ? null : Bundle.loadWeights(file);
        if (weights != null && weights.own() != null) {
            return inspectOwnNetwork(weights);
        }
        Bundle b = Bundle.load(file);
        LstmNetwork net = b.network();
        org.magentajava.events.RepeatBias repeatBias = weights == null ? org.magentajava.events.RepeatBias.NONE
                : weights.repeatBias();
        int recordedRate = weights == null ? 0 : weights.stepsPerQuarter();
        long params = 0;
        if (json) {
            StringBuilder tensors = new StringBuilder();
            for (Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> e : net.parameters().entrySet()) {
                tensors.append(tensors.isEmpty() ? "" : ", ").append(quote(e.getKey())).append(": ")
                        .append(java.util.Arrays.toString(e.getValue().shape()));
            }
            out.println("{\"file\": " + quote(file.toString()) + ", \"config\": " + quote(b.config().name())
                    + ", \"description\": " + quote(b.description()) + ", \"hparams\": " + quote(net.hparams().toString())
                    + ", \"input_size\": " + net.inputSize() + ", \"num_classes\": " + net.numClasses()
                    + ", \"trained_steps\": " + net.globalStep() + ", \"repeat_log_odds\": " + repeatBias.logOdds()
                    + ", \"steps_per_quarter\": " + stepsPerQuarter(b.config(), recordedRate)
                    + ", \"tensors\": {" + tensors + "}}");
            return ExitCodes.OK;
        }
        out.println("bundle:        " + file + (Files.isDirectory(file) ? " (magenta-js checkpoint folder)"
                : String.format(Locale.ROOT, " (%.1f MB)", Files.size(file) / 1e6)));
        out.println("config:        " + b.config().name() + " — " + b.config().description());
        out.println("description:   " + (b.description().isEmpty() ? "-" : b.description()));
        out.println("hparams:       " + net.hparams());
        if (net.attentionWrap() == org.magentajava.model.AttentionWrap.WHOLE_STACK) {
            out.println("attention:     around the whole LSTM stack (Magenta before May 2017); generation and evaluation only");
        }
        out.println("encoder:       " + net.inputSize() + " inputs, " + net.numClasses() + " classes, no-event label "
                + net.noEventLabel() + ", notes " + b.config().minNote() + ".." + (b.config().maxNote() - 1));
        out.println("output head:   " + switch (net.head()) {
            case SOFTMAX -> "softmax (one class per step)";
            case SIGMOID -> "sigmoid per key (a set of keys per step, keys independent)";
            case NADE -> "NADE of " + net.hparams().nadeHiddenUnits() + " hidden units over the keys (a set of keys per step)";
        });
        out.println("trained steps: " + net.globalStep());
        printRate(b.config(), recordedRate);
        if (!repeatBias.isNone()) {
            out.println("repeat correction: log-odds " + repeatBias + " on striking the last pitch again");
        }
        out.println("tensors:");
        for (Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> e : net.parameters().entrySet()) {
            params += e.getValue().length();
            out.printf("  %-70s %s%n", e.getKey(), java.util.Arrays.toString(e.getValue().shape()));
        }
        out.printf(Locale.ROOT, "parameters:    %,d%n", params);
        return ExitCodes.OK;
    }

    /**
     * A bundle of a family with a network of its own (biaxial_rnn): what the bundle says about it; the network's
     * tensors are the family's own business.
     */
    private int inspectOwnNetwork(Bundle.Weights w) throws IOException {
        if (json) {
            out.println("{\"file\": " + quote(file.toString()) + ", \"config\": " + quote(w.config().name())
                    + ", \"description\": " + quote(w.description()) + ", \"hparams\": " + quote(w.own().hparams())
                    + ", \"steps_per_quarter\": " + stepsPerQuarter(w.config(), w.stepsPerQuarter()) + "}");
            return ExitCodes.OK;
        }
        out.println("bundle:        " + file + String.format(Locale.ROOT, " (%.1f MB)", Files.size(file) / 1e6));
        out.println("config:        " + w.config().name() + " — " + w.config().description());
        out.println("description:   " + (w.description().isEmpty() ? "-" : w.description()));
        out.println("hparams:       " + w.own().hparams());
        printRate(w.config(), w.stepsPerQuarter());
        return ExitCodes.OK;
    }

    /** The frame rate a bundle generates at, for the configs whose datasets choose one; melody configs say nothing. */
    private void printRate(org.magentajava.models.ModelConfig config, int recorded) {
        if (recorded > 0) {
            out.println("frame rate:    " + recorded + " per quarter note (recorded at training; generate uses it)");
        } else if (ModelRegistry.family(config).choosesStepsPerQuarter()) {
            out.println("frame rate:    not recorded: generate uses " + config.name() + "'s default, "
                    + config.stepsPerQuarter() + " per quarter note");
        }
    }

    /** The rate for JSON: the recorded one, else the config's. */
    private static int stepsPerQuarter(org.magentajava.models.ModelConfig config, int recorded) {
        return recorded > 0 ? recorded : config.stepsPerQuarter();
    }

    private int inspectTfRecord() throws IOException {
        try (TfRecordReader reader = TfRecordReader.open(file)) {
            byte[] first = reader.next();
            if (first == null) {
                out.println(file + ": empty TFRecord file (0 records)");
                return ExitCodes.OK;
            }
            SequenceExample ex = parseSequenceExample(first);
            if (ex != null && SequenceExamples.looksLikeTrainingRecord(ex)) {
                return inspectSequenceExamples(reader, first);
            }
            return inspectNoteSequences(reader, first);
        }
    }

    private static SequenceExample parseSequenceExample(byte[] bytes) {
        try {
            return SequenceExample.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private NoteSequence parseNoteSequence(TfRecordReader reader, byte[] bytes) {
        try {
            return NoteSequence.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new BadInputException(file + ": record " + reader.recordIndex() + " at byte " + reader.recordOffset()
                    + " is not a NoteSequence or SequenceExample: " + e.getMessage());
        }
    }

    private int inspectNoteSequences(TfRecordReader reader, byte[] first) throws IOException {
        long count = 0;
        long notes = 0;
        double seconds = 0;
        if (!json) {
            out.printf("%-6s %-40s %6s %6s %5s %-9s %9s%n", "#", "filename", "notes", "tempos", "tsigs", "first ts",
                    "seconds");
        }
        for (byte[] rec = first; rec != null; rec = reader.next()) {
            NoteSequence ns = parseNoteSequence(reader, rec);
            if (json) {
                out.println(JsonFormat.printer().print(ns));
            } else if (limit == 0 || count < limit) {
                String ts = ns.getTimeSignaturesCount() == 0 ? "-"
                        : ns.getTimeSignatures(0).getNumerator() + "/" + ns.getTimeSignatures(0).getDenominator();
                String fname = ns.getFilename().isEmpty() ? ns.getId() : ns.getFilename();
                out.printf(Locale.ROOT, "%-6d %-40s %6d %6d %5d %-9s %9.2f%n", count, abbreviate(fname, 40),
                        ns.getNotesCount(), ns.getTemposCount(), ns.getTimeSignaturesCount(), ts, ns.getTotalTime());
            }
            count++;
            notes += ns.getNotesCount();
            seconds += ns.getTotalTime();
        }
        if (!json) {
            if (limit > 0 && count > limit) {
                out.println("... " + (count - limit) + " more (use --limit 0 to list all)");
            }
            out.printf(Locale.ROOT, "%s: %d NoteSequences, %d notes, %.1f minutes of music%n", file, count, notes,
                    seconds / 60);
        }
        return ExitCodes.OK;
    }

    private int inspectSequenceExamples(TfRecordReader reader, byte[] first) throws IOException {
        SequenceExampleStats stats = new SequenceExampleStats();
        for (byte[] rec = first; rec != null; rec = reader.next()) {
            SequenceExample ex = parseSequenceExample(rec);
            try {
                if (ex == null) {
                    throw new IllegalArgumentException("not a SequenceExample");
                }
                stats.add(SequenceExamples.decode(ex));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file + ": record " + reader.recordIndex() + " at byte "
                        + reader.recordOffset() + ": " + e.getMessage());
            }
        }
        // the frame rate is not in the records: create-dataset's metadata beside them says it
        java.util.Optional<DatasetMetadata> metadata = DatasetMetadata.beside(file);
        if (json) {
            StringBuilder hist = new StringBuilder();
            stats.labelHistogram().forEach((k, v) -> hist.append(hist.isEmpty() ? "" : ", ").append(quote(k.toString()))
                    .append(": ").append(v));
            out.println("{\"file\": " + quote(file.toString()) + ", \"sequence_examples\": " + stats.count()
                    + ", \"steps\": " + stats.totalSteps() + ", \"min_length\": " + stats.minLength()
                    + ", \"max_length\": " + stats.maxLength() + ", \"input_sizes\": "
                    + quote(stats.inputSizes().toString())
                    + metadata.map(m -> ", \"steps_per_quarter\": " + m.stepsPerQuarter()).orElse("")
                    + ", \"label_histogram\": {" + hist + "}}");
            return ExitCodes.OK;
        }
        out.printf(Locale.ROOT, "%s: %d SequenceExamples, %d steps%n", file, stats.count(), stats.totalSteps());
        out.printf(Locale.ROOT, "sequence length: min %d, mean %.1f, max %d%n", stats.minLength(), stats.meanLength(),
                stats.maxLength());
        out.println("input size: " + stats.inputSizes());
        metadata.ifPresent(m -> out.println("frame rate: " + DatasetMetadata.steps(m.stepsPerQuarter())
                + " per quarter note (" + m.config() + ", from " + DatasetMetadata.FILE_NAME + ")"));
        out.println("label histogram (label: count, share):");
        for (Map.Entry<Integer, Long> e : stats.labelHistogram().entrySet()) {
            out.printf(Locale.ROOT, "  %4d: %9d  %5.1f%%%n", e.getKey(), e.getValue(),
                    100.0 * e.getValue() / Math.max(1, stats.totalSteps()));
        }
        return ExitCodes.OK;
    }

    private void printNoteSequence(NoteSequence ns) {
        out.println("file:              " + file);
        out.println("ticks per quarter: " + ns.getTicksPerQuarter());
        out.printf(Locale.ROOT, "total time:        %.3f s%n", ns.getTotalTime());
        out.println("notes:             " + ns.getNotesCount());
        for (NoteSequence.Tempo t : ns.getTemposList()) {
            out.printf(Locale.ROOT, "tempo:             %.2f qpm at %.3f s%n", t.getQpm(), t.getTime());
        }
        for (NoteSequence.TimeSignature t : ns.getTimeSignaturesList()) {
            out.printf(Locale.ROOT, "time signature:    %d/%d at %.3f s%n", t.getNumerator(), t.getDenominator(),
                    t.getTime());
        }
        for (NoteSequence.KeySignature k : ns.getKeySignaturesList()) {
            out.printf(Locale.ROOT, "key signature:     %s %s at %.3f s%n", k.getKey(), k.getMode(), k.getTime());
        }
        Map<Integer, int[]> perInstrument = new java.util.TreeMap<>();
        for (NoteSequence.Note n : ns.getNotesList()) {
            int[] s = perInstrument.computeIfAbsent(n.getInstrument(), k -> new int[]{0, 128, -1, 0, 0});
            s[0]++;
            s[1] = Math.min(s[1], n.getPitch());
            s[2] = Math.max(s[2], n.getPitch());
            s[3] = n.getProgram();
            s[4] = n.getIsDrum() ? 1 : 0;
        }
        out.printf("%-10s %-8s %-5s %6s %s%n", "instrument", "program", "drums", "notes", "pitch range");
        for (Map.Entry<Integer, int[]> e : perInstrument.entrySet()) {
            int[] s = e.getValue();
            out.printf("%-10d %-8d %-5s %6d %d-%d%n", e.getKey(), s[3], s[4] == 1 ? "yes" : "no", s[0], s[1], s[2]);
        }
        out.println("pitch bends:       " + ns.getPitchBendsCount());
        out.println("control changes:   " + ns.getControlChangesCount());
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String abbreviate(String s, int width) {
        return s.length() <= width ? s : "…" + s.substring(s.length() - width + 1);
    }
}
