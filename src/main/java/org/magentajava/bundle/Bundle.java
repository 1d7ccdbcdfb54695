package org.magentajava.bundle;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.magentajava.importer.ImportedModel;
import org.magentajava.importer.MagentaImport;
import org.magentajava.importer.MagentaJsFolder;
import org.magentajava.events.RepeatBias;
import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;
import org.magentajava.model.Head;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.NetworkFile;
import org.magentajava.model.NetworkTag;
import org.magentajava.model.NetworkWeights;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.ModelFamily;
import org.magentajava.models.TrainedNetwork;
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
        // weights only: generation needs no optimizer state
        save(bundle.config(), networkFile(bundle.network()), bundle.description(), file);
    }

    /**
     * Writes a bundle (atomically; an existing {@code file} is refused, never replaced) whose checkpoint_file holds {@code network}: a network
     * file of ours, or the weights of a family's own network ({@link TrainedNetwork#weights()}).
     */
    public static void save(ModelConfig config, byte[] network, String description, Path file) throws IOException {
        save(config, network, description, RepeatBias.NONE, "", 0, file);
    }

    /**
     * {@link #save(ModelConfig, byte[], String, Path)} with a repeat correction ({@code fittedOn} says on what);
     * {@link RepeatBias#NONE} writes no calibration, byte for byte the bundle the other method writes.
     */
    public static void save(ModelConfig config, byte[] network, String description, RepeatBias repeatBias,
                            String fittedOn, Path file) throws IOException {
        save(config, network, description, repeatBias, fittedOn, 0, file);
    }

    /**
     * {@link #save(ModelConfig, byte[], String, RepeatBias, String, Path)} recording the frame rate the network was
     * trained at ({@code stepsPerQuarter}; 0 records none, byte for byte the bundle the other methods write).
     */
    public static void save(ModelConfig config, byte[] network, String description, RepeatBias repeatBias,
                            String fittedOn, int stepsPerQuarter, Path file) throws IOException {
        if (stepsPerQuarter < 0) {
            throw new IllegalArgumentException("steps per quarter must be 0 (none) or positive, got " + stepsPerQuarter);
        }
        GeneratorBundle.Builder proto = GeneratorBundle.newBuilder()
                .setGeneratorDetails(GeneratorDetails.newBuilder()
                        .setId(config.name())
                        .setDescription(config.description()))
                .setBundleDetails(GeneratorBundle.BundleDetails.newBuilder()
                        .setDescription(description == null ? "" : description))
                .addCheckpointFile(ByteString.copyFrom(network));
        if (!repeatBias.isNone()) {
            proto.setOutputCalibration(GeneratorBundle.OutputCalibration.newBuilder()
                    .setRepeatLogOdds(repeatBias.logOdds())
                    .setFittedOn(fittedOn));
        }
        proto.setStepsPerQuarter(stepsPerQuarter);
        try {
            AtomicOutput.writeNew(file, proto.build().toByteArray());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!java.nio.file.Files.exists(file)) throw e;
            throw alreadyExists(file);
        }
    }

    /** Bundles are outputs like any other: an existing file is never replaced (a retrained run gets a new name). */
    static BadInputException alreadyExists(Path file) {
        return new org.magentajava.io.BadSettingException("bundle_file", file + ": already exists; a bundle is "
                + "never overwritten (choose another {bundle_file} or remove the old one)");
    }

    /** The network file of ours that {@link #save(Bundle, Path)} stores for {@code network}. */
    public static byte[] networkFile(LstmNetwork network) throws IOException {
        ByteArrayOutputStream net = new ByteArrayOutputStream();
        NetworkFile.write(network, net, false);
        return net.toByteArray();
    }

    public static Bundle load(Path file) throws IOException {
        if (MagentaJsFolder.isFolder(file)) {
            // a magenta-js checkpoint folder, imported in memory
            ImportedModel m = MagentaImport.fromMagentaJs(file, null, null);
            return new Bundle(m.config(), m.network(), "imported from magenta-js " + file.getFileName());
        }
        return parse(readFile(file), file.toString());
    }

    public static Bundle parse(byte[] bytes, String source) throws IOException {
        GeneratorBundle proto = proto(bytes, source);
        ModelConfig config = config(proto, source);
        byte[] ckpt = proto.getCheckpointFile(0).toByteArray();
        // ours start with a NetworkTag; anything else is Magenta's own bundle (a TensorFlow checkpoint), imported in memory
        if (NetworkTag.of(ckpt).isEmpty()) {
            ImportedModel m = MagentaImport.fromGeneratorBundle(proto, source, null, null);
            return new Bundle(m.config(), m.network(), proto.getBundleDetails().getDescription());
        }
        LstmNetwork net = NetworkFile.read(new ByteArrayInputStream(ckpt), source, ckpt.length);
        check(config, proto.getGeneratorDetails().getId(), net.inputSize(), net.numClasses(), net.head(), source);
        return new Bundle(config, net, proto.getBundleDetails().getDescription());
    }

    /**
     * A bundle's network as plain weights ({@code network}): what generation needs, read without building ND4J
     * arrays; or, for Magenta's bundles, magenta-js folders and networks with attention around the whole stack,
     * the training network already built ({@code built}); or the network of a family that brings its own
     * ({@code own}, read by the family). Exactly one of the three is set. {@code stepsPerQuarter} is the frame rate
     * the bundle records (0: none, the config's default).
     */
    public record Weights(ModelConfig config, NetworkWeights network, LstmNetwork built, TrainedNetwork own,
                          String description, RepeatBias repeatBias, int stepsPerQuarter) {
    }

    /**
     * The frame rate the bundle records, 0 for none.
     *
     * @throws BadInputException for a rate below 0, or one recorded for a config whose rate is fixed
     */
    private static int stepsPerQuarter(GeneratorBundle proto, ModelConfig config, String source) {
        int rate = proto.getStepsPerQuarter();
        if (rate < 0) {
            throw new BadInputException(source + ": bundle records steps per quarter " + rate + " (must be positive)");
        }
        if (rate > 0 && rate != config.stepsPerQuarter() && !ModelRegistry.family(config).choosesStepsPerQuarter()) {
            throw new BadInputException(source + ": bundle records " + rate + " steps per quarter note, but "
                    + config.name() + " always works at " + config.stepsPerQuarter());
        }
        return rate;
    }

    /** The bundle's repeat correction, or {@link RepeatBias#NONE} when it carries none. */
    private static RepeatBias repeatBias(GeneratorBundle proto) {
        return proto.hasOutputCalibration() ? new RepeatBias(proto.getOutputCalibration().getRepeatLogOdds())
                : RepeatBias.NONE;
    }

    /**
     * Loads a bundle as {@link #load} does, with the same checks and messages, but keeps our own network files as
     * plain weights (no ND4J); Magenta's bundles and magenta-js folders are imported into the training network
     * first and copied out.
     */
    public static Weights loadWeights(Path file) throws IOException {
        if (MagentaJsFolder.isFolder(file)) {
            Bundle b = load(file);
            return new Weights(b.config(), null, b.network(), null, b.description(), RepeatBias.NONE, 0);
        }
        byte[] bytes = readFile(file);
        String source = file.toString();
        GeneratorBundle proto = proto(bytes, source);
        ModelConfig config = config(proto, source);
        byte[] ckpt = proto.getCheckpointFile(0).toByteArray();
        ModelFamily family = ModelRegistry.family(config);
        int rate = stepsPerQuarter(proto, config, source);
        if (family.ownNetwork()) {
            return new Weights(config, null, null, family.readNetwork(ckpt, source),
                    proto.getBundleDetails().getDescription(), repeatBias(proto), rate);
        }
        if (NetworkTag.of(ckpt).isEmpty()) {
            Bundle b = parse(bytes, source); // Magenta's own bundle, imported into the training network
            return new Weights(b.config(), null, b.network(), null, b.description(), repeatBias(proto), rate);
        }
        NetworkWeights net = NetworkWeights.read(new ByteArrayInputStream(ckpt), source, ckpt.length);
        check(config, proto.getGeneratorDetails().getId(), net.inputSize(), net.numClasses(), net.head(), source);
        return new Weights(config, net, null, null, proto.getBundleDetails().getDescription(), repeatBias(proto),
                rate);
    }

    private static byte[] readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such bundle file");
        }
        return Files.readAllBytes(file);
    }

    private static GeneratorBundle proto(byte[] bytes, String source) {
        GeneratorBundle proto;
        try {
            proto = GeneratorBundle.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new BadInputException(source + ": not a generator bundle or truncated (" + e.getMessage() + ")");
        }
        if (proto.getGeneratorDetails().getId().isEmpty() || proto.getCheckpointFileCount() == 0) {
            throw new BadInputException(source + ": not a generator bundle (no generator id or checkpoint)");
        }
        return proto;
    }

    private static ModelConfig config(GeneratorBundle proto, String source) {
        String id = proto.getGeneratorDetails().getId();
        try {
            return ModelRegistry.config(id);
        } catch (BadInputException e) {
            throw new BadInputException(source + ": bundle is for generator '" + id + "', which is not a known config");
        }
    }

    /** The network must fit the config's encoder: its input and output sizes and its kind of head. */
    private static void check(ModelConfig config, String id, int inputSize, int numClasses, Head head, String source) {
        if (inputSize != config.inputSize() || numClasses != config.outputSize()) {
            throw new BadInputException(source + ": network has " + inputSize + " inputs and " + numClasses
                    + " outputs, but " + id + " encodes " + config.inputSize() + " and " + config.outputSize());
        }
        if (head != TrainedModel.head(config)) {
            throw new BadInputException(source + ": network has a " + head.tag() + " head, but " + id
                    + " has a " + TrainedModel.head(config).tag() + " head");
        }
    }
}
