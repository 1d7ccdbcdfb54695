package org.magentajava.model;

import static org.magentajava.model.LstmNetwork.bigGemm;
import static org.magentajava.model.LstmNetwork.colSum;
import static org.magentajava.model.LstmNetwork.fillRows;
import static org.magentajava.model.LstmNetwork.gemm;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of the stack: an optional input projection (InputProjectionWrapper, residual mode), a
 * BasicLSTMCell, optionally wrapped in Magenta's AttentionCellWrapper, an optional residual add and
 * output dropout. Holds the parameters (Magenta layout) and the per-step forward/backward math.
 */
final class Layer {
    static final double FORGET_BIAS = 1.0;

    final int index;
    final int inSize;
    final int cellInSize;
    final int h;
    final int attnLength;
    final boolean projection;
    final boolean residual;
    private final boolean exact;

    // LSTM kernel [n + h, 4h] (rows: input then h; columns: gates i, j, f, o) and bias [4h]
    final Buf k;
    final Buf b;
    final INDArray kx;
    final INDArray kh;
    private final INDArray kxGrad;
    private final INDArray khGrad;
    private final Buf bGrad;
    // input projection (residual mode)
    final Buf wp;
    final Buf bp;
    final Buf wpGrad;
    final Buf bpGrad;
    // attention: W1 [n + A, n], attn_w [1,1,A,A], attn_v [A], W3 [2h, A], W2 [h + A, A]
    private Buf b1;
    private Buf b1Grad;
    private INDArray w1x;
    private INDArray w1a;
    private INDArray w1xGrad;
    private INDArray w1aGrad;
    private INDArray attnW;
    private INDArray attnWGrad;
    private Buf attnV;
    private Buf attnVGrad;
    private INDArray w3c;
    private INDArray w3h;
    private INDArray w3cGrad;
    private INDArray w3hGrad;
    private Buf b3;
    private Buf b3Grad;
    private INDArray w2h;
    private INDArray w2a;
    private INDArray w2hGrad;
    private INDArray w2aGrad;
    private Buf b2;
    private Buf b2Grad;

