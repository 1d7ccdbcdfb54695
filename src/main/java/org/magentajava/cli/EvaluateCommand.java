package org.magentajava.cli;

import org.magentajava.bundle.TrainedModel;
import org.magentajava.data.DatasetMetadata;
import org.magentajava.io.BadInputException;
import org.magentajava.models.Evaluation;
import org.magentajava.models.ModelConfig;
import org.magentajava.train.SkipLog;
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
        TrainedModel model = TrainedModel.load(modelFlags.runDir, checkpoint, modelFlags.checkpointFile,
                modelFlags.bundleFile, config);
        ModelConfig cfg = model.config();
        org.magentajava.registry.RecordKind.requireSequenceExamples(file, cfg);
        SkipLog skips = new SkipLog(System.err, MelodyCli::flagName);
        Evaluation evaluation = model.evaluate(file, batchSize, skips);
        System.out.printf(Locale.ROOT, "model:             %s (%s)%s%n", model.source(), cfg.name(),
                model.recordedStepsPerQuarter().isPresent() ? ", trained at " + DatasetMetadata.steps(
                        model.recordedStepsPerQuarter().getAsInt()) + " per quarter note" : "");
        System.out.printf(Locale.ROOT, "data:              %s (%s)%n", file, evaluation.data());
        for (Evaluation.Figure f : evaluation.figures()) {
            // names longer than the column (event_argmax_accuracy) get one space
            System.out.printf(Locale.ROOT, "%-18s %.4f%s%n", f.name() + ":", f.value(),
                    f.gloss().isEmpty() ? "" : " (" + f.gloss() + ")");
        }
        if (skips.skipped() > 0) {
            System.err.println("warning: " + skips.skipped() + " unusable records skipped");
        }
        return ExitCodes.OK;
    }
}
