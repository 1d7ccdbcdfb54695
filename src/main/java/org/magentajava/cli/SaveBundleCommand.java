package org.magentajava.cli;

import org.magentajava.bundle.RunExport;
import org.magentajava.io.BadInputException;
import org.magentajava.models.ModelConfig;
import org.magentajava.registry.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "save-bundle", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Save a checkpoint of a training run (the latest unless --checkpoint says otherwise) as a single "
                + ".mag bundle file.")
final class SaveBundleCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "NAME", description = "The run's config.")
    String config;

    @Option(names = {"--run_dir", "--run-dir"}, required = true, paramLabel = "DIR", description = "The training run.")
    Path runDir;

    @Option(names = "--checkpoint", defaultValue = "latest", paramLabel = "latest|best|N",
            description = "The latest checkpoint, the best one the eval job kept (lowest eval event_nll) or the one "
                    + "at global step N.")
    String checkpoint;

    @Option(names = {"--bundle_file", "--bundle-file"}, required = true, paramLabel = "FILE.mag",
            description = "Bundle to write (atomically; an existing file is refused, never replaced); with --format magenta-js a folder to create.")
    Path bundleFile;

    @Option(names = "--format", defaultValue = "mag", paramLabel = "mag|magenta-js",
            description = "mag: this project's bundle; magenta-js: a magenta-js MusicRNN checkpoint folder "
                    + "(weights_manifest.json, shards, config.json) for basic_rnn and mono_rnn.")
    String format;

    @Option(names = {"--bundle_description", "--bundle-description"}, defaultValue = "", paramLabel = "TEXT",
            description = "A description stored in the bundle.")
    String description;

    @Option(names = {"--calibration_file", "--calibration-file"}, paramLabel = "FILE.tfrecord",
            description = "Melody configs: fit a correction of the network's repeated-pitch probability by maximum "
                    + "likelihood on this SequenceExample file (the run's dev split, not its training data) and "
                    + "store it in the bundle; generate, evaluate and analyze use it.")
    Path calibrationFile;

    @Option(names = {"--steps_per_quarter", "--steps-per-quarter"}, paramLabel = "N",
            description = "Piano roll and biaxial_rnn: the frame rate to record in the bundle, for a run whose "
                    + "dataset predates the dataset_metadata.txt that create-dataset writes (default: the rate the "
                    + "run recorded, else none: the config's 4).")
    Integer stepsPerQuarter;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("mag") && !format.equals("magenta-js")) {
            throw new BadInputException("unknown --format '" + format + "'; valid formats: mag, magenta-js");
        }
        ModelConfig cfg = ModelRegistry.config(config);
        if (stepsPerQuarter != null && (calibrationFile != null || !format.equals("mag"))) {
            throw new BadInputException("--steps_per_quarter is recorded in .mag bundles of piano-roll and biaxial "
                    + "runs only; drop it");
        }
        if (calibrationFile != null) {
            if (!format.equals("mag")) {
                throw new BadInputException("--calibration_file needs --format mag (magenta-js has no place for it)");
            }
            RunExport.Calibrated c = RunExport.toCalibratedBundle(cfg, runDir, checkpoint, bundleFile, description,
                    calibrationFile);
            System.err.println("repeat correction fitted on " + calibrationFile + ": " + c.fit().describe());
            System.err.println("wrote " + c.written().describe());
        } else if (format.equals("mag")) {
            System.err.println("wrote " + RunExport.toBundle(cfg, runDir, checkpoint, bundleFile, description,
                    stepsPerQuarter == null ? 0 : stepsPerQuarter).describe());
        } else {
            System.err.println("wrote magenta-js folder "
                    + RunExport.toMagentaJs(cfg, runDir, checkpoint, bundleFile).describe());
        }
        return ExitCodes.OK;
    }
}
