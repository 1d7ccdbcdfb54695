package org.magentajava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The output loops (dropout) run on both cores in chunks of whole mask words; at sizes above the split
 * threshold, with a partial last word and several chunks per half, they must equal one thread drawing the
 * sequential SplitMix64 stream, forward and backward.
 */
class OutputLoopsTest {
    @Test
    void parallelDropoutEqualsTheSequentialStream() {
        // b x t x h = 33,215 elements (a partial last mask word) and 179,200 (several 64K chunks per half)
        for (int[] shape : new int[][] {{7, 73, 65}, {16, 200, 56}}) {
            int b = shape[0];
            int t = shape[1];
            int h = shape[2];
            int n = b * t * h;
            double keep = 0.6;
            LstmNetwork net = new LstmNetwork(3, 4, 0, HParams.parse("rnn_layer_sizes=[" + h + "]"), 1, DataType.FLOAT);
            Layer layer = net.layers()[0];
            Workspace w = new Workspace(net, b, t);
            Workspace.LayerWs lw = w.layers[0];
            Random r = new Random(n);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) out[i] = (float) r.nextGaussian();
            lw.hs.write(b * h, out, 0, n); // the cell outputs of steps 1..t (block 0 is the initial state)
            Rng rng = new Rng(99);
            layer.outputForward(lw, w, w.x0, t, b, keep, rng);

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
            layer.outputBackward(lw, w, t, b);
            double[] back = new double[n];
            lw.dy.read(0, back, 0, n);
            for (int i = 0; i < n; i++) assertEquals((float) (dy[i] * mask[i]), (float) back[i], "dy[" + i + "] of " + n);
        }
    }
}
