package org.magentajava.model;

import org.magentajava.model.ops.Buf;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The recurrent state carried between generation steps, in Magenta's order per layer: c, h, and for the
 * attention layer also the last attention vector a and the window H of the last attn_length outputs
 * (oldest first). The network also keeps the window's attention projections (H·attn_w) so a step never
 * recomputes history.
 */
public final class State {
    final int batch;
    final Buf[] c;
    final Buf[] h;
    final Buf attn;        // [batch, A]
    final Buf window;      // [attnLength * batch, A], time-major: row k*batch + b
    final Buf windowProj;  // same layout, window · attn_w

    State(int batch, Buf[] c, Buf[] h, Buf attn, Buf window, Buf windowProj) {
        this.batch = batch;
        this.c = c;
        this.h = h;
        this.attn = attn;
        this.window = window;
        this.windowProj = windowProj;
    }

    public int batch() {
        return batch;
    }

    /** Layer {@code l}'s cell state [batch, size]. */
    public INDArray c(int layer) {
        return c[layer].array;
    }

    /** Layer {@code l}'s hidden state [batch, size]. */
    public INDArray h(int layer) {
        return h[layer].array;
    }

    /** The attention window as Magenta lays it out: [batch, attnLength, size], oldest first; null without attention. */
    public INDArray attentionWindow() {
        if (window == null) return null;
        long len = window.rows / batch;
        return window.array.reshape(len, batch, window.cols).permute(1, 0, 2).dup('c');
    }

    /** The last attention vector a [batch, size]; null without attention. */
    public INDArray attention() {
        return attn == null ? null : attn.array;
    }
}
