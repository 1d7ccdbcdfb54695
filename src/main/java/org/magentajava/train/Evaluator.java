package org.magentajava.train;

import org.magentajava.data.DatasetMetadata;
import org.magentajava.data.SequenceExamples;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.io.SettingNames;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The melody_rnn eval job: evaluates checkpoints from {@code run_dir/train} over the whole eval file (batches in
 * file order; the streaming means of Magenta's tf.metrics become sums over all batches) and writes the results
 * at the checkpoint's global step to {@code run_dir/eval} (metrics.csv and a TensorBoard event file). It also
 * keeps the checkpoint with the lowest event NLL in {@code run_dir/train/best} ({@link BestCheckpoint}).
 * {@link #evaluateLatest()} does one checkpoint; {@link #watch()} follows a running training job.
 */
public final class Evaluator implements AutoCloseable {
    private final TrainableModel model;
    private final EvalOptions options;
    private final PrintStream out;
    private final SkipLog skips;
    private MetricsCsv csv;
    private EventFileWriter events;
    private volatile boolean stopRequested;

    public Evaluator(TrainableModel model, EvalOptions options, PrintStream out) {
        this(model, options, out, SettingNames.FIELDS);
    }

    /** Printing settings as {@code names} spells them, e.g. as the CLI's flags. */
    public Evaluator(TrainableModel model, EvalOptions options, PrintStream out, SettingNames names) {
        this.model = model;
        this.options = options;
        this.out = out;
        this.skips = new SkipLog(out, names);
    }

    public void requestStop() {
        stopRequested = true;
    }

    /** Evaluates the newest checkpoint once (the "once" mode). */
    public EvalResult evaluateLatest() throws IOException {
        Optional<Path> latest = Checkpoints.latest(options.trainDir());
        if (latest.isEmpty()) {
            throw new BadSettingException("run_dir", "no checkpoint to evaluate in " + options.trainDir()
                    + "; run training with the same {run_dir} first");
        }
        return evaluate(latest.get());
    }

    /**
     * Watch mode: every poll_seconds evaluates the newest checkpoint if it is newer than any evaluated so far
     * (including by an earlier eval job, per eval/metrics.csv); returns after timeout_seconds without a new one
     * (0 = never) or on {@link #requestStop()}. Returns the evaluations made.
     */
    public List<EvalResult> watch() throws IOException {
        List<EvalResult> done = new ArrayList<>();
        Path csvFile = options.evalDir().resolve("metrics.csv");
        long lastStep = Files.exists(csvFile) ? output().lastStep() : -1;
        long lastNewNanos = System.nanoTime();
        out.println("Waiting for checkpoints in " + options.trainDir() + " (looking every "
                + Format.duration(options.pollSeconds()) + ", " + waitLimit() + ")...");
        while (!stopRequested) {
            Optional<Path> latest = Checkpoints.latest(options.trainDir());
            if (latest.isPresent() && Checkpoints.stepOf(latest.get()) > lastStep) {
                try {
                    EvalResult r = evaluate(latest.get());
                    done.add(r);
                    lastStep = r.globalStep();
                    lastNewNanos = System.nanoTime();
                    out.println("Waiting for the next checkpoint (" + waitLimit() + ")...");
                } catch (NoSuchFileException e) {
                    // rotated away by the trainer between listing and reading; the next poll sees a newer one
                }
                continue;
            }
            if (options.timeoutSeconds() > 0 && System.nanoTime() - lastNewNanos >= options.timeoutSeconds() * 1e9) {
                out.println("No new checkpoint for " + Format.duration(options.timeoutSeconds()) + "; evaluation done.");
                break;
            }
            try {
                Thread.sleep((long) (options.pollSeconds() * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return done;
    }

    private String waitLimit() {
        return options.timeoutSeconds() > 0
                ? "stopping after " + Format.duration(options.timeoutSeconds()) + " without a new one"
                : "until stopped";
    }

    /**
     * Evaluates one checkpoint file and records the metrics: a row in eval/metrics.csv and TensorBoard scalars
     * (not again for a step already recorded), and the checkpoint as the run's best if its event NLL is the
     * lowest so far ({@link BestCheckpoint}).
     */
    public EvalResult evaluate(Path checkpoint) throws IOException {
        byte[] bytes = Files.readAllBytes(checkpoint);
        Checkpoints.Loaded ckpt = Checkpoints.read(checkpoint, bytes);
        Checkpoints.checkEvaluable(checkpoint, ckpt.header(), options.configName(), options.hparams(),
                model.inputSize(), model.numClasses());
        DatasetMetadata.checkRate(checkpoint.toString(), ckpt.header().stepsPerQuarter(), options.evalFile(),
                options.stepsPerQuarter(), "; evaluate it on the eval file of a dataset made at that rate");
        model.readState(new ByteArrayInputStream(ckpt.modelState()));
        Score score = score(model, options.evalFile(), options.batchSize(), options.noEventLabel(),
                options.stepLabel(), options.eventClasses(), skips);
        MetricCounts counts = score.counts();
        long examples = score.examples();
        long batches = score.batches();
        long step = ckpt.header().globalStep();
        Metrics metrics = counts.metrics();
        Map<String, Double> values = metrics.byTag(true);
        boolean recorded = output().hasStep(step);
        if (!recorded) {
            output().append(step, System.currentTimeMillis() / 1000.0, values);
            eventWriter().writeScalars(step, values);
        }
        Optional<BestCheckpoint.Best> best;
        try {
            best = BestCheckpoint.offer(options.trainDir(), step, bytes, metrics.eventNll(), options.evalFile());
        } catch (IOException e) {
            // the evaluation itself stands: a read-only run directory only costs the best copy
            out.println("warning: could not keep the best checkpoint: " + e.getMessage());
            best = Optional.empty();
        }
        out.println("Eval " + metrics.consoleText(step) + " - "
                + (metrics.hasFrames() ? metrics.frameText() : metrics.eventText()) + String.format(Locale.ROOT,
                " - Event Accuracy: %.3f - No-Event Accuracy: %.3f (%d %s in %d %s of %s)",
                metrics.eventAccuracy(), metrics.noEventAccuracy(), examples, noun(metrics, examples),
                batches, batches == 1 ? "batch" : "batches", checkpoint.getFileName())
                + (recorded ? " (already in " + output().file() + ", not added again)" : "")
                + (best.isPresent() ? "; best so far, kept as " + best.get().checkpoint() : ""));
        return new EvalResult(checkpoint, step, metrics, examples, batches);
    }

    /** Metric sums over a file, with how many melodies and batches went in. */
    public record Score(MetricCounts counts, long examples, long batches) {
    }

    /**
     * Rows (melodies × padded steps) one network pass may hold: a batch that pads to more is evaluated in equal
     * pieces. The metrics are sums over melodies, so the pieces add up to the whole batch's (the loss to
     * rounding), and memory stays bounded: a 64-track polyphony batch pads to thousands of events.
     */
    static final int ROW_BUDGET = 1 << 16;

    /**
     * Runs {@code model} without dropout over every usable record of {@code file} in file order, in batches of
     * {@code batchSize} and a smaller last one (Magenta's eval job drops that; here every record counts, so
     * any number of records can be evaluated).
     *
     * @param stepLabel    the class that ends a musical step, or {@link MetricCounts#EVERY_LABEL}
     * @param eventClasses the classes of each label's event, for the event NLL
     */
    public static Score score(TrainableModel model, Path file, int batchSize, int noEventLabel, int stepLabel,
                              EventClasses eventClasses, SkipLog skips) throws IOException {
        return score(model, file, batchSize, noEventLabel, stepLabel, eventClasses, skips, ROW_BUDGET);
    }

    static Score score(TrainableModel model, Path file, int batchSize, int noEventLabel, int stepLabel,
                       EventClasses eventClasses, SkipLog skips, int rowBudget) throws IOException {
        MetricCounts counts = new MetricCounts(noEventLabel, model.numClasses(), stepLabel);
        long examples = 0;
        long batches = 0;
        int piece = batchSize;
        List<SequenceExamples.Encoded> melodies = new ArrayList<>(batchSize);
        List<int[][]> classes = new ArrayList<>(batchSize);
        List<int[][]> groups = new ArrayList<>(batchSize);
        boolean labelsAreEvents = eventClasses == EventClasses.LABELS;
        try (RecordSource source = new RecordSource(file, model.inputSize(), model.numClasses(), skips)) {
            for (SequenceExamples.Encoded m = source.next(); m != null; m = source.next()) {
                melodies.add(m);
                if (!labelsAreEvents) {
                    try {
                        classes.add(eventClasses.of(m.inputs(), m.labels()));
                        groups.add(eventClasses.groups(m.inputs(), m.labels()));
                    } catch (IllegalArgumentException e) {
                        throw new BadSettingException("config", file + ": usable record " + source.good()
                                + " does not encode events of this config (" + e.getMessage()
                                + "); was it made with another {config}?");
                    }
                }
                if (melodies.size() == batchSize) {
                    piece = addInPieces(model, melodies, labelsAreEvents ? null : classes,
                            labelsAreEvents ? null : groups, piece, rowBudget, counts);
                    examples += melodies.size();
                    batches++;
                    melodies.clear();
                    classes.clear();
                    groups.clear();
                }
            }
            if (!melodies.isEmpty()) {
                addInPieces(model, melodies, labelsAreEvents ? null : classes, labelsAreEvents ? null : groups, piece,
                        rowBudget, counts);
                examples += melodies.size();
                batches++;
            }
        }
        if (batches == 0) {
            String why = skips.first() == null ? "" : " (first problem: " + skips.first() + ")";
            throw new BadInputException(file + ": no usable record to evaluate" + why);
        }
        return new Score(counts, examples, batches);
    }

    /**
     * Evaluates one batch in pieces of {@code piece} melodies or fewer (a divisor of the batch size, so that the
     * pieces are equal and the network keeps one workspace) and returns the piece size used. Piece sizes only
     * shrink over a file: each change costs the network a new workspace.
     */
    private static int addInPieces(TrainableModel model, List<SequenceExamples.Encoded> melodies,
                                   List<int[][]> classes, List<int[][]> groups, int piece, int rowBudget,
                                   MetricCounts counts) {
        int n = melodies.size();
        int longest = 0;
        for (SequenceExamples.Encoded m : melodies) longest = Math.max(longest, m.length());
        int size = Math.min(piece, n);
        while (size > 1 && (long) size * longest > rowBudget) {
            int d = size - 1;
            while (n % d != 0) d--;
            size = d;
        }
        for (int from = 0; from < n; from += size) {
            int to = Math.min(n, from + size);
            Batch batch = Batch.of(melodies.subList(from, to), model.inputSize(),
                    classes == null ? null : classes.subList(from, to), groups == null ? null : groups.subList(from, to));
            counts.add(batch, model.evaluate(batch));
        }
        return size;
    }

    private static String noun(Metrics metrics, long examples) {
        String one = metrics.hasFrames() ? "roll" : "melody";
        return examples == 1 ? one : metrics.hasFrames() ? "rolls" : "melodies";
    }

    /** Unusable eval records met so far, each counted once. */
    public long skippedRecords() {
        return skips.skipped();
    }

    private MetricsCsv output() throws IOException {
        if (csv == null) {
            csv = MetricsCsv.open(options.evalDir().resolve("metrics.csv"),
                    Metrics.blank(model.multiHot()).byTag(true).keySet(), -1);
        }
        return csv;
    }

    private EventFileWriter eventWriter() throws IOException {
        if (events == null) {
            events = EventFileWriter.create(options.evalDir());
        }
        return events;
    }

    @Override
    public void close() throws IOException {
        if (events != null) {
            events.close();
        }
    }
}
