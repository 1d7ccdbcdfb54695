package org.magentajava.model.layers;

import static org.magentajava.model.ops.Blas.bigGemm;
import static org.magentajava.model.ops.Blas.colSum;
import static org.magentajava.model.ops.Blas.fillRows;
import static org.magentajava.model.ops.Blas.gemm;

import java.util.function.DoubleSupplier;
import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parallel;
import org.magentajava.model.ops.Parameters;
import org.magentajava.model.ops.WindowKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer whose LSTM cell Magenta's AttentionCellWrapper wraps (layer 0 of attention_rnn since May 2017). The
 * cell's input depends on the previous step's attention, so it runs one step at a time, each batch chunk on
 * its own core; its output is the wrapper's, out = [h, a]·W2 + b2.
 */
final class AttentionLstmLayer extends LstmLayer {
    final AttentionWrapper wrapper;

    AttentionLstmLayer(Parameters ps, LayerSpec spec, boolean exact) {
        super(ps, spec, exact);
        wrapper = new AttentionWrapper(ps, spec.cellScope(), spec.cellInSize(), new int[] {spec.size()},
                spec.attnLength(), exact);
    }

    static void addInputParameters(Parameters ps, LayerSpec spec, DoubleSupplier init) {
        AttentionWrapper.addInputParameters(ps, spec.cellScope(), spec.cellInSize(), spec.size(), init);
    }

    static void addAttentionParameters(Parameters ps, LayerSpec spec, DoubleSupplier init) {
        AttentionWrapper.addAttentionParameters(ps, spec.cellScope(), new int[] {spec.size()}, init);
    }

    @Override
    public int attentionLength() {
        return wrapper.length;
    }

    @Override
    public LstmWorkspace workspace(DataType dt, int batch, int capacity, LstmWorkspace below) {
        return new AttentionWorkspace(this, dt, batch, capacity, below);
    }

    @Override
    Buf cellOutputs(LstmWorkspace lw) {
        return ((AttentionWorkspace) lw).window.outputs;
    }

    @Override
    int cellOutputStart(LstmWorkspace lw) {
        return wrapper.length * lw.batch * size;
    }

    @Override
    void cellsForward(LstmWorkspace lw, int t) {
        AttentionBuffers ab = ((AttentionWorkspace) lw).window;
        LstmWorkspace[] cells = {lw};
        int bs = lw.batch;
        wrapper.projectInputs(ab, lw.cellIn, t * bs);
        double[] v = wrapper.vector();
        float[] vf = wrapper.vectorF();
        Parallel.forRows(bs, (chunk, lo, hi) -> {
            int m = hi - lo;
            for (int s = 0; s < t; s++) {
                int r = s * bs + lo;
                INDArray xin = wrapper.stepInput(ab, r, m);                 // x' = [x, a_prev]·W1 + b1
                fillRows(lw.gates, r, m, bias);
                gemm(xin, kx, lw.gates.rows(r, m), false, false, 1);
                gemm(lw.h.rows(r, m), kh, lw.gates.rows(r, m), false, false, 1);
                cellForward(lw, s, lo, hi);
                wrapper.query(ab, cells, s, lo, hi);                         // y = [c, h]·W3 + b3
                wrapper.attendAndOutput(ab, lw.h, s, lo, hi, v, vf);         // out = [h, a]·W2 + b2
            }
        });
    }

