package org.magentajava.bundle;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.magentajava.io.BadInputException;
import org.magentajava.model.HParams;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.NetworkFile;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.proto.GeneratorBundle;
import org.magentajava.proto.GeneratorDetails;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bundles are data: loading parses a protobuf and our own tensor format, never Java serialization or reflection,
 * and a lying header cannot make the loader allocate what the file does not hold.
 */
class BundleSafetyTest {
    static final int NETWORK_MAGIC = 0x4D4A4E31;

    /** Set if Java deserialization ever instantiates this class. */
    static volatile boolean canaryRead;

    static final class Canary implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
            canaryRead = true;
            in.defaultReadObject();
        }
    }

    static byte[] bundle(String id, byte[] checkpoint) {
        return GeneratorBundle.newBuilder()
                .setGeneratorDetails(GeneratorDetails.newBuilder().setId(id))
                .addCheckpointFile(ByteString.copyFrom(checkpoint)).build().toByteArray();
    }

    /** A network file header as NetworkFile writes it, followed by {@code tensors} bytes. */
    static byte[] network(String hparams, int inputs, int classes, int noEvent, String dtype, byte[] tensors)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(NETWORK_MAGIC);
        out.writeUTF(hparams);
        out.writeInt(inputs);
        out.writeInt(classes);
        out.writeInt(noEvent);
        out.writeUTF(dtype);
        out.writeLong(0);
        out.writeLong(0);
        out.write(tensors);
        out.flush();
        return bytes.toByteArray();
    }

    static String basicHParams(String override) {
        return HParams.parse(override, MelodyRnn.BASIC_RNN.hparams()).toString();
    }

    @Test
    void javaSerializedObjectsInABundleAreNeverDeserialized() throws IOException {
        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(serialized)) {
            oos.writeObject(new Canary());
        }
        byte[] gadget = serialized.toByteArray();
        // As the checkpoint itself, and after our magic where a tensor count or name is expected.
        byte[] afterMagic = new byte[gadget.length + 4];
        afterMagic[0] = 0x4D;
        afterMagic[1] = 0x4A;
        afterMagic[2] = 0x4E;
        afterMagic[3] = 0x31;
        System.arraycopy(gadget, 0, afterMagic, 4, gadget.length);
        for (byte[] ckpt : List.of(gadget, afterMagic)) {
            assertThrows(BadInputException.class, () -> Bundle.parse(bundle("basic_rnn", ckpt), "gadget.mag"));
        }
        // As the description: loaded as a plain string.
        byte[] described = GeneratorBundle.parseFrom(bundle("basic_rnn", gadget)).toBuilder()
                .setBundleDetails(GeneratorBundle.BundleDetails.newBuilder()
                        .setDescription(new String(gadget, java.nio.charset.StandardCharsets.ISO_8859_1)))
                .build().toByteArray();
        assertThrows(BadInputException.class, () -> Bundle.parse(described, "gadget.mag"));
        assertFalse(canaryRead, "a bundle made the loader deserialize a Java object");
    }

    /** The loading code names no deserialization, reflection, scripting or process API at all. */
    @Test
    void loadingCodeUsesNoDeserializationOrReflection() throws IOException {
        Pattern forbidden = Pattern.compile("ObjectInputStream|readObject|readUnshared|XMLDecoder|Class\\.forName"
                + "|getDeclaredMethod|getMethod\\(|newInstance\\(|java\\.lang\\.reflect|MethodHandles|ScriptEngine"
                + "|ProcessBuilder|Runtime\\.getRuntime\\(\\)\\.exec|ClassLoader");
        Path main = Path.of("src/main/java/org/magentajava");
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("bundle", "model", "train", "io")) {
            try (Stream<Path> s = Files.walk(main.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            }
        }
        assertTrue(files.size() > 20, "found the sources");
        List<String> hits = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (forbidden.matcher(lines.get(i)).find()) {
                    hits.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertEquals(List.of(), hits);
    }

    @Test
    void aHeaderClaimingAHugeNetworkIsRejectedBeforeAllocating() throws IOException {
        // 2^31-1 inputs and layers of 2^30 units: terabytes if allocated. The file holds a few bytes.
        for (String hp : List.of(basicHParams("rnn_layer_sizes=[1073741824]"), basicHParams("rnn_layer_sizes=[64]"))) {
            byte[] net = network(hp, Integer.MAX_VALUE, 38, 0, "FLOAT", new byte[16]);
            BadInputException e = assertThrows(BadInputException.class,
                    () -> Bundle.parse(bundle("basic_rnn", net), "huge.mag"));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
        // With residual connections the first layer's kernel is (h + h) x 4h, which 1 KB holds; its input
        // projection is n x h.
        byte[] residual = network(basicHParams("rnn_layer_sizes=[2],residual_connections=true"), 1 << 28, 38, 0,
                "FLOAT", new byte[1 << 10]);
        BadInputException r = assertThrows(BadInputException.class,
                () -> Bundle.parse(bundle("basic_rnn", residual), "residual.mag"));
        assertTrue(r.getMessage().contains("truncated"), r.getMessage());
        byte[] attention = network(basicHParams("rnn_layer_sizes=[4],attn_length=2000000000"), 38, 38, 0, "FLOAT",
                new byte[1 << 16]);
        BadInputException e = assertThrows(BadInputException.class,
                () -> Bundle.parse(bundle("basic_rnn", attention), "attn.mag"));
        assertTrue(e.getMessage().contains("attn_length"), e.getMessage());
    }

    @Test
    void badHeaderFieldsAreClearErrors() throws IOException {
        String hp = basicHParams("rnn_layer_sizes=[4]");
        byte[] room = new byte[1 << 14];
        List<byte[]> bad = List.of(
                network(hp, 38, 38, 38, "FLOAT", room),      // no-event label outside the classes
                network(hp, 38, 38, -1, "FLOAT", room),
                network(hp, -5, 38, 0, "FLOAT", room),
                network(hp, 38, 38, 0, "INT", room),         // a data type the network cannot hold
                network(hp, 38, 38, 0, "NO_SUCH_TYPE", room),
                network("batch_size=", 38, 38, 0, "FLOAT", room));
        for (byte[] net : bad) {
            assertThrows(BadInputException.class, () -> Bundle.parse(bundle("basic_rnn", net), "bad.mag"));
        }
        // Malformed modified UTF-8 where the hparams string should be: 0xC0 0x00 is not a valid sequence.
        byte[] utf = network(hp, 38, 38, 0, "FLOAT", room);
        utf[6] = (byte) 0xC0;
        utf[7] = 0;
        assertThrows(BadInputException.class, () -> Bundle.parse(bundle("basic_rnn", utf), "utf.mag"));
    }

    @Test
    void nonFiniteWeightsAreRejectedAtLoadNotAtGeneration(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        var enc = MelodyRnn.BASIC_RNN.encoderDecoder();
        LstmNetwork net = new LstmNetwork(enc.inputSize(), enc.numClasses(), enc.defaultEventLabel(),
                HParams.parse("rnn_layer_sizes=[4]", MelodyRnn.BASIC_RNN.hparams()), 3);
        Path file = dir.resolve("ok.mag");
        Bundle.save(new Bundle(MelodyRnn.BASIC_RNN, net, ""), file);
        byte[] good = Files.readAllBytes(file);
        byte[] ckpt = GeneratorBundle.parseFrom(good).getCheckpointFile(0).toByteArray();
        // The last 4 bytes are the last float of the last tensor (fully_connected/biases).
        for (int bits : new int[] {0x7FC00000, 0x7F800000, 0xFF800000}) {
            byte[] poisoned = ckpt.clone();
            int at = poisoned.length - 4;
            poisoned[at] = (byte) (bits >>> 24);
            poisoned[at + 1] = (byte) (bits >>> 16);
            poisoned[at + 2] = (byte) (bits >>> 8);
            poisoned[at + 3] = (byte) bits;
            BadInputException e = assertThrows(BadInputException.class,
                    () -> Bundle.parse(bundle("basic_rnn", poisoned), "nan.mag"));
            assertTrue(e.getMessage().contains("fully_connected/biases"), e.getMessage());
        }
        assertEquals(net.hparams(), NetworkFile.read(new java.io.ByteArrayInputStream(ckpt), "ok", ckpt.length)
                .hparams());
    }
}
