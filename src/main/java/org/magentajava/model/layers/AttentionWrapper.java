package org.magentajava.model.layers;

import static org.magentajava.model.ops.Blas.bigGemm;
import static org.magentajava.model.ops.Blas.fillRows;
import static org.magentajava.model.ops.Blas.gemm;

import java.util.function.DoubleSupplier;
import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parameters;
import org.magentajava.model.ops.WindowKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Magenta's AttentionCellWrapper (magenta/contrib/rnn.py) around one or more LSTM cells: its parameters and
 * the forward steps that the layer-0 wrapper ({@link AttentionLstmLayer}) and the whole-stack wrapper
 * ({@link StackAttention}) share. Per step: x' = [x, a_prev]·W1 + b1 feeds the cells; the query
 * y = [c, h]·W3 + b3 reads every wrapped cell's new state (MultiRNNCell's order c0, h0, c1, h1, ...); the
 * attention a = Σ softmax(v·tanh(H·attn_w + y)) H runs over the window H of the last attn_length outputs;
 * the output out = [h_top, a]·W2 + b2 joins the window.
 */
final class AttentionWrapper {
    /** Attention size: the top wrapped cell's width, as the wrapper defaults it. */
    final int size;
    /** attn_length: window entries. */
    final int length;
    private final boolean exact;
    /** W1: rows for x, then for a. */
    final RowSplit w1;
    final Buf b1;
    final Buf b1Grad;
    final INDArray attnW;
    final INDArray attnWGrad;
    final Buf attnV;
    final Buf attnVGrad;
    /** W3 for each wrapped cell: rows for its c, then its h. */
    final RowSplit[] w3;
    final Buf b3;
    final Buf b3Grad;
    /** W2: rows for the top cell's h, then for a. */
    final RowSplit w2;
    final Buf b2;
    final Buf b2Grad;

    /** A kernel [upper + lower rows, cols] that multiplies two inputs side by side ([x, a]·W = x·W_x + a·W_a), and its gradient's same views. */
    record RowSplit(INDArray upper, INDArray lower, INDArray upperGrad, INDArray lowerGrad) {
        static RowSplit of(Parameters ps, String name, int start, int upperRows, int lowerRows) {
            Buf w = ps.value(name);
            Buf g = ps.gradient(name);
            return new RowSplit(w.rows(start, upperRows), w.rows(start + upperRows, lowerRows),
                    g.rows(start, upperRows), g.rows(start + upperRows, lowerRows));
        }
    }

    /** The wrapper over cells of widths {@code cellSizes} (bottom first) whose parameters {@code ps} holds under {@code scope}. */
    AttentionWrapper(Parameters ps, String scope, int inputWidth, int[] cellSizes, int length, boolean exact) {
        int n = inputWidth;
        int top = cellSizes[cellSizes.length - 1];
        int a = top;
        this.size = a;
        this.length = length;
        this.exact = exact;
        w1 = RowSplit.of(ps, scope + "kernel", 0, n, a);
        b1 = ps.value(scope + "bias");
        b1Grad = ps.gradient(scope + "bias");
        attnW = ps.value(scope + "attention/attn_w").rows(0, a);
        attnWGrad = ps.gradient(scope + "attention/attn_w").rows(0, a);
        attnV = ps.value(scope + "attention/attn_v");
        attnVGrad = ps.gradient(scope + "attention/attn_v");
        w3 = new RowSplit[cellSizes.length];
        int row = 0;
        for (int l = 0; l < cellSizes.length; l++) {
            w3[l] = RowSplit.of(ps, scope + "attention/kernel", row, cellSizes[l], cellSizes[l]);
            row += 2 * cellSizes[l];
        }
        b3 = ps.value(scope + "attention/bias");
        b3Grad = ps.gradient(scope + "attention/bias");
        w2 = RowSplit.of(ps, scope + "attn_output_projection/kernel", 0, top, a);
        b2 = ps.value(scope + "attn_output_projection/bias");
        b2Grad = ps.gradient(scope + "attn_output_projection/bias");
    }

    /** W1 and b1, which Magenta creates before the wrapped cells' own variables. */
    static void addInputParameters(Parameters ps, String scope, int inputWidth, int size, DoubleSupplier init) {
        ps.add(scope + "kernel", inputWidth + size, inputWidth, init);
        ps.add(scope + "bias", 1, inputWidth, null);
    }

    /** The attention and output projection's variables, which Magenta creates after the wrapped cells'. */
    static void addAttentionParameters(Parameters ps, String scope, int[] cellSizes, DoubleSupplier init) {
        int top = cellSizes[cellSizes.length - 1];
        int a = top;
        int query = 0;
        for (int h : cellSizes) query += 2 * h;
        ps.add(scope + "attention/attn_w", new long[] {1, 1, a, a}, a, a, init);
        ps.add(scope + "attention/attn_v", new long[] {a}, a, a, init);
        ps.add(scope + "attention/kernel", query, a, init);
        ps.add(scope + "attention/bias", 1, a, null);
        ps.add(scope + "attn_output_projection/kernel", top + a, a, init);
        ps.add(scope + "attn_output_projection/bias", 1, a, null);
    }