    /** Backward through time for the attention-wrapped LSTM; weight gradients are batched after the loop. */
    @Override
    void cellsBackward(LstmWorkspace plain, int t) {
        AttentionWorkspace lw = (AttentionWorkspace) plain;
        AttentionBuffers ab = lw.window;
        AttentionWrapper aw = wrapper;
        int bs = lw.batch;
        int h = size;
        int rows = t * bs;
        int n = bs * h;
        int len = aw.length;
        int padded = (rows + len * bs) * h;
        java.util.Arrays.fill(lw.dcNext, 0);
        for (double[] d : lw.dv) java.util.Arrays.fill(d, 0);
        lw.dhRecurrent.fill(0, n, 0);
        lw.dAttention.fill(0, (rows + bs) * h, 0);
        double[] dh = lw.dhRows;
        double[] tmp = lw.dhPartRows;
        double[] dcq = lw.dcQueryRows;
        double[] v = aw.vector();
        float[] vf = aw.vectorF();
        double[] dHist = exact ? ab.doubles.dHist() : null;
        double[] dProj = exact ? ab.doubles.dProj() : null;
        float[] dHistF = exact ? null : ab.floats.dHist();
        float[] dProjF = exact ? null : ab.floats.dProj();
        if (exact) {
            java.util.Arrays.fill(dHist, 0, padded, 0);
            java.util.Arrays.fill(dProj, 0, padded, 0);
        } else {
            java.util.Arrays.fill(dHistF, 0, padded, 0);
            java.util.Arrays.fill(dProjF, 0, padded, 0);
        }
        Parallel.forRows(bs, (chunk, lo, hi) -> {
            int m = hi - lo;
            int p0 = lo * h;
            int p1 = hi * h;
            for (int s = t - 1; s >= 0; s--) {
                int r = s * bs + lo;
                int out = (s + len) * bs + lo;
                int ob = (s + len) * bs * h; // the step's block in the window arrays; this chunk's rows are p0..p1 of it
                // dOut_t = (from the layer above) + (as a window value, accumulated) + dP_t·attn_w^T
                lw.dy.read(r * h, dh, p0, m * h);
                if (exact) {
                    for (int i = p0; i < p1; i++) tmp[i] = dh[i] + dHist[ob + i];
                    lw.dFeatures.write(out * h, dProj, out * h, m * h);
                } else {
                    for (int i = p0; i < p1; i++) tmp[i] = dh[i] + dHistF[ob + i];
                    lw.dFeatures.writeFloats(out * h, dProjF, out * h, m * h);
                }
                lw.dOutputs.write(out * h, tmp, p0, m * h);
                INDArray dOut = lw.dOutputs.rows(out, m);
                gemm(lw.dFeatures.rows(out, m), aw.attnW, dOut, false, true, 1);
                gemm(dOut, aw.w2.upper(), lw.dhStep.rows(lo, m), false, true, 0);
                gemm(dOut, aw.w2.lower(), lw.dAttention.rows(r + bs, m), false, true, 1);
                if (exact) attendBackward(lw, s, lo, hi, lw.dv[chunk], v);
                else attendBackwardF(lw, s, lo, hi, lw.dv[chunk], vf);
                gemm(lw.dQueries.rows(r, m), aw.w3[0].upper(), lw.dcQuery.rows(lo, m), false, true, 0);
                gemm(lw.dQueries.rows(r, m), aw.w3[0].lower(), lw.dhStep.rows(lo, m), false, true, 1);
                lw.dhStep.read(p0, dh, p0, m * h);
                lw.dhRecurrent.read(p0, tmp, p0, m * h);
                for (int i = p0; i < p1; i++) dh[i] += tmp[i];
                lw.dcQuery.read(p0, dcq, p0, m * h);
                cellBackward(lw, s, lo, hi, dh, dcq);
                INDArray dz = lw.gates.rows(r, m);
                gemm(dz, kx, lw.dInputs.rows(r, m), false, true, 0);
                gemm(dz, kh, lw.dhRecurrent.rows(lo, m), false, true, 0);
                gemm(lw.dInputs.rows(r, m), aw.w1.lower(), lw.dAttention.rows(r, m), false, true, 1);
            }
        });
        cellWeightGradients(lw, ab.inputs, rows);
        INDArray dXin = lw.dInputs.rows(0, rows);
        bigGemm(lw.cellIn.rows(0, rows), dXin, aw.w1.upperGrad(), true, false, 0);
        bigGemm(ab.attention.rows(0, rows), dXin, aw.w1.lowerGrad(), true, false, 0);
        colSum(lw.dInputs, 0, rows, aw.b1Grad);
        INDArray dYq = lw.dQueries.rows(0, rows);
        bigGemm(lw.c.rows(bs, rows), dYq, aw.w3[0].upperGrad(), true, false, 0);
        bigGemm(lw.h.rows(bs, rows), dYq, aw.w3[0].lowerGrad(), true, false, 0);
        colSum(lw.dQueries, 0, rows, aw.b3Grad);
        INDArray dOut = lw.dOutputs.rows(len * bs, rows);
        bigGemm(lw.h.rows(bs, rows), dOut, aw.w2.upperGrad(), true, false, 0);
        bigGemm(ab.attention.rows(bs, rows), dOut, aw.w2.lowerGrad(), true, false, 0);
        colSum(lw.dOutputs, len * bs, rows, aw.b2Grad);
        bigGemm(ab.outputs.rows(len * bs, rows), lw.dFeatures.rows(len * bs, rows), aw.attnWGrad, true, false, 0);
        double[] dvSum = lw.dv[0];
        for (int c = 1; c < lw.dv.length; c++) {
            for (int j = 0; j < h; j++) dvSum[j] += lw.dv[c][j];
        }
        aw.attnVGrad.write(0, dvSum, 0, h);
        if (lw.dCellIn != null) bigGemm(dXin, aw.w1.upper(), lw.dCellIn.rows(0, rows), false, true, residual ? 1 : 0);
    }

