package org.magentajava.bundle;

import org.magentajava.events.RepeatBias;
import org.magentajava.importer.MagentaJsFolder;
import org.magentajava.io.BadSettingException;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.ModelFamily;
import org.magentajava.registry.ModelRegistry;
import org.magentajava.train.Checkpoints;
import org.magentajava.train.RunDirs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A checkpoint of a training run written out for generation: as a {@link Bundle} (.mag) or as a magenta-js
 * checkpoint folder. What save-bundle and generate's save_generator_bundle do; the run must have been trained
 * with the config given. A family with a network of its own writes its weights into the bundle
 * ({@link org.magentajava.models.TrainedNetwork#weights()}); only the shared network has a magenta-js form.
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
        Checkpoints.Loaded loaded = checkpoint(config, runDir, checkpoint);
        ModelFamily family = ModelRegistry.family(config);
        if (family.ownNetwork()) {
            Bundle.save(config, family.readNetwork(loaded.modelState(), loaded.file().toString()).weights(),
                    description, bundleFile);
        } else {
            Bundle.save(new Bundle(config, RunDirs.weights(loaded).network().toNetwork(), description), bundleFile);
        }
        return new Written(bundleFile, config, loaded.header().globalStep(), loaded.file(), Files.size(bundleFile));
    }

    /**
     * {@link #toBundle} for a melody model, with the {@link RepeatBias} fitted on {@code calibrationFile} (a
     * SequenceExample file of the config the run did not train on: its dev split) stored in the bundle.
     */
    public static Calibrated toCalibratedBundle(ModelConfig config, Path runDir, String checkpoint, Path bundleFile,
                                                String description, Path calibrationFile) throws IOException {
        Checkpoints.Loaded loaded = checkpoint(config, runDir, checkpoint);
        if (ModelRegistry.family(config).ownNetwork()) {
            throw new BadSettingException("config", "a repeat correction is fitted for melody models only, not "
                    + config.name());
        }
        RunDirs.TrainedWeights weights = RunDirs.weights(loaded);
        TrainedModel model = new TrainedModel(config, weights.network(), loaded.file().toString());
        RepeatFit fit = RepeatFit.fit(model, calibrationFile);
        Bundle.save(config, Bundle.networkFile(model.network()), description, fit.bias(),
                calibrationFile.getFileName() + ", " + fit.melodies() + " melodies, " + fit.steps() + " steps",
                bundleFile);
        return new Calibrated(new Written(bundleFile, config, loaded.header().globalStep(), loaded.file(),
                Files.size(bundleFile)), fit);
    }

    /** A calibrated bundle written, and its fit. */
    public record Calibrated(Written written, RepeatFit fit) {
    }

    /** Writes the checkpoint as a magenta-js MusicRNN folder, which must not exist yet. */
    public static Written toMagentaJs(ModelConfig config, Path runDir, String checkpoint, Path folder)
            throws IOException {
        Checkpoints.Loaded loaded = checkpoint(config, runDir, checkpoint);
        if (ModelRegistry.family(config).ownNetwork()) {
            throw new BadSettingException("format", "{format} magenta-js is not available for " + config.name()
                    + "; it saves .mag bundles only");
        }
        RunDirs.TrainedWeights t = RunDirs.weights(loaded);
        MagentaJsFolder.write(config, t.network().toNetwork(), folder);
        return new Written(folder, config, t.globalStep(), t.checkpoint(), 0);
    }

    /** The checkpoint of the run, which must have been trained with {@code config}. */
    private static Checkpoints.Loaded checkpoint(ModelConfig config, Path runDir, String checkpoint)
            throws IOException {
        Checkpoints.Loaded loaded = RunDirs.checkpoint(RunDirs.checkpointFile(runDir, checkpoint));
        String trained = loaded.header().configName();
        if (!trained.equals(config.name())) {
            throw new BadSettingException("config", loaded.file() + " was trained with {config} " + trained
                    + ", not " + config.name());
        }
        return loaded;
    }
}
