package org.magentajava.importer;

/**
 * Magenta's generate graph, step by step in plain double arithmetic, written from the graph's definition and
 * independent of the project's network: BasicLSTMCell (z = [x, h]·K + b split i, j, f, o; c = c·σ(f + 1) +
 * σ(i)·tanh(j); h = tanh(c)·σ(o)), Magenta's AttentionCellWrapper on layer 0 or around the whole MultiRNNCell
 * (TensorFlow's AttentionCellWrapper.__call__ and _attention as of TF 0.12–1.x), residual mode
 * (InputProjectionWrapper then output + input) and softmax(fully_connected(top)).
 * Zero initial state and zero attention window.
 */
final class MagentaGraphReference {
    private final MagentaWeights w;
    private final int attnLength;
    private final double[][] c;
    private final double[][] h;
    private double[] attns;
    private double[][] window; // oldest first
    private double[][] features; // window entry · attn_w, same order

    MagentaGraphReference(MagentaWeights w, int attnLength) {
        this.w = w;
        this.attnLength = attnLength;
        int n = w.sizes.size();
        c = new double[n][];
        h = new double[n][];
        for (int i = 0; i < n; i++) {
            c[i] = new double[w.sizes.get(i)];
            h[i] = new double[w.sizes.get(i)];
        }
        if (w.attention) {
            // attn_size defaults to the wrapped cell's output size: layer 0's, or the whole stack's (its top layer's)
            int a = w.wholeStack ? w.sizes.get(n - 1) : w.sizes.get(0);
            attns = new double[a];
            window = new double[attnLength][a];
            features = new double[attnLength][a];
        }
    }

    /** Feeds one input and returns the class probabilities. */
    double[] step(double[] x) {
        if (w.wholeStack) return stepWholeStack(x);
        double[] in = x;
        for (int l = 0; l < w.sizes.size(); l++) {
            String p = "rnn/multi_rnn_cell/cell_" + l + "/";
            if (w.projected(l)) {
                p += "input_projection_wrapper/";
                in = linear(in, w.matrix(p + "kernel"), w.vector(p + "bias"));
            }
            double[] layerIn = in;
            if (l == 0 && w.attention) {
                String a = p + "attention_cell_wrapper/";
                double[] projected = linear(concat(in, attns), w.matrix(a + "kernel"), w.vector(a + "bias"));
                lstm(l, projected, a + "basic_lstm_cell/");
                in = attention(a, concat(c[l], h[l]), h[l]);
            } else {
                lstm(l, in, p + "basic_lstm_cell/");
                in = h[l];
            }
            if (w.residual) {
                double[] sum = in.clone();
                for (int j = 0; j < sum.length; j++) sum[j] += layerIn[j];
                in = sum;
            }
        }
        return softmax(linear(in, w.matrix("fully_connected/weights"), w.vector("fully_connected/biases")));
    }

    /**
     * The wrapper around the whole stack: inputs = [x, attns]·W + b; the MultiRNNCell runs on them; the query is
     * the flattened new state (c0, h0, c1, h1, ...); the output [top h, new attns]·W + b enters the window and
     * the softmax layer.
     */
    private double[] stepWholeStack(double[] x) {
        String a = "rnn/attention_cell_wrapper/";
        double[] in = linear(concat(x, attns), w.matrix(a + "kernel"), w.vector(a + "bias"));
        int n = w.sizes.size();
        double[] query = new double[0];
        for (int l = 0; l < n; l++) {
            lstm(l, in, a + "multi_rnn_cell/cell_" + l + "/basic_lstm_cell/");
            in = h[l];
            query = concat(query, concat(c[l], h[l]));
        }
        double[] out = attention(a, query, h[n - 1]);
        return softmax(linear(out, w.matrix("fully_connected/weights"), w.vector("fully_connected/biases")));
    }

    /**
     * TF's AttentionCellWrapper._attention and output projection under scope {@code a}: scores
     * v·tanh(conv2d(window, attn_w) + query·W + b), softmax, the weighted window as the new attention, then
     * output = [cellOutput, attention]·W + b, which is shifted into the window (oldest entry out).
     */
    private double[] attention(String a, double[] query, double[] cellOutput) {
        double[] y = linear(query, w.matrix(a + "attention/kernel"), w.vector(a + "attention/bias"));
        double[][] k = w.matrix(a + "attention/attn_w");
        double[] v = w.vector(a + "attention/attn_v");
        double[] s = new double[attnLength];
        for (int t = 0; t < attnLength; t++) {
            double[] f = features[t];
            for (int j = 0; j < v.length; j++) s[t] += v[j] * Math.tanh(f[j] + y[j]);
        }
        double[] alpha = softmax(s);
        double[] newAttns = new double[attns.length];
        for (int t = 0; t < attnLength; t++) {
            for (int j = 0; j < newAttns.length; j++) newAttns[j] += alpha[t] * window[t][j];
        }
        double[] out = linear(concat(cellOutput, newAttns), w.matrix(a + "attn_output_projection/kernel"),
                w.vector(a + "attn_output_projection/bias"));
        double[][] next = new double[attnLength][];
        System.arraycopy(window, 1, next, 0, attnLength - 1);
        next[attnLength - 1] = out;
        window = next;
        double[][] nextFeatures = new double[attnLength][];
        System.arraycopy(features, 1, nextFeatures, 0, attnLength - 1);
        // conv2d with a 1x1 kernel and no bias: each window entry times attn_w, computed once per entry
        nextFeatures[attnLength - 1] = linear(out, k, new double[k[0].length]);
        features = nextFeatures;
        attns = newAttns;
        return out;
    }

    private void lstm(int l, double[] x, String prefix) {
        double[] z = linear(concat(x, h[l]), w.matrix(prefix + "kernel"), w.vector(prefix + "bias"));
        int n = h[l].length;
        for (int j = 0; j < n; j++) {
            double i = z[j];
            double g = z[n + j];
            double f = z[2 * n + j];
            double o = z[3 * n + j];
            c[l][j] = c[l][j] * sigmoid(f + 1.0) + sigmoid(i) * Math.tanh(g);
            h[l][j] = Math.tanh(c[l][j]) * sigmoid(o);
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double[] linear(double[] x, double[][] m, double[] b) {
        double[] out = b.clone();
        for (int i = 0; i < x.length; i++) for (int j = 0; j < out.length; j++) out[j] += x[i] * m[i][j];
        return out;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double[] softmax(double[] s) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) max = Math.max(max, v);
        double sum = 0;
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) sum += out[i] = Math.exp(s[i] - max);
        for (int i = 0; i < s.length; i++) out[i] /= sum;
        return out;
    }
}
