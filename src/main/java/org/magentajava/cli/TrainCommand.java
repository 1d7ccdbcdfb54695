package org.magentajava.cli;

import org.magentajava.bundle.TrainedModel;
import org.magentajava.data.DatasetMetadata;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.ModelFamily;
import org.magentajava.registry.ModelRegistry;
import org.magentajava.train.EvalOptions;
import org.magentajava.train.Evaluator;
import org.magentajava.train.TrainOptions;
import org.magentajava.train.TrainResult;
import org.magentajava.train.TrainableModel;
import org.magentajava.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train", aliases = {"melody_rnn_train", "polyphony_rnn_train", "pianoroll_rnn_nade_train"}, mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Train a melody (polyphony, piano-roll) model on a SequenceExample TFRecord (like Magenta's melody_rnn_train); with "
                + "--eval, evaluate the checkpoints of a run on an eval TFRecord instead.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "NAME",
            description = "basic_rnn, mono_rnn, lookback_rnn, attention_rnn, polyphony, pianoroll_rnn or biaxial_rnn.")
    String config;

    @Option(names = {"--run_dir", "--run-dir"}, required = true, paramLabel = "DIR",
            description = "Checkpoints, metrics.csv and TensorBoard files go to DIR/train (DIR/eval with --eval).")
    Path runDir;

    @Option(names = {"--sequence_example_file", "--sequence-example-file"}, required = true, paramLabel = "FILE",
            description = "training_melodies.tfrecord (eval_melodies.tfrecord with --eval); "
                    + "training_poly_tracks.tfrecord for polyphony, training_pianoroll_tracks.tfrecord for "
                    + "pianoroll_rnn.")
    Path sequenceExampleFile;

    @Option(names = "--hparams", defaultValue = "", paramLabel = "\"k=v,...\"",
            description = "Overrides of the config's hparams, e.g. \"batch_size=64,rnn_layer_sizes=[64,64]\".")
    String hparams;

    @Option(names = {"--num_training_steps", "--num-training-steps"}, defaultValue = "0",
            description = "Stop at this global step (0 = run until interrupted).")
    long numTrainingSteps;

    @Option(names = {"--summary_frequency", "--summary-frequency"}, defaultValue = "10",
            description = "Steps between console lines and summaries.")
    int summaryFrequency;

    @Option(names = {"--num_checkpoints", "--num-checkpoints"}, defaultValue = "10",
            description = "Checkpoints to keep (0 = all).")
    int numCheckpoints;

    @Option(names = {"--checkpoint_every_seconds", "--checkpoint-every-seconds"}, defaultValue = "60",
            description = "Seconds between checkpoints.")
    double checkpointEverySeconds;

    @Option(names = {"--shuffle_capacity", "--shuffle-capacity"}, defaultValue = "500",
            description = "Examples in the shuffle buffer (Magenta's queue: 500); lower it for long polyphonic "
                    + "examples, which take ~2 MB each in memory.")
    int shuffleCapacity;

    @Option(names = {"--event_loss", "--event-loss"}, arity = "0..1", defaultValue = "false", fallbackValue = "true",
            description = "Train on each event's likelihood (the probability summed over every class that plays the "
                    + "same note: a lookback class and the note's own class) instead of the one label's, as "
                    + "event_nll measures it. Not in Magenta; it changes nothing for configs whose events have one "
                    + "class each. (default: false)")
    boolean eventLoss;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of weight init, dropout and data order.")
    long seed;

    @Option(names = "--eval", arity = "0..1", defaultValue = "false", fallbackValue = "true",
            description = "Run the eval job: evaluate each new checkpoint in DIR/train (metrics to DIR/eval; the "
                    + "checkpoint with the lowest event_nll is kept in DIR/train/best).")
    boolean eval;

    @Option(names = {"--eval_once", "--eval-once"}, description = "Evaluate the latest checkpoint once and exit (implies --eval).")
    boolean evalOnce;

    @Option(names = {"--eval_timeout_seconds", "--eval-timeout-seconds"}, defaultValue = "300",
            description = "With --eval: stop after this long without a new checkpoint.")
    double evalTimeout;

    @Option(names = "--log", defaultValue = "INFO", hidden = true, description = "Accepted for Magenta compatibility.")
    String log;

    @Override
    public Integer call() throws Exception {
        ModelConfig cfg = ModelRegistry.config(config);
        if (shuffleCapacity < 1) {
            throw new org.magentajava.io.BadInputException("--shuffle_capacity must be at least 1, got "
                    + shuffleCapacity);
        }
        org.magentajava.registry.RecordKind.requireSequenceExamples(sequenceExampleFile, cfg);
        int stepLabel = ModelRegistry.family(cfg).stepLabel();
        int noEvent = cfg.noEventLabel();
        // the family's network with its typed hparams: the shared LSTM (its head following the config's
        // targets) or one of its own
        ModelFamily.NewNetwork fresh = ModelRegistry.family(cfg).newNetwork(cfg, hparams, seed);
        TrainableModel model = fresh.model();
        String hpText = fresh.hparams();
        int batchSize = fresh.batchSize();
        String kernels = fresh.note();
        // the frame rate create-dataset recorded beside the file (piano-roll and biaxial datasets): kept in the run
        java.util.OptionalInt rate = ModelRegistry.family(cfg).datasetStepsPerQuarter(sequenceExampleFile);
        String rateNote = rate.isPresent() ? " (frames at " + DatasetMetadata.steps(rate.getAsInt())
                + " per quarter note, from its " + DatasetMetadata.FILE_NAME + ")" : "";
        if (eval || evalOnce) {
            EvalOptions options = EvalOptions.of(cfg.name(), hpText, batchSize, noEvent,
                    sequenceExampleFile, runDir).withPolling(EvalOptions.DEFAULT_POLL_SECONDS, evalTimeout)
                    .withEventClasses(TrainedModel.eventClasses(cfg))
                    .withStepLabel(stepLabel).withStepsPerQuarter(rate.orElse(0));
            try (Evaluator evaluator = new Evaluator(model, options, System.err, MelodyCli::flagName)) {
                if (evalOnce) {
                    evaluator.evaluateLatest();
                } else {
                    evaluator.watch();
                }
            }
            return ExitCodes.OK;
        }
        TrainOptions options = TrainOptions.of(cfg.name(), hpText, batchSize, noEvent,
                        sequenceExampleFile, runDir)
                .withNumTrainingSteps(numTrainingSteps).withSummaryFrequency(summaryFrequency)
                .withNumCheckpoints(numCheckpoints).withCheckpointEverySeconds(checkpointEverySeconds).withSeed(seed)
                .withShuffleCapacity(shuffleCapacity).withStepLabel(stepLabel)
                .withEventLoss(eventLoss ? TrainedModel.eventClasses(cfg) : null)
                .withStepsPerQuarter(rate.orElse(0));
        System.err.println("training " + cfg.name() + " with " + hpText + (eventLoss ? " on the event likelihood" : "")
                + " on " + sequenceExampleFile + rateNote + kernels);
        Trainer trainer = new Trainer(model, options, System.err, MelodyCli::flagName);
        trainer.installShutdownHook(10);
        TrainResult r = trainer.run();
        System.err.printf(Locale.ROOT, "ran %s (global step %d) in %.1f s; checkpoint: %s%n",
                org.magentajava.util.Words.count(r.stepsRun(), "step", "steps"),
                r.globalStep(), r.wallSeconds(), r.lastCheckpoint());
        return ExitCodes.OK;
    }
}
