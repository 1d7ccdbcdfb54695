package org.magentajava.cli;

import org.magentajava.bundle.TrainedModel;
import org.magentajava.io.BadInputException;
import org.magentajava.model.LstmNetwork;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.ModelFamily;
import org.magentajava.models.biaxialrnn.TrainedBiaxial;
import org.magentajava.registry.ModelRegistry;
import org.magentajava.train.Evaluator;
import org.magentajava.train.MetricCounts;
import org.magentajava.train.Metrics;
import org.magentajava.train.NetworkModel;
import org.magentajava.train.SkipLog;
import org.magentajava.util.Words;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Loss, perplexity, event NLL and accuracies of a trained model over a whole SequenceExample file "
                + "(frame NLL and frame accuracy for pianoroll_rnn, and the articulation NLL for biaxial_rnn).")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "NAME", description = "The model's config (checked if given).")
    String config;

    @Option(names = "--checkpoint", defaultValue = "latest", paramLabel = "latest|best|N",
            description = "With --run_dir: the latest checkpoint, the best one the eval job kept (lowest eval "
                    + "event_nll) or the one at global step N.")
    String checkpoint;

    /** The model: exactly one of these (picocli says so when none or two are given). */
    static final class ModelFlags {
        @Option(names = {"--run_dir", "--run-dir"}, paramLabel = "DIR",
                description = "Use the latest checkpoint of a run.")
        Path runDir;

        @Option(names = {"--checkpoint_file", "--checkpoint-file"}, paramLabel = "FILE.mjckpt",
                description = "Use this checkpoint file (instead of --run_dir).")
        Path checkpointFile;

        @Option(names = {"--bundle_file", "--bundle-file"}, paramLabel = "FILE.mag", description = "Use a bundle.")
        Path bundleFile;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    ModelFlags modelFlags;

    @Option(names = {"--sequence_example_file", "--sequence-example-file"}, required = true, paramLabel = "FILE",
            description = "SequenceExamples made by create-dataset with the same config.")
    Path file;

    @Option(names = {"--batch_size", "--batch-size"}, defaultValue = "64", description = "Melodies per batch.")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) {
            throw new BadInputException("--batch_size must be at least 1");
        }
        // a biaxial_rnn model has a network of its own
        var biaxial = TrainedBiaxial.find(modelFlags.runDir, checkpoint, modelFlags.checkpointFile, modelFlags.bundleFile);
        if (biaxial.isPresent()) {
            return BiaxialCommands.evaluate(biaxial.get(), config, file, batchSize);
        }
        TrainedModel model = TrainedModel.load(modelFlags.runDir, checkpoint, modelFlags.checkpointFile,
                modelFlags.bundleFile, config);
        ModelConfig cfg = model.config();
        ModelFamily family = ModelRegistry.family(cfg);
        LstmNetwork net = model.network();
        String source = model.source();
        org.magentajava.registry.RecordKind.requireSequenceExamples(file, cfg);
        SkipLog skips = new SkipLog(System.err, MelodyCli::flagName);
        Evaluator.Score score = Evaluator.score(new NetworkModel(net), file, batchSize,
                cfg.noEventLabel(), family.stepLabel(),
                TrainedModel.eventClasses(cfg), skips);
        Metrics m = score.counts().metrics();
        System.out.printf(Locale.ROOT, "model:             %s (%s)%n", source, cfg.name());
        if (cfg.multiHot()) {
            printFrameMetrics(cfg, family, score, m);
            warnSkipped(skips);
            return ExitCodes.OK;
        }
        // Families whose steps are not one label each (polyphony's STEP_END) also report events and loss per step.
        boolean labelsAreSteps = family.stepLabel() == MetricCounts.EVERY_LABEL;
        if (!labelsAreSteps) {
            System.out.printf(Locale.ROOT, "data:              %s (%s, %s, %s)%n", file,
                    Words.count(score.examples(), "sequence", "sequences"),
                    Words.count(score.counts().steps(), "event", "events"),
                    Words.count(score.counts().musicalSteps(), "step", "steps"));
        } else {
            System.out.printf(Locale.ROOT, "data:              %s (%s, %s)%n", file,
                    Words.count(score.examples(), "melody", "melodies"), Words.count(score.counts().steps(), "step", "steps"));
        }
        System.out.printf(Locale.ROOT, "loss:              %.4f%n", m.loss());
        System.out.printf(Locale.ROOT, "perplexity:        %.4f%n", m.perplexity());
        System.out.printf(Locale.ROOT, "event_nll:         %.4f (nats per step; compares across configs)%n",
                m.eventNll());
        System.out.printf(Locale.ROOT, "event_perplexity:  %.4f%n", m.eventPerplexity());
        System.out.printf(Locale.ROOT, "event_argmax_accuracy: %.4f (share of steps whose most probable event, "
                + "summed over its classes, is the actual one)%n", m.eventArgmaxAccuracy());
        System.out.printf(Locale.ROOT, "accuracy:          %.4f%n", m.accuracy());
        System.out.printf(Locale.ROOT, "event_accuracy:    %.4f%n", m.eventAccuracy());
        System.out.printf(Locale.ROOT, "no_event_accuracy: %.4f%n", m.noEventAccuracy());
        if (!labelsAreSteps) {
            System.out.printf(Locale.ROOT, "loss_per_step:     %.4f (per STEP_END)%n", m.lossPerStep());
        }
        warnSkipped(skips);
        return ExitCodes.OK;
    }

    /**
     * A multi-hot model has no events: frame NLL (Boulanger-Lewandowski et al. 2012's Table 1 figure) and frame
     * accuracy instead of the event metrics.
     */
    private void printFrameMetrics(ModelConfig cfg, ModelFamily family, Evaluator.Score score, Metrics m) {
        System.out.printf(Locale.ROOT, "data:              %s (%s, %s)%n", file,
                Words.count(score.examples(), family.datasetNames().one(), family.datasetNames().many()),
                Words.count(score.counts().steps(), "step", "steps"));
        System.out.printf(Locale.ROOT,
                "frame_nll:         %.4f (nats per step: -log p of each step's set of %d keys)%n", m.frameNll(),
                cfg.outputSize());
        System.out.printf(Locale.ROOT, "frame_accuracy:    %.4f (TP / (TP + FP + FN) over all keys)%n",
                m.frameAccuracy());
        System.out.printf(Locale.ROOT, "exact_frames:      %.4f (steps whose predicted key set is the target)%n",
                m.accuracy());
        System.out.printf(Locale.ROOT, "sounding_exact:    %.4f (the same over steps with keys sounding)%n",
                m.eventAccuracy());
    }

    private static void warnSkipped(SkipLog skips) {
        if (skips.skipped() > 0) {
            System.err.println("warning: " + skips.skipped() + " unusable records skipped");
        }
    }
}
