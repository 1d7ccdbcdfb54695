package org.magentajava.train;

import org.magentajava.data.SequenceExamples;
import org.magentajava.io.SettingNames;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The melody_rnn training job: resumes from the newest checkpoint in {@code run_dir/train} if there is one, feeds
 * shuffled padded batches to the model, logs and summarises every summary_frequency steps, checkpoints every
 * checkpoint_every_seconds and at the end, and stops at num_training_steps, on {@link #requestStop()} or on a NaN
 * loss. Same seed and same data give the same batches and steps, across a kill and resume too.
 */
public final class Trainer {
    private final TrainableModel model;
    private final TrainOptions options;
    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final SettingNames names;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    /** The frame rate the run records in its checkpoints (0: none): its data's, or on resume the run's own. */
    private int stepsPerQuarter;

    public Trainer(TrainableModel model, TrainOptions options, PrintStream out) {
        this(model, options, out, SettingNames.FIELDS);
    }

    /** Printing settings as {@code names} spells them, e.g. as the CLI's flags. */
    public Trainer(TrainableModel model, TrainOptions options, PrintStream out, SettingNames names) {
        this(model, options, out, names, System::nanoTime);
    }

    /** With a clock for checkpoint timing and rates (tests drive checkpoints with it). */
    public Trainer(TrainableModel model, TrainOptions options, PrintStream out, LongSupplier nanoTime) {
        this(model, options, out, SettingNames.FIELDS, nanoTime);
    }

    Trainer(TrainableModel model, TrainOptions options, PrintStream out, SettingNames names, LongSupplier nanoTime) {
        this.model = model;
        this.options = options;
        this.out = out;
        this.names = names;
        this.nanoTime = nanoTime;
    }

    /** Asks the loop to finish the current step, write a final checkpoint and return. Thread-safe. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Makes Ctrl-C (JVM shutdown) stop training cleanly: the hook requests a stop and waits up to graceSeconds for
     * the final checkpoint. Returns the hook so callers may remove it.
     */
    public Thread installShutdownHook(long graceSeconds) {
        Thread hook = new Thread(() -> {
            requestStop();
            try {
                finished.await(graceSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "melody-train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    public TrainResult run() throws IOException {
        try {
            return loop();
        } finally {
            finished.countDown();
        }
    }

    private TrainResult loop() throws IOException {
        Path trainDir = options.trainDir();
        Files.createDirectories(trainDir);
        long step = 0;
        DataPosition position = DataPosition.start(options.seed());
        stepsPerQuarter = options.stepsPerQuarter();
        Optional<Path> latest = Checkpoints.latest(trainDir);
        if (latest.isPresent()) {
            Checkpoints.Loaded ckpt = Checkpoints.read(latest.get());
            Checkpoints.checkCompatible(ckpt.file(), ckpt.header(), options.configName(), options.hparams(),
                    model.inputSize(), model.numClasses());
            stepsPerQuarter = Checkpoints.resumedRate(ckpt.file(), ckpt.header(), options.sequenceExampleFile(),
                    options.stepsPerQuarter());
            model.readState(new ByteArrayInputStream(ckpt.modelState()));
            step = ckpt.header().globalStep();
            position = ckpt.header().position();
            out.println("Resuming from " + ckpt.file() + " (global step " + step + ")");
        }
        long startStep = step;
        Path lastCheckpoint = latest.orElse(null);
        long num = options.numTrainingSteps();
        if (num > 0 && step >= num) {
            out.println("Already at global step " + step + " (" + names.apply("num_training_steps") + " " + num
                    + "); nothing to train.");
            return new TrainResult(startStep, step, 0, null, lastCheckpoint, 0);
        }

        SkipLog skips = new SkipLog(out, names);
        Map<String, Double> tags = summaryValues(Metrics.blank(model.multiHot()), 0);
        MetricsCsv csv = MetricsCsv.open(trainDir.resolve("metrics.csv"), tags.keySet(), step);
        Metrics last = null;
        long savedStep = step;
        long everyNanos = (long) (options.checkpointEverySeconds() * 1e9);
        // data first: a missing or unreadable file should not leave an empty event file behind
        try (ShuffledExamples data = new ShuffledExamples(options.sequenceExampleFile(), model.inputSize(),
                model.numClasses(), options.shuffleCapacity(), position, skips);
             EventFileWriter events = EventFileWriter.create(trainDir)) {
            events.writeSessionStart(step);
            out.println("Starting training loop at global step " + step + "...");
            long loopStart = nanoTime.getAsLong();
            long lastCheckpointTime = loopStart;
            long intervalStart = loopStart;
            long intervalStep = step;
            List<SequenceExamples.Encoded> melodies = new ArrayList<>(options.batchSize());
            while (!stopRequested && !Thread.currentThread().isInterrupted() && (num == 0 || step < num)) {
                melodies.clear();
                for (int i = 0; i < options.batchSize(); i++) {
                    melodies.add(data.next());
                }
                Batch batch = Batch.of(melodies, model.inputSize(), eventClasses(melodies));
                if (step == 0) model.prime(batch);
                StepResult result = model.trainStep(batch);
                step++;
                MetricCounts counts = new MetricCounts(options.noEventLabel(), model.numClasses(),
                        options.stepLabel()).add(batch, result);
                last = counts.metrics();
                if (Double.isNaN(last.loss())) {
                    throw new NanLossException("Training stopped: the loss became NaN at global step " + step
                            + (savedStep > 0 ? "; the last good checkpoint is " + Checkpoints.path(trainDir, savedStep)
                            : "") + ". Try a lower learning_rate or clip_norm in {hparams}.", step);
                }
                long now = nanoTime.getAsLong();
                if (step == startStep + 1 && step % options.summaryFrequency() != 0 && (num == 0 || step < num)) {
                    // a long run should not be silent until its first summary: the first step's time is an estimate
                    printFirstStep((now - loopStart) / 1e9, step, num);
                }
                if (step % options.summaryFrequency() == 0) {
                    double seconds = Math.max(1e-9, (now - intervalStart) / 1e9);
                    double stepsPerSec = (step - intervalStep) / seconds;
                    Map<String, Double> values = summaryValues(last, stepsPerSec);
                    out.println(last.consoleText(step) + String.format(Locale.ROOT, " - %.2f steps/s - %.1f examples/s",
                            stepsPerSec, stepsPerSec * options.batchSize())
                            + (num > 0 ? " - ETA " + Format.duration((num - step) / stepsPerSec) : ""));
                    events.writeScalars(step, values);
                    csv.append(step, System.currentTimeMillis() / 1000.0, values);
                    intervalStart = now;
                    intervalStep = step;
                }
                if (now - lastCheckpointTime >= everyNanos) {
                    lastCheckpoint = save(trainDir, step, data.position());
                    savedStep = step;
                    lastCheckpointTime = now;
                }
            }
            if (step > savedStep) {
                lastCheckpoint = save(trainDir, step, data.position());
            }
            double wall = (nanoTime.getAsLong() - loopStart) / 1e9;
            TrainResult result = new TrainResult(startStep, step, wall, last, lastCheckpoint, skips.skipped());
            printSummary(result, num, csv.file(), events.file());
            return result;
        }
    }

    /** "First step: 11.2 s; 999 steps to go, about 3:06:29 at that rate (ETA ...)". */
    private void printFirstStep(double seconds, long step, long num) {
        String next = "; the summary every " + options.summaryFrequency() + " steps updates the rate";
        if (num > 0) {
            out.println(String.format(Locale.ROOT, "First step: %.1f s; %s to go, about %s at that rate (ETA; "
                            + "warm-up makes the first step slower)%s.", seconds,
                    org.magentajava.util.Words.count(num - step, "step", "steps"), Format.duration((num - step) * seconds),
                    next));
        } else {
            out.println(String.format(Locale.ROOT, "First step: %.1f s; training until interrupted (Ctrl-C saves a "
                    + "checkpoint and stops)%s.", seconds, next));
        }
    }

    private Path save(Path trainDir, long step, DataPosition position) throws IOException {
        CheckpointHeader h = new CheckpointHeader(options.configName(), options.hparams(), model.inputSize(),
                model.numClasses(), step, position, stepsPerQuarter);
        return Checkpoints.save(trainDir, h, model, options.numCheckpoints());
    }

    /** Magenta's train summaries plus StepCounterHook's global_step/sec. */
    private static Map<String, Double> summaryValues(Metrics m, double stepsPerSec) {
        Map<String, Double> values = new LinkedHashMap<>(m.byTag(false));
        values.put("global_step/sec", stepsPerSec);
        return values;
    }

    private void printSummary(TrainResult r, long num, Path csv, Path events) {
        String why = num > 0 && r.globalStep() >= num ? "reached " + names.apply("num_training_steps") + " " + num
                : "stop requested";
        double rate = r.wallSeconds() > 0 ? r.stepsRun() / r.wallSeconds() : 0;
        out.println(String.format(Locale.ROOT, "Training complete (%s): %s to global step %d in %s, %.2f steps/s.",
                why, org.magentajava.util.Words.count(r.stepsRun(), "step", "steps"), r.globalStep(), Format.duration(r.wallSeconds()), rate));
        if (r.lastMetrics() != null) {
            Metrics m = r.lastMetrics();
            // a multi-hot model's perplexity and event accuracies mean nothing: its frame figures instead
            if (m.hasFrames()) {
                out.println(String.format(Locale.ROOT, "Last step: frame_nll %.4f, frame_accuracy %.4f, "
                        + "exact_frames %.4f", m.frameNll(), m.frameAccuracy(), m.accuracy()));
            } else {
                out.println(String.format(Locale.ROOT, "Last step: loss %.4f, perplexity %.3f, accuracy %.4f, "
                        + "event_accuracy %.4f, no_event_accuracy %.4f", m.loss(), m.perplexity(), m.accuracy(),
                        m.eventAccuracy(), m.noEventAccuracy()));
            }
        }
        out.println("Checkpoints: " + options.trainDir() + " (latest "
                + (r.lastCheckpoint() == null ? "none" : r.lastCheckpoint().getFileName()) + ", keeping "
                + (options.numCheckpoints() == 0 ? "all" : options.numCheckpoints()) + "); metrics: " + csv
                + "; TensorBoard: " + events);
        if (r.skippedRecords() > 0) {
            out.println("Skipped " + org.magentajava.util.Words.count(r.skippedRecords(), "unusable record",
                    "unusable records") + " of " + options.sequenceExampleFile()
                    + " (listed above).");
        }
    }

    /** Each melody's per-step event classes when training on the event likelihood, else null (the labels'). */
    private List<int[][]> eventClasses(List<SequenceExamples.Encoded> melodies) {
        if (options.eventLoss() == null) {
            return null;
        }
        List<int[][]> classes = new ArrayList<>(melodies.size());
        for (SequenceExamples.Encoded m : melodies) {
            classes.add(options.eventLoss().of(m.inputs(), m.labels()));
        }
        return classes;
    }
}
