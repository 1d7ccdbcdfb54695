package org.magentajava.model;

import java.util.Arrays;
import org.magentajava.model.layers.LstmLayer;
import org.magentajava.model.ops.Act;
import org.magentajava.model.ops.WindowKernel;

/**
 * The trained network for generation, one time step at a time, in plain Java float arrays: the same LSTM cells,
 * attention wrapper, residual connections and output layer as {@link LstmNetwork} computes them (gates and cell
 * state in double with Eigen's float tanh, attention through {@code ops.ScalarWindowKernel}), without ND4J. A batch-1
 * step is a few small matrix-vector products, for which starting the native tensor stack costs more than the whole
 * generation.
 *
 * <p>Products accumulate in float in a fixed order (bias, then input rows in index order), so a given state and
 * input give the same bits on every run and JIT tier; they differ from OpenBLAS's blocked sums in the last bits
 * only. Zero inputs (most of a one-hot encoding) are skipped, which changes no bit: weights are finite.
 *
 * <p>Immutable and safe to share; each {@link StepState} belongs to one caller.
 */
public final class InferenceNetwork {
    private final int inputSize;
    private final int numClasses;
    private final Head head;
    private final HParams hp;
    private final LayerWeights[] layers;
    private final float[] fcW;
    private final float[] fcB;

    /** One layer's weights, Magenta's layout (kernels row-major [inputs, outputs]). */
    private record LayerWeights(int in, int n, int h, int attnLength, boolean residual,
                                float[] wp, float[] bp,                // input projection [in, h] (residual mode)
                                float[] w1, float[] b1,                // attention input mix [n + h, n]
                                float[] k, float[] b,                  // LSTM [n + h, 4h], gates i, j, f, o
                                float[] attnW, float[] attnV,          // [h, h], [h]
                                float[] w3, float[] b3,                // attention query [2h, h]
                                float[] w2, float[] b2) {              // attention output [2h, h]
    }

    private InferenceNetwork(NetworkWeights w) {
        this.inputSize = w.inputSize();
        this.numClasses = w.numClasses();
        this.head = w.head();
        this.hp = w.hparams();
        int count = hp.rnnLayerSizes().size();
        layers = new LayerWeights[count];
        int in = inputSize;
        for (int i = 0; i < count; i++) {
            int h = hp.rnnLayerSizes().get(i);
            boolean projection = NetworkWeights.projection(hp, i);
            int n = projection ? h : in;
            int attn = i == 0 ? hp.attnLength() : 0;
            String p = "rnn/multi_rnn_cell/cell_" + i + "/";
            float[] wp = null;
            float[] bp = null;
            if (projection) {
                p += "input_projection_wrapper/";
                wp = w.weight(p + "kernel");
                bp = w.weight(p + "bias");
            }
            if (attn > 0) {
                p += "attention_cell_wrapper/";
                layers[i] = new LayerWeights(in, n, h, attn, hp.residualConnections(), wp, bp,
                        w.weight(p + "kernel"), w.weight(p + "bias"),
                        w.weight(p + "basic_lstm_cell/kernel"), w.weight(p + "basic_lstm_cell/bias"),
                        w.weight(p + "attention/attn_w"), w.weight(p + "attention/attn_v"),
                        w.weight(p + "attention/kernel"), w.weight(p + "attention/bias"),
                        w.weight(p + "attn_output_projection/kernel"), w.weight(p + "attn_output_projection/bias"));
            } else {
                layers[i] = new LayerWeights(in, n, h, 0, hp.residualConnections(), wp, bp, null, null,
                        w.weight(p + "basic_lstm_cell/kernel"), w.weight(p + "basic_lstm_cell/bias"),
                        null, null, null, null, null, null);
            }
            in = h;
        }
        fcW = w.weight("fully_connected/weights");
        fcB = w.weight("fully_connected/biases");
    }

    /** The network of {@code weights}, its values rounded to float if the file held doubles. */
    public static InferenceNetwork of(NetworkWeights weights) {
        if (weights.head() == Head.NADE) {
            throw new IllegalArgumentException("a NADE head samples on the training network");
        }
        if (weights.attentionWrap() != AttentionWrap.FIRST_LAYER) {
            // Magenta's pre-2017 layout runs its own forward pass (StackAttention), on the training network only
            throw new IllegalArgumentException("attention around the whole stack runs on the training network");
        }
        return new InferenceNetwork(weights);
    }

    public int inputSize() {
        return inputSize;
    }

    public int numClasses() {
        return numClasses;
    }

    public Head head() {
        return head;
    }

    public HParams hparams() {
        return hp;
    }

    /**
     * The recurrent state of a batch, Magenta's per layer (c, h; for the attention layer also the last attention
     * vector and the window of the last attn_length outputs, oldest first) plus the window's attention
     * projections, so that a step never recomputes history. Row r of every array belongs to sequence r.
     */
    public static final class StepState {
        final int batch;
        final float[][] c;       // per layer [batch * h]
        final float[][] h;
        final float[] attn;      // [batch * A]
        final float[] window;    // [batch * attnLength * A], each row's window oldest first
        final float[] windowProj;

