package org.magentajava.importer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.magentajava.io.BadInputException;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.models.ModelConfig;
import org.magentajava.model.LstmNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A magenta-js checkpoint folder (what Magenta's {@code checkpoint_converter.py} writes with tensorflowjs):
 * {@code weights_manifest.json} lists groups of shard files ({@code group1-shard1of2}, ...) whose concatenated
 * bytes hold the weights in manifest order as little-endian float32 (or uint8/uint16 quantized: {@code min +
 * scale * q}); {@code config.json} is MusicRNN's spec.
 */
public final class MagentaJsFolder {
    public static final String MANIFEST = "weights_manifest.json";
    public static final String CONFIG = "config.json";
    /** tensorflowjs's default shard size. */
    private static final int SHARD_BYTES = 4 * 1024 * 1024;

    private MagentaJsFolder() {}

    public static boolean isFolder(Path p) {
        return Files.isDirectory(p) && Files.isRegularFile(p.resolve(MANIFEST));
    }

    /** What {@code config.json} says, for hints; null fields where it says nothing. */
    record Spec(String config, Integer attnLength, String converter) {}

    /** The folder's variables (training state left out) in manifest order. */
    static Map<String, CheckpointTensor> read(Path dir) throws IOException {
        Path manifestFile = dir.resolve(MANIFEST);
        JsonElement root = parse(manifestFile);
        if (!root.isJsonArray()) throw bad(manifestFile, "expected a JSON array of weight groups");
        Map<String, CheckpointTensor> out = new TreeMap<>();
        int g = 0;
        for (JsonElement groupEl : root.getAsJsonArray()) {
            g++;
            if (!groupEl.isJsonObject()) throw bad(manifestFile, "group " + g + " is not an object");
            JsonObject group = groupEl.getAsJsonObject();
            JsonArray paths = array(group, "paths", manifestFile, g);
            JsonArray weights = array(group, "weights", manifestFile, g);
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (JsonElement p : paths) {
                String name = p.getAsString();
                // shards are file names beside the manifest: nothing in a manifest may point elsewhere
                if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
                    throw bad(manifestFile, "shard path '" + name + "' is not a file name in the folder");
                }
                Path shard = dir.resolve(name);
                if (!Files.isRegularFile(shard)) throw bad(manifestFile, "shard " + name + " is missing");
                data.write(Files.readAllBytes(shard));
            }
            ByteBuffer buf = ByteBuffer.wrap(data.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonElement wEl : weights) {
                JsonObject w = wEl.getAsJsonObject();
                String name = w.get("name").getAsString();
                JsonArray shapeJson = w.getAsJsonArray("shape");
                long[] shape = new long[shapeJson.size()];
                long n = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeJson.get(i).getAsLong();
                    if (shape[i] < 0) throw bad(manifestFile, "weight " + name + " has a negative dimension");
                    n *= shape[i];
                    if (n > Integer.MAX_VALUE / 4) throw bad(manifestFile, "weight " + name + " is too large");
                }
                String dtype = w.has("dtype") ? w.get("dtype").getAsString() : "float32";
                JsonObject quant = w.has("quantization") ? w.getAsJsonObject("quantization") : null;
                String stored = quant != null ? quant.get("dtype").getAsString() : dtype;
                int width = switch (stored) {
                    case "float32", "int32" -> 4;
                    case "uint16" -> 2;
                    case "uint8" -> 1;
                    default -> throw bad(manifestFile, "weight " + name + " is stored as " + stored
                            + " (float32, uint8 and uint16 are read)");
                };
                if (n * width > buf.remaining()) {
                    throw bad(manifestFile, "weight " + name + " needs " + n * width + " bytes, but the shards of group "
                            + g + " hold only " + buf.remaining() + " more (truncated shard?)");
                }
                if (MagentaVariables.isTrainingState(name) || !dtype.equals("float32")) {
                    buf.position(buf.position() + (int) (n * width)); // counters are not weights
                    continue;
                }
                float[] v = new float[(int) n];
                if (quant == null) {
                    for (int k = 0; k < v.length; k++) v[k] = buf.getFloat();
                } else {
                    float min = quant.get("min").getAsFloat();
                    float scale = quant.get("scale").getAsFloat();
                    for (int k = 0; k < v.length; k++) {
                        int q = width == 1 ? buf.get() & 0xFF : buf.getShort() & 0xFFFF;
                        v[k] = min + scale * q;
                    }
                }
                out.put(name, new CheckpointTensor(name, shape, v));
            }
            if (buf.hasRemaining()) {
                throw bad(manifestFile, "group " + g + "'s shards hold " + buf.remaining()
                        + " bytes more than its weights");
            }
        }
        return out;
    }

    /** config.json's MusicRNN spec as hints: the config its data converter implies, and attentionLength. */
    static Spec spec(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) return new Spec(null, null, null);
        JsonElement root = parse(file);
        if (!root.isJsonObject()) throw bad(file, "expected a JSON object");
        JsonObject o = root.getAsJsonObject();
        Integer attn = o.has("attentionLength") && !o.get("attentionLength").isJsonNull()
                ? o.get("attentionLength").getAsInt() : null;
        String config = null;
        String converter = null;
        if (o.has("dataConverter") && o.get("dataConverter").isJsonObject()) {
            JsonObject dc = o.getAsJsonObject("dataConverter");
            converter = dc.has("type") ? dc.get("type").getAsString() : null;
            JsonObject args = dc.has("args") && dc.get("args").isJsonObject() ? dc.getAsJsonObject("args") : null;
            if ("MelodyConverter".equals(converter) && args != null && args.has("minPitch") && args.has("maxPitch")) {
                int min = args.get("minPitch").getAsInt();
                int max = args.get("maxPitch").getAsInt();
                converter += " " + min + ".." + max;
                config = min == 48 && max == 83 ? "basic_rnn" : min == 0 && max == 127 ? "mono_rnn" : null;
            }
        }
        return new Spec(config, attn, converter);
    }

    /**
     * Writes {@code net} as a magenta-js MusicRNN checkpoint folder. MusicRNN runs plain LSTM stacks over a
     * one-hot melody (its MelodyConverter), so only basic_rnn and mono_rnn without residual connections qualify.
     * The folder appears whole (written beside it under a hidden name, then renamed) and is never overwritten.
     */
    public static void write(ModelConfig config, LstmNetwork net, Path dir) throws IOException {
        int minPitch;
        int maxPitch;
        switch (config.name()) {
            case "basic_rnn" -> { minPitch = 48; maxPitch = 83; }
            case "mono_rnn" -> { minPitch = 0; maxPitch = 127; }
            default -> throw new BadInputException(config.name() + " cannot be exported for magenta-js: its MusicRNN "
                    + "reads one-hot melodies only (basic_rnn, mono_rnn)");
        }
        if (net.hparams().attnLength() > 0 || net.hparams().residualConnections()) {
            throw new BadInputException("a network with attention or residual connections cannot be exported for "
                    + "magenta-js: its MusicRNN runs plain LSTM stacks");
        }
        EncoderDecoder enc = config.encoderDecoder();
        if (net.inputSize() != enc.inputSize() || net.numClasses() != enc.numClasses()) {
            throw new BadInputException("network has " + net.inputSize() + " inputs, but " + config.name() + " encodes "
                    + enc.inputSize());
        }
        if (Files.exists(dir)) throw new BadInputException(dir + ": already exists; not overwritten");
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + dir.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        Files.createDirectory(tmp);
        try {
            writeInto(tmp, net, minPitch, maxPitch);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir);
            }
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException(dir + ": already exists; not overwritten");
        } finally {
            if (Files.exists(tmp)) deleteTree(tmp);
        }
    }

    private static void writeInto(Path tmp, LstmNetwork net, int minPitch, int maxPitch) throws IOException {
        StringBuilder weights = new StringBuilder();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
            INDArray a = e.getValue();
            float[] v = a.dup('c').data().asFloat();
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : v) b.putFloat(f);
            all.write(b.array());
            StringBuilder shape = new StringBuilder();
            for (long s : a.shape()) shape.append(shape.isEmpty() ? "" : ", ").append(s);
            weights.append(weights.isEmpty() ? "" : ",\n    ").append("{\"name\": \"").append(e.getKey())
                    .append("\", \"shape\": [").append(shape).append("], \"dtype\": \"float32\"}");
        }
        byte[] bytes = all.toByteArray();
        int shards = Math.max(1, (bytes.length + SHARD_BYTES - 1) / SHARD_BYTES);
        List<String> paths = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            String name = "group1-shard" + (s + 1) + "of" + shards;
            paths.add("\"" + name + "\"");
            int from = s * SHARD_BYTES;
            Files.write(tmp.resolve(name), java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + SHARD_BYTES)));
        }
        String manifest = "[{\"paths\": [" + String.join(", ", paths) + "],\n  \"weights\": [\n    " + weights + "]}]\n";
        Files.writeString(tmp.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
        Files.writeString(tmp.resolve(CONFIG), String.format(Locale.ROOT, "{\"type\": \"MusicRNN\", \"dataConverter\": "
                + "{\"type\": \"MelodyConverter\", \"args\": {\"minPitch\": %d, \"maxPitch\": %d}}}%n", minPitch, maxPitch),
                StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }

    private static JsonElement parse(Path file) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonParseException | IllegalStateException e) {
            throw bad(file, "not valid JSON (" + TfCheckpoint.firstLine(String.valueOf(e.getMessage())) + ")");
        } catch (java.nio.charset.MalformedInputException e) {
            throw bad(file, "not UTF-8 text");
        }
    }

    private static JsonArray array(JsonObject o, String key, Path file, int group) {
        if (!o.has(key) || !o.get(key).isJsonArray()) throw bad(file, "group " + group + " has no \"" + key + "\" array");
        return o.getAsJsonArray(key);
    }

    private static BadInputException bad(Path file, String problem) {
        return new BadInputException(file + ": " + problem);
    }
}
