package org.magentajava.train;

import java.nio.file.Path;

/**
 * Settings of one training job, mirroring melody_rnn_train's flags.
 *
 * @param configName             --config, recorded in checkpoints and checked on resume
 * @param hparams                --hparams as given (or the resolved hparams); compared key by key on resume
 * @param batchSize              melodies per step (hparams.batch_size)
 * @param noEventLabel           the encoder's no-event class, for event_accuracy / no_event_accuracy
 * @param sequenceExampleFile    --sequence_example_file (training_melodies.tfrecord)
 * @param runDir                 --run_dir; checkpoints, metrics.csv and event files go to runDir/train
 * @param numTrainingSteps       --num_training_steps, 0 = until interrupted
 * @param summaryFrequency       --summary_frequency, steps between console lines and summaries
 * @param numCheckpoints         --num_checkpoints to keep, 0 = keep all
 * @param checkpointEverySeconds seconds between checkpoints (Magenta: 60)
 * @param seed                   seed of the data shuffle (the saved one wins on resume)
 * @param shuffleCapacity        shuffle buffer size (Magenta's queue capacity: 500)
 * @param stepLabel              the class that ends a musical step (the model family's; polyphony's STEP_END), or
 *                               {@link MetricCounts#EVERY_LABEL}: loss_per_step counts these labels
 * @param eventLoss              null to train on the labels' likelihood (Magenta's loss); else the classes of each
 *                               label's event, to train on the event's likelihood (the sum over every class that
 *                               decodes to it: a lookback class and the one-hot class of the same note)
 * @param stepsPerQuarter        the frame rate of the training data (the family's
 *                               {@code ModelFamily.datasetStepsPerQuarter}), recorded in every checkpoint; a run
 *                               that recorded another rate refuses to resume on it. 0: the data recorded none
 */
public record TrainOptions(String configName, String hparams, int batchSize, int noEventLabel, Path sequenceExampleFile,
                           Path runDir, long numTrainingSteps, int summaryFrequency, int numCheckpoints,
                           double checkpointEverySeconds, long seed, int shuffleCapacity, int stepLabel,
                           EventClasses eventLoss, int stepsPerQuarter) {
    public static final int DEFAULT_SUMMARY_FREQUENCY = 10;
    public static final int DEFAULT_NUM_CHECKPOINTS = 10;
    public static final double DEFAULT_CHECKPOINT_EVERY_SECONDS = 60;
    public static final int DEFAULT_SHUFFLE_CAPACITY = 500;

    public TrainOptions {
        if (stepsPerQuarter < 0) {
            throw new IllegalArgumentException("steps per quarter must be 0 (not recorded) or positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        if (numTrainingSteps < 0 || summaryFrequency < 1 || numCheckpoints < 0 || checkpointEverySeconds < 0) {
            throw new IllegalArgumentException("num_training_steps >= 0, summary_frequency >= 1, num_checkpoints >= 0"
                    + " and checkpoint_every_seconds >= 0 are required");
        }
    }

    /** Options for data that recorded no frame rate. */
    public TrainOptions(String configName, String hparams, int batchSize, int noEventLabel, Path sequenceExampleFile,
                        Path runDir, long numTrainingSteps, int summaryFrequency, int numCheckpoints,
                        double checkpointEverySeconds, long seed, int shuffleCapacity, int stepLabel,
                        EventClasses eventLoss) {
        this(configName, hparams, batchSize, noEventLabel, sequenceExampleFile, runDir, numTrainingSteps,
                summaryFrequency, numCheckpoints, checkpointEverySeconds, seed, shuffleCapacity, stepLabel, eventLoss,
                0);
    }

    /** Magenta's defaults for everything but the required values; seed 0. */
    public static TrainOptions of(String configName, String hparams, int batchSize, int noEventLabel,
                                  Path sequenceExampleFile, Path runDir) {
        return new TrainOptions(configName, hparams, batchSize, noEventLabel, sequenceExampleFile, runDir, 0,
                DEFAULT_SUMMARY_FREQUENCY, DEFAULT_NUM_CHECKPOINTS, DEFAULT_CHECKPOINT_EVERY_SECONDS, 0,
                DEFAULT_SHUFFLE_CAPACITY, MetricCounts.EVERY_LABEL, null);
    }

    public TrainOptions withNumTrainingSteps(long n) {
        return new TrainOptions(configName, hparams, batchSize, noEventLabel, sequenceExampleFile, runDir, n,
                summaryFrequency, numCheckpoints, checkpointEverySeconds, seed, shuffleCapacity, stepLabel,
                eventLoss, stepsPerQuarter);
    }

    public TrainOptions withSummaryFrequency(int n) {
        return new TrainOptions(configName, hparams, batchSize, noEventLabel, sequenceExampleFile, runDir,
                numTrainingSteps, n, numCheckpoints, checkpointEverySeconds, seed, shuffleCapacity, stepLabel,
                eventLoss, stepsPerQuarter);
    }

    public TrainOptions withNumCheckpoints(int n) {
        return new TrainOptions(configName, hparams, batchSize, noEventLabel, sequenceExampleFile, runDir,
                numTrainingSteps, summaryFrequency, n, checkpointEverySeconds, seed, shuffleCapacity, stepLabel,
                eventLoss, stepsPerQuarter);
    }

    public TrainOptions withCheckpointEverySeconds(double s) {
        return new TrainOptions(configName, hparams, batchSize, noEventLabel, sequenceExampleFile, runDir,
                numTrainingSteps, summaryFrequency, numCheckpoints, s, seed, shuffleCapacity, stepLabel,
                eventLoss, stepsPerQuarter);
    }

    public TrainOptions withSeed(long s) {
        return new TrainOptions(configName, hparams, batchSize, noEventLabel, sequenceExampleFile, runDir,
                numTrainingSteps, summaryFrequency, numCheckpoints, checkpointEverySeconds, s, shuffleCapacity, stepLabel,
                eventLoss, stepsPerQuarter);
    }

    public TrainOptions withShuffleCapacity(int c) {
        return new TrainOptions(configName, hparams, batchSize, noEventLabel, sequenceExampleFile, runDir,
                numTrainingSteps, summaryFrequency, numCheckpoints, checkpointEverySeconds, seed, c, stepLabel,
                eventLoss, stepsPerQuarter);
    }

    public TrainOptions withStepLabel(int label) {
        return new TrainOptions(configName, hparams, batchSize, noEventLabel, sequenceExampleFile, runDir,
                numTrainingSteps, summaryFrequency, numCheckpoints, checkpointEverySeconds, seed, shuffleCapacity, label,
                eventLoss, stepsPerQuarter);
    }

    public TrainOptions withEventLoss(EventClasses classes) {
        return new TrainOptions(configName, hparams, batchSize, noEventLabel, sequenceExampleFile, runDir,
                numTrainingSteps, summaryFrequency, numCheckpoints, checkpointEverySeconds, seed, shuffleCapacity,
                stepLabel, classes, stepsPerQuarter);
    }

    /** These options for data at {@code n} steps per quarter note (0: none recorded). */
    public TrainOptions withStepsPerQuarter(int n) {
        return new TrainOptions(configName, hparams, batchSize, noEventLabel, sequenceExampleFile, runDir,
                numTrainingSteps, summaryFrequency, numCheckpoints, checkpointEverySeconds, seed, shuffleCapacity,
                stepLabel, eventLoss, n);
    }

    public Path trainDir() {
        return runDir.resolve("train");
    }
}