        private StepState(int batch, float[][] c, float[][] h, float[] attn, float[] window, float[] windowProj) {
            this.batch = batch;
            this.c = c;
            this.h = h;
            this.attn = attn;
            this.window = window;
            this.windowProj = windowProj;
        }

        public int batch() {
            return batch;
        }
    }

    /** The zero state Magenta's generator starts from. */
    public StepState initialState(int batch) {
        float[][] c = new float[layers.length][];
        float[][] h = new float[layers.length][];
        for (int i = 0; i < layers.length; i++) {
            c[i] = new float[batch * layers[i].h];
            h[i] = new float[batch * layers[i].h];
        }
        LayerWeights l0 = layers[0];
        if (l0.attnLength == 0) return new StepState(batch, c, h, null, null, null);
        int win = batch * l0.attnLength * l0.h;
        return new StepState(batch, c, h, new float[batch * l0.h], new float[win], new float[win]);
    }

    /** A state whose row r is a copy of row {@code rows[r]} of {@code state}; rows may repeat. */
    public StepState selectRows(StepState state, int[] rows) {
        int n = rows.length;
        float[][] c = new float[layers.length][];
        float[][] h = new float[layers.length][];
        for (int l = 0; l < layers.length; l++) {
            c[l] = gather(state.c[l], rows, layers[l].h);
            h[l] = gather(state.h[l], rows, layers[l].h);
        }
        if (state.attn == null) return new StepState(n, c, h, null, null, null);
        int a = layers[0].h;
        int win = layers[0].attnLength * a;
        return new StepState(n, c, h, gather(state.attn, rows, a), gather(state.window, rows, win),
                gather(state.windowProj, rows, win));
    }

