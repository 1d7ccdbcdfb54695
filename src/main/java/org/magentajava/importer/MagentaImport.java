package org.magentajava.importer;

import org.magentajava.registry.ModelRegistry;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.magentajava.io.BadInputException;
import org.magentajava.proto.GeneratorBundle;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Reads Magenta's own models into this project's network: a Magenta {@code .mag} GeneratorBundle (a single-file
 * V1 checkpoint and a metagraph), a TensorFlow checkpoint prefix (V1 or V2, as Magenta's run directories hold), a
 * run directory's {@code checkpoint} file, or a magenta-js checkpoint folder.
 */
public final class MagentaImport {
    private static final Pattern CHECKPOINT_LINE = Pattern.compile("^model_checkpoint_path:\\s*\"(.*)\"\\s*$");

    private MagentaImport() {}

    /**
     * @param configName a config the model must be (null: inferred)
     * @param attnLength overrides the attention length (null: the metagraph's, else config.json's, else the
     *     config's default)
     */
    public static ImportedModel load(Path input, String configName, Integer attnLength) throws IOException {
        String source = input.toString();
        if (MagentaJsFolder.isFolder(input)) return fromMagentaJs(input, configName, attnLength);
        if (Files.isDirectory(input)) {
            Path latest = latestCheckpoint(input);
            if (latest == null) {
                throw new BadInputException(source + ": a folder with neither " + MagentaJsFolder.MANIFEST
                        + " (magenta-js) nor a TensorFlow 'checkpoint' file");
            }
            return fromCheckpoint(latest, configName, attnLength);
        }
        String name = input.getFileName() == null ? "" : input.getFileName().toString();
        if (name.endsWith(".index") && Files.isRegularFile(input)) {
            return fromCheckpoint(input.resolveSibling(name.substring(0, name.length() - 6)), configName, attnLength);
        }
        if (Files.isRegularFile(Path.of(input + ".index"))) return fromCheckpoint(input, configName, attnLength);
        if (!Files.isRegularFile(input)) {
            throw new BadInputException(source + ": no such file, checkpoint prefix (" + name + ".index) or folder");
        }
        if (name.endsWith(".mag")) {
            GeneratorBundle bundle = parseBundle(Files.readAllBytes(input), source);
            ByteString ckpt = bundle.getCheckpointFile(0);
            if (org.magentajava.model.NetworkFile.hasMagic(ckpt.substring(0, Math.min(4, ckpt.size())).toByteArray())) {
                throw new BadInputException(source + ": already a magenta-java bundle (written by save-bundle or "
                        + "import); generate, evaluate and inspect take it as it is");
            }
            return fromGeneratorBundle(bundle, source, configName, attnLength);
        }
        return fromCheckpoint(input, configName, attnLength); // a single-file V1 checkpoint
    }

    /**
     * A TensorFlow checkpoint (V2 prefix or V1 file). The run's metagraph beside it ({@code PREFIX.meta}, which
     * Magenta's Saver writes with every checkpoint) gives attn_length when {@code attnLength} is null.
     */
    public static ImportedModel fromCheckpoint(Path prefix, String configName, Integer attnLength) throws IOException {
        String source = prefix.toString();
        Map<String, CheckpointTensor> vars = TfCheckpoint.read(source, source, MagentaVariables::isTrainingState);
        Integer attn = attnLength;
        String attnSource = attnLength == null ? null : "--attn_length";
        Path meta = Path.of(prefix + ".meta");
        if (attn == null && Files.isRegularFile(meta)) {
            attn = attnLengthFromMetagraph(ByteString.copyFrom(Files.readAllBytes(meta)));
            attnSource = "from " + meta.getFileName();
        }
        return MagentaVariables.toModel(vars, source, new MagentaVariables.Hints(configName, "--config",
                configName != null, attn, attnSource));
    }

    /**
     * A Magenta GeneratorBundle: its checkpoint is written to a temporary folder for TensorFlow's reader, the
     * generator id names the config, and the metagraph gives attn_length.
     */
    public static ImportedModel fromGeneratorBundle(GeneratorBundle bundle, String source, String configName,
                                                    Integer attnLength) throws IOException {
        if (bundle.getCheckpointFileCount() != 1) {
            throw new BadInputException(source + ": a Magenta bundle holds one checkpoint file, this one "
                    + bundle.getCheckpointFileCount());
        }
        String id = bundle.getGeneratorDetails().getId();
        Integer fromGraph = bundle.getMetagraphFile().isEmpty() ? null : attnLengthFromMetagraph(bundle.getMetagraphFile());
        if (configName != null && !id.isEmpty() && !configName.equals(id)) {
            throw new BadInputException(source + ": bundle is for generator '" + id + "', but --config is " + configName);
        }
        String config = configName != null ? configName : id.isEmpty() ? null : id;
        Integer attn = attnLength != null ? attnLength : fromGraph;
        String attnSource = attnLength != null ? "--attn_length" : fromGraph != null ? "from the bundle's metagraph" : null;
        Path dir = Files.createTempDirectory("magenta-bundle");
        try {
            Path ckpt = dir.resolve("model.ckpt");
            Files.write(ckpt, bundle.getCheckpointFile(0).toByteArray());
            Map<String, CheckpointTensor> vars = TfCheckpoint.read(ckpt.toString(), source,
                    MagentaVariables::isTrainingState);
            return MagentaVariables.toModel(vars, source, new MagentaVariables.Hints(config,
                    configName != null ? "--config" : "the bundle's generator id", config != null
                            && (configName != null || isKnownConfig(config)), attn, attnSource));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** A magenta-js folder; its config.json only hints, the shapes decide. */
    public static ImportedModel fromMagentaJs(Path dir, String configName, Integer attnLength) throws IOException {
        String source = dir.toString();
        Map<String, CheckpointTensor> vars;
        MagentaJsFolder.Spec spec;
        try {
            vars = MagentaJsFolder.read(dir);
            spec = MagentaJsFolder.spec(dir);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException(source + ": malformed magenta-js checkpoint (" + e.getMessage() + ")");
        }
        MagentaVariables.Hints hints;
        Integer attn = attnLength != null ? attnLength : spec.attnLength();
        String attnSource = attnLength != null ? "--attn_length" : spec.attnLength() != null ? "config.json's attentionLength" : null;
        if (configName != null) {
            hints = new MagentaVariables.Hints(configName, "--config", true, attn, attnSource);
        } else {
            hints = new MagentaVariables.Hints(spec.config(), "config.json's " + spec.converter(), false, attn, attnSource);
        }
        return MagentaVariables.toModel(vars, source, hints);
    }

    /** Parses a Magenta GeneratorBundle, with one line on failure. */
    public static GeneratorBundle parseBundle(byte[] bytes, String source) {
        try {
            GeneratorBundle b = GeneratorBundle.parseFrom(bytes);
            if (b.getCheckpointFileCount() == 0) {
                throw new BadInputException(source + ": not a generator bundle (no checkpoint)");
            }
            return b;
        } catch (InvalidProtocolBufferException e) {
            throw new BadInputException(source + ": not a generator bundle or truncated (" + e.getMessage() + ")");
        }
    }

    /**
     * attn_length as the generate graph fixes it: the AttentionCellWrapper reshapes its flat window state with a
     * constant shape [-1, attn_length, attn_size]. Null when the metagraph has no such constant or several.
     */
    static Integer attnLengthFromMetagraph(ByteString bytes) {
        MetaGraphDef graph;
        try {
            graph = MetaGraphDef.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
        TreeSet<Integer> found = new TreeSet<>();
        for (NodeDef node : graph.getGraphDef().getNodeList()) {
            // attention_cell_wrapper today, AttentionCellWrapper in TF 0.x graphs
            String scope = node.getName().toLowerCase(java.util.Locale.ROOT).replace("_", "");
            if (!node.getOp().equals("Const") || !scope.contains("attentioncellwrapper")) continue;
            if (!node.getAttrMap().containsKey("value")) continue;
            int[] v = ints(node.getAttrMap().get("value").getTensor());
            if (v != null && v.length == 3 && v[0] == -1 && v[1] > 0 && v[2] > 0) found.add(v[1]);
        }
        return found.size() == 1 ? found.first() : null;
    }

    private static int[] ints(TensorProto t) {
        if (t.getDtype() != org.tensorflow.proto.DataType.DT_INT32) return null;
        if (!t.getTensorContent().isEmpty()) {
            ByteBuffer b = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            int[] v = new int[b.remaining() / 4];
            for (int i = 0; i < v.length; i++) v[i] = b.getInt();
            return v;
        }
        return t.getIntValList().stream().mapToInt(Integer::intValue).toArray();
    }

    /** The checkpoint a TensorFlow run directory's 'checkpoint' file names (model_checkpoint_path). */
    private static Path latestCheckpoint(Path dir) throws IOException {
        Path file = dir.resolve("checkpoint");
        if (!Files.isRegularFile(file)) return null;
        for (String line : Files.readAllLines(file)) {
            Matcher m = CHECKPOINT_LINE.matcher(line.trim());
            if (m.matches()) {
                Path p = Path.of(m.group(1));
                return p.isAbsolute() ? p : dir.resolve(p);
            }
        }
        throw new BadInputException(file + ": no model_checkpoint_path line");
    }

    private static boolean isKnownConfig(String id) {
        try {
            org.magentajava.registry.ModelRegistry.config(id);
            return true;
        } catch (BadInputException e) {
            return false;
        }
    }

}
