package org.magentajava.train;

import org.magentajava.io.BadInputException;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.NetworkFile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finding the trained network of a run directory, as generate and save-bundle need it. */
public final class RunDirs {
    /** The latest checkpoint's network and the config it was trained with. */
    public record Trained(String configName, long globalStep, Path checkpoint, LstmNetwork network) {
    }

    private RunDirs() {
    }

    public static Trained latest(Path runDir) throws IOException {
        Path trainDir = runDir.resolve("train");
        if (!Files.isDirectory(trainDir)) {
            throw new BadInputException(runDir + ": no train/ directory; is this a --run_dir of the train command?");
        }
        Path file = Checkpoints.latest(trainDir).orElseThrow(
                () -> new BadInputException(trainDir + ": no checkpoint yet (model.ckpt-N.mjckpt)"));
        Checkpoints.Loaded loaded = Checkpoints.read(file);
        LstmNetwork net = NetworkFile.read(new ByteArrayInputStream(loaded.modelState()), file.toString(),
                loaded.modelState().length);
        return new Trained(loaded.header().configName(), loaded.header().globalStep(), file, net);
    }
}
