package org.magentajava.cli;

import org.magentajava.data.DatasetBuilder;
import org.magentajava.data.DatasetMetadata;
import org.magentajava.models.DatasetSettings;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.ModelFamily;
import org.magentajava.pipeline.Histogram;
import org.magentajava.pipeline.Statistics;
import org.magentajava.registry.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "create-dataset", aliases = {"melody_rnn_create_dataset", "polyphony_rnn_create_dataset",
        "pianoroll_rnn_nade_create_dataset"},
        mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Extract melodies (or, with --config polyphony, polyphonic tracks; with --config "
                + "pianoroll_rnn, piano rolls) from a NoteSequence TFRecord and write training/eval SequenceExample "
                + "TFRecords as Magenta's melody_rnn_create_dataset (polyphony_rnn_create_dataset, pianoroll "
                + "pipeline) makes them.")
final class CreateDatasetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "NAME",
            description = "basic_rnn, mono_rnn, lookback_rnn, attention_rnn, polyphony or pianoroll_rnn.")
    String config;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "TFRecord of NoteSequences (from convert-dir).")
    Path input;

    @Option(names = {"--output_dir", "--output-dir"}, required = true, paramLabel = "DIR",
            description = "Where training_melodies.tfrecord, eval_melodies.tfrecord (training_poly_tracks, "
                    + "eval_poly_tracks for polyphony; training_pianoroll_tracks, eval_pianoroll_tracks for "
                    + "pianoroll_rnn) and the report go.")
    Path outputDir;

    @Option(names = {"--eval_ratio", "--eval-ratio"}, defaultValue = "0.1",
            description = "Fraction of source files that go to the eval set.")
    double evalRatio;

    @Option(names = {"--dev_ratio", "--dev-ratio"}, defaultValue = "0",
            description = "Fraction of source files that go to a dev set (dev_melodies.tfrecord), carved from "
                    + "the training files, for choosing hyperparameters and checkpoints; the eval set stays the same.")
    double devRatio;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the train/eval split (a hash of each NoteSequence id and this seed).")
    long seed;

    @Mixin
    WorkerThreads threads;

    @Option(names = {"--min_bars", "--min-bars"}, defaultValue = "7", description = "Shortest melody kept, in bars.")
    int minBars;

    @Option(names = {"--poly_min_steps", "--poly-min-steps"}, defaultValue = "80",
            description = "Polyphony: shorter tracks (in steps) are discarded.")
    int polyMinSteps;

    @Option(names = {"--poly_max_steps", "--poly-max-steps"}, defaultValue = "512",
            description = "Polyphony: longer tracks (in steps) are discarded.")
    int polyMaxSteps;

    @Option(names = {"--steps_per_quarter", "--steps-per-quarter"}, defaultValue = "4",
            description = "Piano roll: steps per quarter note (1 for the quarter-note frames of the benchmarks).")
    int stepsPerQuarter;

    @Option(names = {"--min_steps", "--min-steps"}, defaultValue = "80",
            description = "Piano roll: shorter rolls (in steps) are discarded.")
    int minSteps;

    @Option(names = {"--max_steps", "--max-steps"}, defaultValue = "2048",
            description = "Piano roll: longer rolls are truncated to this many steps.")
    int maxSteps;

    @Option(names = {"--transposition_range", "--transposition-range"}, defaultValue = "-4,4", paramLabel = "LO,HI",
            description = "Piano roll: one copy per transposition LO..HI semitones (0,0 for an evaluation set).")
    String transpositionRange;

    @Option(names = {"--max_steps_truncate", "--max-steps-truncate"}, defaultValue = "512",
            description = "Longer melodies are truncated to this many steps (0 = no limit).")
    int maxStepsTruncate;

    @Option(names = {"--max_steps_discard", "--max-steps-discard"}, defaultValue = "0",
            description = "Longer melodies are discarded (0 = no limit).")
    int maxStepsDiscard;

    @Option(names = {"--min_unique_pitches", "--min-unique-pitches"}, defaultValue = "5",
            description = "Fewest distinct pitch classes a melody needs.")
    int minUniquePitches;

    @Option(names = {"--gap_bars", "--gap-bars"}, defaultValue = "1.0",
            description = "A silence this many bars long ends a melody.")
    double gapBars;

    @Option(names = {"--ignore_polyphonic_notes", "--ignore-polyphonic-notes"}, arity = "0..1",
            defaultValue = "false", fallbackValue = "true",
            description = "Keep the highest note of a chord instead of discarding the track (Magenta's dataset "
                    + "pipeline uses false).")
    boolean ignorePolyphonicNotes;

    @Option(names = {"--pad_end", "--pad-end"}, arity = "0..1", defaultValue = "false", fallbackValue = "true",
            description = "Pad each melody to a whole number of bars.")
    boolean padEnd;

    @Option(names = {"--filter_drums", "--filter-drums"}, arity = "0..1", defaultValue = "true",
            fallbackValue = "true", description = "Ignore drum notes.")
    boolean filterDrums;


    @Override
    public Integer call() throws Exception {
        ModelConfig cfg = ModelRegistry.config(config);
        ModelFamily family = ModelRegistry.family(cfg);
        rejectFlagsOfOtherFamilies(cfg, family);
        org.magentajava.registry.RecordKind.requireNoteSequences(input, "create-dataset");
        int[] range = transpositionRange(transpositionRange);
        DatasetSettings settings = new DatasetSettings(minBars, maxStepsTruncate, maxStepsDiscard, minUniquePitches,
                gapBars, ignorePolyphonicNotes, padEnd, filterDrums, polyMinSteps, polyMaxSteps, stepsPerQuarter,
                minSteps, maxSteps, range[0], range[1]);
        return build(cfg, family.datasetNames(), family.datasetExtractor(cfg, settings),
                family.datasetMetadata(cfg, settings).orElse(null));
    }

    /** Runs the dataset job and prints Magenta's statistics and a summary in the family's own nouns. */
    private int build(ModelConfig cfg, ModelFamily.DatasetNames names, DatasetBuilder.Extractor extractor,
                      DatasetMetadata metadata) throws Exception {
        DatasetBuilder.Options options = new DatasetBuilder.Options(input, outputDir, evalRatio, seed,
                threads.numThreads, names.training(), names.eval(), devRatio).withMetadata(metadata);
        PrintStream err = System.err;
        Progress progress = new Progress(err, "MB");
        DatasetBuilder.Summary s = DatasetBuilder.run(options, extractor,
                (bytes, total, sequences, examples) -> progress.update(bytes >> 20, Math.max(1, total >> 20),
                        sequences + " sequences, " + examples + " " + names.many()));
        progress.finish();

        printStatistics(err, "training", s.trainStatistics());
        printStatistics(err, "eval", s.evalStatistics());
        for (String m : s.badRecordMessages()) {
            err.println("skipped: " + m);
        }
        err.printf(Locale.ROOT, "read %d NoteSequences in %.2f s; %d gave no %s (reasons in %s)%n",
                s.sequences(), s.seconds(), s.sequencesWithoutExamples(), names.one(), options.reportFile());
        if (s.badRecords() > 0) {
            err.printf("warning: %d bad records skipped (listed above)%n", s.badRecords());
        }
        String dev = devRatio > 0 ? String.format(Locale.ROOT, " + %d dev", s.devExamples()) : "";
        String devSteps = devRatio > 0 ? String.format(Locale.ROOT, " + %d", s.devSteps()) : "";
        err.printf(Locale.ROOT, "wrote %d training%s + %d eval %s (%d%s + %d %s, %s, input size %d, %d %s) to %s%n",
                s.trainExamples(), dev, s.evalExamples(), names.many(), s.trainSteps(), devSteps, s.evalSteps(),
                names.stepUnit(),
                cfg.name(), cfg.inputSize(), cfg.outputSize(), cfg.multiHot() ? "keys" : "classes", outputDir);
        if (metadata != null) {
            err.printf(Locale.ROOT, "frames at %s per quarter note, recorded in %s (train reads it: the model "
                    + "generates at that rate)%n", DatasetMetadata.steps(metadata.stepsPerQuarter()),
                    options.metadataFile());
        }
        return s.trainExamples() + s.evalExamples() > 0 ? ExitCodes.OK : ExitCodes.NOTHING_DONE;
    }

    /** "LO,HI" as two integers. */
    private int[] transpositionRange(String text) {
        String[] parts = text.split(",", -1);
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--transposition_range must be LO,HI in semitones (e.g. -4,4 or 0,0), got '" + text + "'");
    }

    /** An extraction flag the config's family does not read would be silently ignored: refuse it. */
    private void rejectFlagsOfOtherFamilies(ModelConfig cfg, ModelFamily family) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String name : DatasetSettings.NAMES) {
            if (!family.datasetSettings().contains(name) && parsed.hasMatchedOption("--" + name)) {
                List<String> own = DatasetSettings.NAMES.stream().filter(family.datasetSettings()::contains)
                        .map(n -> "--" + n).toList();
                throw new CommandLine.ParameterException(spec.commandLine(), "--" + name
                        + " does not apply to --config " + cfg.name() + "; " + family.name() + " reads " + String.join(", ", own));
            }
        }
    }

    /** Magenta's end-of-run statistics, named {@code <stage>_<mode>_<name>} with mode "training" or "eval". */
    private static void printStatistics(PrintStream err, String mode, Statistics stats) {
        for (Map.Entry<Statistics.Key, Long> e : stats.counters().entrySet()) {
            err.println(e.getKey().qualified(mode) + ": " + e.getValue());
        }
        for (Map.Entry<Statistics.Key, Histogram> e : stats.histograms().entrySet()) {
            err.println(e.getValue().prettyPrint(e.getKey().qualified(mode)));
        }
    }
}
