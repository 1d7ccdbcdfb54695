package org.magentajava.model.ops;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The matrix products and row operations the layers are built from, on c-order matrices and row-range views
 * of {@link Buf}s. Products go straight through the cblas of the OpenBLAS that ND4J itself calls (same
 * kernels, same results): Nd4j.gemm spends ~0.1 ms per call in its wrapper, as long as a whole per-step
 * product takes.
 */
public final class Blas {
    /**
     * OpenBLAS runs single-threaded (system property magentajava.model.blasThreads, default 1): per-step
     * products run inside the time loops, where each batch chunk already has a core, and the all-steps
     * products are split by {@link #bigGemm}. Changing OpenBLAS's process-wide thread count per call would
     * cost milliseconds each time.
     */
    private static final int BLAS_THREADS = Integer.getInteger("magentajava.model.blasThreads", 1);

    static {
        Nd4j.factory().blas().setMaxThreads(BLAS_THREADS);
    }

    /** Below this many multiply-adds a product is not worth splitting across threads. */
    private static final long SPLIT_MACS = 1L << 24;

    /** Rows summed per bulk read in {@link #colSum}. */
    private static final int SUM_CHUNK = 1 << 16;
    private static final ThreadLocal<double[]> SUM_ROWS = ThreadLocal.withInitial(() -> new double[0]);

    private Blas() {}

    /** OpenBLAS threads this process runs with (set when the class loads). */
    public static int threads() {
        return BLAS_THREADS;
    }

