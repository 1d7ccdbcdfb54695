package org.magentajava.model;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.magentajava.io.BadInputException;
import org.magentajava.model.ops.Buf;

/**
 * A network file's contents in plain Java arrays: the header and every named tensor under its Magenta name (and,
 * in a training checkpoint, its Adam slots). Reading one touches no ND4J class, so generation
 * ({@link InferenceNetwork}) starts without the native tensor stack; {@link #toNetwork} builds the training
 * network from the same values. The file layout is {@link NetworkFile}'s.
 */
public final class NetworkWeights {
    static final int MAGIC = 0x4D4A4E31;            // "MJN1": a softmax network
    static final int MAGIC_WITH_HEAD = 0x4D4A4E32;  // "MJN2": the head's tag follows
    static final int MAGIC_WITH_WRAP = 0x4D4A4E33;  // "MJN3": the head's tag, then the attention wrap's
    private static final String FLOAT = "FLOAT";
    private static final String DOUBLE = "DOUBLE";

    /** One tensor in Magenta's shape, row-major: floats for a float32 network, else doubles. */
    record Tensor(long[] shape, float[] floats, double[] doubles) {
        /** The values as floats (rounded from a double network's). */
        float[] asFloats() {
            if (floats != null) return floats;
            float[] f = new float[doubles.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) doubles[i];
            return f;
        }
    }

    private final Head head;
    private final AttentionWrap wrap;
    private final HParams hp;
    private final int inputSize;
    private final int numClasses;
    private final int noEventLabel;
    private final boolean doublePrecision;
    private final long adamStep;
    private final long dropoutRngState;
    private final Map<String, Tensor> tensors;

    private NetworkWeights(Head head, AttentionWrap wrap, HParams hp, int inputSize, int numClasses,
            int noEventLabel, boolean doublePrecision, long adamStep, long dropoutRngState, Map<String, Tensor> tensors) {
        this.head = head;
        this.wrap = wrap;
        this.hp = hp;
        this.inputSize = inputSize;
        this.numClasses = numClasses;
        this.noEventLabel = noEventLabel;
        this.doublePrecision = doublePrecision;
        this.adamStep = adamStep;
        this.dropoutRngState = dropoutRngState;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    public Head head() {
        return head;
    }

    /** Where the attention sits; {@link InferenceNetwork} runs only {@link AttentionWrap#FIRST_LAYER}. */
    public AttentionWrap attentionWrap() {
        return wrap;
    }

    public HParams hparams() {
        return hp;
    }

    public int inputSize() {
        return inputSize;
    }

    public int numClasses() {
        return numClasses;
    }

    public int noEventLabel() {
        return noEventLabel;
    }

    /** Weight {@code name} (a Magenta variable name) as floats, row-major. */
    float[] weight(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("no tensor " + name);
        return t.asFloats();
    }

    /** The live values of a training network (a copy): what {@link NetworkFile} would write and read back. */
    public static NetworkWeights of(LstmNetwork net) {
        boolean dbl = net.exact();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : net.params.names()) {
            Buf b = net.params.value(name);
            int n = (int) b.length();
            long[] shape = b.array.shape();
            if (dbl) {
                double[] d = new double[n];
                b.read(0, d, 0, n);
                tensors.put(name, new Tensor(shape, null, d));
            } else {
                float[] f = new float[n];
                b.readFloats(0, f, 0, n);
                tensors.put(name, new Tensor(shape, f, null));
            }
        }
        return new NetworkWeights(net.head(), net.attentionWrap(), net.hparams(), net.inputSize(), net.numClasses(), net.noEventLabel(),
                dbl, net.adam.step(), net.dropoutRng.state(), tensors);
    }

