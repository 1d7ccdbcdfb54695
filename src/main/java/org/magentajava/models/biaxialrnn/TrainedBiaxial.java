package org.magentajava.models.biaxialrnn;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;
import org.magentajava.proto.GeneratorBundle;
import org.magentajava.proto.GeneratorDetails;
import org.magentajava.train.Checkpoints;
import org.magentajava.train.RunDirs;

/**
 * A trained biaxial model with where it came from: a run's checkpoint (latest, best or a global step), a
 * checkpoint file, or a bundle. Bundles are Magenta's GeneratorBundle container with generator id biaxial_rnn
 * and the model's weights ({@link BiaxialModel#write}) as checkpoint_file[0].
 */
public record TrainedBiaxial(BiaxialModel model, String source) {

    /**
     * The biaxial model the commands' --run_dir/--checkpoint, --checkpoint_file or --bundle_file name, or empty
     * when they name another config's model (or none, or several: the shared loader then says what is wrong).
     */
    public static Optional<TrainedBiaxial> find(Path runDir, String checkpoint, Path checkpointFile,
            Path bundleFile) throws IOException {
        int given = (runDir == null ? 0 : 1) + (checkpointFile == null ? 0 : 1) + (bundleFile == null ? 0 : 1);
        if (given != 1) {
            return Optional.empty();
        }
        if (bundleFile != null) {
            if (!Files.isRegularFile(bundleFile)) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(bundleFile);
            GeneratorBundle proto;
            try {
                proto = GeneratorBundle.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
            }
            if (!BiaxialRnn.NAME.equals(proto.getGeneratorDetails().getId()) || proto.getCheckpointFileCount() == 0) {
                return Optional.empty();
            }
            byte[] model = proto.getCheckpointFile(0).toByteArray();
            return Optional.of(new TrainedBiaxial(BiaxialModel.read(new ByteArrayInputStream(model),
                    bundleFile.toString()), bundleFile.toString()));
        }
        Path file = checkpointFile;
        if (runDir != null) {
            try {
                file = RunDirs.checkpointFile(runDir, checkpoint);
            } catch (BadInputException e) {
                return Optional.empty(); // the shared loader gives the same error
            }
        }
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Checkpoints.Loaded loaded = Checkpoints.read(file);
        if (!BiaxialRnn.NAME.equals(loaded.header().configName())) {
            return Optional.empty();
        }
        return Optional.of(new TrainedBiaxial(BiaxialModel.read(new ByteArrayInputStream(loaded.modelState()),
                file.toString()), file.toString()));
    }

    /** Writes the weights as a bundle (atomically; an existing file is replaced as save-bundle does). */
    public void saveBundle(Path file, String description) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.write(bytes, false);
        GeneratorBundle proto = GeneratorBundle.newBuilder()
                .setGeneratorDetails(GeneratorDetails.newBuilder().setId(BiaxialRnn.NAME)
                        .setDescription(BiaxialRnn.BIAXIAL_RNN.description()))
                .setBundleDetails(GeneratorBundle.BundleDetails.newBuilder()
                        .setDescription(description == null ? "" : description))
                .addCheckpointFile(ByteString.copyFrom(bytes.toByteArray()))
                .build();
        AtomicOutput.write(file, proto.toByteArray());
    }
}
