package org.magentajava.model.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WindowKernel} in explicit SIMD: tanh, products and sums over the attention size run a full vector of
 * floats per instruction (16 on AVX-512); sums accumulate lane-wise and meet once per window entry, which C2
 * may not do for plain loops because it must keep Java's sequential floating-point order. Linked only when the
 * JVM resolved {@code jdk.incubator.vector} ({@link WindowKernel#simd()}); sizes that are not a multiple of
 * the vector length finish with scalar tails.
 */
final class SimdWindowKernel extends WindowKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public String name() {
        return "simd-" + L * Float.SIZE;
    }

    /** Act.fastTanh's clamped rational approximation (Eigen's float tanh), lane-wise in float. */
    private static FloatVector tanh(FloatVector v) {
        FloatVector x = v.max((float) -Act.TANH_CLAMP).min((float) Act.TANH_CLAMP);
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.fma((float) Act.P13, (float) Act.P11);
        p = p.fma(x2, FloatVector.broadcast(S, (float) Act.P9));
        p = p.fma(x2, FloatVector.broadcast(S, (float) Act.P7));
        p = p.fma(x2, FloatVector.broadcast(S, (float) Act.P5));
        p = p.fma(x2, FloatVector.broadcast(S, (float) Act.P3));
        p = p.fma(x2, FloatVector.broadcast(S, (float) Act.P1));
        p = p.mul(x);
        FloatVector q = x2.fma((float) Act.Q6, (float) Act.Q4);
        q = q.fma(x2, FloatVector.broadcast(S, (float) Act.Q2));
        q = q.fma(x2, FloatVector.broadcast(S, (float) Act.Q0));
        return p.div(q);
    }

    /**
     * The lanes' sum in a fixed order. reduceLanes(ADD) leaves the order to the JIT: on JDK 25 its result
     * changes as a method gets compiled, which would break reproducible training and bit-exact resume.
     */
    private static float sum(FloatVector v, float[] tmp, int at) {
        v.intoArray(tmp, at);
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int l = 0;
        for (; l + 3 < L; l += 4) {
            s0 += tmp[at + l];
            s1 += tmp[at + l + 1];
            s2 += tmp[at + l + 2];
            s3 += tmp[at + l + 3];
        }
        for (; l < L; l++) s0 += tmp[at + l];
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void forward(Window w, int start, int alphaStart, float[] y, int q, float[] ctx, float[] tmp) {
        float[] hist = w.hist(), proj = w.proj(), alpha = w.alpha(), v = w.v();
        int w0 = start, ws = w.stride(), len = w.length(), a0 = alphaStart, as = w.alphaStride(), a = v.length;
        int jv = S.loopBound(a);
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < len; k++) {
            int p = w0 + k * ws;
            FloatVector acc = FloatVector.zero(S);
            for (int j = 0; j < jv; j += L) {
                FloatVector e = tanh(FloatVector.fromArray(S, proj, p + j).add(FloatVector.fromArray(S, y, q + j)));
                acc = e.fma(FloatVector.fromArray(S, v, j), acc);
            }
            float s = sum(acc, tmp, len);
            for (int j = jv; j < a; j++) s += v[j] * (float) Act.fastTanh(proj[p + j] + y[q + j]);
            tmp[k] = s;
            max = Math.max(max, s);
        }
        softmax(tmp, len, max, alpha, a0, as);
        for (int j = 0; j < jv; j += L) {
            FloatVector c = FloatVector.zero(S);
            for (int k = 0; k < len; k++) {
                c = FloatVector.fromArray(S, hist, w0 + k * ws + j).fma(FloatVector.broadcast(S, alpha[a0 + k * as]), c);
            }
            c.intoArray(ctx, q + j);
        }
        for (int j = jv; j < a; j++) {
            float c = 0;
            for (int k = 0; k < len; k++) c += alpha[a0 + k * as] * hist[w0 + k * ws + j];
            ctx[q + j] = c;
        }
    }

    @Override
    public void backward(Window w, Gradients grads, int start, int alphaStart, float[] y, int q, float[] da,
                         float[] tmp) {
        float[] hist = w.hist(), proj = w.proj(), alpha = w.alpha(), v = w.v();
        int w0 = start, ws = w.stride(), len = w.length(), a0 = alphaStart, as = w.alphaStride(), a = v.length;
        int jv = S.loopBound(a);
        // dL/dalpha_k = hist_k·da, and dHist_k += alpha_k·da
        float[] dHist = grads.dHist();
        float dot = 0;
        for (int k = 0; k < len; k++) {
            int p = w0 + k * ws;
            float al = alpha[a0 + k * as];
            FloatVector alv = FloatVector.broadcast(S, al);
            FloatVector acc = FloatVector.zero(S);
            for (int j = 0; j < jv; j += L) {
                FloatVector d = FloatVector.fromArray(S, da, q + j);
                acc = FloatVector.fromArray(S, hist, p + j).fma(d, acc);
                d.fma(alv, FloatVector.fromArray(S, dHist, p + j)).intoArray(dHist, p + j);
            }
            float s = sum(acc, tmp, len);
            for (int j = jv; j < a; j++) {
                s += hist[p + j] * da[q + j];
                dHist[p + j] += al * da[q + j];
            }
            tmp[k] = s;
            dot += al * s;
        }
        // through the softmax: dL/dscore_k
        for (int k = 0; k < len; k++) tmp[k] = alpha[a0 + k * as] * (tmp[k] - dot);
        // through v·tanh(proj_k + y), recomputing tanh rather than storing it (T x 2.6 MB at Magenta's shapes)
        float[] dProj = grads.dProj(), dy = grads.dQuery();
        double[] dv = grads.dv();
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < jv; j += L) {
            FloatVector yv = FloatVector.fromArray(S, y, q + j);
            FloatVector vv = FloatVector.fromArray(S, v, j);
            FloatVector dvAcc = FloatVector.zero(S);
            FloatVector dyAcc = FloatVector.zero(S);
            for (int k = 0; k < len; k++) {
                int p = w0 + k * ws + j;
                FloatVector ds = FloatVector.broadcast(S, tmp[k]);
                FloatVector e = tanh(FloatVector.fromArray(S, proj, p).add(yv));
                dvAcc = e.fma(ds, dvAcc);
                FloatVector dpre = e.neg().fma(e, one).mul(vv.mul(ds));
                dpre.add(FloatVector.fromArray(S, dProj, p)).intoArray(dProj, p);
                dyAcc = dyAcc.add(dpre);
            }
            dyAcc.intoArray(dy, q + j);
            dvAcc.intoArray(tmp, len);
            for (int l = 0; l < L; l++) dv[j + l] += tmp[len + l];
        }
        for (int j = jv; j < a; j++) {
            float yj = y[q + j];
            float g = 0;
            for (int k = 0; k < len; k++) {
                int p = w0 + k * ws + j;
                float e = (float) Act.fastTanh(proj[p] + yj);
                dv[j] += tmp[k] * e;
                float dpre = tmp[k] * v[j] * (1 - e * e);
                dProj[p] += dpre;
                g += dpre;
            }
            dy[q + j] = g;
        }
    }
}
