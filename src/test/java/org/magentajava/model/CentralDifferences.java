package org.magentajava.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The gradient check the network tests share: analytic gradients against central differences of a loss. */
final class CentralDifferences {
    private CentralDifferences() {
    }

    /**
     * Checks up to {@code perTensor} evenly spread elements of every parameter: each tensor's gradient must be
     * non-zero and each checked element within 1e-7 + 1e-5 relative of (loss(p + eps) - loss(p - eps)) / 2 eps.
     *
     * @param grads the analytic gradients, copied before the loss is evaluated again
     * @return how many elements were checked
     */
    static int check(LstmNetwork net, Map<String, INDArray> grads, ToDoubleFunction<LstmNetwork> loss,
            int perTensor, String what) {
        double eps = 1e-6;
        int checked = 0;
        for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
            INDArray p = e.getValue();
            INDArray g = grads.get(e.getKey());
            assertTrue(g.norm2Number().doubleValue() > 0, what + " zero gradient for " + e.getKey());
            long stride = Math.max(1, p.length() / perTensor);
            for (long i = 0; i < p.length(); i += stride) {
                double old = p.getDouble(i);
                p.putScalar(i, old + eps);
                double up = loss.applyAsDouble(net);
                p.putScalar(i, old - eps);
                double down = loss.applyAsDouble(net);
                p.putScalar(i, old);
                double num = (up - down) / (2 * eps);
                double a = g.getDouble(i);
                double tol = 1e-7 + 1e-5 * Math.max(Math.abs(a), Math.abs(num));
                assertTrue(Math.abs(a - num) <= tol, what + " " + e.getKey() + "[" + i + "] analytic " + a
                        + " numeric " + num);
                checked++;
            }
        }
        return checked;
    }
}
