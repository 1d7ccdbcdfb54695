package org.magentajava.models.biaxialrnn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.magentajava.biaxial.NoteStateEncoding;
import org.magentajava.model.FrameCounts;
import org.magentajava.model.LstmStack;
import org.magentajava.model.ops.Act;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The biaxial network (Johnson 2017's BALSTM). Per window of T steps of B sequences over K keys:
 * <ol>
 *   <li>the time-axis LSTM stack runs over the T steps with the B·K (sequence, key) pairs folded into its batch,
 *   so its weights are tied across keys; key n of step t reads the {@link NoteStateEncoding} per-note inputs of
 *   step t (the previous step's vicinity, pitch, pitch class, pitch-class counts, bar position);</li>
 *   <li>its outputs are transposed, and the note-axis LSTM stack runs over the K keys from the lowest up, with
 *   the (step, sequence) pairs folded into its batch; key n reads the time axis's output for key n and the
 *   play and articulate of key n−1 at the same step (the targets in training, the samples in generation);</li>
 *   <li>a linear layer turns each key's note-axis output into two logits: play and articulate.</li>
 * </ol>
 * The loss of a step is the binary cross-entropy of play summed over the keys plus that of articulate summed
 * over the keys that play (whether a silent key is struck means nothing), averaged over the valid steps.
 * Forward and backward are written by hand over {@link LstmStack}; the note axis always runs the window's full
 * capacity of rows so that both stacks keep their buffers from window to window. Not thread-safe.
 */
public final class BiaxialNetwork {
    static final String TIME = "time/";
    static final String NOTE = "note/";
    static final String OUT_W = "output/weights";
    static final String OUT_B = "output/biases";

    private final NoteStateEncoding encoding;
    private final BiaxialHParams hp;
    private final LstmStack time;
    private final LstmStack note;
    private final INDArray outW;   // [noteTop, 2]
    private final INDArray outB;   // [2]
    private final INDArray outWGrad;
    private final INDArray outBGrad;
    private final int keys;

    // the last forward pass
    private Window window;
    private int capacity;
    private double[] dz;           // dLoss/dLogits per note row (2 each), when computing gradients
    private double[] logits;

    /**
     * One window of B sequences and at most {@code steps} steps: record inputs ({@code (t*B + b) * recordInputs})
     * and targets ({@code (t*B + b) * 2K}), valid steps per sequence ({@code lengths[b] <= steps}).
     */
    public record Window(int batch, int steps, float[] records, boolean[] targets, int[] lengths) {
    }

    /**
     * The scores of a forward pass over the valid steps.
     *
     * @param playNll       sum over steps of the play cross-entropy summed over keys (nats): the frame NLL's sum
     * @param articulateNll the same for articulate over the keys that play
     * @param steps         valid steps
     */
    public record Scores(double playNll, double articulateNll, long steps, long exact, long sounding,
                         long soundingExact, long truePositives, long falsePositives, long falseNegatives) {
        static final Scores NONE = new Scores(0, 0, 0, 0, 0, 0, 0, 0, 0);

        Scores plus(Scores o) {
            return new Scores(playNll + o.playNll, articulateNll + o.articulateNll, steps + o.steps, exact + o.exact,
                    sounding + o.sounding, soundingExact + o.soundingExact, truePositives + o.truePositives,
                    falsePositives + o.falsePositives, falseNegatives + o.falseNegatives);
        }
    }

    public BiaxialNetwork(NoteStateEncoding encoding, BiaxialHParams hp, long seed, DataType dtype) {
        this.encoding = encoding;
        this.hp = hp;
        this.keys = encoding.keys();
        this.time = new LstmStack(NoteStateEncoding.NOTE_INPUTS, hp.timeLayerSizes(), hp.residualConnections(), seed,
                dtype);
        this.note = new LstmStack(time.outputSize() + 2, hp.noteLayerSizes(), hp.residualConnections(),
                seed * 31 + 7, dtype);
        int top = note.outputSize();
        org.magentajava.model.Rng init = new org.magentajava.model.Rng(seed * 131 + 17);
        double limit = Math.sqrt(6.0 / (top + 2));
        double[] w = new double[top * 2];
        for (int i = 0; i < w.length; i++) w[i] = (init.nextDouble() * 2 - 1) * limit;
        outW = Nd4j.create(w, new long[] {top, 2}, 'c').castTo(dtype);
        outB = Nd4j.create(dtype, 2);
        outWGrad = Nd4j.create(dtype, top, 2);
        outBGrad = Nd4j.create(dtype, 2);
    }

    public NoteStateEncoding encoding() {
        return encoding;
    }

    public BiaxialHParams hparams() {
        return hp;
    }

    LstmStack timeStack() {
        return time;
    }

    LstmStack noteStack() {
        return note;
    }

    /** The time-axis state after the last forward pass's final step ([B·K × size] per layer). */
    public void timeState(double[][] h, double[][] c) {
        time.finalState(h, c);
    }

    /** Zero time-axis state for windows of {@code batch} sequences. */
    public double[][] zeroTimeState(int batch) {
        return time.zeroState(batch * keys);
    }

    /** Every parameter under its name (time/…, note/…, output/…); writes go into the network. */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        time.parameters().forEach((k, v) -> out.put(TIME + k, v));
        note.parameters().forEach((k, v) -> out.put(NOTE + k, v));
        out.put(OUT_W, outW);
        out.put(OUT_B, outB);
        return out;
    }

    /** The gradients of the last {@link #backward}, same names. */
    public Map<String, INDArray> gradients() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        time.gradients().forEach((k, v) -> out.put(TIME + k, v));
        note.gradients().forEach((k, v) -> out.put(NOTE + k, v));
        out.put(OUT_W, outWGrad);
        out.put(OUT_B, outBGrad);
        return out;
    }

    /**
     * Forward over a window whose buffers hold {@code capacity >= window.steps()} steps, dropout keep probability
     * {@code keep}, time-axis state {@code h0}/{@code c0} ([B·K × size] per layer, null: zeros). With
     * {@code gradient}, keeps dLoss/dLogits for {@link #backward}, the loss being (play NLL + articulate NLL) /
     * {@code lossSteps}.
     */
    public Scores forward(Window w, int capacity, double keep, double[][] h0, double[][] c0, boolean gradient,
            long lossSteps) {
        if (w.steps() > capacity || w.steps() < 1) {
            throw new IllegalArgumentException("window of " + w.steps() + " steps in buffers of " + capacity);
        }
        this.window = w;
        this.capacity = capacity;
        int b = w.batch();
        int t = w.steps();
        int in = NoteStateEncoding.NOTE_INPUTS;
        int rec = encoding.recordInputSize();
        float[] features = new float[keys * in];
        float[] record = new float[rec];
        time.forward((row0, n, dst) -> {
            // rows (t*B + b)*K + key: one record step's K keys at a time
            int done = 0;
            while (done < n) {
                int row = row0 + done;
                int tb = row / keys;
                int key = row % keys;
                System.arraycopy(w.records(), tb * rec, record, 0, rec);
                encoding.noteInputs(record, 0, features, 0);
                int take = Math.min(n - done, keys - key);
                for (int i = 0; i < take * in; i++) dst[done * in + i] = features[key * in + i];
                done += take;
            }
        }, t, b * keys, keep, h0, c0);
        int ht = time.outputSize();
        int rowsPerKey = capacity * b;
        double[] timeRow = new double[ht];
        boolean[] y = w.targets();
        int k2 = 2 * keys;
        note.forward((row0, n, dst) -> {
            int width = ht + 2;
            for (int i = 0; i < n; i++) {
                int row = row0 + i;
                int key = row / rowsPerKey;
                int tb = row % rowsPerKey;
                int o = i * width;
                if (tb >= t * b) {
                    java.util.Arrays.fill(dst, o, o + width, 0);
                    continue;
                }
                time.output(tb * keys + key, 1, timeRow);
                System.arraycopy(timeRow, 0, dst, o, ht);
                boolean below = key > 0;
                dst[o + ht] = below && y[tb * k2 + key - 1] ? 1 : 0;
                dst[o + ht + 1] = below && y[tb * k2 + keys + key - 1] ? 1 : 0;
            }
        }, keys, rowsPerKey, keep, null, null);
        return score(gradient, lossSteps);
    }

    /** Logits of every valid (step, sequence, key), then the losses and, with {@code gradient}, dLoss/dLogits. */
    private Scores score(boolean gradient, long lossSteps) {
        Window w = window;
        int b = w.batch();
        int t = w.steps();
        int hn = note.outputSize();
        int rowsPerKey = capacity * b;
        int rows = keys * rowsPerKey;
        double[] wv = outW.castTo(DataType.DOUBLE).data().asDouble();
        double[] bv = outB.castTo(DataType.DOUBLE).data().asDouble();
        if (logits == null || logits.length < rows * 2) {
            logits = new double[rows * 2];
        }
        double[] chunk = new double[64 * hn];
        for (int r = 0; r < rows; r += 64) {
            int n = Math.min(64, rows - r);
            note.output(r, n, chunk);
            for (int i = 0; i < n; i++) {
                double z0 = bv[0];
                double z1 = bv[1];
                for (int j = 0; j < hn; j++) {
                    double h = chunk[i * hn + j];
                    z0 += h * wv[j * 2];
                    z1 += h * wv[j * 2 + 1];
                }
                logits[(r + i) * 2] = z0;
                logits[(r + i) * 2 + 1] = z1;
            }
        }
        if (gradient) {
            if (dz == null || dz.length < rows * 2) dz = new double[rows * 2];
            java.util.Arrays.fill(dz, 0, rows * 2, 0);
        }
        boolean[] y = w.targets();
        int k2 = 2 * keys;
        double play = 0;
        double art = 0;
        long steps = 0;
        FrameCounts counts = new FrameCounts();
        double scale = lossSteps > 0 ? 1.0 / lossSteps : 0;
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < b; i++) {
                if (s >= w.lengths()[i]) continue;
                steps++;
                int tb = s * b + i;
                for (int key = 0; key < keys; key++) {
                    int r = key * rowsPerKey + tb;
                    double zp = logits[r * 2];
                    boolean yp = y[tb * k2 + key];
                    play += Act.softplus(zp) - (yp ? zp : 0);
                    counts.key(zp >= 0, yp);
                    if (gradient) dz[r * 2] = (sigmoid(zp) - (yp ? 1 : 0)) * scale;
                    if (yp) {
                        double za = logits[r * 2 + 1];
                        boolean ya = y[tb * k2 + keys + key];
                        art += Act.softplus(za) - (ya ? za : 0);
                        if (gradient) dz[r * 2 + 1] = (sigmoid(za) - (ya ? 1 : 0)) * scale;
                    }
                }
                counts.endStep();
            }
        }
        return new Scores(play, art, steps, counts.exact(), counts.sounding(), counts.soundingExact(),
                counts.truePositives(), counts.falsePositives(), counts.falseNegatives());
    }

    /** Gradients of the last {@code forward(..., gradient=true, ...)} into {@link #gradients()}. */
    public void backward() {
        int b = window.batch();
        int hn = note.outputSize();
        int rows = keys * capacity * b;
        double[] wv = outW.castTo(DataType.DOUBLE).data().asDouble();
        double[] gw = new double[hn * 2];
        double[] gb = new double[2];
        double[] chunk = new double[64 * hn];
        for (int r = 0; r < rows; r += 64) {
            int n = Math.min(64, rows - r);
            note.output(r, n, chunk);
            for (int i = 0; i < n; i++) {
                double d0 = dz[(r + i) * 2];
                double d1 = dz[(r + i) * 2 + 1];
                if (d0 == 0 && d1 == 0) continue;
                gb[0] += d0;
                gb[1] += d1;
                for (int j = 0; j < hn; j++) {
                    gw[j * 2] += chunk[i * hn + j] * d0;
                    gw[j * 2 + 1] += chunk[i * hn + j] * d1;
                }
            }
        }
        outWGrad.assign(Nd4j.create(gw, new long[] {hn, 2}, 'c').castTo(outWGrad.dataType()));
        outBGrad.assign(Nd4j.create(gb, new long[] {2}, 'c').castTo(outBGrad.dataType()));
        note.backward((row0, n, dst) -> {
            for (int i = 0; i < n; i++) {
                double d0 = dz[(row0 + i) * 2];
                double d1 = dz[(row0 + i) * 2 + 1];
                for (int j = 0; j < hn; j++) dst[i * hn + j] = d0 * wv[j * 2] + d1 * wv[j * 2 + 1];
            }
        }, true);
        int ht = time.outputSize();
        int rowsPerKey = capacity * b;
        double[] noteRow = new double[ht + 2];
        time.backward((row0, n, dst) -> {
            for (int i = 0; i < n; i++) {
                int row = row0 + i;
                int tb = row / keys;
                int key = row % keys;
                note.inputGradient(key * rowsPerKey + tb, 1, noteRow);
                System.arraycopy(noteRow, 0, dst, i * ht, ht);
            }
        }, false);
    }

    static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
