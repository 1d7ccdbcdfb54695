package org.magentajava.model;

import org.magentajava.model.ops.Buf;

/** Row selection on generation states: beam search copies, reorders and repeats sequences between steps. */
public final class States {
    private States() {
    }

    /** A new state whose row r is a copy of row {@code rows[r]} of {@code state}; rows may repeat. */
    public static State select(State state, int[] rows) {
        int n = rows.length;
        Buf[] c = new Buf[state.c.length];
        Buf[] h = new Buf[state.h.length];
        for (int l = 0; l < c.length; l++) {
            c[l] = gather(state.c[l], rows, state.batch, 1);
            h[l] = gather(state.h[l], rows, state.batch, 1);
        }
        if (state.attn == null) {
            return new State(n, c, h, null, null, null);
        }
        int window = state.window.rows / state.batch;
        return new State(n, c, h, gather(state.attn, rows, state.batch, 1),
                gather(state.window, rows, state.batch, window), gather(state.windowProj, rows, state.batch, window));
    }

    /** Copies rows from a time-major [blocks × batch, cols] buffer (row k·batch + b) into a new one. */
    private static Buf gather(Buf src, int[] rows, int batch, int blocks) {
        int n = rows.length;
        int cols = src.cols;
        Buf dst = Buf.zeros(src.array.dataType(), blocks * n, cols);
        double[] row = new double[cols];
        for (int k = 0; k < blocks; k++) {
            for (int r = 0; r < n; r++) {
                src.read((k * batch + rows[r]) * cols, row, 0, cols);
                dst.write((k * n + r) * cols, row, 0, cols);
            }
        }
        return dst;
    }
}
