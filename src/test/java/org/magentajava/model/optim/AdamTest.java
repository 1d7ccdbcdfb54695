package org.magentajava.model.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parameters;
import org.nd4j.linalg.api.buffer.DataType;

class AdamTest {
    /** tf.clip_by_norm's factor: ‖(3, 4)‖ = 5, so clip norm 1 scales by 0.2; a smaller norm is left alone. */
    @Test
    void clipsEachTensorToItsNorm() {
        assertEquals(0.2, Adam.clipScale(new double[] {3, 4}, 1.0), 1e-15);
        assertEquals(1.0, Adam.clipScale(new double[] {0.3, 0.4}, 1.0));
        assertEquals(1.0, Adam.clipScale(new double[] {0, 0}, 1.0));
    }

    /**
     * By hand: g = (3, -4) has norm 5, clipped to (0.6, -0.8); m = 0.1 g, v = 0.001 g²; the step size
     * lr·√(1 − 0.999)/(1 − 0.9) times m/(√v + ε) moves each element by lr (to 1e-6) against its gradient's sign.
     * The bias, whose gradient 0.5 is below the clip norm, moves by the same lr: Adam's first step does not
     * depend on the gradient's size.
     */
    @Test
    void firstStepMovesByTheLearningRateAndKeepsTheSlots() {
        Parameters ps = new Parameters(DataType.DOUBLE);
        Buf w = ps.add("w", 1, 2, null);
        Buf b = ps.add("b", new long[] {1}, 1, 1, null);
        w.write(0, new double[] {1, -1}, 0, 2);
        ps.gradient("w").write(0, new double[] {3, -4}, 0, 2);
        ps.gradient("b").write(0, new double[] {0.5}, 0, 1);
        Adam adam = new Adam(ps);
        adam.apply(0.1, 1.0);
        assertEquals(1, adam.step());
        double[] x = new double[2];
        w.read(0, x, 0, 2);
        double move = 0.1 * Math.sqrt(0.001) / 0.1 * 0.06 / (Math.sqrt(0.001 * 0.36) + 1e-8);
        assertEquals(1 - move, x[0], 1e-15);
        assertEquals(-1 + 0.1 * Math.sqrt(0.001) / 0.1 * 0.08 / (Math.sqrt(0.001 * 0.64) + 1e-8), x[1], 1e-15);
        assertEquals(0.1, 1 - x[0], 1e-6);
        double[] m = new double[2];
        double[] v = new double[2];
        adam.firstMoment("w").read(0, m, 0, 2);
        adam.secondMoment("w").read(0, v, 0, 2);
        assertEquals(0.06, m[0], 1e-15);
        assertEquals(-0.08, m[1], 1e-15);
        assertEquals(0.00036, v[0], 1e-15);
        assertEquals(0.00064, v[1], 1e-15);
        double[] bias = new double[1];
        b.read(0, bias, 0, 1);
        assertEquals(-0.1, bias[0], 1e-6);
    }
}
