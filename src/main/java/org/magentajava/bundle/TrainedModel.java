package org.magentajava.bundle;

import org.magentajava.io.BadInputException;
import org.magentajava.model.LstmNetwork;
import org.magentajava.models.ModelConfig;
import org.magentajava.registry.ModelRegistry;
import org.magentajava.train.RunDirs;

import java.io.IOException;
import java.nio.file.Path;

/** A trained network with its config, from a bundle or from the latest checkpoint of a training run. */
public record TrainedModel(ModelConfig config, LstmNetwork network, String source) {

    /**
     * Loads from exactly one of {@code runDir} and {@code bundleFile}; when {@code expectedConfig} is given it must
     * name the model's config.
     */
    public static TrainedModel load(Path runDir, Path bundleFile, String expectedConfig) throws IOException {
        if ((runDir == null) == (bundleFile == null)) {
            throw new BadInputException("give exactly one of --run_dir and --bundle_file");
        }
        TrainedModel m;
        if (runDir != null) {
            RunDirs.Trained t = RunDirs.latest(runDir);
            m = new TrainedModel(ModelRegistry.config(t.configName()), t.network(), t.checkpoint().toString());
        } else {
            Bundle b = Bundle.load(bundleFile);
            m = new TrainedModel(b.config(), b.network(), bundleFile.toString());
        }
        if (expectedConfig != null && !ModelRegistry.config(expectedConfig).name().equals(m.config().name())) {
            throw new BadInputException(m.source() + " holds a " + m.config().name() + " model, but --config is "
                    + expectedConfig + "; drop --config or pass --config " + m.config().name());
        }
        return m;
    }
}
