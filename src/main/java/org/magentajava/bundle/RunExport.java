package org.magentajava.bundle;

import org.magentajava.importer.MagentaJsFolder;
import org.magentajava.io.BadSettingException;
import org.magentajava.models.ModelConfig;
import org.magentajava.train.RunDirs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A checkpoint of a training run written out for generation: as a {@link Bundle} (.mag) or as a magenta-js
 * checkpoint folder. What save-bundle and generate's save_generator_bundle do; the run must have been trained
 * with the config given.
 */
public final class RunExport {
    /**
     * What was written and from where.
     *
     * @param output     the bundle file or magenta-js folder
     * @param globalStep the checkpoint's global step
     * @param checkpoint the checkpoint file it came from
     * @param bytes      the bundle's size; 0 for a folder
     */
    public record Written(Path output, ModelConfig config, long globalStep, Path checkpoint, long bytes) {
        /** "run.mag (basic_rnn, global step 20 from run/train/model.ckpt-20.mjckpt, 0.3 MB)" */
        public String describe() {
            return String.format(Locale.ROOT, "%s (%s, global step %d from %s%s)", output, config.name(), globalStep,
                    checkpoint, bytes > 0 ? String.format(Locale.ROOT, ", %.1f MB", bytes / 1e6) : "");
        }
    }

    private RunExport() {
    }

    /**
     * Saves checkpoint {@code checkpoint} of the run (latest, best or a global step, see {@link RunDirs#load}) as
     * a bundle, replacing {@code bundleFile} atomically.
     */
    public static Written toBundle(ModelConfig config, Path runDir, String checkpoint, Path bundleFile,
                                   String description) throws IOException {
        RunDirs.Trained t = trained(config, runDir, checkpoint);
        Bundle.save(new Bundle(config, t.network(), description), bundleFile);
        return new Written(bundleFile, config, t.globalStep(), t.checkpoint(), Files.size(bundleFile));
    }

    /** Writes the checkpoint as a magenta-js MusicRNN folder, which must not exist yet. */
    public static Written toMagentaJs(ModelConfig config, Path runDir, String checkpoint, Path folder)
            throws IOException {
        RunDirs.Trained t = trained(config, runDir, checkpoint);
        MagentaJsFolder.write(config, t.network(), folder);
        return new Written(folder, config, t.globalStep(), t.checkpoint(), 0);
    }

    private static RunDirs.Trained trained(ModelConfig config, Path runDir, String checkpoint) throws IOException {
        RunDirs.Trained t = RunDirs.load(runDir, checkpoint);
        if (!t.configName().equals(config.name())) {
            throw new BadSettingException("config", t.checkpoint() + " was trained with {config} " + t.configName()
                    + ", not " + config.name());
        }
        return t;
    }
}
