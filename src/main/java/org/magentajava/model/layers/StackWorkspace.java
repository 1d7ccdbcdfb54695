package org.magentajava.model.layers;

import org.magentajava.model.ops.Buf;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A {@link LayerStack}'s buffers for one batch size and up to {@code capacity} steps: the inputs, each layer's
 * workspace and the whole-stack wrapper's buffers (null for other stacks). Time-major: row {@code s*batch + b}.
 */
public final class StackWorkspace {
    public final int batch;
    public final int capacity;
    /** The stack's input rows, [capacity × batch, input size]. */
    public final Buf inputs;
    final LstmWorkspace[] layers;
    final AttentionBuffers wrapper;

    StackWorkspace(LayerStack stack, DataType dt, int batch, int capacity) {
        this.batch = batch;
        this.capacity = capacity;
        int rows = capacity * batch;
        inputs = Buf.zeros(dt, rows, stack.inputSize());
        LstmLayer[] ls = stack.layers;
        layers = new LstmWorkspace[ls.length];
        for (int i = 0; i < ls.length; i++) {
            layers[i] = ls[i].workspace(dt, batch, capacity, i == 0 ? null : layers[i - 1]);
        }
        wrapper = stack.wrapper == null ? null : stack.wrapper.buffers(dt, batch, capacity);
    }

    /**
     * Puts a starting state into block 0 of every buffer: each layer's {@code h}/{@code c} [batch, size] and the
     * attention's vector and window (when the stack has attention); all zeros when {@code h} is null.
     */
    public void loadState(Buf[] h, Buf[] c, Buf attn, Buf window, Buf windowFeatures) {
        for (int i = 0; i < layers.length; i++) {
            LstmWorkspace lw = layers[i];
            lw.loadState(h == null ? null : h[i], h == null ? null : c[i]);
            if (lw instanceof AttentionWorkspace aw) aw.loadAttention(h == null ? null : attn, window, windowFeatures);
        }
        if (wrapper != null) wrapper.load(h == null ? null : attn, window, windowFeatures);
    }

    /** The state after a one-step pass into the buffers {@link #loadState} takes. */
    public void saveState(Buf[] h, Buf[] c, Buf attn, Buf window, Buf windowFeatures) {
        for (int i = 0; i < layers.length; i++) {
            LstmWorkspace lw = layers[i];
            lw.saveState(1, h[i], c[i]);
            if (lw instanceof AttentionWorkspace aw) aw.saveAttention(attn, window, windowFeatures);
        }
        if (wrapper != null) wrapper.save(attn, window, windowFeatures);
    }

    /** Each layer's starting state from plain arrays ([batch × size] per layer), or zeros when {@code h0} is null. */
    public void loadState(double[][] h0, double[][] c0) {
        for (int i = 0; i < layers.length; i++) {
            if (h0 == null) layers[i].loadState((Buf) null, null);
            else layers[i].loadState(h0[i], c0[i]);
        }
    }

    /** Each layer's state after step {@code steps} into plain arrays. */
    public void saveState(int steps, double[][] h, double[][] c) {
        for (int i = 0; i < layers.length; i++) layers[i].saveState(steps, h[i], c[i]);
    }

    /** Packed rows for the next passes ({@link StepRows#packed}), or null for full ones. */
    private StepRows packed;

    /**
     * Packs the next passes' rows ({@link StepRows#packed}: the inputs must then be written at its rows), or null
     * for full rows (row {@code s*batch + b}). A pass over another number of steps runs full.
     */
    public void setRows(StepRows packed) {
        if (packed != null && packed.batch() != batch) throw new IllegalArgumentException("rows for another batch size");
        this.packed = packed;
    }

    /** The rows of a pass over {@code t} steps, handed to every layer. */
    StepRows rowsFor(int t) {
        StepRows r = packed != null && packed.steps() == t ? packed : StepRows.full(batch, t);
        for (LstmWorkspace lw : layers) lw.rows = r;
        current = r;
        return r;
    }

    private StepRows current;

    /** The rows of the last pass. */
    public StepRows rows() {
        return current;
    }

    /** Rows of the top layer's output (after dropout) into {@code out}. */
    public void readOutput(int row0, int n, double[] out) {
        layers[layers.length - 1].readOutput(row0, n, out);
    }

    /** The top layer's dL/d(output) buffer, which the layer above (or the caller) fills before a backward pass. */
    public Buf outputGradient() {
        return layers[layers.length - 1].dy;
    }
}