    /**
     * The training network with these values, optimizer state included when the file had it (zero Adam slots
     * otherwise). Builds ND4J arrays.
     */
    public LstmNetwork toNetwork() {
        LstmNetwork net = new LstmNetwork(inputSize, numClasses, noEventLabel, hp, 0,
                doublePrecision ? org.nd4j.linalg.api.buffer.DataType.DOUBLE : org.nd4j.linalg.api.buffer.DataType.FLOAT,
                head, wrap);
        net.adam.setStep(adamStep);
        net.dropoutRng.setState(dropoutRngState);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Buf target = slot(net, e.getKey());
            Tensor t = e.getValue();
            if (t.floats != null) target.write(0, t.floats);
            else target.write(0, t.doubles, 0, t.doubles.length);
        }
        return net;
    }

    private static Buf slot(LstmNetwork net, String name) {
        if (name.endsWith("/Adam_1")) return net.adam.secondMoment(name.substring(0, name.length() - 7));
        if (name.endsWith("/Adam")) return net.adam.firstMoment(name.substring(0, name.length() - 5));
        return net.params.value(name);
    }

    /**
     * The parameters of a network of this architecture, Magenta's names and shapes, in the order the training
     * network creates them (biases are vectors, attn_w is [1, 1, A, A], as TensorFlow stores them).
     */
    static Map<String, long[]> shapes(int inputSize, int numClasses, HParams hp) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        int in = inputSize;
        for (int i = 0; i < hp.rnnLayerSizes().size(); i++) {
            int h = hp.rnnLayerSizes().get(i);
            boolean projection = projection(hp, i);
            int n = projection ? h : in;
            String prefix = "rnn/multi_rnn_cell/cell_" + i + "/";
            if (projection) {
                prefix += "input_projection_wrapper/";
                shapes.put(prefix + "kernel", new long[] {in, h});
                shapes.put(prefix + "bias", new long[] {h});
            }
            boolean attention = i == 0 && hp.attnLength() > 0;
            if (attention) {
                prefix += "attention_cell_wrapper/";
                shapes.put(prefix + "kernel", new long[] {n + h, n});
                shapes.put(prefix + "bias", new long[] {n});
            }
            shapes.put(prefix + "basic_lstm_cell/kernel", new long[] {n + h, 4L * h});
            shapes.put(prefix + "basic_lstm_cell/bias", new long[] {4L * h});
            if (attention) {
                shapes.put(prefix + "attention/attn_w", new long[] {1, 1, h, h});
                shapes.put(prefix + "attention/attn_v", new long[] {h});
                shapes.put(prefix + "attention/kernel", new long[] {2L * h, h});
                shapes.put(prefix + "attention/bias", new long[] {h});
                shapes.put(prefix + "attn_output_projection/kernel", new long[] {2L * h, h});
                shapes.put(prefix + "attn_output_projection/bias", new long[] {h});
            }
            in = h;
        }
        shapes.put("fully_connected/weights", new long[] {in, numClasses});
        shapes.put("fully_connected/biases", new long[] {numClasses});
        return shapes;
    }

    /** Whether layer {@code i} projects its input to its own size first (residual mode, when the sizes differ). */
    static boolean projection(HParams hp, int i) {
        return hp.residualConnections() && (i == 0 || !hp.rnnLayerSizes().get(i).equals(hp.rnnLayerSizes().get(i - 1)));
    }

    /** An MJN2 file's head; one this version does not know is named as what the file holds. */
    private static Head head(String tag, String source) {
        try {
            return Head.ofTag(tag);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source + ": holds an LSTM network with a '" + tag + "' head, which this "
                    + "version of magenta-java cannot read");
        }
    }

    /** Whether {@code bytes} start like a network file (MJN1, or MJN2 for a non-softmax head). */
    static boolean hasMagic(byte[] bytes) {
        if (bytes.length < 4) {
            return false;
        }
        int magic = ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        return magic == MAGIC || magic == MAGIC_WITH_HEAD || magic == MAGIC_WITH_WRAP;
    }

    /**
     * Reads a network file of {@code size} bytes. The header is checked before anything is allocated: the sizes
     * it declares must fit in the bytes there are (a corrupt header cannot make us allocate gigabytes), every
     * tensor must have the network's shape, and every value must be finite.
     *
     * @throws BadInputException naming {@code source} and the problem
     */
    public static NetworkWeights read(InputStream is, String source, long size) throws IOException {
        DataInputStream in = new DataInputStream(is);
        try {
            int magic = in.readInt();
            if (magic != MAGIC && magic != MAGIC_WITH_HEAD && magic != MAGIC_WITH_WRAP) {
                throw new BadInputException(source + ": " + NetworkTag.mismatch(magic, "an LSTM network"));
            }
            Head head = magic == MAGIC ? Head.SOFTMAX : head(in.readUTF(), source);
            AttentionWrap wrap = magic == MAGIC_WITH_WRAP ? AttentionWrap.ofTag(in.readUTF()) : AttentionWrap.FIRST_LAYER;
            HParams hp = HParams.parse(in.readUTF());
            int inputSize = in.readInt();
            int numClasses = in.readInt();
            int noEvent = in.readInt();
            String dtype = in.readUTF();
            checkHeader(source, size, hp, inputSize, numClasses, noEvent, dtype);
            if (wrap == AttentionWrap.WHOLE_STACK && (hp.attnLength() == 0 || hp.residualConnections())) {
                throw new BadInputException(source + ": bad network file header (attention around the whole stack "
                        + "with attn_length " + hp.attnLength() + ", residual_connections " + hp.residualConnections() + ")");
            }
            boolean dbl = dtype.equals(DOUBLE);
            long adamStep = in.readLong();
            long rngState = in.readLong();
            Map<String, long[]> expected = wrap == AttentionWrap.FIRST_LAYER && head != Head.NADE
                    ? shapes(inputSize, numClasses, hp) : builtShapes(inputSize, numClasses, noEvent, hp, head, wrap);
            int count = in.readInt();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long[] want = expected.get(baseName(name));
                if (want == null) throw new BadInputException(source + ": unexpected tensor " + name);
                int rank = in.readInt();
                if (rank != want.length) {
                    throw new BadInputException(source + ": tensor " + name + " has rank " + rank + ", expected "
                            + want.length);
                }
                long[] shape = new long[rank];
                for (int r = 0; r < rank; r++) shape[r] = in.readLong();
                if (!Arrays.equals(shape, want)) {
                    throw new BadInputException(source + ": tensor " + name + " has shape " + Arrays.toString(shape)
                            + ", expected " + Arrays.toString(want));
                }
                tensors.put(name, readValues(in, source, size, name, shape, dbl));
                seen.add(name);
            }
            if (seen.size() != count || !seen.containsAll(expected.keySet())
                    || (count != expected.size() && count != 3 * expected.size())) {
                throw new BadInputException(source + ": network file is missing tensors");
            }
            return new NetworkWeights(head, wrap, hp, inputSize, numClasses, noEvent, dbl, adamStep, rngState, tensors);
        } catch (EOFException e) {
            throw new BadInputException(source + ": network file is truncated");
        } catch (UTFDataFormatException e) {
            throw new BadInputException(source + ": bad network file (a name or header string is not valid UTF-8)");
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source + ": bad network file header (" + e.getMessage() + ")");
        }
    }

    /**
     * The parameters of a network that {@link InferenceNetwork} does not run (attention around the whole stack, a
     * NADE head), as the training network lays them out: those generate on the training network anyway, so
     * building one here to ask costs nothing that generate's start would save.
     */
    private static Map<String, long[]> builtShapes(int inputSize, int numClasses, int noEvent, HParams hp,
            Head head, AttentionWrap wrap) {
        LstmNetwork net = new LstmNetwork(inputSize, numClasses, noEvent, hp, 0,
                org.nd4j.linalg.api.buffer.DataType.FLOAT, head, wrap);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (String name : net.params.names()) {
            shapes.put(name, net.params.value(name).array.shape());
        }
        return shapes;
    }

    /** A weight's name, or the weight an Adam slot ({@code name/Adam}, {@code name/Adam_1}) belongs to. */
    private static String baseName(String name) {
        if (name.endsWith("/Adam_1")) return name.substring(0, name.length() - 7);
        if (name.endsWith("/Adam")) return name.substring(0, name.length() - 5);
        return name;
    }

    /** A tensor's values in bulk (big-endian, as DataOutputStream wrote them), each checked to be finite. */
    private static Tensor readValues(DataInputStream in, String source, long size, String name, long[] shape,
            boolean dbl) throws IOException {
        long count = 1;
        for (long s : shape) count *= s;
        if (count * (dbl ? 8 : 4) > size) {
            throw new BadInputException(source + ": network file is truncated (tensor " + name + " needs "
                    + count * (dbl ? 8 : 4) + " bytes, the file has " + size + ")");
        }
        int n = (int) count;
        byte[] raw = new byte[n * (dbl ? 8 : 4)];
        in.readFully(raw);
        ByteBuffer bytes = ByteBuffer.wrap(raw);
        if (dbl) {
            double[] d = new double[n];
            bytes.asDoubleBuffer().get(d);
            for (int k = 0; k < n; k++) {
                if (!Double.isFinite(d[k])) throw notFinite(source, name, d[k], k);
            }
            return new Tensor(shape, null, d);
        }
        float[] f = new float[n];
        bytes.asFloatBuffer().get(f);
        for (int k = 0; k < n; k++) {
            if (!Float.isFinite(f[k])) throw notFinite(source, name, f[k], k);
        }
        return new Tensor(shape, f, null);
    }

    private static BadInputException notFinite(String source, String name, double value, int index) {
        return new BadInputException(source + ": tensor " + name + " holds " + value + " at index " + index);
    }

    /** Rejects a header whose network could not be in {@code size} bytes, before its arrays are allocated. */
    private static void checkHeader(String source, long size, HParams hp, int inputSize, int numClasses, int noEvent,
                                    String dtype) {
        if (!dtype.equals(FLOAT) && !dtype.equals(DOUBLE)) {
            throw new BadInputException(source + ": bad network file header (data type " + dtype + ")");
        }
        if (inputSize <= 0 || numClasses <= 0 || noEvent < 0 || noEvent >= numClasses) {
            throw new BadInputException(source + ": bad network file header (" + inputSize + " inputs, " + numClasses
                    + " classes, no-event label " + noEvent + ")");
        }
        if (hp.attnLength() > NetworkFile.MAX_ATTN_LENGTH) {
            throw new BadInputException(source + ": bad network file header (attn_length " + hp.attnLength()
                    + " exceeds " + NetworkFile.MAX_ATTN_LENGTH + ")");
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
        double bytes = weights * (dtype.equals(DOUBLE) ? 8 : 4);
        if (bytes > size) {
            throw new BadInputException(source + ": network file is truncated (its header declares at least "
                    + String.format(java.util.Locale.ROOT, "%.0f", weights) + " weights, more than its " + size
                    + " bytes hold)");
        }
    }
}
