package org.magentajava.train;

import java.nio.file.Path;

/**
 * Settings of the evaluation job (melody_rnn_train --eval).
 *
 * @param configName   --config; checkpoints made with another config are refused
 * @param hparams      --hparams; compared with each checkpoint's
 * @param batchSize    melodies per batch (hparams.batch_size); only full batches are evaluated, as in Magenta
 * @param noEventLabel the encoder's no-event class
 * @param evalFile     --sequence_example_file (eval_melodies.tfrecord)
 * @param runDir       --run_dir; checkpoints are read from runDir/train, metrics written to runDir/eval
 * @param pollSeconds  watch mode: seconds between looks at runDir/train (Magenta: 60)
 * @param timeoutSeconds watch mode: stop after this long without a new checkpoint, 0 = never (Magenta: 300)
 * @param stepLabel    the class that ends a musical step (the model family's), or {@link MetricCounts#EVERY_LABEL}
 */
public record EvalOptions(String configName, String hparams, int batchSize, int noEventLabel, Path evalFile,
                          Path runDir, double pollSeconds, double timeoutSeconds, int stepLabel) {
    public static final double DEFAULT_POLL_SECONDS = 60;
    public static final double DEFAULT_TIMEOUT_SECONDS = 300;

    public EvalOptions {
        if (batchSize < 1 || pollSeconds < 0 || timeoutSeconds < 0) {
            throw new IllegalArgumentException("batch size >= 1 and non-negative poll/timeout seconds are required");
        }
    }

    public static EvalOptions of(String configName, String hparams, int batchSize, int noEventLabel, Path evalFile,
                                 Path runDir) {
        return new EvalOptions(configName, hparams, batchSize, noEventLabel, evalFile, runDir, DEFAULT_POLL_SECONDS,
                DEFAULT_TIMEOUT_SECONDS, MetricCounts.EVERY_LABEL);
    }

    public EvalOptions withPolling(double poll, double timeout) {
        return new EvalOptions(configName, hparams, batchSize, noEventLabel, evalFile, runDir, poll, timeout, stepLabel);
    }

    public EvalOptions withStepLabel(int label) {
        return new EvalOptions(configName, hparams, batchSize, noEventLabel, evalFile, runDir, pollSeconds, timeoutSeconds,
                label);
    }

    public Path trainDir() {
        return runDir.resolve("train");
    }

    public Path evalDir() {
        return runDir.resolve("eval");
    }
}
