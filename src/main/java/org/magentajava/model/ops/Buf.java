package org.magentajava.model.ops;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A dense c-order matrix in ND4J memory, readable and writable from Java loops in bulk.
 *
 * <p>Why: ND4J's per-op overhead (tens of microseconds) and scalar transcendental functions make
 * elementwise ops through it slower than plain Java loops, so the network keeps GEMM operands here, runs
 * GEMMs ({@link Blas}) on cached row-range views, and does all elementwise math in Java on
 * {@code double[]} scratch arrays copied in and out with bulk transfers.
 */
public final class Buf {
    private static final ThreadLocal<float[]> FLOAT_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    public final INDArray array;
    public final int rows;
    public final int cols;
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;
    private final Map<Long, INDArray> views = new ConcurrentHashMap<>(); // every batch chunk asks for views

    public Buf(INDArray array) {
        if (array.isView() || array.ordering() != 'c') throw new IllegalArgumentException("Buf needs a base array");
        this.array = array;
        this.rows = array.rank() == 1 ? 1 : (int) (array.length() / array.size(array.rank() - 1));
        this.cols = (int) array.size(array.rank() - 1);
        if (array.dataType() == DataType.DOUBLE) {
            doubles = array.data().asNioDouble();
            floats = null;
        } else {
            floats = array.data().asNioFloat();
            doubles = null;
        }
    }

    public static Buf zeros(DataType dtype, int rows, int cols) {
        return new Buf(Nd4j.create(dtype, Math.max(rows, 1), Math.max(cols, 1)));
    }

    public long length() {
        return (long) rows * cols;
    }

    /** Views kept at most; packed batches ask for new row ranges every batch, so the cache starts over past this. */
    private static final int MAX_VIEWS = 4096;

    /** A cached 2-D view of rows [r0, r0+n), used as a GEMM operand. */
    public INDArray rows(int r0, int n) {
        long key = ((long) r0 << 32) | n;
        INDArray v = views.get(key);
        if (v == null) {
            if (views.size() >= MAX_VIEWS) views.clear(); // an unbounded cache held millions of views (and ND4J's records of them)
            INDArray m = array.rank() == 2 ? array : array.reshape(rows, cols);
            v = m.get(NDArrayIndex.interval(r0, r0 + n), NDArrayIndex.all());
            INDArray prev = views.putIfAbsent(key, v);
            if (prev != null) v = prev;
        }
        return v;
    }

    public void read(int offset, double[] dst, int dstOff, int len) {
        if (doubles != null) {
            doubles.get(offset, dst, dstOff, len);
        } else {
            float[] tmp = scratch(len);
            floats.get(offset, tmp, 0, len);
            for (int i = 0; i < len; i++) dst[dstOff + i] = tmp[i];
        }
    }

    public void write(int offset, double[] src, int srcOff, int len) {
        if (doubles != null) {
            doubles.put(offset, src, srcOff, len);
        } else {
            float[] tmp = scratch(len);
            for (int i = 0; i < len; i++) tmp[i] = (float) src[srcOff + i];
            floats.put(offset, tmp, 0, len);
        }
    }

    /** Writes a whole float array at {@code offset} (widened for double buffers). */
    public void write(int offset, float[] src) {
        if (floats != null) writeFloats(offset, src, 0, src.length);
        else for (int i = 0; i < src.length; i++) doubles.put(offset + i, src[i]);
    }

    /** Bulk copy into a float array; float buffers only. */
    public void readFloats(int offset, float[] dst, int dstOff, int len) {
        floats.get(offset, dst, dstOff, len);
    }

    /** Bulk copy from a float array; float buffers only. */
    public void writeFloats(int offset, float[] src, int srcOff, int len) {
        floats.put(offset, src, srcOff, len);
    }

    public void fill(int offset, int len, double value) {
        if (doubles != null) {
            for (int i = 0; i < len; i++) doubles.put(offset + i, value);
        } else {
            float[] tmp = scratch(Math.min(len, FILL_CHUNK));
            java.util.Arrays.fill(tmp, 0, Math.min(len, FILL_CHUNK), (float) value);
            for (int done = 0; done < len; done += FILL_CHUNK) {
                floats.put(offset + done, tmp, 0, Math.min(FILL_CHUNK, len - done)); // bulk puts, not one per element
            }
        }
    }

    private static final int FILL_CHUNK = 1 << 14;

    /** Copies {@code len} elements from {@code src} (any layout-compatible Buf) without widening. */
    public void copyFrom(Buf src, int srcOff, int dstOff, int len) {
        if (doubles != null && src.doubles != null) {
            doubles.put(dstOff, src.doubles, srcOff, len);
        } else if (floats != null && src.floats != null) {
            floats.put(dstOff, src.floats, srcOff, len);
        } else {
            double[] tmp = new double[len];
            src.read(srcOff, tmp, 0, len);
            write(dstOff, tmp, 0, len);
        }
    }

    private static float[] scratch(int len) {
        float[] s = FLOAT_SCRATCH.get();
        if (s.length < len) {
            s = new float[Math.max(len, s.length * 2)];
            FLOAT_SCRATCH.set(s);
        }
        return s;
    }
}
