package org.magentajava.model.layers;

import org.magentajava.model.ops.Buf;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An AttentionCellWrapper's forward buffers for one batch size and up to {@code cap} steps, time-major. Block 0
 * of {@link #attention} and the first {@code length} blocks of {@link #outputs} and {@link #features} hold the
 * starting state (the last attention vector and the window of the last outputs, oldest first); step s's window
 * is blocks s .. s+length-1 of them, and its output joins as block s+length.
 */
final class AttentionBuffers {
    final int batch;
    /** Attention size: the wrapped cell's output width. */
    final int size;
    /** attn_length: window entries. */
    final int length;
    /** The cell's input x' = [x, a_prev]·W1 + b1. */
    final Buf inputs;
    final Buf attention;
    final Buf queries;
    final Buf outputs;
    /** The outputs' attention features, outputs·attn_w. */
    final Buf features;
    /** Heap mirrors of outputs and features that the window loops read without per-step copies: these loops are
     *  memory-bound, so float networks keep them in float and double networks in double. One is null. */
    final DoubleMirror doubles;
    final FloatMirror floats;
    // one step's rows (each batch chunk at its own rows) in the network's precision
    final double[] queryRows;
    final double[] contextRows;
    final float[] queryRowsF;
    final float[] contextRowsF;

    /** The mirrors of a double network; the gradients are null when the buffers only run forward. */
    record DoubleMirror(double[] hist, double[] proj, double[] alpha, double[] dHist, double[] dProj) {}

    /** The mirrors of a float network, as {@link DoubleMirror}. */
    record FloatMirror(float[] hist, float[] proj, float[] alpha, float[] dHist, float[] dProj) {}

    AttentionBuffers(DataType dt, int b, int cap, int inputWidth, int size, int length, boolean training) {
        this.batch = b;
        this.size = size;
        this.length = length;
        int rows = cap * b;
        inputs = Buf.zeros(dt, rows, inputWidth);
        attention = Buf.zeros(dt, rows + b, size);
        queries = Buf.zeros(dt, rows, size);
        outputs = Buf.zeros(dt, rows + length * b, size);
        features = Buf.zeros(dt, rows + length * b, size);
        int padded = (rows + length * b) * size;
        if (dt == DataType.DOUBLE) {
            doubles = new DoubleMirror(new double[padded], new double[padded], new double[rows * length],
                    training ? new double[padded] : null, training ? new double[padded] : null);
            floats = null;
            queryRows = new double[b * size];
            contextRows = new double[b * size];
            queryRowsF = null;
            contextRowsF = null;
        } else {
            floats = new FloatMirror(new float[padded], new float[padded], new float[rows * length],
                    training ? new float[padded] : null, training ? new float[padded] : null);
            doubles = null;
            queryRows = null;
            contextRows = null;
            queryRowsF = new float[b * size];
            contextRowsF = new float[b * size];
        }
    }

    /**
     * Puts a starting state into the buffers: the attention vector [batch, size] and the window and its features
     * [length × batch, size] (time-major), or zeros when {@code attn} is null.
     */
    void load(Buf attn, Buf window, Buf windowFeatures) {
        int n = batch * size;
        int win = length * n;
        if (attn == null) {
            attention.fill(0, n, 0);
            outputs.fill(0, win, 0);
            features.fill(0, win, 0);
        } else {
            attention.copyFrom(attn, 0, 0, n);
            outputs.copyFrom(window, 0, 0, win);
            features.copyFrom(windowFeatures, 0, 0, win);
        }
        mirror(0, win);
    }

    /** The state after one step into the same three buffers {@link #load} takes. */
    void save(Buf attn, Buf window, Buf windowFeatures) {
        int n = batch * size;
        attn.copyFrom(attention, n, 0, n);
        window.copyFrom(outputs, n, 0, length * n);
        windowFeatures.copyFrom(features, n, 0, length * n);
    }

    /** Copies outputs and features elements [off, off+n) into the heap mirrors. */
    void mirror(int off, int n) {
        if (doubles != null) {
            outputs.read(off, doubles.hist(), off, n);
            features.read(off, doubles.proj(), off, n);
        } else {
            outputs.readFloats(off, floats.hist(), off, n);
            features.readFloats(off, floats.proj(), off, n);
        }
    }
}
