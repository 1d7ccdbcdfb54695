package org.magentajava.model;

/**
 * The float path's attention over one example's window (Magenta's AttentionCellWrapper): scores
 * {@code s_k = v·tanh(proj_k + y)}, {@code alpha = softmax(s)}, context {@code Σ alpha_k hist_k}, and the
 * backward of all three. This is most of attention_rnn's non-GEMM work (40 window entries × attn size
 * tanh per example and step, forward and again in backward), so it has two implementations: explicit SIMD
 * through {@code jdk.incubator.vector} when the JVM resolved that module (scripts/melody adds it for
 * training and evaluation) and plain loops otherwise. Both use Eigen's float tanh ({@link Act#fastTanh}).
 *
 * <p>Layout: window entry k of the example starts at {@code w0 + k*ws} in {@code hist}/{@code proj} (and in
 * their gradients); its weight is {@code alpha[a0 + k*as]}; the example's query, context, incoming context
 * gradient and query gradient are {@code a} floats at {@code q}. System property
 * {@code magentajava.model.simd=false} forces the plain loops (for benchmarks).
 */
abstract class WindowKernel {
    /** The kernel the float network uses. */
    static final WindowKernel FLOAT = choose();

    /** Forward for one example; {@code tmp} holds at least {@link #tmpSize}(len) floats. */
    abstract void forward(float[] hist, float[] proj, int w0, int ws, int len, float[] y, int q, float[] v, int a,
                          float[] alpha, int a0, int as, float[] ctx, float[] tmp);

    /**
     * Backward for one example given {@code da} = dL/dcontext: accumulates into {@code dHist}, {@code dProj}
     * and {@code dv}, and sets {@code dy} = dL/dquery.
     */
    abstract void backward(float[] hist, float[] proj, int w0, int ws, int len, float[] y, int q, float[] v, int a,
                           float[] alpha, int a0, int as, float[] da, float[] dHist, float[] dProj, float[] dy,
                           double[] dv, float[] tmp);

    /** A short name for logs and benchmarks. */
    abstract String name();

    static int tmpSize(int len) {
        return len + 64;
    }

    /** Scores in tmp[0, len) with maximum {@code max} → alpha (exp in double: 40 calls per example and step). */
    static void softmax(float[] tmp, int len, float max, float[] alpha, int a0, int as) {
        double sum = 0;
        for (int k = 0; k < len; k++) {
            double e = Math.exp(tmp[k] - max);
            tmp[k] = (float) e;
            sum += e;
        }
        float inv = (float) (1 / sum);
        for (int k = 0; k < len; k++) alpha[a0 + k * as] = tmp[k] * inv;
    }

    static WindowKernel scalar() {
        return new ScalarWindowKernel();
    }

    /** The SIMD kernel, or null when the JVM was started without {@code --add-modules jdk.incubator.vector}. */
    static WindowKernel simd() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return null;
        try {
            // SimdWindowKernel is linked only here, so this class still loads on JVMs without the module
            return new SimdWindowKernel();
        } catch (LinkageError e) {
            return null;
        }
    }

    private static WindowKernel choose() {
        WindowKernel k = Boolean.parseBoolean(System.getProperty("magentajava.model.simd", "true")) ? simd() : null;
        return k != null ? k : scalar();
    }
}
