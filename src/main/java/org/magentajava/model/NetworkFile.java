package org.magentajava.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Plain-data training checkpoint: header (hparams, sizes, dtype, Adam step, dropout RNG state) then named
 * tensors — each parameter under its Magenta name plus its Adam slots as {@code name/Adam} (m) and
 * {@code name/Adam_1} (v), TensorFlow's slot names. Big-endian DataOutputStream; no Java serialization.
 */
public final class NetworkFile {
    private static final int MAGIC = 0x4D4A4E31; // "MJN1"
    /**
     * A network whose head is not softmax: this magic, the head's tag ("sigmoid", "nade": what the file holds),
     * then the MJN1 layout. Softmax networks
     * keep writing MJN1, so their files stay byte-identical and every file written before heads existed loads.
     */
    private static final int MAGIC_WITH_HEAD = 0x4D4A4E32; // "MJN2"
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
        if (net.head() == Head.SOFTMAX) {
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
        out.writeLong(net.adamStep);
        out.writeLong(net.dropoutRng.state());
        List<String> names = new ArrayList<>();
        net.params.names().forEach(names::add);
        out.writeInt(names.size() * (optimizerState ? 3 : 1));
        boolean dbl = net.dataType() == DataType.DOUBLE;
        for (String name : names) {
            writeTensor(out, name, net.params.get(name), dbl);
            if (optimizerState) {
                writeTensor(out, name + "/Adam", net.adamM.get(name), dbl);
                writeTensor(out, name + "/Adam_1", net.adamV.get(name), dbl);
            }
        }
        out.flush();
    }

    public static LstmNetwork read(InputStream is, String source) throws IOException {
        return read(is, source, Long.MAX_VALUE);
    }

    /**
     * Reads a network from a stream of {@code size} bytes. The header is checked before anything is allocated:
     * the sizes it declares must fit in the bytes there are (a corrupt header cannot make us allocate gigabytes),
     * every tensor must have the network's shape, and every value must be finite.
     *
     * @throws BadInputException naming {@code source} and the problem
     */
    /** Whether {@code bytes} start like a network file of ours (MJN1, or MJN2 for a non-softmax head). */
    public static boolean hasMagic(byte[] bytes) {
        if (bytes.length < 4) {
            return false;
        }
        int magic = ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        return magic == MAGIC || magic == MAGIC_WITH_HEAD;
    }

    public static LstmNetwork read(InputStream is, String source, long size) throws IOException {
        DataInputStream in = new DataInputStream(is);
        try {
            int magic = in.readInt();
            if (magic != MAGIC && magic != MAGIC_WITH_HEAD) {
                throw new BadInputException(source + ": not a magenta-java network file");
            }
            Head head = magic == MAGIC ? Head.SOFTMAX : Head.ofTag(in.readUTF());
            HParams hp = HParams.parse(in.readUTF());
            int inputSize = in.readInt();
            int numClasses = in.readInt();
            int noEvent = in.readInt();
            DataType dtype = DataType.valueOf(in.readUTF());
            checkHeader(source, size, hp, inputSize, numClasses, noEvent, dtype);
            LstmNetwork net = new LstmNetwork(inputSize, numClasses, noEvent, hp, 0, dtype, head);
            net.adamStep = in.readLong();
            net.dropoutRng.setState(in.readLong());
            int count = in.readInt();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                Buf target = lookup(net, name);
                if (target == null) throw new BadInputException(source + ": unexpected tensor " + name);
                int rank = in.readInt();
                if (rank != target.array.rank()) {
                    throw new BadInputException(source + ": tensor " + name + " has rank " + rank + ", expected "
                            + target.array.rank());
                }
                long[] shape = new long[rank];
                for (int r = 0; r < rank; r++) shape[r] = in.readLong();
                if (!java.util.Arrays.equals(shape, target.array.shape())) {
                    throw new BadInputException(source + ": tensor " + name + " has shape "
                            + java.util.Arrays.toString(shape) + ", expected " + java.util.Arrays.toString(target.array.shape()));
                }
                int n = (int) target.length();
                double[] vals = new double[n];
                for (int k = 0; k < n; k++) {
                    vals[k] = dtype == DataType.DOUBLE ? in.readDouble() : in.readFloat();
                    if (!Double.isFinite(vals[k])) {
                        throw new BadInputException(source + ": tensor " + name + " holds " + vals[k] + " at index " + k);
                    }
                }
                target.write(0, vals, 0, n);
                seen.add(name);
            }
            int params = countParams(net);
            boolean allWeights = true;
            for (String name : net.params.names()) {
                allWeights &= seen.contains(name);
            }
            if (seen.size() != count || !allWeights || (count != params && count != 3 * params)) {
                throw new BadInputException(source + ": network file is missing tensors");
            }
            return net;
        } catch (EOFException e) {
            throw new BadInputException(source + ": network file is truncated");
        } catch (UTFDataFormatException e) {
            throw new BadInputException(source + ": bad network file (a name or header string is not valid UTF-8)");
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source + ": bad network file header (" + e.getMessage() + ")");
        }
    }

    /** Rejects a header whose network could not be in {@code size} bytes, before its arrays are allocated. */
    private static void checkHeader(String source, long size, HParams hp, int inputSize, int numClasses, int noEvent,
                                    DataType dtype) {
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new BadInputException(source + ": bad network file header (data type " + dtype + ")");
        }
        if (inputSize <= 0 || numClasses <= 0 || noEvent < 0 || noEvent >= numClasses) {
            throw new BadInputException(source + ": bad network file header (" + inputSize + " inputs, " + numClasses
                    + " classes, no-event label " + noEvent + ")");
        }
        if (hp.attnLength() > MAX_ATTN_LENGTH) {
            throw new BadInputException(source + ": bad network file header (attn_length " + hp.attnLength()
                    + " exceeds " + MAX_ATTN_LENGTH + ")");
        }
        // Each layer's LSTM kernel alone has (n + h) x 4h weights, n being its input width; the output layer h x
        // classes. Doubles, since the product of int sizes can overflow a long.
        double weights = 0;
        double in = inputSize;
        for (int h : hp.rnnLayerSizes()) {
            double n = hp.residualConnections() ? h : in;
            weights += (n + h) * 4.0 * h;
            if (hp.residualConnections() && in != h) {
                weights += in * h;   // the projection that lets a residual layer add its input
            }
            in = h;
        }
        weights += in * (numClasses + (double) hp.nadeHiddenUnits());
        weights += 2.0 * numClasses * hp.nadeHiddenUnits(); // a NADE's encoder and decoder
        double bytes = weights * (dtype == DataType.DOUBLE ? 8 : 4);
        if (bytes > size) {
            throw new BadInputException(source + ": network file is truncated (its header declares at least "
                    + String.format(java.util.Locale.ROOT, "%.0f", weights) + " weights, more than its " + size
                    + " bytes hold)");
        }
    }

    private static int countParams(LstmNetwork net) {
        int n = 0;
        for (String ignored : net.params.names()) n++;
        return n;
    }

    private static Buf lookup(LstmNetwork net, String name) {
        if (name.endsWith("/Adam_1")) return net.adamV.get(name.substring(0, name.length() - 7));
        if (name.endsWith("/Adam")) return net.adamM.get(name.substring(0, name.length() - 5));
        return net.params.get(name);
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
