package org.magentajava.cli;

import org.magentajava.analysis.AnalysisReport;
import org.magentajava.analysis.CopyDetector;
import org.magentajava.analysis.CopyStatistics;
import org.magentajava.analysis.CorpusOptions;
import org.magentajava.analysis.MelodyCorpus;
import org.magentajava.analysis.MelodyStatistics;
import org.magentajava.analysis.PieceCorpus;
import org.magentajava.analysis.PolyphonyAnalysis;
import org.magentajava.analysis.PolyphonyReport;
import org.magentajava.analysis.RepeatCalibration;
import org.magentajava.analysis.ReportHtml;
import org.magentajava.bundle.TrainedModel;
import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "analyze", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Musical statistics of a set of melodies beside a reference corpus, and a check for runs "
                + "copied from a training corpus in any transposition; for polyphonic input also notes per step, key, "
                + "chord qualities and voice motion of the whole pieces.")
final class AnalyzeCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "A folder of MIDI files (e.g. generate's output; one melody per file), a MIDI file, or a "
                    + "NoteSequence .tfrecord.")
    Path input;

    @Option(names = {"--input_split", "--input-split"}, defaultValue = "all", paramLabel = "eval|dev|train|all",
            description = "For a NoteSequence input: create-dataset's split to analyze.")
    String inputSplit;

    @Option(names = "--reference", required = true, paramLabel = "PATH",
            description = "The melodies to compare with: the same kinds as --input.")
    Path reference;

    @Option(names = {"--reference_split", "--reference-split"}, defaultValue = "all", paramLabel = "eval|dev|train|all",
            description = "For a NoteSequence reference: create-dataset's split to compare with.")
    String referenceSplit;

    @Option(names = {"--training_corpus", "--training-corpus"}, paramLabel = "PATH",
            description = "Search it for runs of notes each melody copies (NoteSequence .tfrecord or MIDI folder).")
    Path trainingCorpus;

    @Option(names = {"--training_split", "--training-split"}, defaultValue = "all", paramLabel = "eval|dev|train|all",
            description = "For a NoteSequence training corpus: create-dataset's split to search.")
    String trainingSplit;

    @Option(names = {"--eval_ratio", "--eval-ratio"}, defaultValue = "0.1",
            description = "create-dataset's --eval_ratio, for the splits.")
    double evalRatio;

    @Option(names = {"--dev_ratio", "--dev-ratio"}, defaultValue = "0",
            description = "create-dataset's --dev_ratio, for the splits (the dev split, and a train split without it).")
    double devRatio;

    @Option(names = "--seed", defaultValue = "0", description = "create-dataset's --seed, for the splits.")
    long seed;

    @Option(names = {"--skip_primer_steps", "--skip-primer-steps"}, paramLabel = "N",
            description = "For MIDI files: analyze from step N (16th notes) on (default: from the marker generate "
                    + "writes where the continuation starts, or the whole file without one).")
    Integer skipPrimerSteps;

    @Option(names = {"--bundle_file", "--bundle-file"}, paramLabel = "FILE.mag",
            description = "Also run this melody model teacher-forced over the reference melodies and report the share "
                    + "of its note-on probability that repeats the last pitch, beside the data's share.")
    Path bundleFile;

    // absl's --noFLAG spelling: negatable; null = not given: shown when the input sounds two notes at once
    @Option(names = "--polyphonic", negatable = true, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Add the polyphonic statistics of the whole pieces, every voice: notes sounding per step, "
                    + "notes in key, chord qualities and triadic steps, partial vs block changes, middle-voice motion "
                    + "(default: when some input file or record sounds two notes at once on a 16th-note grid; "
                    + "--nopolyphonic leaves them out). The README's analyze section defines each figure.")
    Boolean polyphonic;

    @Option(names = {"--steps_per_quarter", "--steps-per-quarter"}, defaultValue = "1", paramLabel = "N",
            description = "The grid of the polyphonic statistics, in steps per quarter note (1: quarter-note frames, "
                    + "the piano-roll benchmarks' protocol). The melody statistics stay on 16th notes.")
    int stepsPerQuarter;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the report as JSON to FILE; '-' writes it to stdout (the table then goes to "
                    + "stderr).")
    String json;

    @Option(names = {"--html_report", "--html-report"}, paramLabel = "FILE",
            description = "Also write a self-contained HTML report with the distributions drawn side by side.")
    Path htmlReport;

    @Override
    public Integer call() throws Exception {
        Path jsonFile = json == null || json.equals("-") ? null : Path.of(json);
        refuseExisting(jsonFile);
        refuseExisting(htmlReport);
        CorpusOptions base = new CorpusOptions(CorpusOptions.Split.ALL, evalRatio, devRatio, seed, skipPrimerSteps);
        CorpusOptions inputOptions = base.withSplit(split(inputSplit, "--input_split"));
        CorpusOptions referenceOptions = base.withSplit(split(referenceSplit, "--reference_split"));
        CorpusOptions trainingOptions = base.withSplit(split(trainingSplit, "--training_split"));

        MelodyCorpus in = read(input, inputOptions);
        MelodyCorpus ref = read(reference, referenceOptions);
        CopyDetector detector = null;
        String trainingDescription = null;
        if (trainingCorpus != null) {
            MelodyCorpus train = read(trainingCorpus, trainingOptions);
            detector = CopyDetector.of(train.melodies());
            trainingDescription = train.describe(trainingOptions);
        }
        AnalysisReport report = AnalysisReport.of(
                new AnalysisReport.SetReport(in.describe(inputOptions), MelodyStatistics.of(in.melodies()),
                        detector == null ? null : CopyStatistics.of(detector, in.melodies())),
                new AnalysisReport.SetReport(ref.describe(referenceOptions), MelodyStatistics.of(ref.melodies()),
                        detector == null ? null : CopyStatistics.of(detector, ref.melodies())),
                trainingDescription);
        if (!Boolean.FALSE.equals(polyphonic)) {
            PieceCorpus inPieces = readPieces(input, inputOptions, in.problems());
            if (Boolean.TRUE.equals(polyphonic) || inPieces.hasSimultaneousNotes()) {
                PieceCorpus refPieces = readPieces(reference, referenceOptions, ref.problems());
                report = report.withPolyphony(new PolyphonyReport(stepsPerQuarter, inPieces.describe(inputOptions),
                        PolyphonyAnalysis.of(inPieces.pieces()), refPieces.describe(referenceOptions),
                        PolyphonyAnalysis.of(refPieces.pieces())));
            }
        }
        if (bundleFile != null) {
            report = report.withRepeatCalibration(
                    RepeatCalibration.of(TrainedModel.load(null, bundleFile, null), ref.melodies()));
        }

        PrintStream tableOut = "-".equals(json) ? System.err : System.out;
        tableOut.print(report.table());
        tableOut.flush();
        if ("-".equals(json)) {
            System.out.print(report.toJson());
            System.out.flush();
        } else if (jsonFile != null) {
            AtomicOutput.write(jsonFile, report.toJson().getBytes(StandardCharsets.UTF_8));
            System.err.println("wrote " + jsonFile);
        }
        if (htmlReport != null) {
            AtomicOutput.write(htmlReport, ReportHtml.render(report).getBytes(StandardCharsets.UTF_8));
            System.err.println("wrote " + htmlReport);
        }
        return ExitCodes.OK;
    }

    private static MelodyCorpus read(Path path, CorpusOptions options) throws Exception {
        MelodyCorpus corpus = MelodyCorpus.read(path, options);
        int shown = 0;
        for (String problem : corpus.problems()) {
            if (shown++ < 5) {
                System.err.println("warning: skipped " + problem);
            }
        }
        if (corpus.problems().size() > 5) {
            System.err.println("warning: " + (corpus.problems().size() - 5) + " more unusable records or files in "
                    + path);
        }
        if (corpus.melodies().isEmpty()) {
            throw new BadInputException(path + ": no melody found in " + corpus.sourcesRead(options));
        }
        return corpus;
    }

    /** The pieces of a path the melody reader read; warns of problems the melody reader did not already name. */
    private PieceCorpus readPieces(Path path, CorpusOptions options, List<String> named) throws Exception {
        PieceCorpus corpus = PieceCorpus.read(path, options, stepsPerQuarter);
        corpus.problems().stream().filter(p -> !named.contains(p)).limit(5)
                .forEach(p -> System.err.println("warning: skipped for the polyphonic statistics: " + p));
        return corpus;
    }

    private static CorpusOptions.Split split(String value, String flag) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "eval" -> CorpusOptions.Split.EVAL;
            case "dev" -> CorpusOptions.Split.DEV;
            case "train" -> CorpusOptions.Split.TRAIN;
            case "all" -> CorpusOptions.Split.ALL;
            default -> throw new BadInputException(flag + " must be eval, dev, train or all, got '" + value + "'");
        };
    }

    private static void refuseExisting(Path file) {
        if (file != null && Files.exists(file)) {
            throw new BadInputException(file + ": already exists; analyze never overwrites, choose another name");
        }
    }
}
