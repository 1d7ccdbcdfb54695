package org.magentajava.models.biaxialrnn;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.magentajava.biaxial.NoteStateEncoding;
import org.magentajava.io.BadInputException;
import org.magentajava.model.Rng;
import org.magentajava.pianoroll.PianorollSequence;
import org.magentajava.train.Batch;
import org.magentajava.train.FrameCounts;
import org.magentajava.train.StepResult;
import org.magentajava.train.TrainableModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The biaxial network as the shared training and evaluation jobs drive it: Adam with per-tensor gradient
 * clipping (as the melody models), training on one random window of at most segment_length steps of each
 * sequence (Johnson's 128-step segments), evaluation on whole sequences in windows that carry the time-axis
 * state. The frame NLL it reports is the play part of the loss, comparable with pianoroll_rnn's; the
 * articulation NLL of evaluations is summed apart ({@link #articulationNll()}).
 *
 * <p>The state (weights, Adam slots, the window and dropout generators) is this class's own format: magic
 * "MJBX", version, hparams, then named float tensors.
 */
public final class BiaxialModel implements TrainableModel {
    static final int MAGIC = 0x4D4A4258; // "MJBX"
    static final int VERSION = 1;

    private BiaxialNetwork net;
    private final Map<String, double[]> adamM = new LinkedHashMap<>();
    private final Map<String, double[]> adamV = new LinkedHashMap<>();
    private long adamStep;
    private final Rng windows;
    private double articulationNll;
    private long articulationSteps;

    public BiaxialModel(BiaxialNetwork net, long seed) {
        this.net = net;
        this.windows = new Rng(seed * 0x9E3779B97F4A7C15L + 3);
        for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
            adamM.put(e.getKey(), new double[(int) e.getValue().length()]);
            adamV.put(e.getKey(), new double[(int) e.getValue().length()]);
        }
    }

    /** A fresh float32 model over the 88 piano keys. */
    public static BiaxialModel create(BiaxialHParams hp, long seed) {
        return new BiaxialModel(new BiaxialNetwork(pianoKeys(), hp, seed, DataType.FLOAT), seed);
    }

    static NoteStateEncoding pianoKeys() {
        return new NoteStateEncoding(PianorollSequence.MIN_MIDI_PITCH, PianorollSequence.PIANO_KEYS);
    }

    public BiaxialNetwork network() {
        return net;
    }

    @Override
    public int inputSize() {
        return net.encoding().recordInputSize();
    }

    @Override
    public int numClasses() {
        return net.encoding().targetSize();
    }

    @Override
    public boolean multiHot() {
        return true;
    }

    /** Articulation NLL summed over the steps of every {@link #evaluate} since the last {@link #resetScores()}. */
    public double articulationNll() {
        return articulationNll;
    }

    /** Steps behind {@link #articulationNll()}. */
    public long articulationSteps() {
        return articulationSteps;
    }

    public void resetScores() {
        articulationNll = 0;
        articulationSteps = 0;
    }

    /**
     * Starts the two output biases at the first batch's rates, add-one smoothed: play over every key of every
     * valid step, articulate over the keys that play (the articulate loss counts only those). At zero bias
     * every key starts at play ½ while a step sounds a handful of 88 keys (see LstmNetwork.setKeyBiases).
     */
    @Override
    public void prime(Batch first) {
        check(first);
        int keys = numClasses() / 2;
        long cells = 0;
        long plays = 0;
        long articulations = 0;
        for (int b = 0; b < first.batchSize(); b++) {
            for (int t = 0; t < first.lengths()[b]; t++) {
                int row = (b * first.maxLength() + t) * numClasses();
                for (int k = 0; k < keys; k++) {
                    cells++;
                    if (first.targets()[row + k]) {
                        plays++;
                        if (first.targets()[row + keys + k]) articulations++;
                    }
                }
            }
        }
        INDArray biases = net.parameters().get(BiaxialNetwork.OUT_B);
        biases.putScalar(0, Math.log((plays + 1.0) / (cells - plays + 1.0)));
        biases.putScalar(1, Math.log((articulations + 1.0) / (plays - articulations + 1.0)));
    }

    @Override
    public StepResult trainStep(Batch batch) {
        check(batch);
        BiaxialHParams hp = net.hparams();
        int b = batch.batchSize();
        int len = hp.segmentLength();
        int steps = Math.min(len, batch.maxLength());
        int[] starts = new int[b];
        int[] lengths = new int[b];
        long valid = 0;
        for (int i = 0; i < b; i++) {
            int n = batch.lengths()[i];
            starts[i] = n > len ? (int) Math.floorMod(windows.nextLong(), (long) (n - len + 1)) : 0;
            lengths[i] = Math.min(n, len);
            valid += lengths[i];
        }
        if (valid == 0) throw new BadInputException("batch has no valid steps");
        BiaxialNetwork.Window w = window(batch, 0, b, starts, lengths, steps);
        BiaxialNetwork.Scores s = net.forward(w, len, hp.dropoutKeepProb(), null, null, true, valid);
        net.backward();
        applyGradients();
        // the window's per-step figures, scaled to the batch's valid steps that the trainer divides by
        double scale = (double) batch.validSteps() / s.steps();
        return new StepResult(s.playNll() * scale, noPredictions(batch), Double.NaN, new FrameCounts(
                Math.round(s.exact() * scale), Math.round(s.sounding() * scale),
                Math.round(s.soundingExact() * scale), s.truePositives(), s.falsePositives(), s.falseNegatives()));
    }

    @Override
    public StepResult evaluate(Batch batch) {
        check(batch);
        BiaxialHParams hp = net.hparams();
        int group = hp.batchSize();
        int len = hp.segmentLength();
        BiaxialNetwork.Scores total = BiaxialNetwork.Scores.NONE;
        for (int g0 = 0; g0 < batch.batchSize(); g0 += group) {
            int g1 = Math.min(batch.batchSize(), g0 + group);
            int longest = 0;
            for (int i = g0; i < g1; i++) longest = Math.max(longest, batch.lengths()[i]);
            double[][] h = net.zeroTimeState(group);
            double[][] c = net.zeroTimeState(group);
            for (int start = 0; start < longest; start += len) {
                int steps = Math.min(len, longest - start);
                int[] starts = new int[group];
                int[] lengths = new int[group];
                for (int i = g0; i < g1; i++) {
                    starts[i - g0] = start;
                    lengths[i - g0] = Math.max(0, Math.min(len, batch.lengths()[i] - start));
                }
                BiaxialNetwork.Window w = window(batch, g0, g1, starts, lengths, steps);
                // padded to a whole group so that the buffers are reused across groups
                total = total.plus(net.forward(w, len, 1.0, h, c, false, 0));
                net.timeState(h, c);
            }
        }
        articulationNll += total.articulateNll();
        articulationSteps += total.steps();
        return new StepResult(total.playNll(), noPredictions(batch), total.playNll(), new FrameCounts(total.exact(),
                total.sounding(), total.soundingExact(), total.truePositives(), total.falsePositives(),
                total.falseNegatives()));
    }

    private void check(Batch batch) {
        if (batch.targets() == null || batch.targetWidth() != numClasses() || batch.inputSize() != inputSize()) {
            throw new BadInputException("the records are not biaxial_rnn note states (" + inputSize()
                    + " inputs and " + numClasses() + " targets per step; was the dataset made for another "
                    + "config?)");
        }
    }

    private static int[] noPredictions(Batch batch) {
        int[] p = new int[batch.batchSize() * batch.maxLength()];
        Arrays.fill(p, -1);
        return p;
    }

    /**
     * Sequences g0..g1−1 of the batch from their own start steps as a window of {@code steps} steps and
     * {@code lengths.length} rows (rows past g1−g0 are empty).
     */
    private BiaxialNetwork.Window window(Batch batch, int g0, int g1, int[] starts, int[] lengths, int steps) {
        int rows = lengths.length;
        int in = inputSize();
        int k2 = numClasses();
        float[] records = new float[steps * rows * in];
        boolean[] targets = new boolean[steps * rows * k2];
        for (int i = g0; i < g1; i++) {
            int r = i - g0;
            for (int s = 0; s < lengths[r]; s++) {
                int src = i * batch.maxLength() + starts[r] + s;
                int dst = s * rows + r;
                System.arraycopy(batch.inputs(), src * in, records, dst * in, in);
                System.arraycopy(batch.targets(), src * k2, targets, dst * k2, k2);
            }
        }
        return new BiaxialNetwork.Window(rows, steps, records, targets, lengths);
    }

    /** Per-tensor clipping (tf.clip_by_norm) then TensorFlow's Adam, as LstmNetwork updates. */
    private void applyGradients() {
        BiaxialHParams hp = net.hparams();
        adamStep++;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double lrT = hp.learningRate() * Math.sqrt(1 - Math.pow(b2, adamStep)) / (1 - Math.pow(b1, adamStep));
        Map<String, INDArray> grads = net.gradients();
        for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
            INDArray p = e.getValue();
            double[] g = grads.get(e.getKey()).castTo(DataType.DOUBLE).data().asDouble();
            double[] x = p.castTo(DataType.DOUBLE).data().asDouble();
            double[] m = adamM.get(e.getKey());
            double[] v = adamV.get(e.getKey());
            double sq = 0;
            for (double gi : g) sq += gi * gi;
            double norm = Math.sqrt(sq);
            double scale = norm > hp.clipNorm() ? hp.clipNorm() / norm : 1.0;
            for (int i = 0; i < x.length; i++) {
                double gi = g[i] * scale;
                // the slots are kept in float, as checkpoints store them, so that a resumed run is exact
                m[i] = (float) (m[i] + (gi - m[i]) * (1 - b1));
                v[i] = (float) (v[i] + (gi * gi - v[i]) * (1 - b2));
                x[i] -= lrT * m[i] / (Math.sqrt(v[i]) + eps);
            }
            p.assign(Nd4j.create(x, p.shape(), 'c').castTo(p.dataType()));
        }
    }

    @Override
    public void writeState(OutputStream out) throws IOException {
        write(out, true);
    }

    /** The model as bytes; without {@code optimizer}, weights only (bundles). */
    public void write(OutputStream out, boolean optimizer) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(MAGIC);
        d.writeInt(VERSION);
        d.writeUTF(net.hparams().toString());
        d.writeInt(net.encoding().minPitch());
        d.writeInt(net.encoding().keys());
        d.writeBoolean(optimizer);
        d.writeLong(adamStep);
        d.writeLong(windows.state());
        d.writeLong(net.timeStack().dropoutState());
        d.writeLong(net.noteStack().dropoutState());
        Map<String, INDArray> params = net.parameters();
        d.writeInt(params.size());
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            d.writeUTF(e.getKey());
            double[] x = e.getValue().castTo(DataType.DOUBLE).data().asDouble();
            d.writeInt(x.length);
            writeFloats(d, x);
            if (optimizer) {
                writeFloats(d, adamM.get(e.getKey()));
                writeFloats(d, adamV.get(e.getKey()));
            }
        }
        d.flush();
    }

    @Override
    public void readState(InputStream in) throws IOException {
        BiaxialModel read = read(in, "checkpoint");
        if (!read.net.hparams().sameNetwork(net.hparams())) {
            throw new BadInputException("checkpoint has " + read.net.hparams() + ", the model " + net.hparams());
        }
        net = read.net;
        adamStep = read.adamStep;
        windows.setState(read.windows.state());
        adamM.clear();
        adamM.putAll(read.adamM);
        adamV.clear();
        adamV.putAll(read.adamV);
    }

    /** Whether {@code bytes} start like {@link #write}'s output. */
    public static boolean hasMagic(byte[] bytes) {
        return bytes.length >= 4 && ((bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8
                | (bytes[3] & 0xFF)) == MAGIC;
    }

    /**
     * A model from {@link #write}'s bytes ({@code source} names the file in errors).
     *
     * @throws BadInputException for another format, a truncated file or tensors that do not fit the hparams
     */
    public static BiaxialModel read(InputStream in, String source) throws IOException {
        DataInputStream d = new DataInputStream(in);
        try {
            if (d.readInt() != MAGIC) throw new BadInputException(source + ": not a biaxial_rnn model");
            int version = d.readInt();
            if (version != VERSION) throw new BadInputException(source + ": biaxial_rnn model version " + version
                    + ", this build reads " + VERSION);
            BiaxialHParams hp = BiaxialHParams.parse(d.readUTF(), BiaxialHParams.DEFAULTS.toString());
            int minPitch = d.readInt();
            int keys = d.readInt();
            boolean optimizer = d.readBoolean();
            BiaxialModel m = new BiaxialModel(new BiaxialNetwork(new NoteStateEncoding(minPitch, keys), hp, 0,
                    DataType.FLOAT), 0);
            m.adamStep = d.readLong();
            m.windows.setState(d.readLong());
            m.net.timeStack().setDropoutState(d.readLong());
            m.net.noteStack().setDropoutState(d.readLong());
            Map<String, INDArray> params = m.net.parameters();
            int count = d.readInt();
            if (count != params.size()) {
                throw new BadInputException(source + ": " + count + " tensors, the network has " + params.size());
            }
            for (int i = 0; i < count; i++) {
                String name = d.readUTF();
                INDArray p = params.get(name);
                int n = d.readInt();
                if (p == null || p.length() != n) {
                    throw new BadInputException(source + ": tensor " + name + " of " + n + " values does not fit "
                            + hp);
                }
                p.assign(Nd4j.create(readFloats(d, n), p.shape(), 'c').castTo(p.dataType()));
                if (optimizer) {
                    m.adamM.put(name, readFloats(d, n));
                    m.adamV.put(name, readFloats(d, n));
                }
            }
            return m;
        } catch (java.io.EOFException e) {
            throw new BadInputException(source + ": truncated biaxial_rnn model");
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source + ": " + e.getMessage());
        }
    }

    private static void writeFloats(DataOutputStream d, double[] x) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(x.length * 4);
        for (double v : x) buf.putFloat((float) v);
        d.write(buf.array());
    }

    private static double[] readFloats(DataInputStream d, int n) throws IOException {
        byte[] bytes = new byte[n * 4];
        d.readFully(bytes);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = buf.getFloat();
        return x;
    }
}