    /** Backward of the attention for step s, rows lo..hi: accumulates into the heap window gradients. */
    private void attendBackward(AttentionWorkspace lw, int s, int lo, int hi, double[] dv, double[] v) {
        AttentionBuffers ab = lw.window;
        int bs = lw.batch;
        int a = size;
        int len = wrapper.length;
        int base = s * bs * a;
        int aBase = s * len * bs;
        double[] hist = ab.doubles.hist();
        double[] proj = ab.doubles.proj();
        double[] dHist = ab.doubles.dHist();
        double[] dP = ab.doubles.dProj();
        double[] alpha = ab.doubles.alpha();
        double[] da = lw.dContextRows;
        double[] dy = lw.dQueryRows;
        double[] y = ab.queryRows;
        int m = hi - lo;
        ab.queries.read((s * bs + lo) * a, y, lo * a, m * a);
        lw.dAttention.read(((s + 1) * bs + lo) * a, da, lo * a, m * a);
        java.util.Arrays.fill(dy, lo * a, hi * a, 0);
        double[] dal = new double[len];
        double[] ev = new double[a];
        for (int i = lo; i < hi; i++) {
            int q = i * a;
            double dot = 0;
            for (int kk = 0; kk < len; kk++) {
                int o = base + (kk * bs + i) * a;
                double al = alpha[aBase + kk * bs + i];
                double d = AttentionWrapper.dot(hist, o, da, q, a);
                for (int j = 0; j < a; j++) dHist[o + j] += al * da[q + j];
                dal[kk] = d;
                dot += al * d;
            }
            for (int kk = 0; kk < len; kk++) {
                double ds = alpha[aBase + kk * bs + i] * (dal[kk] - dot);
                int po = base + (kk * bs + i) * a;
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
        lw.dQueries.write((s * bs + lo) * a, dy, lo * a, m * a);
    }

    /** {@link #attendBackward} for float networks, through {@link WindowKernel}. */
    private void attendBackwardF(AttentionWorkspace lw, int s, int lo, int hi, double[] dv, float[] v) {
        AttentionBuffers ab = lw.window;
        int bs = lw.batch;
        int a = size;
        int len = wrapper.length;
        int m = hi - lo;
        float[] y = ab.queryRowsF;
        float[] da = lw.dContextRowsF;
        float[] dy = lw.dQueryRowsF;
        float[] tmp = new float[WindowKernel.tmpSize(len)];
        WindowKernel.Window window = wrapper.window(ab, v);
        WindowKernel.Gradients grads = new WindowKernel.Gradients(ab.floats.dHist(), ab.floats.dProj(), dy, dv);
        ab.queries.readFloats((s * bs + lo) * a, y, lo * a, m * a);
        lw.dAttention.readFloats(((s + 1) * bs + lo) * a, da, lo * a, m * a);
        for (int i = lo; i < hi; i++) {
            WindowKernel.FLOAT.backward(window, grads, (s * bs + i) * a, s * len * bs + i, y, i * a, da, tmp);
        }
        lw.dQueries.writeFloats((s * bs + lo) * a, dy, lo * a, m * a);
    }
}
