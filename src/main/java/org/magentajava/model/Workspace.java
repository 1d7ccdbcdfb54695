package org.magentajava.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Every buffer one forward/backward pass needs, for a fixed batch size and up to {@code capacity} steps,
 * allocated once and reused so the time loop allocates nothing. Time-major: row {@code t*batch + b}.
 */
final class Workspace {
    final int batch;
    final int capacity;
    final Buf x0;
    final Buf logits;
    final Buf dLogits;
    final LayerWs[] layers;
    /** The whole-stack attention wrapper's buffers; null for other networks. */
    final StackAttention.Ws stack;
    private final double[][] scratch = new double[14][];
    private final float[][] floatScratch = new float[4][];

    Workspace(LstmNetwork net, int batch, int capacity) {
        this.batch = batch;
        this.capacity = capacity;
        DataType dt = net.dataType();
        int rows = capacity * batch;
        x0 = Buf.zeros(dt, rows, net.inputSize());
        logits = Buf.zeros(dt, rows, net.outputWidth());
        dLogits = Buf.zeros(dt, rows, net.outputWidth());
        Layer[] ls = net.layers();
        layers = new LayerWs[ls.length];
        for (int i = 0; i < ls.length; i++) {
            layers[i] = new LayerWs(ls[i], dt, batch, capacity, i == 0 ? null : layers[i - 1]);
        }
        stack = net.stackAttention() == null ? null : new StackAttention.Ws(net.stackAttention(), dt, batch, capacity);
    }

    /** A reusable double array of at least {@code len} elements; slots separate arrays live at once. */
    double[] scratch(int slot, int len) {
        double[] s = scratch[slot];
        if (s == null || s.length < len) {
            s = new double[len];
            scratch[slot] = s;
        }
        return s;
    }

    /** A reusable float array of at least {@code len} elements, like {@link #scratch}. */
    float[] floats(int slot, int len) {
        float[] s = floatScratch[slot];
        if (s == null || s.length < len) {
            s = new float[len];
            floatScratch[slot] = s;
        }
        return s;
    }

    /** One layer's buffers. Block 0 of hs, c and as (and the first attnLength blocks of the windows) hold the initial state. */
    static final class LayerWs {
        Buf cellIn;
        final Buf xp;
        final Buf z;
        final Buf hs;
        final Buf c;
        final Buf tc;
        final Buf y;
        final Buf dy;
        final Buf dCellIn;
        final Buf dhrec;
        final double[] dcNext;
        private long[] keepBits;
        boolean masked;
        double dropScale;
        // attention only
        final Buf xw;
        final Buf as;
        final Buf outPad;
        final Buf pPad;
        final Buf yq;
        // Heap mirrors of the attention windows, read every step by Java loops (no per-step copies). These
        // loops are memory-bound, so float networks keep them in float (xxxF) and double networks in double.
        final float[] histF;
        final float[] projF;
        final float[] dHistF;
        final float[] dProjF;
        final double[] histH;
        final double[] projH;
        final double[] dHistH;
        final double[] dProjH;
        final double[] alphaH;
        final float[] alphaF;
        final Buf dOutPad;
        final Buf dPPad;
        final Buf dAs;
        final Buf dXin;
        final Buf dYq;
        final Buf dh;
        final Buf dcq;
        final double[] dvAcc;
        final double[] dvAcc2; // the helper thread's partial sums

        /** The dropout mask of the last forward pass, one bit per output element (set = kept). */
        long[] keepBits(int n) {
            int words = (n + 63) >>> 6;
            if (keepBits == null || keepBits.length < words) keepBits = new long[words];
            return keepBits;
        }

        LayerWs(Layer l, DataType dt, int b, int cap, LayerWs below) {
            int h = l.h;
            int rows = cap * b;
            xp = l.projection ? Buf.zeros(dt, rows, h) : null;
            z = Buf.zeros(dt, rows, 4 * h);
            hs = Buf.zeros(dt, rows + b, h);
            c = Buf.zeros(dt, rows + b, h);
            tc = Buf.zeros(dt, rows, h);
            y = Buf.zeros(dt, rows, h);
            dy = Buf.zeros(dt, rows, h);
            if (l.projection) dCellIn = Buf.zeros(dt, rows, h);
            else dCellIn = below == null ? null : below.dy;
            dhrec = Buf.zeros(dt, b, h);
            dcNext = new double[b * h];
            int len = l.attnLength;
            if (len > 0) {
                int n = l.cellInSize;
                xw = Buf.zeros(dt, rows, n);
                as = Buf.zeros(dt, rows + b, h);
                outPad = Buf.zeros(dt, rows + len * b, h);
                pPad = Buf.zeros(dt, rows + len * b, h);
                yq = Buf.zeros(dt, rows, h);
                int padded = (rows + len * b) * h;
                boolean dbl = dt == DataType.DOUBLE;
                histH = dbl ? new double[padded] : null;
                projH = dbl ? new double[padded] : null;
                dHistH = dbl ? new double[padded] : null;
                dProjH = dbl ? new double[padded] : null;
                histF = dbl ? null : new float[padded];
                projF = dbl ? null : new float[padded];
                dHistF = dbl ? null : new float[padded];
                dProjF = dbl ? null : new float[padded];
                alphaH = dbl ? new double[rows * len] : null;
                alphaF = dbl ? null : new float[rows * len];
                dOutPad = Buf.zeros(dt, rows + len * b, h);
                dPPad = Buf.zeros(dt, rows + len * b, h);
                dAs = Buf.zeros(dt, rows + b, h);
                dXin = Buf.zeros(dt, rows, n);
                dYq = Buf.zeros(dt, rows, h);
                dh = Buf.zeros(dt, b, h);
                dcq = Buf.zeros(dt, b, h);
                dvAcc = new double[h];
                dvAcc2 = new double[h];
            } else {
                xw = as = outPad = pPad = yq = dOutPad = dPPad = dAs = dXin = dYq = dh = dcq = null;
                dvAcc = dvAcc2 = histH = projH = dHistH = dProjH = alphaH = null;
                alphaF = null;
                histF = projF = dHistF = dProjF = null;
            }
        }
    }
}
