package org.magentajava.model.layers;

import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parallel;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An attention-wrapped layer's buffers: the plain cell's, the wrapper's forward buffers, and the gradients
 * its backward pass runs through time.
 */
public final class AttentionWorkspace extends LstmWorkspace {
    final AttentionBuffers window;
    /** dL/d(output), padded like the window: the layer above's part plus the window's. */
    final Buf dOutputs;
    final Buf dFeatures;
    final Buf dAttention;
    /** dL/dx' of every step. */
    final Buf dInputs;
    final Buf dQueries;
    /** dL/dh of the current step from the output projection and the query ([batch, size]). */
    final Buf dhStep;
    /** dL/dc of the current step from the query ([batch, size]). */
    final Buf dcQuery;
    // one step's rows, each batch chunk at its own rows
    final double[] dcQueryRows;
    final double[] dContextRows;
    final double[] dQueryRows;
    final float[] dContextRowsF;
    final float[] dQueryRowsF;
    /** Each thread's partial sums of dL/d(attn_v), added in chunk order. */
    final double[][] dv;

    AttentionWorkspace(AttentionLstmLayer l, DataType dt, int b, int cap, LstmWorkspace below) {
        super(l, dt, b, cap, below);
        int h = l.size;
        int len = l.wrapper.length;
        int rows = cap * b;
        window = new AttentionBuffers(dt, b, cap, l.cellInSize, h, len, true);
        dOutputs = Buf.zeros(dt, rows + len * b, h);
        dFeatures = Buf.zeros(dt, rows + len * b, h);
        dAttention = Buf.zeros(dt, rows + b, h);
        dInputs = Buf.zeros(dt, rows, l.cellInSize);
        dQueries = Buf.zeros(dt, rows, h);
        dhStep = Buf.zeros(dt, b, h);
        dcQuery = Buf.zeros(dt, b, h);
        dcQueryRows = new double[b * h];
        boolean dbl = dt == DataType.DOUBLE;
        dContextRows = dbl ? new double[b * h] : null;
        dQueryRows = dbl ? new double[b * h] : null;
        dContextRowsF = dbl ? null : new float[b * h];
        dQueryRowsF = dbl ? null : new float[b * h];
        dv = new double[Parallel.THREADS][h];
    }

    /**
     * The wrapper's starting state: the attention vector [batch, size] and the window and its features
     * [attn_length × batch, size], time-major; zeros when {@code attn} is null.
     */
    public void loadAttention(Buf attn, Buf windowOutputs, Buf windowFeatures) {
        window.load(attn, windowOutputs, windowFeatures);
    }

    /** The wrapper's state after a one-step pass into the buffers {@link #loadAttention} takes. */
    public void saveAttention(Buf attn, Buf windowOutputs, Buf windowFeatures) {
        window.save(attn, windowOutputs, windowFeatures);
    }
}
