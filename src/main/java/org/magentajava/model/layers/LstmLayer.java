package org.magentajava.model.layers;

import static org.magentajava.model.ops.Blas.bigGemm;
import static org.magentajava.model.ops.Blas.colSum;
import static org.magentajava.model.ops.Blas.fillRows;
import static org.magentajava.model.ops.Blas.gemmRows;

import java.util.function.DoubleSupplier;
import org.magentajava.model.ops.Act;
import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parallel;
import org.magentajava.model.ops.Parameters;
import org.magentajava.model.ops.SplitMix64;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of the stack: an optional input projection (InputProjectionWrapper, residual mode), a
 * BasicLSTMCell, an optional residual add and output dropout. Holds the parameters (Magenta layout) and the
 * forward/backward math; {@link AttentionLstmLayer} wraps the cell in Magenta's AttentionCellWrapper.
 */
public class LstmLayer {
    public static final double FORGET_BIAS = 1.0;
    /** Elements per pass of the output loops: whole-sequence double copies would cost 67 MB each at 512 x 128 x 128. */
    private static final int OUTPUT_CHUNK = 1 << 16;
    /** Below 2 x 256 mask words (32K elements, e.g. a generation step) a hand-off to a helper costs more than it saves. */
    private static final int OUTPUT_MIN_WORDS = 256;

    final int index;
    final int inSize;
    final int cellInSize;
    final int size;
    final boolean projection;
    final boolean residual;
    final boolean exact;
    // LSTM kernel [n + h, 4h] (rows: input then h; columns: gates i, j, f, o) and bias [4h]
    final Buf kernel;
    final Buf bias;
    final INDArray kx;
    final INDArray kh;
    private final INDArray kxGrad;
    private final INDArray khGrad;
    private final Buf biasGrad;
    // input projection (residual mode)
    final Buf wp;
    private final Buf bp;
    private final Buf wpGrad;
    private final Buf bpGrad;

    LstmLayer(Parameters ps, LayerSpec spec, boolean exact) {
        this.index = spec.index();
        this.inSize = spec.inSize();
        this.size = spec.size();
        this.projection = spec.projection();
        this.residual = spec.residual();
        this.exact = exact;
        this.cellInSize = spec.cellInSize();
        int n = cellInSize;
        String p = spec.wrapperScope();
        wp = ps.value(p + "kernel");
        bp = ps.value(p + "bias");
        wpGrad = ps.gradient(p + "kernel");
        bpGrad = ps.gradient(p + "bias");
        String cell = spec.cellScope() + "basic_lstm_cell/";
        kernel = ps.value(cell + "kernel");
        bias = ps.value(cell + "bias");
        kx = kernel.rows(0, n);
        kh = kernel.rows(n, size);
        Buf kg = ps.gradient(cell + "kernel");
        kxGrad = kg.rows(0, n);
        khGrad = kg.rows(n, size);
        biasGrad = ps.gradient(cell + "bias");
    }

    /**
     * Creates the layer's parameters in {@code ps}, Glorot-uniform kernels from {@code init} and zero biases, in
     * the order Magenta's graph creates them (projection, attention input, cell, attention), and the layer.
     */
    public static LstmLayer create(Parameters ps, LayerSpec spec, boolean exact, DoubleSupplier init) {
        if (spec.projection()) {
            ps.add(spec.wrapperScope() + "kernel", spec.inSize(), spec.size(), init);
            ps.add(spec.wrapperScope() + "bias", 1, spec.size(), null);
        }
        boolean attention = spec.attnLength() > 0;
        if (attention) AttentionLstmLayer.addInputParameters(ps, spec, init);
        int n = spec.cellInSize();
        int h = spec.size();
        ps.add(spec.cellScope() + "basic_lstm_cell/kernel", n + h, 4 * h, init);
        ps.add(spec.cellScope() + "basic_lstm_cell/bias", 1, 4 * h, null);
        if (!attention) return new LstmLayer(ps, spec, exact);
        AttentionLstmLayer.addAttentionParameters(ps, spec, init);
        return new AttentionLstmLayer(ps, spec, exact);
    }

    /** The layer's width (num_units). */
    public int size() {
        return size;
    }

    /** The attention window; 0 for a plain layer. */
    public int attentionLength() {
        return 0;
    }

    /** Buffers for {@code batch} rows and up to {@code capacity} steps; {@code below} is the layer below's (or null). */
    public LstmWorkspace workspace(DataType dt, int batch, int capacity, LstmWorkspace below) {
        return new LstmWorkspace(this, dt, batch, capacity, below);
    }

    // ------------------------------------------------------------------------------------------------
    // Forward

