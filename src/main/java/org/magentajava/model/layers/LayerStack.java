package org.magentajava.model.layers;

import java.util.List;
import java.util.function.DoubleSupplier;
import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parameters;
import org.magentajava.model.ops.SplitMix64;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Magenta's MultiRNNCell of LSTM layers: each layer's optional input projection and residual add, output
 * dropout, AttentionCellWrapper on layer 0 when attn_length &gt; 0, or (Magenta's layout before May 2017,
 * forward only) around the whole stack. Runs all steps of a batch forward, and backward through time from the
 * top layer's output gradient.
 */
public final class LayerStack {
    final LstmLayer[] layers;
    /** The attention wrapper around the whole stack; null unless the stack was built with one. */
    final StackAttention wrapper;
    private final int inputSize;

    /**
     * Creates the stack's parameters in {@code ps} (Glorot-uniform kernels from {@code init}, zero biases) in
     * Magenta's order. With {@code wholeStack}, attention wraps the stack and the layers have none.
     */
    public LayerStack(Parameters ps, int inputSize, List<Integer> sizes, int attnLength, boolean residual,
            boolean wholeStack, boolean exact, DoubleSupplier init) {
        this.inputSize = inputSize;
        int n = sizes.size();
        layers = new LstmLayer[n];
        String scope = wholeStack ? StackAttention.SCOPE : "rnn/";
        int in = inputSize;
        for (int i = 0; i < n; i++) {
            int h = sizes.get(i);
            boolean projection = residual && (i == 0 || h != sizes.get(i - 1));
            int attn = i == 0 && !wholeStack ? attnLength : 0;
            layers[i] = LstmLayer.create(ps, new LayerSpec(scope, i, in, h, attn, projection, residual), exact, init);
            in = h;
        }
        if (wholeStack) {
            int[] widths = StackAttention.sizes(layers);
            AttentionWrapper.addInputParameters(ps, StackAttention.SCOPE, inputSize, widths[n - 1], init);
            AttentionWrapper.addAttentionParameters(ps, StackAttention.SCOPE, widths, init);
            wrapper = new StackAttention(ps, layers, inputSize, attnLength, exact);
        } else {
            wrapper = null;
        }
    }

    public int inputSize() {
        return inputSize;
    }

    public int layerCount() {
        return layers.length;
    }

    /** Layer {@code i}'s width. */
    public int size(int i) {
        return layers[i].size;
    }

    /** The width of the stack's output rows: the top layer's (the whole-stack wrapper's attention size is the same). */
    public int outputSize() {
        return layers[layers.length - 1].size;
    }

    /** The attention window of the wrapper (layer 0's or the whole stack's); 0 without attention. */
    public int attentionLength() {
        return wrapper != null ? wrapper.wrapper.length : layers[0].attentionLength();
    }

    /** Whether attention wraps the whole stack (forward only). */
    public boolean wrapsWholeStack() {
        return wrapper != null;
    }

    public StackWorkspace workspace(DataType dt, int batch, int capacity) {
        return new StackWorkspace(this, dt, batch, capacity);
    }

    /**
     * Runs {@code t} steps of the inputs in {@code w} from the state in block 0 of its buffers, each layer's output
     * dropped out with keep probability {@code keep} (masks drawn from {@code rng}), and returns the top output
     * rows [t × batch, outputSize] (packed rows when {@link StackWorkspace#setRows} packed them).
     */
    public INDArray forward(StackWorkspace w, int t, double keep, SplitMix64.Stream rng) {
        StepRows rw = w.rowsFor(t);
        if (rw.isPacked() && (wrapper != null || attentionLength() > 0)) {
            throw new IllegalStateException("attention layers run full rows only");
        }
        int rows = rw.count();
        if (wrapper != null) return wrapper.forward(w.wrapper, w.layers, w.inputs, t);
        Buf in = w.inputs;
        for (LstmLayer layer : layers) {
            LstmWorkspace lw = w.layers[layer.index];
            layer.project(lw, in, rows);
            layer.cellsForward(lw, t);
            layer.outputForward(lw, t, keep, rng);
            in = lw.y;
        }
        return in.rows(0, rows);
    }

    /**
     * Backpropagates the top output gradient ({@link StackWorkspace#outputGradient}) of the last forward pass
     * through time: the weight gradients land in the parameters' gradient buffers (overwritten, not added), and
     * dL/d(inputs) in {@code dInput} unless it is null.
     */
    public void backward(StackWorkspace w, int t, Buf dInput) {
        if (wrapper != null) throw new IllegalStateException("attention around the whole stack runs forward only");
        int rows = w.layers[0].rows.count();
        for (int i = layers.length - 1; i >= 0; i--) {
            LstmLayer layer = layers[i];
            LstmWorkspace lw = w.layers[i];
            layer.outputBackward(lw, t);
            layer.cellsBackward(lw, t);
            Buf below = i == 0 ? dInput : w.layers[i - 1].dy;
            if (layer.projection) {
                // cellsBackward left dLoss/dCellIn (the residual path included) for the projection
                layer.projectionBackward(lw, i == 0 ? w.inputs : w.layers[i - 1].y, below, rows);
            } else if (i == 0 && dInput != null) {
                if (layer.attentionLength() > 0) {
                    throw new IllegalStateException("no input gradient through an attention layer");
                }
                layer.inputGradient(lw, dInput, rows);
            }
        }
    }
}
