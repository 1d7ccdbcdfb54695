package org.magentajava.bundle;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.magentajava.importer.ImportedModel;
import org.magentajava.importer.MagentaImport;
import org.magentajava.importer.MagentaJsFolder;
import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;
import org.magentajava.model.Head;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.NetworkFile;
import org.magentajava.models.ModelConfig;
import org.magentajava.proto.GeneratorBundle;
import org.magentajava.proto.GeneratorDetails;
import org.magentajava.registry.ModelRegistry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained generator in one file: a GeneratorBundle protobuf (Magenta's .mag layout) whose generator id is the
 * config name and whose checkpoint_file[0] holds the network as plain data (hparams, sizes, named float
 * tensors; see {@link NetworkFile}). Loading parses bytes only — nothing is executed or deserialized as Java
 * objects — and validates the network against the config's encoder. Magenta's own bundles (a TensorFlow
 * checkpoint inside) and magenta-js checkpoint folders load too, imported in memory by
 * {@link MagentaImport}.
 */
public record Bundle(ModelConfig config, LstmNetwork network, String description) {
    public static void save(Bundle bundle, Path file) throws IOException {
        ByteArrayOutputStream net = new ByteArrayOutputStream();
        NetworkFile.write(bundle.network(), net, false); // weights only: generation needs no optimizer state
        GeneratorBundle proto = GeneratorBundle.newBuilder()
                .setGeneratorDetails(GeneratorDetails.newBuilder()
                        .setId(bundle.config().name())
                        .setDescription(bundle.config().description()))
                .setBundleDetails(GeneratorBundle.BundleDetails.newBuilder()
                        .setDescription(bundle.description() == null ? "" : bundle.description()))
                .addCheckpointFile(ByteString.copyFrom(net.toByteArray()))
                .build();
        AtomicOutput.write(file, proto.toByteArray());
    }

    public static Bundle load(Path file) throws IOException {
        if (MagentaJsFolder.isFolder(file)) {
            // a magenta-js checkpoint folder, imported in memory
            ImportedModel m = MagentaImport.fromMagentaJs(file, null, null);
            return new Bundle(m.config(), m.network(), "imported from magenta-js " + file.getFileName());
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such bundle file");
        }
        return parse(Files.readAllBytes(file), file.toString());
    }

    public static Bundle parse(byte[] bytes, String source) throws IOException {
        GeneratorBundle proto;
        try {
            proto = GeneratorBundle.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new BadInputException(source + ": not a generator bundle or truncated (" + e.getMessage() + ")");
        }
        String id = proto.getGeneratorDetails().getId();
        if (id.isEmpty() || proto.getCheckpointFileCount() == 0) {
            throw new BadInputException(source + ": not a generator bundle (no generator id or checkpoint)");
        }
        ModelConfig config;
        try {
            config = ModelRegistry.config(id);
        } catch (BadInputException e) {
            throw new BadInputException(source + ": bundle is for generator '" + id + "', which is not a known config");
        }
        if (config.targets() == ModelConfig.Targets.NOTE_STATES) {
            // the biaxial network is not an LstmNetwork: its own loader (models/biaxialrnn) reads it
            throw new BadInputException(source + ": a " + id + " bundle, which only evaluate and generate read");
        }
        byte[] ckpt = proto.getCheckpointFile(0).toByteArray();
        // ours start with MJN1/MJN2; anything else is Magenta's own bundle (a TensorFlow checkpoint), imported in memory
        if (!NetworkFile.hasMagic(ckpt)) {
            ImportedModel m = MagentaImport.fromGeneratorBundle(proto, source, null, null);
            return new Bundle(m.config(), m.network(), proto.getBundleDetails().getDescription());
        }
        LstmNetwork net = NetworkFile.read(new ByteArrayInputStream(ckpt), source, ckpt.length);
        if (net.inputSize() != config.inputSize() || net.numClasses() != config.outputSize()) {
            throw new BadInputException(source + ": network has " + net.inputSize() + " inputs and " + net.numClasses()
                    + " outputs, but " + id + " encodes " + config.inputSize() + " and " + config.outputSize());
        }
        if ((net.head() == Head.SIGMOID) != config.multiHot()) {
            throw new BadInputException(source + ": network has a " + net.head().tag() + " head, but " + id
                    + (config.multiHot() ? " predicts a set of keys per step" : " predicts one class per step"));
        }
        return new Bundle(config, net, proto.getBundleDetails().getDescription());
    }

}
