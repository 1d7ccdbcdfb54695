package org.magentajava.model.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parameters;
import org.nd4j.linalg.factory.Nd4j;

/**
 * TensorFlow's Adam (β1 0.9, β2 0.999, ε 1e-8, the bias corrections folded into the step size) after
 * Magenta's gradient clipping: tf_slim's clip_gradient_norms, which scales each tensor's gradient down to
 * norm {@code clipNorm} on its own (tf.clip_by_norm per tensor, not one global norm). Its slots are
 * TensorFlow's {@code <name>/Adam} (first moments) and {@code <name>/Adam_1} (second moments).
 */
public final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final Parameters params;
    private final Map<String, Buf> firstMoments = new LinkedHashMap<>();
    private final Map<String, Buf> secondMoments = new LinkedHashMap<>();
    private long step;

    /** Zero slots for every parameter {@code params} holds now. */
    public Adam(Parameters params) {
        this.params = params;
        for (String name : params.names()) {
            long[] shape = params.value(name).array.shape();
            firstMoments.put(name, new Buf(Nd4j.create(params.dataType(), shape)));
            secondMoments.put(name, new Buf(Nd4j.create(params.dataType(), shape)));
        }
    }

    /** Steps taken (TensorFlow's global_step when trained only here). */
    public long step() {
        return step;
    }

    /** Resumes the step count from a checkpoint. */
    public void setStep(long step) {
        this.step = step;
    }

    /** The first-moment slot of a parameter ({@code <name>/Adam}); null for an unknown name. */
    public Buf firstMoment(String name) {
        return firstMoments.get(name);
    }

    /** The second-moment slot of a parameter ({@code <name>/Adam_1}); null for an unknown name. */
    public Buf secondMoment(String name) {
        return secondMoments.get(name);
    }

    /** One step on the gradients the parameters hold, each clipped to norm {@code clipNorm} first. */
    public void apply(double learningRate, double clipNorm) {
        step++;
        double lrT = learningRate * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
        for (String name : params.names()) {
            Buf p = params.value(name);
            Buf mBuf = firstMoments.get(name);
            Buf vBuf = secondMoments.get(name);
            int n = (int) p.length();
            double[] g = new double[n];
            double[] m = new double[n];
            double[] v = new double[n];
            double[] x = new double[n];
            params.gradient(name).read(0, g, 0, n);
            mBuf.read(0, m, 0, n);
            vBuf.read(0, v, 0, n);
            p.read(0, x, 0, n);
            double scale = clipScale(g, clipNorm);
            for (int i = 0; i < n; i++) {
                double gi = g[i] * scale;
                m[i] += (gi - m[i]) * (1 - BETA1);
                v[i] += (gi * gi - v[i]) * (1 - BETA2);
                x[i] -= lrT * m[i] / (Math.sqrt(v[i]) + EPSILON);
            }
            mBuf.write(0, m, 0, n);
            vBuf.write(0, v, 0, n);
            p.write(0, x, 0, n);
        }
    }

    /** tf.clip_by_norm's factor: 1, or clipNorm / ‖g‖ when the norm is larger. */
    static double clipScale(double[] g, double clipNorm) {
        double sq = 0;
        for (double gi : g) sq += gi * gi;
        double norm = Math.sqrt(sq);
        return norm > clipNorm ? clipNorm / norm : 1.0;
    }
}
