package org.magentajava.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;
import org.magentajava.model.ops.Buf;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Plain-data training checkpoint: header (hparams, sizes, dtype, Adam step, dropout RNG state) then named
 * tensors — each parameter under its Magenta name plus its Adam slots as {@code name/Adam} (m) and
 * {@code name/Adam_1} (v), TensorFlow's slot names. Big-endian DataOutputStream; no Java serialization.
 */
public final class NetworkFile {
    private static final int MAGIC = NetworkWeights.MAGIC; // "MJN1"
    /**
     * A network whose head is not softmax: this magic, the head's tag ("sigmoid", "nade": what the file holds),
     * then the MJN1 layout. Softmax networks
     * keep writing MJN1, so their files stay byte-identical and every file written before heads existed loads.
     */
    private static final int MAGIC_WITH_HEAD = NetworkWeights.MAGIC_WITH_HEAD; // "MJN2"
    /**
     * A network whose attention wraps the whole stack (imported from Magenta before May 2017): this magic, the
     * head's tag, the {@link AttentionWrap} tag, then the MJN1 layout. Only such networks write it.
     */
    private static final int MAGIC_WITH_WRAP = NetworkWeights.MAGIC_WITH_WRAP; // "MJN3"
    /**
     * Longest attention window a file may declare. The window is generation and training state, not weights, so
     * the file's size does not bound it; Magenta's attention_rnn uses 40.
     */
    public static final int MAX_ATTN_LENGTH = 10_000;

    private NetworkFile() {}

    public static void save(LstmNetwork net, Path path) throws IOException {
        try (AtomicOutput out = AtomicOutput.open(path)) {
            BufferedOutputStream buffered = new BufferedOutputStream(out.stream(), 1 << 16);
            write(net, buffered);
            buffered.flush();
            out.commit();
        }
    }

    public static LstmNetwork load(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(in, path.toString(), Files.size(path));
        }
    }

    public static void write(LstmNetwork net, OutputStream os) throws IOException {
        write(net, os, true);
    }

    /**
     * Writes the network; without {@code optimizerState} only the weights (a third of the size), as a bundle for
     * generation needs them. Such a file still loads, with zero Adam slots.
     */
    public static void write(LstmNetwork net, OutputStream os, boolean optimizerState) throws IOException {
        DataOutputStream out = new DataOutputStream(os);
        if (net.attentionWrap() == AttentionWrap.WHOLE_STACK) {
            out.writeInt(MAGIC_WITH_WRAP);
            out.writeUTF(net.head().tag());
            out.writeUTF(net.attentionWrap().tag());
        } else if (net.head() == Head.SOFTMAX) {
            out.writeInt(MAGIC);
        } else {
            out.writeInt(MAGIC_WITH_HEAD);
            out.writeUTF(net.head().tag());
        }
        out.writeUTF(net.hparams().toString());
        out.writeInt(net.inputSize());
        out.writeInt(net.numClasses());
        out.writeInt(net.noEventLabel());
        out.writeUTF(net.dataType().name());
        out.writeLong(net.adam.step());
        out.writeLong(net.dropoutRng.state());
        List<String> names = new ArrayList<>();
        net.params.names().forEach(names::add);
        out.writeInt(names.size() * (optimizerState ? 3 : 1));
        boolean dbl = net.dataType() == DataType.DOUBLE;
        for (String name : names) {
            writeTensor(out, name, net.params.value(name), dbl);
            if (optimizerState) {
                writeTensor(out, name + "/Adam", net.adam.firstMoment(name), dbl);
                writeTensor(out, name + "/Adam_1", net.adam.secondMoment(name), dbl);
            }
        }
        out.flush();
    }

    public static LstmNetwork read(InputStream is, String source) throws IOException {
        return read(is, source, Long.MAX_VALUE);
    }

    /** Whether {@code bytes} start like a network file of ours (MJN1, MJN2 for a non-softmax head, or MJN3). */
    public static boolean hasMagic(byte[] bytes) {
        return NetworkWeights.hasMagic(bytes);
    }

    /**
     * Reads a network from a stream of {@code size} bytes, checked as {@link NetworkWeights#read} checks it.
     *
     * @throws BadInputException naming {@code source} and the problem
     */
    public static LstmNetwork read(InputStream is, String source, long size) throws IOException {
        return NetworkWeights.read(is, source, size).toNetwork();
    }

    private static void writeTensor(DataOutputStream out, String name, Buf b, boolean dbl) throws IOException {
        out.writeUTF(name);
        long[] shape = b.array.shape();
        out.writeInt(shape.length);
        for (long s : shape) out.writeLong(s);
        int n = (int) b.length();
        double[] vals = new double[n];
        b.read(0, vals, 0, n);
        for (double v : vals) {
            if (dbl) out.writeDouble(v);
            else out.writeFloat((float) v);
        }
    }
}
