package org.magentajava.cli;

import org.magentajava.bundle.Bundle;
import org.magentajava.importer.MagentaJsFolder;
import org.magentajava.io.BadInputException;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.biaxialrnn.BiaxialRnn;
import org.magentajava.models.biaxialrnn.TrainedBiaxial;
import org.magentajava.registry.ModelRegistry;
import org.magentajava.train.RunDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
            description = "Bundle to write (replaced atomically); with --format magenta-js a folder to create.")
    Path bundleFile;

    @Option(names = "--format", defaultValue = "mag", paramLabel = "mag|magenta-js",
            description = "mag: this project's bundle; magenta-js: a magenta-js MusicRNN checkpoint folder "
                    + "(weights_manifest.json, shards, config.json) for basic_rnn and mono_rnn.")
    String format;

    @Option(names = {"--bundle_description", "--bundle-description"}, defaultValue = "", paramLabel = "TEXT",
            description = "A description stored in the bundle.")
    String description;

    @Override
    public Integer call() throws Exception {
        var biaxial = TrainedBiaxial.find(runDir, checkpoint, null, null);
        if (biaxial.isPresent() || BiaxialRnn.isBiaxial(ModelRegistry.config(config))) {
            return BiaxialCommands.saveBundle(biaxial, config, format, runDir, bundleFile, description);
        }
        if (format.equals("magenta-js")) {
            ModelConfig cfg = ModelRegistry.config(config);
            RunDirs.Trained t = trained(cfg, runDir, checkpoint);
            MagentaJsFolder.write(cfg, t.network(), bundleFile);
            System.err.printf(Locale.ROOT, "wrote magenta-js folder %s (%s, global step %d from %s)%n", bundleFile,
                    cfg.name(), t.globalStep(), t.checkpoint());
            return ExitCodes.OK;
        }
        if (!format.equals("mag")) {
            throw new BadInputException("unknown --format '" + format + "'; valid formats: mag, magenta-js");
        }
        save(ModelRegistry.config(config), runDir, checkpoint, bundleFile, description);
        return ExitCodes.OK;
    }

    private static RunDirs.Trained trained(ModelConfig cfg, Path runDir, String checkpoint) throws Exception {
        RunDirs.Trained t = RunDirs.load(runDir, checkpoint);
        if (!t.configName().equals(cfg.name())) {
            throw new BadInputException(t.checkpoint() + " was trained with --config " + t.configName() + ", not "
                    + cfg.name());
        }
        return t;
    }

    static void save(ModelConfig cfg, Path runDir, Path bundleFile, String description) throws Exception {
        save(cfg, runDir, RunDirs.LATEST, bundleFile, description);
    }

    static void save(ModelConfig cfg, Path runDir, String checkpoint, Path bundleFile, String description)
            throws Exception {
        RunDirs.Trained t = trained(cfg, runDir, checkpoint);
        Bundle.save(new Bundle(cfg, t.network(), description), bundleFile);
        System.err.printf(Locale.ROOT, "wrote %s (%s, global step %d from %s, %.1f MB)%n", bundleFile, cfg.name(),
                t.globalStep(), t.checkpoint(), Files.size(bundleFile) / 1e6);
    }
}
