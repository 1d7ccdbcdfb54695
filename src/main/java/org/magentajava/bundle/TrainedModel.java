package org.magentajava.bundle;

import org.magentajava.io.BadInputException;
import org.magentajava.melody.MelodyConfig;
import org.magentajava.model.LstmNetwork;
import org.magentajava.melody.SequenceEvents;
import org.magentajava.train.EventClasses;
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
        return load(runDir, RunDirs.LATEST, null, bundleFile, expectedConfig);
    }

    /**
     * Loads from exactly one of {@code runDir} (its checkpoint {@code checkpoint}: latest, best or a global step,
     * see {@link RunDirs#load}), {@code checkpointFile} and {@code bundleFile}.
     */
    public static TrainedModel load(Path runDir, String checkpoint, Path checkpointFile, Path bundleFile,
                                    String expectedConfig) throws IOException {
        int given = (runDir == null ? 0 : 1) + (checkpointFile == null ? 0 : 1) + (bundleFile == null ? 0 : 1);
        if (given != 1) {
            throw new BadInputException("give exactly one of --run_dir, --checkpoint_file and --bundle_file");
        }
        if (runDir != null || checkpointFile != null) {
            return of(runDir != null ? RunDirs.load(runDir, checkpoint) : RunDirs.file(checkpointFile), expectedConfig);
        }
        Bundle b = Bundle.load(bundleFile);
        return checked(new TrainedModel(b.config(), b.network(), bundleFile.toString()), expectedConfig);
    }

    /** A loaded checkpoint of a melody or polyphony config; {@code expectedConfig} as in {@link #load}. */
    public static TrainedModel of(RunDirs.Trained t, String expectedConfig) {
        return checked(new TrainedModel(MelodyConfig.byName(t.configName()), t.network(), t.checkpoint().toString()),
                expectedConfig);
    }

    private static TrainedModel checked(TrainedModel m, String expectedConfig) {
        if (expectedConfig != null && !MelodyConfig.byName(expectedConfig).name().equals(m.config().name())) {
            throw new BadInputException(m.source() + " holds a " + m.config().name() + " model, but --config is "
                    + expectedConfig + "; drop --config or pass --config " + m.config().name());
        }
        return m;
    }

    /**
     * The event classes of {@code config}'s encoder for the event NLL: {@link EventClasses#LABELS} when each
     * event has one class, else every class that decodes to each label's event.
     */
    public static EventClasses eventClasses(MelodyConfig config) {
        SequenceEvents events = new SequenceEvents(config.encoderDecoder());
        return events.labelsAreEvents() ? EventClasses.LABELS : events::eventClasses;
    }
}
