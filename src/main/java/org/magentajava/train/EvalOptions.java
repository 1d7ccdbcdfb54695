package org.magentajava.train;

import java.nio.file.Path;

/**
 * Settings of the evaluation job (melody_rnn_train --eval).
 *
 * @param configName   --config; checkpoints made with another config are refused
 * @param hparams      --hparams; compared with each checkpoint's
 * @param batchSize    melodies per batch (hparams.batch_size); the last batch may be smaller (Magenta drops it)
 * @param noEventLabel the encoder's no-event class
 * @param evalFile     --sequence_example_file (eval_melodies.tfrecord)
 * @param runDir       --run_dir; checkpoints are read from runDir/train, metrics written to runDir/eval
 * @param pollSeconds  watch mode: seconds between looks at runDir/train (Magenta: 60)
 * @param timeoutSeconds watch mode: stop after this long without a new checkpoint, 0 = never (Magenta: 300)
 * @param eventClasses the classes of each label's event, for the event NLL ({@link EventClasses#LABELS} for
 *                     one-hot encoders)
 * @param stepLabel    the class that ends a musical step (the model family's), or {@link MetricCounts#EVERY_LABEL}
 * @param stepsPerQuarter the eval file's frame rate from its dataset's metadata (0: none recorded); a checkpoint that
 *                     recorded another rate is refused
 */
public record EvalOptions(String configName, String hparams, int batchSize, int noEventLabel, Path evalFile,
                          Path runDir, double pollSeconds, double timeoutSeconds, EventClasses eventClasses,
                          int stepLabel, int stepsPerQuarter) {
    public static final double DEFAULT_POLL_SECONDS = 60;
    public static final double DEFAULT_TIMEOUT_SECONDS = 300;

    public EvalOptions {
        if (batchSize < 1 || pollSeconds < 0 || timeoutSeconds < 0 || eventClasses == null) {
            throw new IllegalArgumentException("batch size >= 1, non-negative poll/timeout seconds and event classes"
                    + " are required");
        }
    }

    /** Options for an eval file that recorded no frame rate. */
    public EvalOptions(String configName, String hparams, int batchSize, int noEventLabel, Path evalFile, Path runDir,
                       double pollSeconds, double timeoutSeconds, EventClasses eventClasses, int stepLabel) {
        this(configName, hparams, batchSize, noEventLabel, evalFile, runDir, pollSeconds, timeoutSeconds, eventClasses,
                stepLabel, 0);
    }

    /** Options whose labels are the events. */
    public EvalOptions(String configName, String hparams, int batchSize, int noEventLabel, Path evalFile, Path runDir,
                       double pollSeconds, double timeoutSeconds) {
        this(configName, hparams, batchSize, noEventLabel, evalFile, runDir, pollSeconds, timeoutSeconds,
                EventClasses.LABELS, MetricCounts.EVERY_LABEL);
    }

    public static EvalOptions of(String configName, String hparams, int batchSize, int noEventLabel, Path evalFile,
                                 Path runDir) {
        return new EvalOptions(configName, hparams, batchSize, noEventLabel, evalFile, runDir, DEFAULT_POLL_SECONDS,
                DEFAULT_TIMEOUT_SECONDS, EventClasses.LABELS, MetricCounts.EVERY_LABEL);
    }

    public EvalOptions withPolling(double poll, double timeout) {
        return new EvalOptions(configName, hparams, batchSize, noEventLabel, evalFile, runDir, poll, timeout,
                eventClasses, stepLabel, stepsPerQuarter);
    }

    public EvalOptions withEventClasses(EventClasses classes) {
        return new EvalOptions(configName, hparams, batchSize, noEventLabel, evalFile, runDir, pollSeconds,
                timeoutSeconds, classes, stepLabel, stepsPerQuarter);
    }

    public EvalOptions withStepLabel(int label) {
        return new EvalOptions(configName, hparams, batchSize, noEventLabel, evalFile, runDir, pollSeconds,
                timeoutSeconds, eventClasses, label, stepsPerQuarter);
    }

    /** These options for an eval file at {@code n} steps per quarter note (0: none recorded). */
    public EvalOptions withStepsPerQuarter(int n) {
        return new EvalOptions(configName, hparams, batchSize, noEventLabel, evalFile, runDir, pollSeconds,
                timeoutSeconds, eventClasses, stepLabel, n);
    }

    public Path trainDir() {
        return runDir.resolve("train");
    }

    public Path evalDir() {
        return runDir.resolve("eval");
    }
}
