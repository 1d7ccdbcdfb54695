package org.magentajava.model;

import java.util.random.RandomGenerator;
import org.magentajava.model.ops.Act;

/**
 * The NADE of Magenta's RNN-NADE (magenta/common/nade.py; Larochelle and Murray 2011, as Boulanger-Lewandowski
 * et al. 2012 condition it on an RNN): the probability of a whole set of keys, key by key from the lowest,
 * each key's conditional read off hidden units that have seen the keys below it.
 *
 * <pre>
 *   a_0 = b_enc;  h_i = sigmoid(a_i);  z_i = b_dec[i] + h_i · W_dec[i];  p(x_i = 1 | x_&lt;i) = sigmoid(z_i)
 *   a_(i+1) = a_i + x_i W_enc[i]
 * </pre>
 *
 * The biases {@code b_enc} (hidden units) and {@code b_dec} (one per key) come from the RNN at each step, the
 * weights are shared by all steps. An instance is an immutable copy of the weights (row i of {@code W_enc} and
 * {@code W_dec} at {@code i * hidden}); the RNN's output row for a step is {@code [b_enc | b_dec]}, Magenta's
 * split order.
 *
 * <p>Since a only changes where a key is on, and frames hold a few keys of 88, h is recomputed once per sounding
 * key rather than per key; the backward pass likewise sums the decoder's gradient between sounding keys before
 * multiplying by sigmoid'(a). Log-probabilities are exact (log-sigmoid through softplus), where Magenta adds
 * 1e-6 inside its logarithms.
 */
public final class Nade {
    private final int keys;
    private final int hidden;
    private final double[] wEnc;
    private final double[] wDec;

    /**
     * @param wEnc encoder weights, key i's row at {@code i * hidden} ({@code keys * hidden} values; copied)
     * @param wDec decoder weights (Magenta's {@code w_dec_t}), same layout (copied)
     */
    public Nade(int keys, int hidden, double[] wEnc, double[] wDec) {
        if (keys < 1 || hidden < 1 || wEnc.length != keys * hidden || wDec.length != keys * hidden) {
            throw new IllegalArgumentException("NADE of " + keys + " keys and " + hidden + " hidden units needs "
                    + keys * hidden + " weights each, got " + wEnc.length + " and " + wDec.length);
        }
        this.keys = keys;
        this.hidden = hidden;
        this.wEnc = wEnc.clone();
        this.wDec = wDec.clone();
    }

    public int keys() {
        return keys;
    }

    public int hidden() {
        return hidden;
    }

    /** Width of the conditioning row the RNN gives per step: hidden + keys. */
    public int conditioningWidth() {
        return hidden + keys;
    }

    /**
     * ln p(frame) given one step's conditioning row {@code [b_enc | b_dec]} (at {@code offset} of {@code bias}).
     */
    public double logLikelihood(float[] bias, int offset, boolean[] frame) {
        double[] row = new double[conditioningWidth()];
        for (int k = 0; k < row.length; k++) row[k] = bias[offset + k];
        return -frameNll(row, 0, frame, null, null, null, 1, new Scratch(false));
    }

    /**
     * Draws a frame key by key (ancestral sampling), each key from sigmoid(z_i / temperature), and returns the
     * frame's log-likelihood under the untempered conditionals, as Magenta's sampler scores it.
     *
     * @param frame receives the drawn keys
     */
    public double sample(float[] bias, int offset, double temperature, RandomGenerator random, boolean[] frame) {
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        double[] a = new double[hidden];
        double[] h = new double[hidden];
        for (int j = 0; j < hidden; j++) a[j] = bias[offset + j];
        sigmoid(a, h);
        double logLikelihood = 0;
        for (int i = 0; i < keys; i++) {
            double z = bias[offset + hidden + i] + dot(h, wDec, i * hidden);
            boolean on = random.nextDouble() < sig(z / temperature);
            frame[i] = on;
            logLikelihood -= Act.softplus(on ? -z : z);
            if (on) {
                axpy(1, wEnc, i * hidden, a);
                sigmoid(a, h);
            }
        }
        return logLikelihood;
    }

    /**
     * One thread's working arrays for {@link #frameNll}, reused across frames, and its per-key counts of the
     * predictions (conditional p >= 0.5 given the true lower keys).
     */
    final class Scratch {
        final double[] a = new double[hidden];
        final double[] h = new double[hidden];
        final double[] dh = new double[hidden];
        final double[] dA = new double[hidden];
        final int[] onKeys = new int[keys];
        /** da of segment s (the keys after the s-th sounding key) at s * hidden; only for gradients. */
        final double[] segmentDa;
        long tp;
        long fp;
        long fn;
        boolean exact;