    /** c = op(a)·op(b) + beta·c, in one call on this thread. */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double beta) {
        checkShapes(a, b, c, ta, tb);
        int m = (int) c.size(0);
        int n = (int) c.size(1);
        int k = (int) (ta ? a.size(0) : a.size(1));
        cblas(ta, tb, m, n, k, a, 0, ld(a), b, 0, ld(b), beta, c, 0, ld(c));
    }

    /**
     * Rows [cRow, cRow+m) of c = rows [aRow, aRow+m) of a · op(b) + beta·c, through offsets into the buffers rather
     * than views: the per-step products of packed batches start at rows that differ from batch to batch, and a view
     * (with ND4J's bookkeeping for it) per product costs more than the product.
     */
    public static void gemmRows(Buf a, int aRow, int m, INDArray b, boolean tb, Buf c, int cRow, double beta) {
        int k = a.cols;
        int n = c.cols;
        if ((tb ? b.size(1) : b.size(0)) != k || (tb ? b.size(0) : b.size(1)) != n || aRow < 0 || cRow < 0
                || aRow + m > a.rows || cRow + m > c.rows || a.array.dataType() != c.array.dataType()) {
            throw new IllegalArgumentException("gemmRows shapes: " + m + " rows of " + a.rows + "x" + k + " times "
                    + java.util.Arrays.toString(b.shape()) + (tb ? "^T" : "") + " into " + c.rows + "x" + n);
        }
        cblas(false, tb, m, n, k, a.array, (long) aRow * k, k, b, 0, ld(b), beta, c.array, (long) cRow * n, n);
    }

    /**
     * {@link #gemm} over all time steps at once: when large, its output is cut into one block per thread along
     * its longer side and the blocks run in parallel (each element is computed exactly as by one call).
     */
    public static void bigGemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double beta) {
        long m = c.size(0);
        long n = c.size(1);
        long macs = m * n * (ta ? a.size(0) : a.size(1));
        if (Parallel.THREADS < 2 || BLAS_THREADS > 1 || macs < SPLIT_MACS) {
            gemm(a, b, c, ta, tb, beta);
            return;
        }
        int k = (int) (ta ? a.size(0) : a.size(1));
        int lda = ld(a);
        int ldb = ld(b);
        int ldc = ld(c);
        checkShapes(a, b, c, ta, tb);
        int blocks = (int) Math.min(Parallel.THREADS, Math.max(m, n));
        Parallel.forRows(blocks, (chunk, lo, hi) -> {
            for (int block = lo; block < hi; block++) {
                if (m >= n) { // a block of c's rows: rows of op(a)
                    int r0 = Parallel.bound((int) m, block, blocks);
                    int r1 = Parallel.bound((int) m, block + 1, blocks);
                    cblas(ta, tb, r1 - r0, (int) n, k, a, ta ? r0 : (long) r0 * lda, lda, b, 0, ldb, beta, c,
                            (long) r0 * ldc, ldc);
                } else {      // a block of c's columns: columns of op(b)
                    int c0 = Parallel.bound((int) n, block, blocks);
                    int c1 = Parallel.bound((int) n, block + 1, blocks);
                    cblas(ta, tb, (int) m, c1 - c0, k, a, 0, lda, b, tb ? (long) c0 * ldb : c0, ldb, beta, c, c0, ldc);
                }
            }
        });
    }

    /** Writes the bias vector into each of {@code n} rows starting at {@code row0}. */
    public static void fillRows(Buf dst, int row0, int n, Buf bias) {
        double[] row = new double[dst.cols];
        bias.read(0, row, 0, dst.cols);
        for (int r = row0; r < row0 + n; r++) dst.write(r * dst.cols, row, 0, dst.cols);
    }

    /** Column sums of rows [row0, row0 + rows) of {@code src} into {@code dst} (a bias gradient). */
    public static void colSum(Buf src, int row0, int rows, Buf dst) {
        int cols = src.cols;
        double[] sum = new double[cols];
        int chunk = Math.max(1, SUM_CHUNK / cols);
        double[] tmp = SUM_ROWS.get();
        if (tmp.length < chunk * cols) {
            tmp = new double[chunk * cols];
            SUM_ROWS.set(tmp);
        }
        for (int r = 0; r < rows; r += chunk) {
            int n = Math.min(chunk, rows - r);
            src.read((row0 + r) * cols, tmp, 0, n * cols);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < cols; k++) sum[k] += tmp[i * cols + k];
            }
        }
        dst.write(0, sum, 0, cols);
    }

    private static void checkShapes(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb) {
        long m = c.size(0);
        long n = c.size(1);
        long k = ta ? a.size(0) : a.size(1);
        if ((ta ? a.size(1) : a.size(0)) != m || (tb ? b.size(1) : b.size(0)) != k || (tb ? b.size(0) : b.size(1)) != n
                || a.dataType() != c.dataType() || b.dataType() != c.dataType()) {
            throw new IllegalArgumentException("gemm shapes " + java.util.Arrays.toString(a.shape()) + " x "
                    + java.util.Arrays.toString(b.shape()) + " -> " + java.util.Arrays.toString(c.shape()));
        }
    }

    /** cblas ?gemm on row-major operands given as arrays plus element offsets (sub-blocks of them). */
    private static void cblas(boolean ta, boolean tb, int m, int n, int k, INDArray a, long aOff, int lda,
            INDArray b, long bOff, int ldb, double beta, INDArray c, long cOff, int ldc) {
        int opA = ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int opB = tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int order = openblas_nolapack.CblasRowMajor;
        if (c.dataType() == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(order, opA, opB, m, n, k, 1f, new FloatPointer(ptr(a)).position(aOff), lda,
                    new FloatPointer(ptr(b)).position(bOff), ldb, (float) beta, new FloatPointer(ptr(c)).position(cOff), ldc);
        } else {
            openblas_nolapack.cblas_dgemm(order, opA, opB, m, n, k, 1.0, new DoublePointer(ptr(a)).position(aOff), lda,
                    new DoublePointer(ptr(b)).position(bOff), ldb, beta, new DoublePointer(ptr(c)).position(cOff), ldc);
        }
    }

    /** The address of x's first element (a view's buffer starts at the view). */
    private static Pointer ptr(INDArray x) {
        return x.data().addressPointer();
    }

    /** Row stride of a row-major matrix; ND4J labels some one-row views 'f', so the strides decide. */
    private static int ld(INDArray x) {
        long rows = x.size(0);
        long cols = x.size(1);
        if (x.rank() != 2 || (cols > 1 && x.stride(1) != 1) || (rows > 1 && x.stride(0) < cols)) {
            throw new IllegalArgumentException("gemm needs row-major rows, got " + x.shapeInfoToString());
        }
        return (int) (rows == 1 ? Math.max(1, cols) : x.stride(0));
    }
}
