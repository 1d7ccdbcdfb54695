package org.magentajava.model.layers;

import static org.magentajava.model.ops.Blas.bigGemm;
import static org.magentajava.model.ops.Blas.colSum;
import static org.magentajava.model.ops.Blas.fillRows;

import java.util.function.DoubleSupplier;
import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parameters;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A linear layer over all steps at once (tf_slim's fully_connected without activation): out = x·W + b. */
public final class Dense {
    private final Buf weights;
    private final Buf biases;
    private final Buf weightsGrad;
    private final Buf biasesGrad;

    /** Creates {@code scope/weights} [in, out] (Glorot-uniform from {@code init}) and {@code scope/biases} (zeros). */
    public Dense(Parameters ps, String scope, int in, int out, DoubleSupplier init) {
        weights = ps.add(scope + "weights", in, out, init);
        biases = ps.add(scope + "biases", 1, out, null);
        weightsGrad = ps.gradient(scope + "weights");
        biasesGrad = ps.gradient(scope + "biases");
    }

    /** The first {@code rows} rows of {@code out} = x·W + b. */
    public void forward(INDArray x, Buf out, int rows) {
        fillRows(out, 0, rows, biases);
        bigGemm(x, weights.array, out.rows(0, rows), false, false, 1);
    }

    /** The weights' gradients from dL/d(out), and dL/dx into {@code dx}. */
    public void backward(INDArray x, Buf dOut, int rows, INDArray dx) {
        bigGemm(x, dOut.rows(0, rows), weightsGrad.array, true, false, 0);
        colSum(dOut, 0, rows, biasesGrad);
        bigGemm(dOut.rows(0, rows), weights.array, dx, false, true, 0);
    }
}
