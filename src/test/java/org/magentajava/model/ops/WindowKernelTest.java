package org.magentajava.model.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The attention-window kernels against a double-precision reference written from the formulas (scores
 * v·tanh(proj_k + y), softmax, context Σ alpha_k hist_k) and its central-difference gradients, at sizes
 * with and without SIMD tails, inside a strided window like the network's.
 */
class WindowKernelTest {
    private static final int[][] SHAPES = {{1, 3}, {3, 16}, {5, 37}, {40, 128}, {7, 20}};
    private static final int BS = 3;   // examples interleaved in the window, as in the network's layout
    private static final int I = 1;    // the example under test

    /** Surefire starts the JVM with the module, so every float-network test in this suite runs the SIMD kernel. */
    @Test
    void simdKernelIsTheFloatPathInTests() {
        assertNotNull(WindowKernel.simd(), "jdk.incubator.vector is not resolved: see the surefire argLine in pom.xml");
        assertTrue(WindowKernel.FLOAT.name().startsWith("simd-"), WindowKernel.FLOAT.name());
    }

    @Test
    void scalarKernelMatchesReference() {
        check(WindowKernel.scalar());
    }

    @Test
    void simdKernelMatchesReference() {
        WindowKernel k = WindowKernel.simd();
        assertNotNull(k);
        check(k);
    }

    private static void check(WindowKernel kernel) {
        Random r = new Random(11);
        for (int[] shape : SHAPES) {
            Case c = new Case(r, shape[0], shape[1]);
            String what = kernel.name() + " len=" + c.len + " a=" + c.a;
            float[] alpha = new float[c.len * BS + 1];
            float[] ctx = new float[BS * c.a];
            float[] tmp = new float[WindowKernel.tmpSize(c.len)];
            WindowKernel.Window window = new WindowKernel.Window(c.hist, c.proj, c.ws, c.len, alpha, BS, c.v);
            kernel.forward(window, c.w0, I, c.y, c.q, ctx, tmp);
            double[] refCtx = c.context(null);
            double[] refAlpha = c.alpha(null);
            for (int k = 0; k < c.len; k++) assertEquals(refAlpha[k], alpha[I + k * BS], 2e-6, what + " alpha " + k);
            for (int j = 0; j < c.a; j++) assertEquals(refCtx[j], ctx[c.q + j], 1e-5 * (1 + Math.abs(refCtx[j])), what + " ctx " + j);

            // backward of L = Σ_j g_j ctx_j; gradients accumulate onto the existing contents
            float[] dHist = filled(c.hist.length, 0.25f);
            float[] dProj = filled(c.proj.length, -0.5f);
            float[] dy = filled(c.y.length, 9f);
            double[] dv = new double[c.a];
            java.util.Arrays.fill(dv, 1.0);
            kernel.backward(window, new WindowKernel.Gradients(dHist, dProj, dy, dv), c.w0, I, c.y, c.q, c.g, tmp);
            for (int k = 0; k < c.len; k++) {
                for (int j = 0; j < c.a; j++) {
                    int p = c.w0 + k * c.ws + j;
                    assertGrad(c.numeric(c.hist, p), dHist[p] - 0.25, what + " dHist " + k + "," + j);
                    assertGrad(c.numeric(c.proj, p), dProj[p] + 0.5, what + " dProj " + k + "," + j);
                }
            }
            for (int j = 0; j < c.a; j++) {
                assertGrad(c.numeric(c.y, c.q + j), dy[c.q + j], what + " dy " + j);
                assertGrad(c.numeric(c.v, j), dv[j] - 1.0, what + " dv " + j);
            }
            // nothing outside the example's window entries and rows is touched
            for (int p = 0; p < c.hist.length; p++) {
                if (!c.inWindow(p)) {
                    assertEquals(0.25f, dHist[p], what + " dHist outside " + p);
                    assertEquals(-0.5f, dProj[p], what + " dProj outside " + p);
                }
            }
            for (int p = 0; p < dy.length; p++) if (p < c.q || p >= c.q + c.a) assertEquals(9f, dy[p], what + " dy outside");
        }
    }

    private static void assertGrad(double expected, double actual, String what) {
        assertEquals(expected, actual, 2e-4 + 2e-3 * Math.abs(expected), what);
    }

    private static float[] filled(int n, float x) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, x);
        return a;
    }

    /** One example's window inside a layout of BS interleaved examples, with double reference math. */
    private static final class Case {
        final int len;
        final int a;
        final int ws;
        final int w0;
        final int q;
        final float[] hist;
        final float[] proj;
        final float[] y;
        final float[] v;
        final float[] g;

        Case(Random r, int len, int a) {
            this.len = len;
            this.a = a;
            ws = BS * a;
            w0 = I * a;
            q = I * a;
            hist = gaussian(r, len * ws, 1);
            proj = gaussian(r, len * ws, 1);
            y = gaussian(r, BS * a, 1);
            v = gaussian(r, a, 0.5);
            g = gaussian(r, BS * a, 1);
        }

        boolean inWindow(int p) {
            int off = p % ws;
            return off >= w0 && off < w0 + a;
        }

        /** alpha in double; {@code over} replaces one array (a perturbed copy) when not null. */
        double[] alpha(float[][] over) {
            float[] pr = pick(over, proj);
            float[] yy = pick(over, y);
            float[] vv = pick(over, v);
            double[] s = new double[len];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < len; k++) {
                for (int j = 0; j < a; j++) s[k] += vv[j] * Act.fastTanh((double) pr[w0 + k * ws + j] + yy[q + j]);
                max = Math.max(max, s[k]);
            }
            double sum = 0;
            for (int k = 0; k < len; k++) sum += s[k] = Math.exp(s[k] - max);
            for (int k = 0; k < len; k++) s[k] /= sum;
            return s;
        }

        double[] context(float[][] over) {
            double[] al = alpha(over);
            float[] hi = pick(over, hist);
            double[] c = new double[a];
            for (int k = 0; k < len; k++) for (int j = 0; j < a; j++) c[j] += al[k] * hi[w0 + k * ws + j];
            return c;
        }

        double loss(float[][] over) {
            double[] c = context(over);
            double l = 0;
            for (int j = 0; j < a; j++) l += g[q + j] * c[j];
            return l;
        }

        /** dL/dx[p] by central differences (float inputs, so a step that float resolves exactly). */
        double numeric(float[] x, int p) {
            float[] copy = x.clone();
            float h = 1f / 256;
            copy[p] = x[p] + h;
            double up = loss(new float[][] {x, copy});
            copy[p] = x[p] - h;
            double down = loss(new float[][] {x, copy});
            return (up - down) / (2 * h);
        }

        private static float[] pick(float[][] over, float[] original) {
            return over != null && over[0] == original ? over[1] : original;
        }

        private static float[] gaussian(Random r, int n, double scale) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = (float) (scale * r.nextGaussian());
            return a;
        }
    }
}
