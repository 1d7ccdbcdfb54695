package org.magentajava.model;

import static org.magentajava.model.LstmNetwork.bigGemm;
import static org.magentajava.model.LstmNetwork.fillRows;
import static org.magentajava.model.LstmNetwork.gemm;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * TensorFlow's AttentionCellWrapper around the whole MultiRNNCell ({@link AttentionWrap#WHOLE_STACK}), forward
 * only. Per step: x' = [x, a_prev]·W1 + b1 feeds the stack; the query is every layer's new state in
 * MultiRNNCell's flattened order [c0, h0, c1, h1, ...]; the window holds the wrapper's last attn_length outputs
 * out = [h_top, a]·W2 + b2, and out (not h_top) is what the softmax layer reads. Attention size = the top
 * layer's size, as the wrapper defaults it to the cell's output size.
 *
 * <p>Unlike layer-0 attention the layers cannot run one after another over all steps (step t's input needs
 * step t-1's top output), so the time loop is outermost and each layer does one step inside it.
 */
final class StackAttention {
    static final String SCOPE = "rnn/attention_cell_wrapper/";

    /** The network's input width, which the wrapper projects [x, a] back to for layer 0. */
    final int inputSize;
    /** The attention size: the top layer's. */
    final int a;
    /** attn_length: window entries. */
    final int len;
    private final boolean exact;
    private final Layer[] layers;
    /** The widest layer: the size of the cells' scratch rows. */
    private final int maxH;
    private final Buf b1;
    private final INDArray w1x;
    private final INDArray w1a;
    private final INDArray attnW;
    private final Buf attnV;
    private final INDArray[] w3c;
    private final INDArray[] w3h;
    private final Buf b3;
    private final INDArray w2h;
    private final INDArray w2a;
    private final Buf b2;

    /** Creates the wrapper's parameters under {@link #SCOPE} around {@code layers}, which already exist. */
    StackAttention(LstmNetwork net, Layer[] layers, int inputSize, int len, Rng init) {
        this.layers = layers;
        this.inputSize = inputSize;
        this.len = len;
        this.exact = net.exact();
        Layer top = layers[layers.length - 1];
        a = top.h;
        int widest = 0;
        for (Layer l : layers) widest = Math.max(widest, l.h);
        maxH = widest;
        int n = inputSize;
        Buf w1 = net.add(SCOPE + "kernel", n + a, n, init, true);
        b1 = net.add(SCOPE + "bias", 1, n, init, false);
        w1x = w1.rows(0, n);
        w1a = w1.rows(n, a);
        attnW = net.add(SCOPE + "attention/attn_w", new long[] {1, 1, a, a}, a, a, init, true).rows(0, a);
        attnV = net.add(SCOPE + "attention/attn_v", new long[] {a}, a, a, init, true);
        int query = 0;
        for (Layer l : layers) query += 2 * l.h;
        Buf w3 = net.add(SCOPE + "attention/kernel", query, a, init, true);
        b3 = net.add(SCOPE + "attention/bias", 1, a, init, false);
        w3c = new INDArray[layers.length];
        w3h = new INDArray[layers.length];
        int row = 0;
        for (Layer l : layers) {
            w3c[l.index] = w3.rows(row, l.h);
            w3h[l.index] = w3.rows(row + l.h, l.h);
            row += 2 * l.h;
        }
        Buf w2 = net.add(SCOPE + "attn_output_projection/kernel", top.h + a, a, init, true);
        b2 = net.add(SCOPE + "attn_output_projection/bias", 1, a, init, false);
        w2h = w2.rows(0, top.h);
        w2a = w2.rows(top.h, a);
    }

    /**
     * Runs {@code t} steps from the state already in the workspace (block 0 of every layer's c and hs, the
     * wrapper's a and first attn_length window blocks) and returns the wrapper's outputs, [t*batch, a].
     */
    INDArray forward(Workspace w, int t) {
        Ws sw = w.stack;
        int bs = w.batch;
        int rows = t * bs;
        fillRows(sw.xw, 0, rows, b1);
        bigGemm(w.x0.rows(0, rows), w1x, sw.xw.rows(0, rows), false, false, 1);
        // grown before the halves start; the attention loops use them at one width, a, so the halves' rows
        // never overlap (the cells use the halves' own arrays: their widths differ by layer)
        w.scratch(4, bs * a);
        w.scratch(6, bs * a);
        if (!exact) {
            w.floats(0, bs * a);
            w.floats(1, bs * a);
        }
        double[] v = exact ? Layer.doubles(attnV) : null;
        float[] vf = exact ? null : Layer.floats(attnV);
        Workspace.LayerWs[] lws = w.layers;
        Workspace.LayerWs topWs = lws[layers.length - 1];
        Parallel.forRows(bs, (chunk, lo, hi) -> {
            int m = hi - lo;
            double[][] cell = sw.cellScratch(chunk, bs, maxH);
            for (int s = 0; s < t; s++) {
                int r = s * bs + lo;
                int next = r + bs;                 // block s+1 of the state buffers: this step's states
                int out = (s + len) * bs + lo;
                INDArray xin = sw.xw.rows(r, m);
                gemm(sw.as.rows(r, m), w1a, xin, false, false, 1);
                for (Layer layer : layers) {
                    Workspace.LayerWs lw = lws[layer.index];
                    INDArray in = layer.index == 0 ? xin : lws[layer.index - 1].hs.rows(next, m);
                    fillRows(lw.z, r, m, layer.b);
                    gemm(in, layer.kx, lw.z.rows(r, m), false, false, 1);
                    gemm(lw.hs.rows(r, m), layer.kh, lw.z.rows(r, m), false, false, 1);
                    layer.cellForward(lw, s, bs, lo, hi, cell[0], cell[1], cell[2], cell[3]);
                }
                fillRows(sw.yq, r, m, b3);
                for (Layer layer : layers) {
                    Workspace.LayerWs lw = lws[layer.index];
                    gemm(lw.c.rows(next, m), w3c[layer.index], sw.yq.rows(r, m), false, false, 1);
                    gemm(lw.hs.rows(next, m), w3h[layer.index], sw.yq.rows(r, m), false, false, 1);
                }
                if (exact) Layer.attendWindow(sw.histH, sw.projH, sw.yq, sw.alphaH, sw.as, a, len, w, s, bs, lo, hi, v);
                else Layer.attendWindowF(sw.histF, sw.projF, sw.yq, sw.alphaF, sw.as, a, len, w, s, bs, lo, hi, vf);
                fillRows(sw.outPad, out, m, b2);
                gemm(topWs.hs.rows(next, m), w2h, sw.outPad.rows(out, m), false, false, 1);
                gemm(sw.as.rows(next, m), w2a, sw.outPad.rows(out, m), false, false, 1);
                gemm(sw.outPad.rows(out, m), attnW, sw.pPad.rows(out, m), false, false, 0);
                sw.mirror(out * a, m * a);
            }
        });
        return sw.outPad.rows(len * bs, rows);
    }

    /** Puts {@code s} (null: the zero state) into the workspace's wrapper buffers. */
    void loadState(Workspace w, State s) {
        Ws sw = w.stack;
        int b = w.batch;
        int win = len * b * a;
        if (s == null) {
            sw.as.fill(0, b * a, 0);
            sw.outPad.fill(0, win, 0);
            sw.pPad.fill(0, win, 0);
        } else {
            sw.as.copyFrom(s.attn, 0, 0, b * a);
            sw.outPad.copyFrom(s.window, 0, 0, win);
            sw.pPad.copyFrom(s.windowProj, 0, 0, win);
        }
        sw.mirror(0, win);
    }

    /** Copies the wrapper's state after the workspace's single step into {@code s}. */
    void saveState(Workspace w, State s) {
        Ws sw = w.stack;
        int b = w.batch;
        s.attn.copyFrom(sw.as, b * a, 0, b * a);
        s.window.copyFrom(sw.outPad, b * a, 0, len * b * a);
        s.windowProj.copyFrom(sw.pPad, b * a, 0, len * b * a);
    }

    /** The wrapper's buffers for one batch size and up to {@code cap} steps; layout as {@link Workspace.LayerWs}'s. */
    static final class Ws {
        final Buf xw;
        final Buf as;
        final Buf yq;
        final Buf outPad;
        final Buf pPad;
        // heap mirrors of outPad and pPad that the window loops read
        final double[] histH;
        final double[] projH;
        final double[] alphaH;
        final float[] histF;
        final float[] projF;
        final float[] alphaF;

        Ws(StackAttention sa, DataType dt, int b, int cap) {
            int rows = cap * b;
            int a = sa.a;
            xw = Buf.zeros(dt, rows, sa.inputSize);
            as = Buf.zeros(dt, rows + b, a);
            yq = Buf.zeros(dt, rows, a);
            outPad = Buf.zeros(dt, rows + sa.len * b, a);
            pPad = Buf.zeros(dt, rows + sa.len * b, a);
            int padded = (rows + sa.len * b) * a;
            boolean dbl = dt == DataType.DOUBLE;
            histH = dbl ? new double[padded] : null;
            projH = dbl ? new double[padded] : null;
            alphaH = dbl ? new double[rows * sa.len] : null;
            histF = dbl ? null : new float[padded];
            projF = dbl ? null : new float[padded];
            alphaF = dbl ? null : new float[rows * sa.len];
        }

        /** Each batch half's LSTM cell scratch: gates [batch × 4h], c, tanh(c), h [batch × h] for the widest h. */
        private final double[][][] cellScratch = new double[2][][];

        double[][] cellScratch(int chunk, int b, int maxH) {
            double[][] s = cellScratch[chunk];
            if (s == null) {
                s = new double[][] {new double[b * 4 * maxH], new double[b * maxH], new double[b * maxH],
                        new double[b * maxH]};
                cellScratch[chunk] = s;
            }
            return s;
        }

        /** Copies outPad and pPad elements [off, off+n) into the heap mirrors. */
        void mirror(int off, int n) {
            if (histH != null) {
                outPad.read(off, histH, off, n);
                pPad.read(off, projH, off, n);
            } else {
                outPad.readFloats(off, histF, off, n);
                pPad.readFloats(off, projF, off, n);
            }
        }
    }
}