    private static float[] gather(float[] src, int[] rows, int width) {
        float[] dst = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) System.arraycopy(src, rows[r] * width, dst, r * width, width);
        return dst;
    }

    /**
     * Advances {@code state} in place by one step on {@code inputs} [batch][inputSize] and returns the logits
     * [batch][numClasses] (before any softmax or sigmoid).
     */
    public float[][] step(StepState state, float[][] inputs) {
        if (inputs.length != state.batch) {
            throw new IllegalArgumentException("step inputs must be [" + state.batch + ", " + inputSize + "]");
        }
        float[][] logits = new float[state.batch][];
        Scratch s = new Scratch();
        for (int r = 0; r < state.batch; r++) {
            float[] x = inputs[r];
            if (x.length != inputSize) {
                throw new IllegalArgumentException("input vector size " + x.length + " != " + inputSize);
            }
            for (int l = 0; l < layers.length; l++) x = layerStep(layers[l], l, state, r, x, s);
            float[] z = fcB.clone();
            axpyRows(x, fcW, numClasses, z);
            logits[r] = z;
        }
        return logits;
    }

    /** Per-step work arrays, sized on first use. */
    private static final class Scratch {
        float[] z = new float[0];
        float[] xw = new float[0];
        float[] q = new float[0];
        float[] ctx = new float[0];
        float[] alpha = new float[0];
        float[] tmp = new float[0];
    }

    /** One layer's step for batch row {@code r}; returns the layer's output (a new array). */
    private static float[] layerStep(LayerWeights lw, int l, StepState st, int r, float[] x, Scratch s) {
        int h = lw.h;
        float[] cellIn = x;
        if (lw.wp != null) {
            cellIn = lw.bp.clone();
            axpyRows(x, lw.wp, h, cellIn);
        }
        float[] c = st.c[l];
        float[] hs = st.h[l];
        int ro = r * h;
        if (s.z.length < 4 * h) s.z = new float[4 * h];
        float[] z = s.z;
        System.arraycopy(lw.b, 0, z, 0, 4 * h);
        float[] out;
        if (lw.attnLength == 0) {
            axpyRows(cellIn, 0, lw.n, lw.k, 0, 4 * h, z);
            axpyRows(hs, ro, h, lw.k, lw.n, 4 * h, z);
            cell(z, c, hs, ro, h);
            out = Arrays.copyOfRange(hs, ro, ro + h);
        } else {
            out = attentionStep(lw, st, r, cellIn, z, s);
        }
        if (lw.residual) {
            for (int j = 0; j < h; j++) out[j] += cellIn[j];
        }
        return out;
    }

    /** Magenta's AttentionCellWrapper around the LSTM of layer 0 (see {@code AttentionLstmLayer}). */
    private static float[] attentionStep(LayerWeights lw, StepState st, int r, float[] cellIn, float[] z, Scratch s) {
        int n = lw.n;
        int h = lw.h;
        int len = lw.attnLength;
        int ro = r * h;
        // x' = [x, a_prev]·W1 + b1
        if (s.xw.length < n) s.xw = new float[n];
        float[] xw = s.xw;
        System.arraycopy(lw.b1, 0, xw, 0, n);
        axpyRows(cellIn, 0, n, lw.w1, 0, n, xw);
        axpyRows(st.attn, ro, h, lw.w1, n, n, xw);
        // the LSTM on [x', h_prev]
        axpyRows(xw, 0, n, lw.k, 0, 4 * h, z);
        axpyRows(st.h[0], ro, h, lw.k, n, 4 * h, z);
        cell(z, st.c[0], st.h[0], ro, h);
        // query y = [c, h]·W3 + b3
        if (s.q.length < h) s.q = new float[h];
        float[] y = s.q;
        System.arraycopy(lw.b3, 0, y, 0, h);
        axpyRows(st.c[0], ro, h, lw.w3, 0, h, y);
        axpyRows(st.h[0], ro, h, lw.w3, h, h, y);
        // attention over the window of the last len outputs
        if (s.alpha.length < len) s.alpha = new float[len];
        if (s.tmp.length < WindowKernel.tmpSize(len)) s.tmp = new float[WindowKernel.tmpSize(len)];
        int w0 = r * len * h;
        if (s.ctx.length < h) s.ctx = new float[h];
        WINDOW.forward(new WindowKernel.Window(st.window, st.windowProj, h, len, s.alpha, 1, lw.attnV), w0, 0, y, 0,
                s.ctx, s.tmp);
        System.arraycopy(s.ctx, 0, st.attn, ro, h);
        // out = [h, a]·W2 + b2, then its attention features out·attn_w; both join the window as its newest entry
        float[] out = lw.b2.clone();
        axpyRows(st.h[0], ro, h, lw.w2, 0, h, out);
        axpyRows(st.attn, ro, h, lw.w2, h, h, out);
        float[] proj = new float[h];
        axpyRows(out, 0, h, lw.attnW, 0, h, proj);
        int last = w0 + (len - 1) * h;
        System.arraycopy(st.window, w0 + h, st.window, w0, (len - 1) * h);
        System.arraycopy(st.windowProj, w0 + h, st.windowProj, w0, (len - 1) * h);
        System.arraycopy(out, 0, st.window, last, h);
        System.arraycopy(proj, 0, st.windowProj, last, h);
        return out;
    }

    /**
     * The plain-loop attention kernel: the SIMD one needs C2 and the incubator module, which a short generation
     * run has neither of, and its lane-order sums would make the bits depend on the JIT tier.
     */
    private static final WindowKernel WINDOW = WindowKernel.scalar();

    /**
     * The LSTM cell on pre-activations z (gates i, j, f, o): c = c·σ(f + 1) + σ(i)·tanh(j), h = tanh(c)·σ(o),
     * in double with the training network's activations, stored as float.
     */
    private static void cell(float[] z, float[] c, float[] hs, int ro, int h) {
        for (int j = 0; j < h; j++) {
            double gi = Act.sigmoid(z[j], false);
            double gj = Act.tanh(z[h + j], false);
            double gf = Act.sigmoid(z[2 * h + j] + LstmLayer.FORGET_BIAS, false);
            double go = Act.sigmoid(z[3 * h + j], false);
            double cc = c[ro + j] * gf + gi * gj;
            c[ro + j] = (float) cc;
            hs[ro + j] = (float) (Act.tanh(cc, false) * go);
        }
    }

    /** acc += x · W for all of x (W row-major [x.length, cols]). */
    private static void axpyRows(float[] x, float[] w, int cols, float[] acc) {
        axpyRows(x, 0, x.length, w, 0, cols, acc);
    }

    /**
     * acc[0, cols) += Σ_i x[xo + i] · W[w0 + i][0, cols) for i in [0, rows), W row-major with {@code cols} columns
     * starting at row {@code w0}; rows whose input is zero are skipped.
     */
    private static void axpyRows(float[] x, int xo, int rows, float[] w, int w0, int cols, float[] acc) {
        for (int i = 0; i < rows; i++) {
            float xi = x[xo + i];
            if (xi == 0f) continue;
            int o = (w0 + i) * cols;
            // four columns per pass: short jobs run on C1, which does not unroll (each column's sum keeps its order)
            int j = 0;
            for (; j + 3 < cols; j += 4) {
                acc[j] += xi * w[o + j];
                acc[j + 1] += xi * w[o + j + 1];
                acc[j + 2] += xi * w[o + j + 2];
                acc[j + 3] += xi * w[o + j + 3];
            }
            for (; j < cols; j++) acc[j] += xi * w[o + j];
        }
    }

    /**
     * softmax(logits / temperature) in double, as {@link LstmNetwork#step} returns it (each output's
     * sigmoid(logit / temperature) for a {@link Head#SIGMOID} head).
     */
    public double[] probabilities(float[] logits, double temperature) {
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        double[] out = new double[logits.length];
        if (head == Head.SIGMOID) {
            for (int k = 0; k < out.length; k++) {
                double x = logits[k] / temperature;
                out[k] = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            }
            return out;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) max = Math.max(max, v / temperature);
        double sum = 0;
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.exp(logits[k] / temperature - max);
            sum += out[k];
        }
        for (int k = 0; k < out.length; k++) out[k] /= sum;
        return out;
    }
}