    /**
     * @param stackScope the scope around the stack's {@code multi_rnn_cell}: {@code rnn/}, or
     *     {@code rnn/attention_cell_wrapper/} when attention wraps the whole stack ({@link AttentionWrap#WHOLE_STACK})
     */
    Layer(LstmNetwork net, String stackScope, int index, int inSize, int h, int attnLength, boolean projection,
          boolean residual, Rng init) {
        this.index = index;
        this.inSize = inSize;
        this.h = h;
        this.attnLength = attnLength;
        this.projection = projection;
        this.residual = residual;
        this.exact = net.exact();
        this.cellInSize = projection ? h : inSize;
        int n = cellInSize;
        String prefix = stackScope + "multi_rnn_cell/cell_" + index + "/";
        if (projection) {
            prefix += "input_projection_wrapper/";
            wp = net.add(prefix + "kernel", inSize, h, init, true);
            bp = net.add(prefix + "bias", 1, h, init, false);
            wpGrad = net.grads.get(prefix + "kernel");
            bpGrad = net.grads.get(prefix + "bias");
        } else {
            wp = bp = wpGrad = bpGrad = null;
        }
        if (attnLength > 0) {
            String a = prefix + "attention_cell_wrapper/";
            Buf w1 = net.add(a + "kernel", n + h, n, init, true);
            b1 = net.add(a + "bias", 1, n, init, false);
            w1x = w1.rows(0, n);
            w1a = w1.rows(n, h);
            Buf g1 = net.grads.get(a + "kernel");
            w1xGrad = g1.rows(0, n);
            w1aGrad = g1.rows(n, h);
            b1Grad = net.grads.get(a + "bias");
            prefix = a;
        }
        k = net.add(prefix + "basic_lstm_cell/kernel", n + h, 4 * h, init, true);
        b = net.add(prefix + "basic_lstm_cell/bias", 1, 4 * h, init, false);
        kx = k.rows(0, n);
        kh = k.rows(n, h);
        Buf kg = net.grads.get(prefix + "basic_lstm_cell/kernel");
        kxGrad = kg.rows(0, n);
        khGrad = kg.rows(n, h);
        bGrad = net.grads.get(prefix + "basic_lstm_cell/bias");
        if (attnLength > 0) {
            Buf aw = net.add(prefix + "attention/attn_w", new long[] {1, 1, h, h}, h, h, init, true);
            attnW = aw.rows(0, h);
            attnWGrad = net.grads.get(prefix + "attention/attn_w").rows(0, h);
            attnV = net.add(prefix + "attention/attn_v", new long[] {h}, h, h, init, true);
            attnVGrad = net.grads.get(prefix + "attention/attn_v");
            Buf w3 = net.add(prefix + "attention/kernel", 2 * h, h, init, true);
            b3 = net.add(prefix + "attention/bias", 1, h, init, false);
            w3c = w3.rows(0, h);
            w3h = w3.rows(h, h);
            Buf g3 = net.grads.get(prefix + "attention/kernel");
            w3cGrad = g3.rows(0, h);
            w3hGrad = g3.rows(h, h);
            b3Grad = net.grads.get(prefix + "attention/bias");
            Buf w2 = net.add(prefix + "attn_output_projection/kernel", 2 * h, h, init, true);
            b2 = net.add(prefix + "attn_output_projection/bias", 1, h, init, false);
            w2h = w2.rows(0, h);
            w2a = w2.rows(h, h);
            Buf g2 = net.grads.get(prefix + "attn_output_projection/kernel");
            w2hGrad = g2.rows(0, h);
            w2aGrad = g2.rows(h, h);
            b2Grad = net.grads.get(prefix + "attn_output_projection/bias");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Forward

    /**
     * Plain LSTM layer: all input projections in one GEMM, then one recurrent GEMM per step. The batch
     * rows are independent through time, so each half of the batch runs the whole time loop on its own
     * core (single-threaded GEMMs, no hand-off per step).
     */
    void lstmForward(Workspace.LayerWs lw, Workspace w, Buf cellIn, int t, int bs) {
        int rows = t * bs;
        fillRows(lw.z, 0, rows, b);
        bigGemm(cellIn.rows(0, rows), kx, lw.z.rows(0, rows), false, false, 1);
        reserveScratch(w, bs);
        Parallel.forRows(bs, (chunk, lo, hi) -> {
            for (int s = 0; s < t; s++) {
                gemm(lw.hs.rows(s * bs + lo, hi - lo), kh, lw.z.rows(s * bs + lo, hi - lo), false, false, 1);
                cellForward(lw, w, s, bs, lo, hi);
            }
        });
    }

    /** Grows the shared scratch arrays before a parallel loop; inside it the halves use disjoint rows of them. */
    private void reserveScratch(Workspace w, int bs) {
        w.scratch(2, bs * 4 * h);
        for (int slot : new int[] {3, 4, 5, 6, 7, 8, 9, 10, 11}) w.scratch(slot, bs * h);
        if (!exact && attnLength > 0) for (int slot = 0; slot < 4; slot++) w.floats(slot, bs * h);
    }

    /** LSTM with Magenta's AttentionCellWrapper (magenta/contrib/rnn.py), one step at a time, each batch half on its own core. */
    void attentionForward(Workspace.LayerWs lw, Workspace w, Buf cellIn, int t, int bs) {
        int rows = t * bs;
        int len = attnLength;
        fillRows(lw.xw, 0, rows, b1);
        bigGemm(cellIn.rows(0, rows), w1x, lw.xw.rows(0, rows), false, false, 1);
        reserveScratch(w, bs);
        double[] v = exact ? doubles(attnV) : null;
        float[] vf = exact ? null : floats(attnV);
        Parallel.forRows(bs, (chunk, lo, hi) -> {
            int m = hi - lo;
            for (int s = 0; s < t; s++) {
                int r = s * bs + lo;
                int out = (s + len) * bs + lo;
                INDArray xin = lw.xw.rows(r, m);
                gemm(lw.as.rows(r, m), w1a, xin, false, false, 1);          // x' = [x, a_prev]·W1 + b1
                fillRows(lw.z, r, m, b);
                gemm(xin, kx, lw.z.rows(r, m), false, false, 1);
                gemm(lw.hs.rows(r, m), kh, lw.z.rows(r, m), false, false, 1);
                cellForward(lw, w, s, bs, lo, hi);
                fillRows(lw.yq, r, m, b3);                                    // y = [c, h]·W3 + b3
                gemm(lw.c.rows(r + bs, m), w3c, lw.yq.rows(r, m), false, false, 1);
                gemm(lw.hs.rows(r + bs, m), w3h, lw.yq.rows(r, m), false, false, 1);
                if (exact) attend(lw, w, s, bs, lo, hi, v);
                else attendF(lw, w, s, bs, lo, hi, vf);
                fillRows(lw.outPad, out, m, b2);                              // out = [h, a]·W2 + b2
                gemm(lw.hs.rows(r + bs, m), w2h, lw.outPad.rows(out, m), false, false, 1);
                gemm(lw.as.rows(r + bs, m), w2a, lw.outPad.rows(out, m), false, false, 1);
                gemm(lw.outPad.rows(out, m), attnW, lw.pPad.rows(out, m), false, false, 0); // its attention features
                if (exact) {
                    lw.outPad.read(out * h, lw.histH, out * h, m * h);
                    lw.pPad.read(out * h, lw.projH, out * h, m * h);
                } else {
                    lw.outPad.readFloats(out * h, lw.histF, out * h, m * h);
                    lw.pPad.readFloats(out * h, lw.projF, out * h, m * h);
                }
            }
        });
    }

    /** c = c·σ(f+1) + σ(i)·tanh(j), h = tanh(c)·σ(o); stores activated gates over z. */
    private void cellForward(Workspace.LayerWs lw, Workspace w, int s, int bs, int lo, int hi) {
        int n = bs * h;
        cellForward(lw, s, bs, lo, hi, w.scratch(2, bs * 4 * h), w.scratch(3, n), w.scratch(4, n), w.scratch(5, n));
    }

    /**
     * cellForward on caller-owned scratch arrays (row i's gates at i·4h, its states at i·h). The shared
     * workspace slots are safe only while both batch halves are in the same layer: where they are not
     * ({@link StackAttention}), row offsets of layers of different widths overlap.
     */
    void cellForward(Workspace.LayerWs lw, int s, int bs, int lo, int hi, double[] z, double[] c, double[] tc,
                     double[] hh) {
        int g4 = 4 * h;
        int n = bs * h;
        int m = hi - lo;
        lw.z.read((s * bs + lo) * g4, z, lo * g4, m * g4);
        lw.c.read(s * n + lo * h, c, lo * h, m * h);
        {
            for (int i = lo; i < hi; i++) {
                int o = i * g4;
                Act.sigmoidInPlace(z, o, h, 0, exact);
                Act.tanhInPlace(z, o + h, h, exact);
                Act.sigmoidInPlace(z, o + 2 * h, h, FORGET_BIAS, exact);
                Act.sigmoidInPlace(z, o + 3 * h, h, 0, exact);
                int p = i * h;
                for (int j = 0; j < h; j++) {
                    double cc = c[p + j] * z[o + 2 * h + j] + z[o + j] * z[o + h + j];
                    c[p + j] = cc;
                    tc[p + j] = cc;
                }
                Act.tanhInPlace(tc, p, h, exact);
                for (int j = 0; j < h; j++) hh[p + j] = tc[p + j] * z[o + 3 * h + j];
            }
        }
        lw.z.write((s * bs + lo) * g4, z, lo * g4, m * g4);
        lw.c.write((s + 1) * n + lo * h, c, lo * h, m * h);
        lw.tc.write(s * n + lo * h, tc, lo * h, m * h);
        lw.hs.write((s + 1) * n + lo * h, hh, lo * h, m * h);
    }

    /** Additive attention over the window of the last attnLength outputs (zeros included, unmasked). */
    private void attend(Workspace.LayerWs lw, Workspace w, int s, int bs, int lo, int hi, double[] v) {
        attendWindow(lw.histH, lw.projH, lw.yq, lw.alphaH, lw.as, h, attnLength, w, s, bs, lo, hi, v);
    }

    /**
     * attend() over any padded history: step s's window is blocks s .. s+len-1 of {@code hist} (rows of width
     * {@code a}, time-major), its query row is in {@code yq}, and the context goes to block s+1 of {@code as}.
     * Shared with {@link StackAttention}, whose window holds the whole stack's outputs.
     */
    static void attendWindow(double[] hist, double[] proj, Buf yq, double[] alpha, Buf as, int a, int len, Workspace w,
                             int s, int bs, int lo, int hi, double[] v) {
        int base = s * bs * a;   // window = blocks s .. s+len-1 of the padded history
        double[] y = w.scratch(4, bs * a);
        double[] ctx = w.scratch(6, bs * a);
        int aBase = s * len * bs;
        yq.read((s * bs + lo) * a, y, lo * a, (hi - lo) * a);
        {
            double[] t = new double[a];
            for (int i = lo; i < hi; i++) {
                int q = i * a;
                for (int kk = 0; kk < len; kk++) {
                    int o = (kk * bs + i) * a;
                    int p = base + o;
                    // separate simple loops so the JIT can vectorise them; the dot product uses 4 accumulators
                    for (int j = 0; j < a; j++) t[j] = proj[p + j] + y[q + j];
                    for (int j = 0; j < a; j++) t[j] = Math.tanh(t[j]);
                    alpha[aBase + kk * bs + i] = dot(v, 0, t, 0, a);
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int kk = 0; kk < len; kk++) max = Math.max(max, alpha[aBase + kk * bs + i]);
                double sum = 0;
                for (int kk = 0; kk < len; kk++) {
                    double ex = Math.exp(alpha[aBase + kk * bs + i] - max);
                    alpha[aBase + kk * bs + i] = ex;
                    sum += ex;
                }
                java.util.Arrays.fill(ctx, q, q + a, 0);
                for (int kk = 0; kk < len; kk++) {
                    double al = alpha[aBase + kk * bs + i] / sum;
                    alpha[aBase + kk * bs + i] = al;
                    int o = base + (kk * bs + i) * a;
                    for (int j = 0; j < a; j++) ctx[q + j] += al * hist[o + j];
                }
            }
        }
        as.write(((s + 1) * bs + lo) * a, ctx, lo * a, (hi - lo) * a);
    }

    /** attend() for float networks, through {@link WindowKernel}. */
    private void attendF(Workspace.LayerWs lw, Workspace w, int s, int bs, int lo, int hi, float[] v) {
        attendWindowF(lw.histF, lw.projF, lw.yq, lw.alphaF, lw.as, h, attnLength, w, s, bs, lo, hi, v);
    }

    /** {@link #attendWindow} for float networks. */
    static void attendWindowF(float[] hist, float[] proj, Buf yq, float[] alpha, Buf as, int a, int len, Workspace w,
                              int s, int bs, int lo, int hi, float[] v) {
        int m = hi - lo;
        float[] y = w.floats(0, bs * a);
        float[] ctx = w.floats(1, bs * a);
        float[] tmp = new float[WindowKernel.tmpSize(len)];
        yq.readFloats((s * bs + lo) * a, y, lo * a, m * a);
        for (int i = lo; i < hi; i++) {
            WindowKernel.FLOAT.forward(hist, proj, (s * bs + i) * a, bs * a, len, y, i * a, v, a,
                    alpha, s * len * bs + i, bs, ctx, tmp);
        }
        as.writeFloats(((s + 1) * bs + lo) * a, ctx, lo * a, m * a);
    }

    /** Elements per pass of the output loops: whole-sequence double copies would cost 67 MB each at 512 x 128 x 128. */
    private static final int OUTPUT_CHUNK = 1 << 16;
    /** Below 2 x 256 mask words (32K elements, e.g. a generation step) a hand-off to the helper costs more than it saves. */
    private static final int OUTPUT_MIN_WORDS = 256;

    /**
     * y = (residual ? cell input + cell output : cell output), then dropout. The dropout mask is kept as one
     * bit per element (the kept ones are scaled by 1/keep) for the backward pass. Both cores work on it, each
     * on whole 64-element mask words, drawing exactly the values one thread would (Rng.doubleAt).
     */
    void outputForward(Workspace.LayerWs lw, Workspace w, Buf cellIn, int t, int bs, double keep, Rng rng) {
        int n = t * bs * h;
        Buf out = attnLength > 0 ? lw.outPad : lw.hs;
        int off = (attnLength > 0 ? attnLength : 1) * bs * h;
        lw.masked = keep < 1.0;
        lw.dropScale = 1.0 / keep;
        double scale = lw.dropScale;
        long[] bits = lw.masked ? lw.keepBits(n) : null;
        long start = rng.state();
        reserveOutputScratch(w, n);
        Parallel.forRows((n + 63) >>> 6, OUTPUT_MIN_WORDS, (chunk, lo, hi) -> {
            double[] y = w.scratch(outputSlot(chunk, 0), Math.min(n, OUTPUT_CHUNK));
            double[] x = residual ? w.scratch(outputSlot(chunk, 1), Math.min(n, OUTPUT_CHUNK)) : null;
            int end = Math.min(n, hi << 6);
            for (int c0 = lo << 6; c0 < end; c0 += OUTPUT_CHUNK) {
                int len = Math.min(OUTPUT_CHUNK, end - c0);
                out.read(off + c0, y, 0, len);
                if (residual) {
                    cellIn.read(c0, x, 0, len);
                    for (int i = 0; i < len; i++) y[i] += x[i];
                }
                if (bits != null) {
                    for (int i = 0; i < len; i++) {
                        int g = c0 + i;
                        boolean kept = Rng.doubleAt(start, g) < keep;
                        if (kept) bits[g >>> 6] |= 1L << g;
                        else bits[g >>> 6] &= ~(1L << g);
                        y[i] *= kept ? scale : 0.0;
                    }
                }
                lw.y.write(c0, y, 0, len);
            }
        });
        if (bits != null) rng.skip(n);
    }

    /** Scratch slots of the output loops: 0 and 1 for the first half, 12 and 13 for the helper's. */
    private static int outputSlot(int chunk, int k) {
        return chunk == 0 ? k : 12 + k;
    }

    private static void reserveOutputScratch(Workspace w, int n) {
        for (int slot : new int[] {0, 1, 12, 13}) w.scratch(slot, Math.min(n, OUTPUT_CHUNK));
    }

    // ------------------------------------------------------------------------------------------------
    // Backward

    /** Through dropout (dy *= mask) and, for residual layers, seeds dCellIn with dy. */
    void outputBackward(Workspace.LayerWs lw, Workspace w, int t, int bs) {
        int n = t * bs * h;
        if (lw.masked) {
            long[] bits = lw.keepBits(n);
            double scale = lw.dropScale;
            reserveOutputScratch(w, n);
            Parallel.forRows((n + 63) >>> 6, OUTPUT_MIN_WORDS, (chunk, lo, hi) -> {
                double[] d = w.scratch(outputSlot(chunk, 0), Math.min(n, OUTPUT_CHUNK));
                int end = Math.min(n, hi << 6);
                for (int c0 = lo << 6; c0 < end; c0 += OUTPUT_CHUNK) {
                    int len = Math.min(OUTPUT_CHUNK, end - c0);
                    lw.dy.read(c0, d, 0, len);
                    for (int i = 0; i < len; i++) {
                        int g = c0 + i;
                        d[i] *= (bits[g >>> 6] & (1L << g)) != 0 ? scale : 0.0;
                    }
                    lw.dy.write(c0, d, 0, len);
                }
            });
        }
        if (residual) lw.dCellIn.copyFrom(lw.dy, 0, 0, n);
    }

    void lstmBackward(Workspace.LayerWs lw, Workspace w, int t, int bs) {
        int rows = t * bs;
        int n = bs * h;
        java.util.Arrays.fill(lw.dcNext, 0);
        lw.dhrec.fill(0, n, 0);
        reserveScratch(w, bs);
        double[] dh = w.scratch(9, n);
        double[] tmp = w.scratch(10, n);
        Parallel.forRows(bs, (chunk, lo, hi) -> {
            int m = hi - lo;
            for (int s = t - 1; s >= 0; s--) {
                lw.dy.read((s * bs + lo) * h, dh, lo * h, m * h);
                lw.dhrec.read(lo * h, tmp, lo * h, m * h);
                for (int i = lo * h; i < hi * h; i++) dh[i] += tmp[i];
                cellBackward(lw, w, s, bs, lo, hi, dh, null);
                gemm(lw.z.rows(s * bs + lo, m), kh, lw.dhrec.rows(lo, m), false, true, 0);
            }
        });
        INDArray dz = lw.z.rows(0, rows);
        bigGemm(lw.cellIn.rows(0, rows), dz, kxGrad, true, false, 0);
        bigGemm(lw.hs.rows(0, rows), dz, khGrad, true, false, 0);
        colSum(w, lw.z, rows, bGrad);
        if (lw.dCellIn != null) bigGemm(dz, kx, lw.dCellIn.rows(0, rows), false, true, residual ? 1 : 0);
    }

    /** Backward through time for the attention-wrapped LSTM; weight gradients are batched after the loop. */
    void attentionBackward(Workspace.LayerWs lw, Workspace w, int t, int bs) {
        int rows = t * bs;
        int n = bs * h;
        int len = attnLength;
        java.util.Arrays.fill(lw.dcNext, 0);
        java.util.Arrays.fill(lw.dvAcc, 0);
        java.util.Arrays.fill(lw.dvAcc2, 0);
        lw.dhrec.fill(0, n, 0);
        if (exact) {
            java.util.Arrays.fill(lw.dHistH, 0, (rows + len * bs) * h, 0);
            java.util.Arrays.fill(lw.dProjH, 0, (rows + len * bs) * h, 0);
        } else {
            java.util.Arrays.fill(lw.dHistF, 0, (rows + len * bs) * h, 0);
            java.util.Arrays.fill(lw.dProjF, 0, (rows + len * bs) * h, 0);
        }
        lw.dAs.fill(0, (rows + bs) * h, 0);
        reserveScratch(w, bs);
        double[] dh = w.scratch(9, n);
        double[] tmp = w.scratch(10, n);
        double[] dcq = w.scratch(11, n);
        double[] v = exact ? doubles(attnV) : null;
        float[] vf = exact ? null : floats(attnV);
        Parallel.forRows(bs, (chunk, lo, hi) -> {
            int m = hi - lo;
            int p0 = lo * h;
            int p1 = hi * h;
            for (int s = t - 1; s >= 0; s--) {
                int r = s * bs + lo;
                int out = (s + len) * bs + lo;
                int ob = (s + len) * bs * h; // the step's block in the window arrays; this half's rows are p0..p1 of it
                // dOut_t = (from the layer above) + (as a window value, accumulated) + dP_t·attn_w^T
                lw.dy.read(r * h, dh, p0, m * h);
                if (exact) {
                    for (int i = p0; i < p1; i++) tmp[i] = dh[i] + lw.dHistH[ob + i];
                    lw.dPPad.write(out * h, lw.dProjH, out * h, m * h);
                } else {
                    for (int i = p0; i < p1; i++) tmp[i] = dh[i] + lw.dHistF[ob + i];
                    lw.dPPad.writeFloats(out * h, lw.dProjF, out * h, m * h);
                }
                lw.dOutPad.write(out * h, tmp, p0, m * h);
                INDArray dOut = lw.dOutPad.rows(out, m);
                gemm(lw.dPPad.rows(out, m), attnW, dOut, false, true, 1);
                gemm(dOut, w2h, lw.dh.rows(lo, m), false, true, 0);
                gemm(dOut, w2a, lw.dAs.rows(r + bs, m), false, true, 1);
                if (exact) attendBackward(lw, w, s, bs, lo, hi, chunk, v);
                else attendBackwardF(lw, w, s, bs, lo, hi, chunk, vf);
                gemm(lw.dYq.rows(r, m), w3c, lw.dcq.rows(lo, m), false, true, 0);
                gemm(lw.dYq.rows(r, m), w3h, lw.dh.rows(lo, m), false, true, 1);
                lw.dh.read(p0, dh, p0, m * h);
                lw.dhrec.read(p0, tmp, p0, m * h);
                for (int i = p0; i < p1; i++) dh[i] += tmp[i];
                lw.dcq.read(p0, dcq, p0, m * h);
                cellBackward(lw, w, s, bs, lo, hi, dh, dcq);
                INDArray dz = lw.z.rows(r, m);
                gemm(dz, kx, lw.dXin.rows(r, m), false, true, 0);
                gemm(dz, kh, lw.dhrec.rows(lo, m), false, true, 0);
                gemm(lw.dXin.rows(r, m), w1a, lw.dAs.rows(r, m), false, true, 1);
            }
        });
        INDArray dz = lw.z.rows(0, rows);
        bigGemm(lw.xw.rows(0, rows), dz, kxGrad, true, false, 0);
        bigGemm(lw.hs.rows(0, rows), dz, khGrad, true, false, 0);
        colSum(w, lw.z, rows, bGrad);
        INDArray dXin = lw.dXin.rows(0, rows);
        bigGemm(lw.cellIn.rows(0, rows), dXin, w1xGrad, true, false, 0);
        bigGemm(lw.as.rows(0, rows), dXin, w1aGrad, true, false, 0);
        colSum(w, lw.dXin, rows, b1Grad);
        INDArray dYq = lw.dYq.rows(0, rows);
        bigGemm(lw.c.rows(bs, rows), dYq, w3cGrad, true, false, 0);
        bigGemm(lw.hs.rows(bs, rows), dYq, w3hGrad, true, false, 0);
        colSum(w, lw.dYq, rows, b3Grad);
        INDArray dOut = lw.dOutPad.rows(len * bs, rows);
        bigGemm(lw.hs.rows(bs, rows), dOut, w2hGrad, true, false, 0);
        bigGemm(lw.as.rows(bs, rows), dOut, w2aGrad, true, false, 0);
        colSumRows(w, lw.dOutPad, len * bs, rows, b2Grad);
        bigGemm(lw.outPad.rows(len * bs, rows), lw.dPPad.rows(len * bs, rows), attnWGrad, true, false, 0);
        for (int j = 0; j < h; j++) lw.dvAcc[j] += lw.dvAcc2[j];
        attnVGrad.write(0, lw.dvAcc, 0, h);
        if (lw.dCellIn != null) bigGemm(dXin, w1x, lw.dCellIn.rows(0, rows), false, true, residual ? 1 : 0);
    }

    /** LSTM cell backward for step s: overwrites the stored gates with dL/dz; lw.dcNext carries dL/dc. */
    private void cellBackward(Workspace.LayerWs lw, Workspace w, int s, int bs, int lo, int hi, double[] dh, double[] dcExtra) {
        int g4 = 4 * h;
        int n = bs * h;
        int m = hi - lo;
        double[] z = w.scratch(2, bs * g4);
        double[] cp = w.scratch(3, n);
        double[] tc = w.scratch(4, n);
        double[] dc = lw.dcNext;
        lw.z.read((s * bs + lo) * g4, z, lo * g4, m * g4);
        lw.c.read(s * n + lo * h, cp, lo * h, m * h);
        lw.tc.read(s * n + lo * h, tc, lo * h, m * h);
        {
            for (int i = lo; i < hi; i++) {
                int o = i * g4;
                int p = i * h;
                for (int j = 0; j < h; j++) {
                    double gi = z[o + j];
                    double gj = z[o + h + j];
                    double gf = z[o + 2 * h + j];
                    double go = z[o + 3 * h + j];
                    double dhv = dh[p + j];
                    double tcv = tc[p + j];
                    double dcv = dc[p + j] + dhv * go * (1 - tcv * tcv);
                    if (dcExtra != null) dcv += dcExtra[p + j];
                    z[o + j] = dcv * gj * gi * (1 - gi);
                    z[o + h + j] = dcv * gi * (1 - gj * gj);
                    z[o + 2 * h + j] = dcv * cp[p + j] * gf * (1 - gf);
                    z[o + 3 * h + j] = dhv * tcv * go * (1 - go);
                    dc[p + j] = dcv * gf;
                }
            }
        }
        lw.z.write((s * bs + lo) * g4, z, lo * g4, m * g4);
    }

    /** Backward of attend() for step s: accumulates into the heap window gradients. */
    private void attendBackward(Workspace.LayerWs lw, Workspace w, int s, int bs, int lo, int hi, int chunk, double[] v) {
        int a = h;
        int len = attnLength;
        int base = s * bs * a;
        int aBase = s * len * bs;
        double[] hist = lw.histH;
        double[] proj = lw.projH;
        double[] dHist = lw.dHistH;
        double[] dP = lw.dProjH;
        double[] alpha = lw.alphaH;
        double[] da = w.scratch(7, bs * a);
        double[] dy = w.scratch(8, bs * a);
        double[] y = w.scratch(4, bs * a);
        int m = hi - lo;
        lw.yq.read((s * bs + lo) * a, y, lo * a, m * a);
        lw.dAs.read(((s + 1) * bs + lo) * a, da, lo * a, m * a);
        java.util.Arrays.fill(dy, lo * a, hi * a, 0);
        {
            double[] dv = chunk == 0 ? lw.dvAcc : lw.dvAcc2;
            double[] dal = new double[len];
            double[] ev = new double[a];
            for (int i = lo; i < hi; i++) {
                int q = i * a;
                double dot = 0;
                for (int kk = 0; kk < len; kk++) {
                    int o = base + (kk * bs + i) * a;
                    double al = alpha[aBase + kk * bs + i];
                    double d = dot(hist, o, da, q, a);
                    for (int j = 0; j < a; j++) dHist[o + j] += al * da[q + j];
                    dal[kk] = d;
                    dot += al * d;
                }
                for (int kk = 0; kk < len; kk++) {
                    int o = (kk * bs + i) * a;
                    double ds = alpha[aBase + kk * bs + i] * (dal[kk] - dot);
                    int po = base + o;
                    // recompute tanh(features + y) rather than store it: saves T x 2.6 MB at Magenta's shapes
                    for (int j = 0; j < a; j++) ev[j] = Math.tanh(proj[po + j] + y[q + j]);
                    for (int j = 0; j < a; j++) {
                        double e = ev[j];
                        dv[j] += ds * e;
                        double dpre = ds * v[j] * (1 - e * e);
                        dP[po + j] += dpre;
                        dy[q + j] += dpre;
                    }
                }
            }
        }
        lw.dYq.write((s * bs + lo) * a, dy, lo * a, m * a);
    }

    /** Backward of attendF(). */
    private void attendBackwardF(Workspace.LayerWs lw, Workspace w, int s, int bs, int lo, int hi, int chunk, float[] v) {
        int a = h;
        int m = hi - lo;
        float[] y = w.floats(0, bs * a);
        float[] da = w.floats(2, bs * a);
        float[] dy = w.floats(3, bs * a);
        float[] tmp = new float[WindowKernel.tmpSize(attnLength)];
        double[] dv = chunk == 0 ? lw.dvAcc : lw.dvAcc2;
        lw.yq.readFloats((s * bs + lo) * a, y, lo * a, m * a);
        lw.dAs.readFloats(((s + 1) * bs + lo) * a, da, lo * a, m * a);
        for (int i = lo; i < hi; i++) {
            WindowKernel.FLOAT.backward(lw.histF, lw.projF, (s * bs + i) * a, bs * a, attnLength, y, i * a, v, a,
                    lw.alphaF, s * attnLength * bs + i, bs, da, lw.dHistF, lw.dProjF, dy, dv, tmp);
        }
        lw.dYq.writeFloats((s * bs + lo) * a, dy, lo * a, m * a);
    }

    /** Dot product with four independent accumulators (breaks the add latency chain). */
    static double dot(double[] x, int xo, double[] y, int yo, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += x[xo + j] * y[yo + j];
            s1 += x[xo + j + 1] * y[yo + j + 1];
            s2 += x[xo + j + 2] * y[yo + j + 2];
            s3 += x[xo + j + 3] * y[yo + j + 3];
        }
        for (; j < n; j++) s0 += x[xo + j] * y[yo + j];
        return (s0 + s1) + (s2 + s3);
    }

    static double[] doubles(Buf b) {
        double[] d = new double[b.cols];
        b.read(0, d, 0, b.cols);
        return d;
    }

    static float[] floats(Buf b) {
        float[] f = new float[b.cols];
        b.readFloats(0, f, 0, b.cols);
        return f;
    }

    private static void colSumRows(Workspace w, Buf src, int row0, int rows, Buf dst) {
        int cols = src.cols;
        double[] sum = new double[cols];
        double[] tmp = w.scratch(1, cols);
        for (int r = row0; r < row0 + rows; r++) {
            src.read(r * cols, tmp, 0, cols);
            for (int k = 0; k < cols; k++) sum[k] += tmp[k];
        }
        dst.write(0, sum, 0, cols);
    }
}
