package org.magentajava.cli;

import org.magentajava.bundle.Bundle;
import org.magentajava.io.BadInputException;
import org.magentajava.models.ModelConfig;
import org.magentajava.registry.ModelRegistry;
import org.magentajava.train.RunDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "save-bundle", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Save the latest checkpoint of a training run as a single .mag bundle file.")
final class SaveBundleCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "NAME", description = "The run's config.")
    String config;

    @Option(names = {"--run_dir", "--run-dir"}, required = true, paramLabel = "DIR", description = "The training run.")
    Path runDir;

    @Option(names = {"--bundle_file", "--bundle-file"}, required = true, paramLabel = "FILE.mag",
            description = "Bundle to write (replaced atomically).")
    Path bundleFile;

    @Option(names = {"--bundle_description", "--bundle-description"}, defaultValue = "", paramLabel = "TEXT",
            description = "A description stored in the bundle.")
    String description;

    @Override
    public Integer call() throws Exception {
        save(ModelRegistry.config(config), runDir, bundleFile, description);
        return ExitCodes.OK;
    }

    static void save(ModelConfig cfg, Path runDir, Path bundleFile, String description) throws Exception {
        RunDirs.Trained t = RunDirs.latest(runDir);
        if (!t.configName().equals(cfg.name())) {
            throw new BadInputException(t.checkpoint() + " was trained with --config " + t.configName() + ", not "
                    + cfg.name());
        }
        Bundle.save(new Bundle(cfg, t.network(), description), bundleFile);
        System.err.printf(Locale.ROOT, "wrote %s (%s, global step %d, %.1f MB)%n", bundleFile, cfg.name(),
                t.globalStep(), Files.size(bundleFile) / 1e6);
    }
}
