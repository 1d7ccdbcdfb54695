package org.magentajava.model.layers;

import static org.magentajava.model.ops.Blas.fillRows;
import static org.magentajava.model.ops.Blas.gemm;

import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parallel;
import org.magentajava.model.ops.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * TensorFlow's AttentionCellWrapper around the whole MultiRNNCell (Magenta's layout before May 2017), forward
 * only. Per step: x' = [x, a_prev]·W1 + b1 feeds the stack; the query is every layer's new state in
 * MultiRNNCell's flattened order [c0, h0, c1, h1, ...]; the window holds the wrapper's last attn_length outputs
 * out = [h_top, a]·W2 + b2, and out (not h_top) is what the output layer reads. Attention size = the top
 * layer's size, as the wrapper defaults it to the cell's output size.
 *
 * <p>Unlike layer-0 attention the layers cannot run one after another over all steps (step t's input needs
 * step t-1's top output), so the time loop is outermost and each layer does one step inside it.
 */
final class StackAttention {
    static final String SCOPE = "rnn/attention_cell_wrapper/";

    /** The network's input width, which the wrapper projects [x, a] back to for layer 0. */
    final int inputSize;
    final AttentionWrapper wrapper;
    private final LstmLayer[] layers;

    /** The wrapper around {@code layers}, whose parameters {@code ps} already holds. */
    StackAttention(Parameters ps, LstmLayer[] layers, int inputSize, int length, boolean exact) {
        this.layers = layers;
        this.inputSize = inputSize;
        this.wrapper = new AttentionWrapper(ps, SCOPE, inputSize, sizes(layers), length, exact);
    }

    static int[] sizes(LstmLayer[] layers) {
        int[] sizes = new int[layers.length];
        for (LstmLayer l : layers) sizes[l.index] = l.size;
        return sizes;
    }

    AttentionBuffers buffers(DataType dt, int batch, int capacity) {
        return new AttentionBuffers(dt, batch, capacity, inputSize, wrapper.size, wrapper.length, false);
    }

    /**
     * Runs {@code t} steps of {@code in} from the state already in the buffers (block 0 of every layer's c and h,
     * the wrapper's attention and first attn_length window blocks) and returns the wrapper's outputs, [t*batch, a].
     */
    INDArray forward(AttentionBuffers ab, LstmWorkspace[] lws, Buf in, int t) {
        int bs = ab.batch;
        int rows = t * bs;
        int len = wrapper.length;
        wrapper.projectInputs(ab, in, rows);
        double[] v = wrapper.vector();
        float[] vf = wrapper.vectorF();
        Buf topH = lws[layers.length - 1].h;
        Parallel.forRows(bs, (chunk, lo, hi) -> {
            int m = hi - lo;
            for (int s = 0; s < t; s++) {
                int r = s * bs + lo;
                int next = r + bs;                 // block s+1 of the state buffers: this step's states
                INDArray xin = wrapper.stepInput(ab, r, m);
                for (LstmLayer layer : layers) {
                    LstmWorkspace lw = lws[layer.index];
                    INDArray x = layer.index == 0 ? xin : lws[layer.index - 1].h.rows(next, m);
                    fillRows(lw.gates, r, m, layer.bias);
                    gemm(x, layer.kx, lw.gates.rows(r, m), false, false, 1);
                    gemm(lw.h.rows(r, m), layer.kh, lw.gates.rows(r, m), false, false, 1);
                    layer.cellForward(lw, s, lo, hi);
                }
                wrapper.query(ab, lws, s, lo, hi);
                wrapper.attendAndOutput(ab, topH, s, lo, hi, v, vf);
            }
        });
        return ab.outputs.rows(len * bs, rows);
    }
}