        Scratch(boolean gradients) {
            segmentDa = gradients ? new double[(keys + 1) * hidden] : null;
        }
    }

    Scratch scratch() {
        return new Scratch(true);
    }

    /**
     * −ln p(frame) for the conditioning row at {@code row[offset..]}. With {@code grad} (length hidden + keys),
     * writes scale × d(−ln p)/d(row) into it and adds scale × the weight gradients into {@code gEnc} and
     * {@code gDec}; {@code s} adds the frame's prediction counts and tells whether it was predicted exactly.
     */
    double frameNll(double[] row, int offset, boolean[] frame, double[] grad, double[] gEnc, double[] gDec,
            double scale, Scratch s) {
        int n = hidden;
        double[] a = s.a;
        double[] h = s.h;
        System.arraycopy(row, offset, a, 0, n);
        sigmoid(a, h);
        // backward bookkeeping: per segment between sounding keys, the decoder's summed gradient into h
        double[] dh = s.dh;
        double[] dA = s.dA;      // running sum of da over later segments
        int[] onKeys = s.onKeys;
        double[] segmentDa = s.segmentDa;
        if (grad != null) {
            java.util.Arrays.fill(dh, 0);
            java.util.Arrays.fill(dA, 0);
        }
        int segments = 0;
        double nll = 0;
        boolean exact = true;
        for (int i = 0; i < keys; i++) {
            double z = row[offset + n + i] + dot(h, wDec, i * n);
            boolean x = frame[i];
            nll += Act.softplus(x ? -z : z);
            boolean on = z >= 0;
            exact &= on == x;
            if (on && x) s.tp++;
            else if (on) s.fp++;
            else if (x) s.fn++;
            if (grad != null) {
                double dz = (sig(z) - (x ? 1 : 0)) * scale;
                grad[n + i] = dz;
                axpy(dz, h, 0, gDec, i * n);
                axpy(dz, wDec, i * n, dh);
            }
            if (x) {
                if (grad != null) {
                    closeSegment(dh, h, segmentDa, segments * n);
                    onKeys[segments] = i;
                    segments++;
                }
                axpy(1, wEnc, i * n, a);
                sigmoid(a, h);
            }
        }
        if (grad != null) {
            closeSegment(dh, h, segmentDa, segments * n);
            // da of every key's a_i flows to b_enc; W_enc[j] of a sounding key j reaches every a_i with i > j
            for (int g = segments; g >= 0; g--) {
                axpy(1, segmentDa, g * n, dA);
                if (g > 0) axpy(1, dA, 0, gEnc, onKeys[g - 1] * n);
            }
            System.arraycopy(dA, 0, grad, 0, n);
        }
        s.exact = exact;
        return nll;
    }

    /** da over the keys since the last sounding key, dh ⊙ h(1 − h), into da[off..]; resets dh. */
    private static void closeSegment(double[] dh, double[] h, double[] da, int off) {
        for (int j = 0; j < h.length; j++) {
            da[off + j] = dh[j] * h[j] * (1 - h[j]);
            dh[j] = 0;
        }
    }

    private static void sigmoid(double[] a, double[] h) {
        for (int j = 0; j < a.length; j++) h[j] = sig(a[j]);
    }

    static double sig(double x) {
        return Act.logistic(x);
    }

    /** h · w[off..]: four running sums, so the adds do not wait on each other (the JIT keeps one chain per sum). */
    private static double dot(double[] h, double[] w, int off) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = h.length;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += h[j] * w[off + j];
            s1 += h[j + 1] * w[off + j + 1];
            s2 += h[j + 2] * w[off + j + 2];
            s3 += h[j + 3] * w[off + j + 3];
        }
        for (; j < n; j++) s0 += h[j] * w[off + j];
        return (s0 + s1) + (s2 + s3);
    }

    /** y += alpha x[xOff..], over y's length. */
    private static void axpy(double alpha, double[] x, int xOff, double[] y) {
        for (int j = 0; j < y.length; j++) y[j] += alpha * x[xOff + j];
    }

    /** y[yOff..] += alpha x, over x's length. */
    private static void axpy(double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int j = 0; j < x.length - xOff; j++) y[yOff + j] += alpha * x[xOff + j];
    }
}
