package org.magentajava.model;

/**
 * Activation functions. Exact mode (double-precision networks, used by tests against references) calls
 * {@link Math}; fast mode (float32 training) uses Eigen's clamped rational tanh, the same approximation
 * TensorFlow's CPU kernels use for float, whose 3e-7 absolute error is below float32 resolution.
 */
final class Act {
    private Act() {}

    static double tanh(double x, boolean exact) {
        return exact ? Math.tanh(x) : fastTanh(x);
    }

    static double sigmoid(double x, boolean exact) {
        return exact ? 1.0 / (1.0 + Math.exp(-x)) : 0.5 + 0.5 * fastTanh(0.5 * x);
    }

    static double fastTanh(double v) {
        double x = Math.max(-7.90531110763549805, Math.min(7.90531110763549805, v));
        double x2 = x * x;
        double p = -2.76076847742355e-16;
        p = p * x2 + 2.00018790482477e-13;
        p = p * x2 - 8.60467152213735e-11;
        p = p * x2 + 5.12229709037114e-08;
        p = p * x2 + 1.48572235717979e-05;
        p = p * x2 + 6.37261928875436e-04;
        p = p * x2 + 4.89352455891786e-03;
        p = p * x;
        double q = 1.19825839466702e-06;
        q = q * x2 + 1.18534705686654e-04;
        q = q * x2 + 2.26843463243900e-03;
        q = q * x2 + 4.89352518554385e-03;
        return p / q;
    }

    /** Applies tanh in place to a[off, off+n). */
    static void tanhInPlace(double[] a, int off, int n, boolean exact) {
        if (exact) {
            for (int i = off; i < off + n; i++) a[i] = Math.tanh(a[i]);
        } else {
            for (int i = off; i < off + n; i++) a[i] = fastTanh(a[i]);
        }
    }

    /** Applies sigmoid(a + shift) in place to a[off, off+n). */
    static void sigmoidInPlace(double[] a, int off, int n, double shift, boolean exact) {
        if (exact) {
            for (int i = off; i < off + n; i++) a[i] = 1.0 / (1.0 + Math.exp(-(a[i] + shift)));
        } else {
            for (int i = off; i < off + n; i++) a[i] = 0.5 + 0.5 * fastTanh(0.5 * (a[i] + shift));
        }
    }
}
