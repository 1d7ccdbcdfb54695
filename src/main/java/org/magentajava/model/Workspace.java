package org.magentajava.model;

import org.magentajava.model.layers.StackWorkspace;
import org.magentajava.model.ops.Buf;

/**
 * Every buffer one forward/backward pass of an {@link LstmNetwork} needs, for a fixed batch size and up to
 * {@code capacity} steps, allocated once and reused so the time loop allocates nothing: the stack's, and the
 * linear layer's outputs and their gradient. Time-major: row {@code t*batch + b}.
 */
final class Workspace {
    final int batch;
    final int capacity;
    final StackWorkspace stack;
    final Buf logits;
    final Buf dLogits;

    Workspace(LstmNetwork net, int batch, int capacity) {
        this.batch = batch;
        this.capacity = capacity;
        stack = net.stack().workspace(net.dataType(), batch, capacity);
        int rows = capacity * batch;
        logits = Buf.zeros(net.dataType(), rows, net.outputWidth());
        dLogits = Buf.zeros(net.dataType(), rows, net.outputWidth());
    }
}
