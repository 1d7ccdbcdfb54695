package org.magentajava.train;

import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.NetworkWeights;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finding the trained network of a run directory, as generate and save-bundle need it. */
public final class RunDirs {
    /** The latest checkpoint's network and the config it was trained with. */
    public record Trained(String configName, long globalStep, Path checkpoint, LstmNetwork network) {
    }

    private RunDirs() {
    }

    /** The values of the checkpoint setting besides a global step. */
    public static final String LATEST = "latest";
    public static final String BEST = "best";

    public static Trained latest(Path runDir) throws IOException {
        return load(runDir, LATEST);
    }

    /**
     * The checkpoint {@code choice} names in a run: {@link #LATEST}, {@link #BEST} (the lowest eval event NLL
     * the eval job recorded, see {@link BestCheckpoint}) or a global step N (model.ckpt-N.mjckpt in train/ or
     * train/best/).
     */
    public static Trained load(Path runDir, String choice) throws IOException {
        return file(checkpointFile(runDir, choice));
    }

    /** A checkpoint's network as plain weights, read without ND4J: what generation needs. */
    public record TrainedWeights(String configName, long globalStep, Path checkpoint, NetworkWeights network) {
    }

    /** {@link #file}, keeping the network as plain weights. */
    public static TrainedWeights fileWeights(Path file) throws IOException {
        return weights(checkpoint(file));
    }

    /**
     * A checkpoint file as written, whatever network it holds: its header (config, hparams, global step) and the
     * model's state, for families whose network is not the shared one to read.
     */
    public static Checkpoints.Loaded checkpoint(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such checkpoint file");
        }
        return Checkpoints.read(file);
    }

    /** A read checkpoint's shared LSTM network as plain weights. */
    public static TrainedWeights weights(Checkpoints.Loaded loaded) throws IOException {
        Path file = loaded.file();
        NetworkWeights net = NetworkWeights.read(new ByteArrayInputStream(loaded.modelState()), file.toString(),
                loaded.modelState().length);
        return new TrainedWeights(loaded.header().configName(), loaded.header().globalStep(), file, net);
    }

    /** The checkpoint file {@code choice} names in a run, as {@link #load} finds it. */
    public static Path checkpointFile(Path runDir, String choice) throws IOException {
        Path trainDir = runDir.resolve("train");
        if (!Files.isDirectory(trainDir)) {
            throw new BadSettingException("run_dir", runDir
                    + ": no train/ directory; is this a {run_dir} of the train command?");
        }
        Path file;
        if (LATEST.equals(choice)) {
            file = Checkpoints.latest(trainDir).orElseThrow(
                    () -> new BadInputException(trainDir + ": no checkpoint yet (model.ckpt-N.mjckpt)"));
        } else if (BEST.equals(choice)) {
            file = BestCheckpoint.read(trainDir).orElseThrow(() -> new BadSettingException(
                    List.of("eval", "eval_once", "run_dir"), trainDir + ": no best checkpoint recorded yet; run the"
                    + " eval job (train {eval} or {eval_once} with the same {run_dir}) to record one")).checkpoint();
        } else {
            long step;
            try {
                step = Long.parseLong(choice);
            } catch (NumberFormatException e) {
                throw new BadSettingException("checkpoint",
                        "{checkpoint} must be latest, best or a global step, not '" + choice + "'");
            }
            file = Checkpoints.path(trainDir, step);
            if (!Files.exists(file)) {
                file = Checkpoints.path(BestCheckpoint.dir(trainDir), step);
            }
            if (!Files.exists(file)) {
                throw new BadInputException(trainDir + ": no checkpoint at global step " + step + " (kept: "
                        + Checkpoints.list(trainDir).stream().map(p -> String.valueOf(Checkpoints.stepOf(p))).toList()
                        + ")");
            }
        }
        return file;
    }

    /** A checkpoint file named directly (the checkpoint_file setting). */
    public static Trained file(Path file) throws IOException {
        TrainedWeights t = fileWeights(file);
        return new Trained(t.configName(), t.globalStep(), file, t.network().toNetwork());
    }
}