    /** Sets the cell's input rows: {@code in} itself, or its input projection. */
    void project(LstmWorkspace lw, Buf in, int rows) {
        Buf cellIn = in;
        if (projection) {
            fillRows(lw.projected, 0, rows, bp);
            bigGemm(in.rows(0, rows), wp.array, lw.projected.rows(0, rows), false, false, 1);
            cellIn = lw.projected;
        }
        lw.cellIn = cellIn;
    }

    /**
     * The cell over {@code t} steps from the state in block 0. Plain LSTM: all input products in one GEMM, then
     * one recurrent GEMM per step. The batch rows are independent through time, so each chunk of the batch runs
     * the whole time loop on its own core (single-threaded GEMMs, no hand-off per step).
     */
    void cellsForward(LstmWorkspace lw, int t) {
        StepRows rw = lw.rows;
        int rows = rw.count();
        fillRows(lw.gates, 0, rows, bias);
        bigGemm(lw.cellIn.rows(0, rows), kx, lw.gates.rows(0, rows), false, false, 1);
        Parallel.forRanges(rw.chunks(), (chunk, lo, hi) -> {
            for (int s = 0; s < t; s++) {
                int end = Math.min(hi, rw.active(s)); // packed rows: the chunk's sequences still running
                if (end <= lo) break;
                int m = end - lo;
                gemmRows(lw.h, rw.stateRow(s, lo), m, kh, false, lw.gates, rw.row(s, lo), 1);
                cellForward(lw, s, lo, end);
            }
        });
    }

    /**
     * c = c·σ(f+1) + σ(i)·tanh(j), h = tanh(c)·σ(o) for step s, rows lo..hi of the batch; stores the activated
     * gates over the pre-activations.
     */
    void cellForward(LstmWorkspace lw, int s, int lo, int hi) {
        readStep(lw, s, lo, hi);
        int h = size;
        int g4 = 4 * h;
        double[] z = lw.gateRows;
        double[] c = lw.cRows;
        double[] tc = lw.tanhCRows;
        double[] hh = lw.hRows;
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
        StepRows rw = lw.rows;
        int m = hi - lo;
        int row = rw.row(s, lo);
        int next = rw.stateRow(s + 1, lo);
        lw.gates.write(row * g4, z, lo * g4, m * g4);
        lw.c.write(next * h, c, lo * h, m * h);
        lw.tanhC.write(row * h, tc, lo * h, m * h);
        lw.h.write(next * h, hh, lo * h, m * h);
    }

    /** Step s's gates and incoming c, rows lo..hi, into the workspace's row arrays. */
    private void readStep(LstmWorkspace lw, int s, int lo, int hi) {
        int g4 = 4 * size;
        int m = hi - lo;
        lw.gates.read(lw.rows.row(s, lo) * g4, lw.gateRows, lo * g4, m * g4);
        lw.c.read(lw.rows.stateRow(s, lo) * size, lw.cRows, lo * size, m * size);
    }

    /** The rows of the cell's outputs (steps 1..t); an attention layer's are the wrapper's. */
    Buf cellOutputs(LstmWorkspace lw) {
        return lw.h;
    }

    /** Where step 1's cell output starts in {@link #cellOutputs}. */
    int cellOutputStart(LstmWorkspace lw) {
        return lw.batch * size;
    }