    /** attn_v in double, for a double network's window loops. */
    double[] vector() {
        return exact ? LstmLayer.doubles(attnV) : null;
    }

    /** attn_v in float, for a float network's window kernel. */
    float[] vectorF() {
        return exact ? null : LstmLayer.floats(attnV);
    }

    /** x·W1x + b1 for all steps at once: the part of x' that does not depend on the attention. */
    void projectInputs(AttentionBuffers ab, Buf in, int rows) {
        fillRows(ab.inputs, 0, rows, b1);
        bigGemm(in.rows(0, rows), w1.upper(), ab.inputs.rows(0, rows), false, false, 1);
    }

    /** Adds a_prev·W1a to step {@code r0}'s rows of x' and returns them: the cells' input for the step. */
    INDArray stepInput(AttentionBuffers ab, int r0, int m) {
        INDArray xin = ab.inputs.rows(r0, m);
        gemm(ab.attention.rows(r0, m), w1.lower(), xin, false, false, 1);
        return xin;
    }

    /** The query y = [c0, h0, c1, h1, ...]·W3 + b3 of step s from the cells' new states, rows lo..hi. */
    void query(AttentionBuffers ab, LstmWorkspace[] cells, int s, int lo, int hi) {
        int m = hi - lo;
        int r = s * ab.batch + lo;
        int next = r + ab.batch;
        fillRows(ab.queries, r, m, b3);
        for (int l = 0; l < cells.length; l++) {
            gemm(cells[l].c.rows(next, m), w3[l].upper(), ab.queries.rows(r, m), false, false, 1);
            gemm(cells[l].h.rows(next, m), w3[l].lower(), ab.queries.rows(r, m), false, false, 1);
        }
    }

    /**
     * Step s, rows lo..hi, after {@link #query}: the attention over the window, the output out = [h_top, a]·W2 + b2
     * from the top cell's new {@code topH}, and its attention features, both joining the window.
     */
    void attendAndOutput(AttentionBuffers ab, Buf topH, int s, int lo, int hi, double[] v, float[] vf) {
        int bs = ab.batch;
        int m = hi - lo;
        int next = (s + 1) * bs + lo;
        int out = (s + length) * bs + lo;
        if (exact) attend(ab, s, lo, hi, v);
        else attendF(ab, s, lo, hi, vf);
        fillRows(ab.outputs, out, m, b2);
        gemm(topH.rows(next, m), w2.upper(), ab.outputs.rows(out, m), false, false, 1);
        gemm(ab.attention.rows(next, m), w2.lower(), ab.outputs.rows(out, m), false, false, 1);
        gemm(ab.outputs.rows(out, m), attnW, ab.features.rows(out, m), false, false, 0);
        ab.mirror(out * size, m * size);
    }

    /** Additive attention over the window (zeros included, unmasked); the context goes to block s+1 of attention. */
    private void attend(AttentionBuffers ab, int s, int lo, int hi, double[] v) {
        int a = size;
        int len = length;
        int bs = ab.batch;
        double[] hist = ab.doubles.hist();
        double[] proj = ab.doubles.proj();
        double[] alpha = ab.doubles.alpha();
        int base = s * bs * a;   // window = blocks s .. s+len-1 of the padded history
        double[] y = ab.queryRows;
        double[] ctx = ab.contextRows;
        int aBase = s * len * bs;
        ab.queries.read((s * bs + lo) * a, y, lo * a, (hi - lo) * a);
        double[] t = new double[a];
        for (int i = lo; i < hi; i++) {
            int q = i * a;
            for (int kk = 0; kk < len; kk++) {
                int p = base + (kk * bs + i) * a;
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
        ab.attention.write(((s + 1) * bs + lo) * a, ctx, lo * a, (hi - lo) * a);
    }

    /** {@link #attend} for float networks, through {@link WindowKernel}. */
    private void attendF(AttentionBuffers ab, int s, int lo, int hi, float[] v) {
        int a = size;
        int bs = ab.batch;
        int m = hi - lo;
        float[] y = ab.queryRowsF;
        float[] ctx = ab.contextRowsF;
        float[] tmp = new float[WindowKernel.tmpSize(length)];
        WindowKernel.Window window = window(ab, v);
        ab.queries.readFloats((s * bs + lo) * a, y, lo * a, m * a);
        for (int i = lo; i < hi; i++) {
            WindowKernel.FLOAT.forward(window, (s * bs + i) * a, s * length * bs + i, y, i * a, ctx, tmp);
        }
        ab.attention.writeFloats(((s + 1) * bs + lo) * a, ctx, lo * a, m * a);
    }

    /** The float windows' layout: entry k of example i at step s at ((s + k)·batch + i)·size. */
    WindowKernel.Window window(AttentionBuffers ab, float[] v) {
        AttentionBuffers.FloatMirror f = ab.floats;
        return new WindowKernel.Window(f.hist(), f.proj(), ab.batch * size, length, f.alpha(), ab.batch, v);
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
}
