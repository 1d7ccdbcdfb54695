package org.magentajava.bundle;

import org.magentajava.io.BadInputException;
import org.magentajava.melody.MelodyConfig;
import org.magentajava.model.LstmNetwork;
import org.magentajava.train.RunDirs;

import java.io.IOException;
import java.nio.file.Path;

/** A trained network with its config, from a bundle or from the latest checkpoint of a training run. */
public record TrainedModel(MelodyConfig config, LstmNetwork network, String source) {

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
            m = new TrainedModel(MelodyConfig.byName(t.configName()), t.network(), t.checkpoint().toString());
        } else {
            Bundle b = Bundle.load(bundleFile);
            m = new TrainedModel(b.config(), b.network(), bundleFile.toString());
        }
        if (expectedConfig != null && !MelodyConfig.byName(expectedConfig).name().equals(m.config().name())) {
            throw new BadInputException(m.source() + " holds " + org.magentajava.util.Words.a(m.config().name()) + " model, but --config is "
                    + expectedConfig + "; drop --config or pass --config " + m.config().name());
        }
        return m;
    }
}
