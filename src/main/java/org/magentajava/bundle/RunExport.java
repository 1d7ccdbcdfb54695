package org.magentajava.bundle;

import org.magentajava.data.DatasetMetadata;
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
     * @param stepsPerQuarter the frame rate the bundle records, 0 for none
     */
    public record Written(Path output, ModelConfig config, long globalStep, Path checkpoint, long bytes,
                          int stepsPerQuarter) {
        public Written(Path output, ModelConfig config, long globalStep, Path checkpoint, long bytes) {
            this(output, config, globalStep, checkpoint, bytes, 0);
        }

        /**
         * "run.mag (basic_rnn, global step 20 from run/train/model.ckpt-20.mjckpt, 0.3 MB)", and for a bundle
         * recording a rate ", 1 step per quarter note" before the size.
         */
        public String describe() {
            return String.format(Locale.ROOT, "%s (%s, global step %d from %s%s%s)", output, config.name(), globalStep,
                    checkpoint, stepsPerQuarter > 0 ? ", " + DatasetMetadata.steps(stepsPerQuarter)
                            + " per quarter note" : "",
                    bytes > 0 ? String.format(Locale.ROOT, ", %.1f MB", bytes / 1e6) : "");
        }
    }

    /** The setting that gives a run's frame rate. */
    private static final String STEPS_PER_QUARTER = DatasetMetadata.STEPS_PER_QUARTER;

    private RunExport() {
    }

    /**
     * Saves checkpoint {@code checkpoint} of the run (latest, best or a global step, see {@link RunDirs#load}) as
     * a bundle, written atomically to {@code bundleFile}, which must not exist yet.
     */
    public static Written toBundle(ModelConfig config, Path runDir, String checkpoint, Path bundleFile,
                                   String description) throws IOException {
        return toBundle(config, runDir, checkpoint, bundleFile, description, 0);
    }

    /**
     * {@link #toBundle(ModelConfig, Path, String, Path, String)}; the bundle records the frame rate the checkpoint
     * recorded, or {@code stepsPerQuarter} when it is positive: for a run whose dataset predates the metadata that
     * carries the rate (it must agree with a rate the checkpoint recorded).
     *
     * @throws BadSettingException naming steps_per_quarter for a config whose rate is fixed, or a rate that
     *                             contradicts the checkpoint's
     */
    public static Written toBundle(ModelConfig config, Path runDir, String checkpoint, Path bundleFile,
                                   String description, int stepsPerQuarter) throws IOException {
        if (Files.exists(bundleFile)) throw Bundle.alreadyExists(bundleFile); // before the work, not after
        Checkpoints.Loaded loaded = checkpoint(config, runDir, checkpoint);
        ModelFamily family = ModelRegistry.family(config);
        int rate = rate(config, loaded, stepsPerQuarter);
        byte[] network = family.ownNetwork()
                ? family.readNetwork(loaded.modelState(), loaded.file().toString()).weights()
                : Bundle.networkFile(RunDirs.weights(loaded).network().toNetwork());
        Bundle.save(config, network, description, RepeatBias.NONE, "", rate, bundleFile);
        return new Written(bundleFile, config, loaded.header().globalStep(), loaded.file(), Files.size(bundleFile),
                rate);
    }

    /** The rate a bundle of {@code loaded} records: the checkpoint's, or one given for a run that recorded none. */
    private static int rate(ModelConfig config, Checkpoints.Loaded loaded, int given) {
        int recorded = loaded.header().stepsPerQuarter();
        if (given <= 0) {
            return recorded;
        }
        if (!ModelRegistry.family(config).choosesStepsPerQuarter()) {
            throw new BadSettingException(STEPS_PER_QUARTER, "{steps_per_quarter} is for the configs whose datasets "
                    + "choose a frame rate (piano roll, biaxial_rnn); " + config.name() + " always works at "
                    + config.stepsPerQuarter() + " steps per quarter note");
        }
        if (recorded > 0 && recorded != given) {
            throw new BadSettingException(STEPS_PER_QUARTER, loaded.file() + " was trained at "
                    + DatasetMetadata.steps(recorded) + " per quarter note (recorded from its dataset), not " + given
                    + "; drop {steps_per_quarter}");
        }
        return given;
    }

    /**
     * {@link #toBundle} for a melody model, with the {@link RepeatBias} fitted on {@code calibrationFile} (a
     * SequenceExample file of the config the run did not train on: its dev split) stored in the bundle.
     */
    public static Calibrated toCalibratedBundle(ModelConfig config, Path runDir, String checkpoint, Path bundleFile,
                                                String description, Path calibrationFile) throws IOException {
        if (Files.exists(bundleFile)) throw Bundle.alreadyExists(bundleFile);
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
