package org.magentajava.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.io.BadInputException;

/** magenta-js folders: quantized weights, and every kind of broken folder as one line naming the file. */
class MagentaJsFolderTest {
    @TempDir
    Path dir;

    private final MagentaWeights w = new MagentaWeights(38, List.of(4), 38, false, 31);

    @Test
    void uint8QuantizedWeightsAreMinPlusScaleTimesQ() throws IOException {
        StringBuilder weights = new StringBuilder();
        ByteBuffer b = ByteBuffer.allocate(w.tensors.values().stream().mapToInt(t -> t.values().length).sum())
                .order(ByteOrder.LITTLE_ENDIAN);
        float min = -0.6f;
        float scale = 1.2f / 255;
        for (Map.Entry<String, MagentaWeights.Tensor> e : w.tensors.entrySet()) {
            for (float v : e.getValue().values()) b.put((byte) Math.round((v - min) / scale));
            weights.append(weights.isEmpty() ? "" : ", ").append("{\"name\": \"").append(e.getKey())
                    .append("\", \"shape\": ").append(java.util.Arrays.toString(e.getValue().shape()))
                    .append(", \"dtype\": \"float32\", \"quantization\": {\"min\": ").append(min).append(", \"scale\": ")
                    .append(scale).append(", \"dtype\": \"uint8\"}}");
        }
        Path folder = folder("[{\"paths\": [\"group1-shard1of1\"], \"weights\": [" + weights + "]}]");
        Files.write(folder.resolve("group1-shard1of1"), b.array());
        Map<String, CheckpointTensor> read = MagentaJsFolder.read(folder);
        float[] bias = w.tensors.get("fully_connected/biases").values();
        float[] got = read.get("fully_connected/biases").values();
        for (int i = 0; i < bias.length; i++) {
            int q = Math.round((bias[i] - min) / scale);
            assertEquals(min + scale * q, got[i], 0f);
            assertEquals(bias[i], got[i], scale / 2 + 1e-6);
        }
        assertEquals("basic_rnn", MagentaImport.load(folder, null, null).config().name());
    }

    @Test
    void brokenFoldersAreOneLineNamingTheFile() throws IOException {
        String good = "[{\"paths\": [\"group1-shard1of1\"], \"weights\": [{\"name\": \"fully_connected/biases\", "
                + "\"shape\": [3], \"dtype\": \"float32\"}]}]";
        Path f = folder("[{\"paths\": ");
        assertError(f, f.resolve("weights_manifest.json") + ": not valid JSON (");
        f = folder(good.replace("group1-shard1of1", "../../etc/passwd"));
        assertError(f, f.resolve("weights_manifest.json") + ": shard path '../../etc/passwd' is not a file name in the folder");
        f = folder(good);
        assertError(f, f.resolve("weights_manifest.json") + ": shard group1-shard1of1 is missing");
        Files.write(f.resolve("group1-shard1of1"), new byte[10]);
        assertError(f, f.resolve("weights_manifest.json") + ": weight fully_connected/biases needs 12 bytes, but the "
                + "shards of group 1 hold only 10 more (truncated shard?)");
        Files.write(f.resolve("group1-shard1of1"), new byte[16]);
        assertError(f, f.resolve("weights_manifest.json") + ": group 1's shards hold 4 bytes more than its weights");
        f = folder(good.replace("[3]", "\"three\""));
        Files.write(f.resolve("group1-shard1of1"), new byte[12]);
        assertError(f, f + ": malformed magenta-js checkpoint (");
        f = folder(good.replace("\"float32\"}", "\"float32\", \"quantization\": {\"dtype\": \"float16\", \"scale\": 1}}"));
        Files.write(f.resolve("group1-shard1of1"), new byte[6]);
        assertError(f, f.resolve("weights_manifest.json") + ": weight fully_connected/biases is stored as float16 "
                + "(float32, uint8 and uint16 are read)");
    }

    private void assertError(Path folder, String prefix) {
        String m = assertThrows(BadInputException.class, () -> MagentaImport.load(folder, null, null)).getMessage();
        assertTrue(m.startsWith(prefix), m);
        assertFalse(m.contains("\n"), m);
    }

    private int n;

    private Path folder(String manifest) throws IOException {
        Path f = dir.resolve("js" + n++);
        Files.createDirectories(f);
        Files.writeString(f.resolve("weights_manifest.json"), manifest);
        return f;
    }

}
