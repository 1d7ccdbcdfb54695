package org.magentajava.model.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BlasTest {
    /** bigGemm splits large products into one block per thread; every element must equal a single call's. */
    @Test
    void splitBigGemmEqualsOneCall() {
        Nd4j.getRandom().setSeed(3);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int[] mn : new int[][] {{2048, 96}, {96, 2048}}) {
                    int m = mn[0], n = mn[1], k = 160;
                    INDArray a = ta ? Nd4j.rand(DataType.FLOAT, k, m) : Nd4j.rand(DataType.FLOAT, m, k);
                    INDArray b = tb ? Nd4j.rand(DataType.FLOAT, n, k) : Nd4j.rand(DataType.FLOAT, k, n);
                    INDArray c0 = Nd4j.rand(DataType.FLOAT, m, n);
                    INDArray one = c0.dup();
                    // the output as a row-range view, as the network passes its gradient blocks
                    INDArray split = Nd4j.zeros(DataType.FLOAT, m + 3, n)
                            .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 2 + m), org.nd4j.linalg.indexing.NDArrayIndex.all());
                    split.assign(c0);
                    Blas.gemm(a, b, one, ta, tb, 1);
                    Blas.bigGemm(a, b, split, ta, tb, 1);
                    assertEquals(one, split.dup(), "ta=" + ta + " tb=" + tb + " " + m + "x" + n);
                }
            }
        }
    }

    /** Column sums of a row range (a bias gradient over the steps after a padded window), by hand. */
    @Test
    void colSumAddsTheRowsOfARange() {
        Buf src = Buf.zeros(DataType.DOUBLE, 4, 3);
        src.write(0, new double[] {100, 200, 300, 1, 2, 3, 10, 20, 30, 0.5, 0.25, 0.125}, 0, 12);
        Buf dst = Buf.zeros(DataType.DOUBLE, 1, 3);
        Blas.colSum(src, 1, 3, dst);
        double[] sum = new double[3];
        dst.read(0, sum, 0, 3);
        assertArrayEquals(new double[] {11.5, 22.25, 33.125}, sum);
        Blas.colSum(src, 0, 1, dst);
        dst.read(0, sum, 0, 3);
        assertArrayEquals(new double[] {100, 200, 300}, sum);
    }

    /** fillRows broadcasts a bias into a row range and leaves the other rows alone. */
    @Test
    void fillRowsWritesTheBiasIntoEachRow() {
        Buf dst = Buf.zeros(DataType.FLOAT, 3, 2);
        Buf bias = Buf.zeros(DataType.FLOAT, 1, 2);
        bias.write(0, new double[] {1.5, -2}, 0, 2);
        Blas.fillRows(dst, 1, 2, bias);
        double[] all = new double[6];
        dst.read(0, all, 0, 6);
        assertArrayEquals(new double[] {0, 0, 1.5, -2, 1.5, -2}, all);
    }
}