    /**
     * y = (residual ? cell input + cell output : cell output), then dropout with keep probability {@code keep},
     * drawing from {@code rng}. The dropout mask is kept as one bit per element (the kept ones are scaled by
     * 1/keep) for the backward pass. All threads work on it, each on whole 64-element mask words, drawing exactly
     * the values one thread would (SplitMix64.doubleAt).
     */
    void outputForward(LstmWorkspace lw, int t, double keep, SplitMix64.Stream rng) {
        int n = lw.rows.count() * size;
        Buf out = cellOutputs(lw);
        int off = cellOutputStart(lw);
        Buf cellIn = lw.cellIn;
        lw.masked = keep < 1.0;
        lw.dropScale = 1.0 / keep;
        double scale = lw.dropScale;
        long[] bits = lw.masked ? lw.keepBits(n) : null;
        long start = rng.state();
        Parallel.forRows((n + 63) >>> 6, OUTPUT_MIN_WORDS, (chunk, lo, hi) -> {
            double[] y = lw.outputRows(chunk, 0, Math.min(n, OUTPUT_CHUNK));
            double[] x = residual ? lw.outputRows(chunk, 1, Math.min(n, OUTPUT_CHUNK)) : null;
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
                        boolean kept = SplitMix64.doubleAt(start, g) < keep;
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

    // ------------------------------------------------------------------------------------------------
    // Backward

    /** Through dropout (dy *= mask) and, for residual layers, seeds dCellIn with dy. */
    void outputBackward(LstmWorkspace lw, int t) {
        int n = lw.rows.count() * size;
        if (lw.masked) {
            long[] bits = lw.keepBits(n);
            double scale = lw.dropScale;
            Parallel.forRows((n + 63) >>> 6, OUTPUT_MIN_WORDS, (chunk, lo, hi) -> {
                double[] d = lw.outputRows(chunk, 0, Math.min(n, OUTPUT_CHUNK));
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

    /** Backward through time of the cell; leaves dL/dgates in the gates buffer and adds dL/d(cell input). */
    void cellsBackward(LstmWorkspace lw, int t) {
        StepRows rw = lw.rows;
        int rows = rw.count();
        int h = size;
        java.util.Arrays.fill(lw.dcNext, 0);
        lw.dhRecurrent.fill(0, lw.batch * h, 0);
        double[] dh = lw.dhRows;
        double[] tmp = lw.dhPartRows;
        Parallel.forRanges(rw.chunks(), (chunk, lo, hi) -> {
            for (int s = t - 1; s >= 0; s--) {
                int end = Math.min(hi, rw.active(s)); // a packed sequence joins at its last step
                if (end <= lo) continue;
                int m = end - lo;
                int row = rw.row(s, lo);
                lw.dy.read(row * h, dh, lo * h, m * h);
                lw.dhRecurrent.read(lo * h, tmp, lo * h, m * h);
                for (int i = lo * h; i < end * h; i++) dh[i] += tmp[i];
                cellBackward(lw, s, lo, end, dh, null);
                gemmRows(lw.gates, row, m, kh, true, lw.dhRecurrent, lo, 0);
            }
        });
        cellWeightGradients(lw, lw.cellIn, rows);
        if (lw.dCellIn != null) bigGemm(lw.gates.rows(0, rows), kx, lw.dCellIn.rows(0, rows), false, true, residual ? 1 : 0);
    }

    /** The kernel's and the bias's gradients from dL/dgates of all steps and the rows the cell read. */
    void cellWeightGradients(LstmWorkspace lw, Buf cellInput, int rows) {
        INDArray dz = lw.gates.rows(0, rows);
        bigGemm(cellInput.rows(0, rows), dz, kxGrad, true, false, 0);
        // each row's starting state: h's own rows while every sequence runs, then (packed) gathered into dy,
        // which this layer no longer needs, to line up with the steps' rows
        StepRows rw = lw.rows;
        int aligned = Math.min(rows, rw.alignedRows());
        bigGemm(lw.h.rows(0, aligned), lw.gates.rows(0, aligned), khGrad, true, false, 0);
        if (aligned < rows) {
            int h = size;
            for (int s = rw.step(aligned); s < rw.steps(); s++) {
                int m = rw.active(s);
                if (m > 0) lw.dy.copyFrom(lw.h, rw.stateRow(s, 0) * h, (rw.row(s, 0) - aligned) * h, m * h);
            }
            bigGemm(lw.dy.rows(0, rows - aligned), lw.gates.rows(aligned, rows - aligned), khGrad, true, false, 1);
        }
        colSum(lw.gates, 0, rows, biasGrad);
    }

    /**
     * LSTM cell backward for step s, rows lo..hi: overwrites the stored gates with dL/dz; dcNext carries dL/dc.
     * {@code dcExtra} (or null) adds a gradient into c from outside the cell (the attention query).
     */
    void cellBackward(LstmWorkspace lw, int s, int lo, int hi, double[] dh, double[] dcExtra) {
        readStep(lw, s, lo, hi);
        int h = size;
        int g4 = 4 * h;
        double[] tc = lw.tanhCRows;
        lw.tanhC.read(lw.rows.row(s, lo) * h, tc, lo * h, (hi - lo) * h);
        double[] z = lw.gateRows;
        double[] cp = lw.cRows;
        double[] dc = lw.dcNext;
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
        lw.gates.write(lw.rows.row(s, lo) * g4, z, lo * g4, (hi - lo) * g4);
    }

    /**
     * The input projection's gradients from dL/dCellIn, and dL/d(input) into {@code dInput} (null: not needed).
     */
    void projectionBackward(LstmWorkspace lw, Buf input, Buf dInput, int rows) {
        bigGemm(input.rows(0, rows), lw.dCellIn.rows(0, rows), wpGrad.array, true, false, 0);
        colSum(lw.dCellIn, 0, rows, bpGrad);
        if (dInput != null) bigGemm(lw.dCellIn.rows(0, rows), wp.array, dInput.rows(0, rows), false, true, 0);
    }

    /** dL/d(layer input) of a layer without projection, from dL/dgates: the input part of the kernel. */
    void inputGradient(LstmWorkspace lw, Buf dInput, int rows) {
        bigGemm(lw.gates.rows(0, rows), kernel.rows(0, cellInSize), dInput.rows(0, rows), false, true, 0);
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
}
