package org.magentajava.model.layers;

import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parallel;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A plain LSTM layer's buffers for one batch size and up to {@code capacity} steps, allocated once and reused
 * so the time loop allocates nothing. Time-major: row {@code s*batch + b}; block 0 of {@link #h} and {@link #c}
 * holds the initial state. The per-step row arrays are shared by the batch chunks, each using its own rows.
 */
public class LstmWorkspace {
    final int batch;
    final int capacity;
    /** The cell's input rows of the current pass: the layer's input, or its projection. */
    Buf cellIn;
    /** The input projection's output (residual mode); null without one. */
    final Buf projected;
    /** Gate pre-activations, overwritten by the activated gates, and in backward by dL/dgates. */
    final Buf gates;
    final Buf h;
    final Buf c;
    final Buf tanhC;
    /** The layer's output after the residual add and dropout. */
    final Buf y;
    final Buf dy;
    /** dL/d(cell input); the layer below's dy when there is no projection (null for layer 0). */
    final Buf dCellIn;
    /** dL/dh from the next step's recurrent product. */
    final Buf dhRecurrent;
    final double[] dcNext;
    // one step's rows in double, each batch chunk at its own rows
    final double[] gateRows;
    final double[] cRows;
    final double[] tanhCRows;
    final double[] hRows;
    final double[] dhRows;
    /** A second row array of dh's shape: the recurrent part of dh (and in attention layers first the window part of dOut). */
    final double[] dhPartRows;
    // the output loops' chunk buffers, one pair per thread
    private final double[][] outputRows = new double[Parallel.THREADS][];
    private final double[][] inputRows = new double[Parallel.THREADS][];
    /** The dropout mask of the last forward pass, one bit per output element (set = kept). */
    private long[] keepBits;
    boolean masked;
    double dropScale;
    /** Where each step's rows are in this pass (set by the stack before every pass). */
    StepRows rows;

    LstmWorkspace(LstmLayer l, DataType dt, int b, int cap, LstmWorkspace below) {
        int size = l.size;
        int rows = cap * b;
        batch = b;
        capacity = cap;
        this.rows = StepRows.full(b, cap);
        projected = l.projection ? Buf.zeros(dt, rows, size) : null;
        gates = Buf.zeros(dt, rows, 4 * size);
        h = Buf.zeros(dt, rows + b, size);
        c = Buf.zeros(dt, rows + b, size);
        tanhC = Buf.zeros(dt, rows, size);
        y = Buf.zeros(dt, rows, size);
        dy = Buf.zeros(dt, rows, size);
        if (l.projection) dCellIn = Buf.zeros(dt, rows, size);
        else dCellIn = below == null ? null : below.dy;
        dhRecurrent = Buf.zeros(dt, b, size);
        dcNext = new double[b * size];
        gateRows = new double[b * 4 * size];
        cRows = new double[b * size];
        tanhCRows = new double[b * size];
        hRows = new double[b * size];
        dhRows = new double[b * size];
        dhPartRows = new double[b * size];
    }

    /** Puts a starting state into block 0 of h and c: {@code h0}/{@code c0} rows [batch, size], or zeros when null. */
    public void loadState(Buf h0, Buf c0) {
        int n = h.cols * batch;
        if (h0 == null) {
            h.fill(0, n, 0);
            c.fill(0, n, 0);
        } else {
            h.copyFrom(h0, 0, 0, n);
            c.copyFrom(c0, 0, 0, n);
        }
    }

    /** Writes the state after step {@code steps} into {@code h1}/{@code c1} ([batch, size]). */
    public void saveState(int steps, Buf h1, Buf c1) {
        int n = h.cols * batch;
        h1.copyFrom(h, steps * n, 0, n);
        c1.copyFrom(c, steps * n, 0, n);
    }

    /** Block 0 of h and c from plain arrays ([batch × size] each). */
    public void loadState(double[] h0, double[] c0) {
        int n = h.cols * batch;
        h.write(0, h0, 0, n);
        c.write(0, c0, 0, n);
    }

    /** The state after step {@code steps} into plain arrays. */
    public void saveState(int steps, double[] h1, double[] c1) {
        int n = h.cols * batch;
        h.read(steps * n, h1, 0, n);
        c.read(steps * n, c1, 0, n);
    }

    /** Rows of the layer's output (after dropout) into {@code out}. */
    public void readOutput(int row0, int n, double[] out) {
        y.read(row0 * y.cols, out, 0, n * y.cols);
    }

    long[] keepBits(int n) {
        int words = (n + 63) >>> 6;
        if (keepBits == null || keepBits.length < words) keepBits = new long[words];
        return keepBits;
    }

    /** The output loops' buffer {@code which} (0: outputs, 1: residual inputs) of one chunk, at least len long. */
    double[] outputRows(int chunk, int which, int len) {
        double[][] set = which == 0 ? outputRows : inputRows;
        double[] r = set[chunk];
        if (r == null || r.length < len) {
            r = new double[len];
            set[chunk] = r;
        }
        return r;
    }
}
