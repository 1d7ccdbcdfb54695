package org.magentajava.model;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A deliberately naive transliteration of Magenta's graph (events_rnn_graph.py + contrib AttentionCellWrapper)
 * for tests: one sequence at a time, vectors and loops, the attention window kept as Magenta keeps it (a
 * shifted list of outputs whose features are recomputed with attn_w every step).
 */
final class ReferenceRnn {
    private final Map<String, INDArray> p;
    private final HParams hp;

    ReferenceRnn(LstmNetwork net) {
        this.p = net.parameters();
        this.hp = net.hparams();
    }

    /** Logits [b][t][c] for every step. */
    double[][][] logits(float[][][] inputs) {
        double[][][] out = new double[inputs.length][][];
        for (int b = 0; b < inputs.length; b++) out[b] = sequence(inputs[b]);
        return out;
    }

    /** Mean cross-entropy over valid steps. */
    double loss(Batch batch) {
        double[][][] z = logits(batch.inputs());
        double total = 0;
        int n = 0;
        for (int b = 0; b < z.length; b++) {
            for (int t = 0; t < batch.lengths()[b]; t++) {
                double[] row = z[b][t];
                double max = Double.NEGATIVE_INFINITY;
                for (double v : row) max = Math.max(max, v);
                double s = 0;
                for (double v : row) s += Math.exp(v - max);
                total += Math.log(s) + max - row[batch.labels()[b][t]];
                n++;
            }
        }
        return total / n;
    }

    private double[][] sequence(float[][] xs) {
        int layers = hp.rnnLayerSizes().size();
        double[][] c = new double[layers][];
        double[][] h = new double[layers][];
        for (int l = 0; l < layers; l++) {
            c[l] = new double[hp.rnnLayerSizes().get(l)];
            h[l] = new double[hp.rnnLayerSizes().get(l)];
        }
        int len = hp.attnLength();
        int a0 = hp.rnnLayerSizes().get(0);
        double[] attn = new double[a0];
        double[][] window = new double[len][a0];
        double[][] out = new double[xs.length][];
        for (int t = 0; t < xs.length; t++) {
            double[] x = new double[xs[t].length];
            for (int i = 0; i < x.length; i++) x[i] = xs[t][i];
            for (int l = 0; l < layers; l++) {
                String pre = "rnn/multi_rnn_cell/cell_" + l + "/";
                int size = hp.rnnLayerSizes().get(l);
                if (hp.residualConnections() && (l == 0 || size != hp.rnnLayerSizes().get(l - 1))) {
                    pre += "input_projection_wrapper/";
                    x = linear(x, m(pre + "kernel"), v(pre + "bias"));
                }
                double[] cellOut;
                if (l == 0 && len > 0) {
                    String a = pre + "attention_cell_wrapper/";
                    double[] xin = linear(concat(x, attn), m(a + "kernel"), v(a + "bias"));
                    lstm(xin, c, h, l, a + "basic_lstm_cell/");
                    double[] q = concat(c[l], h[l]);
                    double[][] attnW = m4(a + "attention/attn_w");
                    double[] attnV = v(a + "attention/attn_v");
                    double[] y = linear(q, m(a + "attention/kernel"), v(a + "attention/bias"));
                    double[] s = new double[len];
                    for (int k = 0; k < len; k++) {
                        double[] f = linear(window[k], attnW, new double[size]);
                        for (int j = 0; j < size; j++) s[k] += attnV[j] * Math.tanh(f[j] + y[j]);
                    }
                    double max = Double.NEGATIVE_INFINITY;
                    for (double sv : s) max = Math.max(max, sv);
                    double sum = 0;
                    for (int k = 0; k < len; k++) sum += Math.exp(s[k] - max);
                    double[] newAttn = new double[size];
                    for (int k = 0; k < len; k++) {
                        double al = Math.exp(s[k] - max) / sum;
                        for (int j = 0; j < size; j++) newAttn[j] += al * window[k][j];
                    }
                    attn = newAttn;
                    cellOut = linear(concat(h[l], attn), m(a + "attn_output_projection/kernel"),
                            v(a + "attn_output_projection/bias"));
                    double[][] shifted = new double[len][];
                    System.arraycopy(window, 1, shifted, 0, len - 1);
                    shifted[len - 1] = cellOut;
                    window = shifted;
                } else {
                    lstm(x, c, h, l, pre + "basic_lstm_cell/");
                    cellOut = h[l].clone();
                }
                if (hp.residualConnections()) {
                    cellOut = cellOut.clone(); // the attention window keeps the un-added output
                    for (int j = 0; j < cellOut.length; j++) cellOut[j] += x[j];
                }
                x = cellOut;
            }
            out[t] = linear(x, m("fully_connected/weights"), v("fully_connected/biases"));
        }
        return out;
    }

    private void lstm(double[] x, double[][] c, double[][] h, int l, String pre) {
        double[] z = linear(concat(x, h[l]), m(pre + "kernel"), v(pre + "bias"));
        int n = h[l].length;
        for (int j = 0; j < n; j++) {
            double i = sig(z[j]);
            double g = Math.tanh(z[n + j]);
            double f = sig(z[2 * n + j] + 1.0);
            double o = sig(z[3 * n + j]);
            c[l][j] = c[l][j] * f + i * g;
            h[l][j] = Math.tanh(c[l][j]) * o;
        }
    }

    private static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double[] linear(double[] x, double[][] w, double[] b) {
        double[] y = b.clone();
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) y[j] += x[i] * w[i][j];
        }
        return y;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = new double[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private double[][] m(String name) {
        INDArray a = get(name);
        if (a.rank() != 2) throw new IllegalStateException(name + " rank " + a.rank());
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    private double[][] m4(String name) {
        INDArray a = get(name);
        return a.castTo(DataType.DOUBLE).reshape(a.size(2), a.size(3)).toDoubleMatrix();
    }

    private double[] v(String name) {
        INDArray a = get(name);
        if (a.rank() != 1) throw new IllegalStateException(name + " rank " + a.rank());
        return a.castTo(DataType.DOUBLE).toDoubleVector();
    }

    private INDArray get(String name) {
        INDArray a = p.get(name);
        if (a == null) throw new IllegalStateException("no parameter " + name + " in " + p.keySet());
        return a;
    }
}
