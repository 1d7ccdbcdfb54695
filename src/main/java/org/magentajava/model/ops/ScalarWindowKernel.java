package org.magentajava.model.ops;

/**
 * {@link WindowKernel} in plain loops, arithmetic in double. The tanh and product loops are kept separate
 * and simple so that C2 vectorises them; the sums over the attention size stay sequential (Java's
 * floating-point order), which is what the SIMD kernel avoids.
 */
final class ScalarWindowKernel extends WindowKernel {
    private static final ThreadLocal<double[]> WORK = ThreadLocal.withInitial(() -> new double[0]);

    /** Per-thread work space of at least {@code n} doubles (no allocation per example). */
    private static double[] work(int n) {
        double[] w = WORK.get();
        if (w.length < n) {
            w = new double[n];
            WORK.set(w);
        }
        return w;
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void forward(Window w, int start, int alphaStart, float[] y, int q, float[] ctx, float[] tmp) {
        float[] hist = w.hist(), proj = w.proj(), alpha = w.alpha(), v = w.v();
        int w0 = start, ws = w.stride(), len = w.length(), a0 = alphaStart, as = w.alphaStride(), a = v.length;
        double[] t = work(a);
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < len; k++) {
            int p = w0 + k * ws;
            for (int j = 0; j < a; j++) t[j] = (double) proj[p + j] + y[q + j];
            for (int j = 0; j < a; j++) t[j] = Act.fastTanh(t[j]);
            float s = (float) dot(v, t, a);
            tmp[k] = s;
            max = Math.max(max, s);
        }
        softmax(tmp, len, max, alpha, a0, as);
        java.util.Arrays.fill(t, 0, a, 0);
        for (int k = 0; k < len; k++) {
            double al = alpha[a0 + k * as];
            int p = w0 + k * ws;
            for (int j = 0; j < a; j++) t[j] += al * hist[p + j];
        }
        for (int j = 0; j < a; j++) ctx[q + j] = (float) t[j];
    }

    @Override
    public void backward(Window w, Gradients grads, int start, int alphaStart, float[] y, int q, float[] da,
                         float[] tmp) {
        float[] hist = w.hist(), proj = w.proj(), alpha = w.alpha(), v = w.v();
        int w0 = start, ws = w.stride(), len = w.length(), a0 = alphaStart, as = w.alphaStride(), a = v.length;
        double[] e = work(2 * a + len);
        int g = a;     // e in [0, a), the query gradient in [a, 2a), dL/dalpha then dL/dscore in [2a, 2a + len)
        int dal = 2 * a;
        java.util.Arrays.fill(e, g, g + a, 0);
        double dot = 0;
        float[] dHist = grads.dHist();
        for (int k = 0; k < len; k++) {
            int p = w0 + k * ws;
            double al = alpha[a0 + k * as];
            double d = dot(hist, p, da, q, a);
            for (int j = 0; j < a; j++) dHist[p + j] += (float) (al * da[q + j]);
            e[dal + k] = d;
            dot += al * d;
        }
        float[] dProj = grads.dProj();
        double[] dv = grads.dv();
        for (int k = 0; k < len; k++) {
            int p = w0 + k * ws;
            double ds = alpha[a0 + k * as] * (e[dal + k] - dot);
            // recompute tanh(proj + y) rather than store it: saves T x 2.6 MB at Magenta's shapes
            for (int j = 0; j < a; j++) e[j] = (double) proj[p + j] + y[q + j];
            for (int j = 0; j < a; j++) e[j] = Act.fastTanh(e[j]);
            for (int j = 0; j < a; j++) {
                double ej = e[j];
                dv[j] += ds * ej;
                double dpre = ds * v[j] * (1 - ej * ej);
                dProj[p + j] += (float) dpre;
                e[g + j] += dpre;
            }
        }
        float[] dy = grads.dQuery();
        for (int j = 0; j < a; j++) dy[q + j] = (float) e[g + j];
    }

    /** Four accumulators: one would wait on each add's latency. */
    private static double dot(float[] x, int xo, float[] y, int yo, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += (double) x[xo + j] * y[yo + j];
            s1 += (double) x[xo + j + 1] * y[yo + j + 1];
            s2 += (double) x[xo + j + 2] * y[yo + j + 2];
            s3 += (double) x[xo + j + 3] * y[yo + j + 3];
        }
        for (; j < n; j++) s0 += (double) x[xo + j] * y[yo + j];
        return (s0 + s1) + (s2 + s3);
    }

    private static double dot(float[] v, double[] t, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += v[j] * t[j];
            s1 += v[j + 1] * t[j + 1];
            s2 += v[j + 2] * t[j + 2];
            s3 += v[j + 3] * t[j + 3];
        }
        for (; j < n; j++) s0 += v[j] * t[j];
        return (s0 + s1) + (s2 + s3);
    }
}
