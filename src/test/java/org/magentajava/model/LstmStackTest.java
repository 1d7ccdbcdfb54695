package org.magentajava.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** LstmStack against a naive BasicLSTMCell stack, and its state carried across windows. */
class LstmStackTest {
    private static final int IN = 3;
    private static final int BATCH = 2;
    private static final int STEPS = 4;

    private static double[] inputs(long seed) {
        Random r = new Random(seed);
        double[] x = new double[STEPS * BATCH * IN];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
        return x;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** BasicLSTMCell (gates i, j, f, o; forget bias 1) layer by layer, one row at a time; outputs [t][b][h]. */
    private static double[][][] naive(Map<String, INDArray> p, List<Integer> sizes, double[] x) {
        double[][][] in = new double[STEPS][BATCH][];
        for (int t = 0; t < STEPS; t++) {
            for (int b = 0; b < BATCH; b++) {
                in[t][b] = java.util.Arrays.copyOfRange(x, (t * BATCH + b) * IN, (t * BATCH + b + 1) * IN);
            }
        }
        for (int l = 0; l < sizes.size(); l++) {
            int h = sizes.get(l);
            INDArray k = p.get("rnn/multi_rnn_cell/cell_" + l + "/basic_lstm_cell/kernel");
            INDArray bias = p.get("rnn/multi_rnn_cell/cell_" + l + "/basic_lstm_cell/bias");
            double[][][] out = new double[STEPS][BATCH][h];
            for (int b = 0; b < BATCH; b++) {
                double[] hh = new double[h];
                double[] c = new double[h];
                for (int t = 0; t < STEPS; t++) {
                    double[] xin = in[t][b];
                    double[] z = new double[4 * h];
                    for (int g = 0; g < 4 * h; g++) {
                        double s = bias.getDouble(g);
                        for (int i = 0; i < xin.length; i++) s += xin[i] * k.getDouble(i, g);
                        for (int i = 0; i < h; i++) s += hh[i] * k.getDouble(xin.length + i, g);
                        z[g] = s;
                    }
                    for (int j = 0; j < h; j++) {
                        c[j] = c[j] * sigmoid(z[2 * h + j] + 1) + sigmoid(z[j]) * Math.tanh(z[h + j]);
                        hh[j] = Math.tanh(c[j]) * sigmoid(z[3 * h + j]);
                    }
                    out[t][b] = hh.clone();
                }
            }
            in = out;
        }
        return in;
    }

    @Test
    void outputsAreBasicLstmCells() {
        List<Integer> sizes = List.of(5, 4);
        LstmStack stack = new LstmStack(IN, sizes, 9, DataType.DOUBLE);
        assertEquals(List.of("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel",
                "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias", "rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel",
                "rnn/multi_rnn_cell/cell_1/basic_lstm_cell/bias"), List.copyOf(stack.parameters().keySet()));
        Random r = new Random(2);
        for (INDArray p : stack.parameters().values()) {
            for (long i = 0; i < p.length(); i++) p.putScalar(i, p.getDouble(i) + 0.2 * r.nextGaussian());
        }
        double[] x = inputs(1);
        stack.forward((row0, n, dst) -> System.arraycopy(x, row0 * IN, dst, 0, n * IN), STEPS, BATCH, 1.0, null, null);
        double[] got = new double[STEPS * BATCH * 4];
        stack.output(0, STEPS * BATCH, got);
        double[][][] want = naive(stack.parameters(), sizes, x);
        for (int t = 0; t < STEPS; t++) {
            for (int b = 0; b < BATCH; b++) {
                assertArrayEquals(want[t][b], java.util.Arrays.copyOfRange(got, (t * BATCH + b) * 4,
                        (t * BATCH + b + 1) * 4), 1e-12, "step " + t + " row " + b);
            }
        }
    }

    @Test
    void twoWindowsWithTheStateCarriedEqualOnePass() {
        LstmStack stack = new LstmStack(IN, List.of(6, 3), 4, DataType.DOUBLE);
        double[] x = inputs(3);
        stack.forward((row0, n, dst) -> System.arraycopy(x, row0 * IN, dst, 0, n * IN), STEPS, BATCH, 1.0, null, null);
        double[] whole = new double[STEPS * BATCH * 3];
        stack.output(0, STEPS * BATCH, whole);
        double[][] h = stack.zeroState(BATCH);
        double[][] c = stack.zeroState(BATCH);
        double[] parts = new double[STEPS * BATCH * 3];
        int half = STEPS / 2 * BATCH;
        for (int w = 0; w < 2; w++) {
            int offset = w * half;
            stack.forward((row0, n, dst) -> System.arraycopy(x, (offset + row0) * IN, dst, 0, n * IN), STEPS / 2, BATCH,
                    1.0, h, c);
            stack.finalState(h, c);
            double[] out = new double[half * 3];
            stack.output(0, half, out);
            System.arraycopy(out, 0, parts, offset * 3, half * 3);
        }
        assertArrayEquals(whole, parts, 1e-12);
        assertThrows(IllegalStateException.class, () -> {
            stack.backward((row0, n, dst) -> { }, false);
            stack.backward((row0, n, dst) -> { }, false);
        });
    }
}
