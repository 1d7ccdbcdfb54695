package org.magentajava.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.magentajava.model.Rng;
import org.magentajava.model.ops.Parameters;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The output loops (dropout) run on every thread in chunks of whole mask words; at sizes above the split
 * threshold, with a partial last word and several 64K passes per chunk, they must equal one thread drawing the
 * sequential SplitMix64 stream, forward and backward.
 */
class OutputLoopsTest {
    @Test
    void parallelDropoutEqualsTheSequentialStream() {
        // b x t x h = 33,215 elements (a partial last mask word) and 179,200 (several 64K passes per chunk)
        for (int[] shape : new int[][] {{7, 73, 65}, {16, 200, 56}}) {
            int b = shape[0];
            int t = shape[1];
            int h = shape[2];
            int n = b * t * h;
            double keep = 0.6;
            Rng init = new Rng(1);
            LstmLayer layer = LstmLayer.create(new Parameters(DataType.FLOAT),
                    new LayerSpec("rnn/", 0, 3, h, 0, false, false), false, init::nextDouble);
            LstmWorkspace lw = layer.workspace(DataType.FLOAT, b, t, null);
            Random r = new Random(n);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) out[i] = (float) r.nextGaussian();
            lw.h.write(b * h, out, 0, n); // the cell outputs of steps 1..t (block 0 is the initial state)
            Rng rng = new Rng(99);
            layer.project(lw, lw.y, t * b);
            layer.outputForward(lw, t, keep, rng);

            Rng seq = new Rng(99);
            double[] mask = new double[n];
            int dropped = 0;
            for (int i = 0; i < n; i++) {
                mask[i] = seq.nextDouble() < keep ? 1.0 / keep : 0.0;
                if (mask[i] == 0) dropped++;
            }
            assertEquals(seq.state(), rng.state(), "the stream advanced by one draw per element");
            assertTrue(dropped > n / 3 && dropped < n / 2, "dropped " + dropped + " of " + n);
            double[] y = new double[n];
            lw.y.read(0, y, 0, n);
            for (int i = 0; i < n; i++) assertEquals((float) (out[i] * mask[i]), (float) y[i], "y[" + i + "] of " + n);

            double[] dy = new double[n];
            for (int i = 0; i < n; i++) dy[i] = (float) r.nextGaussian();
            lw.dy.write(0, dy, 0, n);
            layer.outputBackward(lw, t);
            double[] back = new double[n];
            lw.dy.read(0, back, 0, n);
            for (int i = 0; i < n; i++) assertEquals((float) (dy[i] * mask[i]), (float) back[i], "dy[" + i + "] of " + n);
        }
    }
}
