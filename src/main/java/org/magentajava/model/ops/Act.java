package org.magentajava.model.ops;

/**
 * Activation functions. Exact mode (double-precision networks, used by tests against references) calls
 * {@link Math}; fast mode (float32 training) uses Eigen's clamped rational tanh, the same approximation
 * TensorFlow's CPU kernels use for float, whose 3e-7 absolute error is below float32 resolution.
 */
public final class Act {
    private Act() {}

    public static double tanh(double x, boolean exact) {
        return exact ? Math.tanh(x) : fastTanh(x);
    }

    public static double sigmoid(double x, boolean exact) {
        return exact ? 1.0 / (1.0 + Math.exp(-x)) : 0.5 + 0.5 * fastTanh(0.5 * x);
    }

    /** The logistic function in double, in a form whose exp cannot overflow (the losses' and the NADE's). */
    /**
     * ln(1 + e^x) = −ln σ(−x), without overflow: the one copy the sigmoid, NADE and biaxial heads share. ln(1 + e)
     * goes through Math.log (an intrinsic) rather than Math.log1p (a Java port of fdlibm), with the series below 1e-4
     * where 1 + e would round: relative error under 1e-12.
     */
    public static double softplus(double x) {
        double e = Math.exp(-Math.abs(x));
        return Math.max(x, 0) + (e < 1e-4 ? e * (1 - e * (0.5 - e / 3)) : Math.log(1 + e));
    }

    public static double logistic(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    // Eigen's float tanh: clamp to ±TANH_CLAMP, then x·P(x²)/Q(x²). SimdWindowKernel uses the same constants.
    public static final double TANH_CLAMP = 7.90531110763549805;
    public static final double P13 = -2.76076847742355e-16;
    public static final double P11 = 2.00018790482477e-13;
    public static final double P9 = -8.60467152213735e-11;
    public static final double P7 = 5.12229709037114e-08;
    public static final double P5 = 1.48572235717979e-05;
    public static final double P3 = 6.37261928875436e-04;
    public static final double P1 = 4.89352455891786e-03;
    public static final double Q6 = 1.19825839466702e-06;
    public static final double Q4 = 1.18534705686654e-04;
    public static final double Q2 = 2.26843463243900e-03;
    public static final double Q0 = 4.89352518554385e-03;

    public static double fastTanh(double v) {
        double x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, v));
        double x2 = x * x;
        double p = P13;
        p = p * x2 + P11;
        p = p * x2 + P9;
        p = p * x2 + P7;
        p = p * x2 + P5;
        p = p * x2 + P3;
        p = p * x2 + P1;
        p = p * x;
        double q = Q6;
        q = q * x2 + Q4;
        q = q * x2 + Q2;
        q = q * x2 + Q0;
        return p / q;
    }

    /** Applies tanh in place to a[off, off+n). */
    public static void tanhInPlace(double[] a, int off, int n, boolean exact) {
        if (exact) {
            for (int i = off; i < off + n; i++) a[i] = Math.tanh(a[i]);
        } else {
            for (int i = off; i < off + n; i++) a[i] = fastTanh(a[i]);
        }
    }

    /** Applies sigmoid(a + shift) in place to a[off, off+n). */
    public static void sigmoidInPlace(double[] a, int off, int n, double shift, boolean exact) {
        if (exact) {
            for (int i = off; i < off + n; i++) a[i] = 1.0 / (1.0 + Math.exp(-(a[i] + shift)));
        } else {
            for (int i = off; i < off + n; i++) a[i] = 0.5 + 0.5 * fastTanh(0.5 * (a[i] + shift));
        }
    }
}
