package org.magentajava.importer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random weights under Magenta's current variable names and shapes, for a stack of BasicLSTMCells with optional
 * attention on layer 0 (attention size = layer 0's size, as Magenta builds it) or around the whole stack
 * (Magenta before May 2017: attention size = the top layer's size, query = every layer's c and h), and the
 * fully_connected layer.
 */
final class MagentaWeights {
    record Tensor(long[] shape, float[] values) {}

    final int inputSize;
    final List<Integer> sizes;
    final int classes;
    final boolean attention;
    /** Magenta's residual_connections: every layer adds its input; layer 0 and size changes project it first. */
    final boolean residual;
    /** The AttentionCellWrapper wraps the whole MultiRNNCell (names under rnn/attention_cell_wrapper/). */
    final boolean wholeStack;
    final Map<String, Tensor> tensors = new LinkedHashMap<>();
    // widened once: the reference reads every weight at every step (callers never write into them)
    private final Map<String, double[][]> matrices = new java.util.HashMap<>();
    private final Map<String, double[]> vectors = new java.util.HashMap<>();

    MagentaWeights(int inputSize, List<Integer> sizes, int classes, boolean attention, long seed) {
        this(inputSize, sizes, classes, attention, false, seed);
    }

    MagentaWeights(int inputSize, List<Integer> sizes, int classes, boolean attention, boolean residual, long seed) {
        this(inputSize, sizes, classes, attention, residual, false, seed);
    }

    /** Attention around the whole stack, in the order TensorFlow creates the variables. */
    static MagentaWeights wholeStack(int inputSize, List<Integer> sizes, int classes, long seed) {
        return new MagentaWeights(inputSize, sizes, classes, true, false, true, seed);
    }

    private MagentaWeights(int inputSize, List<Integer> sizes, int classes, boolean attention, boolean residual,
                           boolean wholeStack, long seed) {
        this.inputSize = inputSize;
        this.sizes = sizes;
        this.classes = classes;
        this.attention = attention;
        this.residual = residual;
        this.wholeStack = wholeStack;
        Random r = new Random(seed);
        if (wholeStack) {
            String p = "rnn/attention_cell_wrapper/";
            int top = sizes.get(sizes.size() - 1);
            put(r, p + "kernel", inputSize + top, inputSize);
            put(r, p + "bias", inputSize);
            int in = inputSize;
            int query = 0;
            for (int i = 0; i < sizes.size(); i++) {
                int h = sizes.get(i);
                put(r, p + "multi_rnn_cell/cell_" + i + "/basic_lstm_cell/kernel", in + h, 4 * h);
                put(r, p + "multi_rnn_cell/cell_" + i + "/basic_lstm_cell/bias", 4 * h);
                in = h;
                query += 2 * h;
            }
            put(r, p + "attention/attn_w", 1, 1, top, top);
            put(r, p + "attention/attn_v", top);
            put(r, p + "attention/kernel", query, top);
            put(r, p + "attention/bias", top);
            put(r, p + "attn_output_projection/kernel", 2 * top, top);
            put(r, p + "attn_output_projection/bias", top);
            put(r, "fully_connected/weights", top, classes);
            put(r, "fully_connected/biases", classes);
            return;
        }
        int in = inputSize;
        for (int i = 0; i < sizes.size(); i++) {
            int h = sizes.get(i);
            String p = "rnn/multi_rnn_cell/cell_" + i + "/";
            if (projected(i)) {
                p += "input_projection_wrapper/";
                put(r, p + "kernel", in, h);
                put(r, p + "bias", h);
                in = h;
            }
            if (i == 0 && attention) {
                p += "attention_cell_wrapper/";
                put(r, p + "kernel", in + h, in);
                put(r, p + "bias", in);
                put(r, p + "attention/attn_w", 1, 1, h, h);
                put(r, p + "attention/attn_v", h);
                put(r, p + "attention/kernel", 2 * h, h);
                put(r, p + "attention/bias", h);
                put(r, p + "attn_output_projection/kernel", 2 * h, h);
                put(r, p + "attn_output_projection/bias", h);
            }
            put(r, p + "basic_lstm_cell/kernel", in + h, 4 * h);
            put(r, p + "basic_lstm_cell/bias", 4 * h);
            in = h;
        }
        put(r, "fully_connected/weights", in, classes);
        put(r, "fully_connected/biases", classes);
    }

    /** A real checkpoint's tensors (today's names) with the structure given: for checking trained weights. */
    MagentaWeights(Map<String, Tensor> tensors, int inputSize, List<Integer> sizes, int classes, boolean attention,
                   boolean residual, boolean wholeStack) {
        this.inputSize = inputSize;
        this.sizes = sizes;
        this.classes = classes;
        this.attention = attention;
        this.residual = residual;
        this.wholeStack = wholeStack;
        this.tensors.putAll(tensors);
    }

    boolean projected(int layer) {
        return residual && (layer == 0 || !sizes.get(layer).equals(sizes.get(layer - 1)));
    }

    private void put(Random r, String name, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        float[] v = new float[(int) n];
        for (int k = 0; k < v.length; k++) v[k] = (float) (r.nextDouble() * 1.2 - 0.6);
        tensors.put(name, new Tensor(shape, v));
    }

    /** The same tensors under other names: {@code rename} maps today's name to the stored one. */
    Map<String, Tensor> renamed(java.util.function.UnaryOperator<String> rename) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(rename.apply(k), v));
        return out;
    }

    double[][] matrix(String name) {
        return matrices.computeIfAbsent(name, n -> {
            Tensor t = require(n);
            int rows = (int) t.shape()[t.shape().length - 2];
            int cols = (int) t.shape()[t.shape().length - 1];
            double[][] m = new double[rows][cols];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i][j] = t.values()[i * cols + j];
            return m;
        });
    }

    double[] vector(String name) {
        return vectors.computeIfAbsent(name, n -> {
            float[] v = require(n).values();
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) d[i] = v[i];
            return d;
        });
    }

    private Tensor require(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("the reference needs variable " + name + "; not in " + tensors.keySet());
        return t;
    }
}
