package org.magentajava.model.ops;

/**
 * The float path's attention over one example's window (Magenta's AttentionCellWrapper): scores
 * {@code s_k = v·tanh(proj_k + y)}, {@code alpha = softmax(s)}, context {@code Σ alpha_k hist_k}, and the
 * backward of all three. This is most of attention_rnn's non-GEMM work (40 window entries × attn size
 * tanh per example and step, forward and again in backward), so it has two implementations: explicit SIMD
 * through {@code jdk.incubator.vector} when the JVM resolved that module (scripts/melody adds it for
 * training and evaluation) and plain loops otherwise. Both use Eigen's float tanh ({@link Act#fastTanh}).
 *
 * <p>Layout: a {@link Window} says where an example's window entries and weights sit; the example's query,
 * context, incoming context gradient and query gradient are {@code a} floats at {@code q}. System property
 * {@code magentajava.model.simd=false} forces the plain loops (for benchmarks).
 */
public abstract class WindowKernel {
    /** The kernel the float network uses. */
    public static final WindowKernel FLOAT = choose();

    /**
     * Where the windows of a batch sit: window entry k of an example starting at {@code start} is at
     * {@code start + k*stride} of {@code hist} (the outputs) and {@code proj} (their attention features), its
     * weight at {@code alpha[alphaStart + k*alphaStride]}; {@code v} is attn_v, whose length is the attention size.
     */
    public record Window(float[] hist, float[] proj, int stride, int length, float[] alpha, int alphaStride, float[] v) {
        public int size() {
            return v.length;
        }
    }

    /**
     * Where backward puts its results: it adds into {@code dHist} and {@code dProj} at the window's positions
     * and into {@code dv} (the caller's own partial sums), and sets the query gradient in {@code dQuery}.
     */
    public record Gradients(float[] dHist, float[] dProj, float[] dQuery, double[] dv) {}

    /**
     * Forward for one example: its window from {@code start} and {@code alphaStart}, its query at {@code y[q..]};
     * the context goes to {@code ctx[q..]}. {@code tmp} holds at least {@link #tmpSize}(length) floats.
     */
    public abstract void forward(Window w, int start, int alphaStart, float[] y, int q, float[] ctx, float[] tmp);

    /** Backward for one example given {@code da[q..]} = dL/dcontext (positions as in {@link #forward}). */
    public abstract void backward(Window w, Gradients g, int start, int alphaStart, float[] y, int q, float[] da,
                                  float[] tmp);

    /** A short name for logs and benchmarks. */
    public abstract String name();

    public static int tmpSize(int len) {
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

    public static WindowKernel scalar() {
        return new ScalarWindowKernel();
    }

    /** The SIMD kernel, or null when the JVM was started without {@code --add-modules jdk.incubator.vector}. */
    public static WindowKernel simd() {
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
