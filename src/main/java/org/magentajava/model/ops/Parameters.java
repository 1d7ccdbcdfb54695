package org.magentajava.model.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's trainable tensors under Magenta's checkpoint variable names, in creation order (the order
 * network files list them), each with a gradient buffer of its shape. Layers create theirs here and keep the
 * {@link Buf}s; the optimizer and the network files walk them by name.
 */
public final class Parameters {
    private final DataType dtype;
    private final Map<String, Buf> values = new LinkedHashMap<>();
    private final Map<String, Buf> gradients = new LinkedHashMap<>();

    public Parameters(DataType dtype) {
        this.dtype = dtype;
    }

    public DataType dataType() {
        return dtype;
    }

    /**
     * A [rows, cols] parameter: Glorot-uniform from {@code uniform} (draws in [0, 1)) as TensorFlow initialises
     * kernels, or zeros when {@code uniform} is null; a zero 1-row parameter is stored as a vector, as TensorFlow
     * stores biases.
     */
    public Buf add(String name, int rows, int cols, DoubleSupplier uniform) {
        long[] shape = rows == 1 && uniform == null ? new long[] {cols} : new long[] {rows, cols};
        return add(name, shape, rows, cols, uniform);
    }

    /** A parameter of any shape, Glorot-uniform for the given fans from {@code uniform}, or zeros when it is null. */
    public Buf add(String name, long[] shape, int fanIn, int fanOut, DoubleSupplier uniform) {
        if (values.containsKey(name)) throw new IllegalArgumentException("parameter " + name + " exists");
        Buf buf = new Buf(Nd4j.create(dtype, shape));
        if (uniform != null) {
            double limit = Math.sqrt(6.0 / (fanIn + fanOut));
            double[] vals = new double[(int) buf.length()];
            for (int i = 0; i < vals.length; i++) vals[i] = (uniform.getAsDouble() * 2 - 1) * limit;
            buf.write(0, vals, 0, vals.length);
        }
        values.put(name, buf);
        gradients.put(name, new Buf(Nd4j.create(dtype, shape)));
        return buf;
    }

    /** The parameter's live values; null when there is none of that name. */
    public Buf value(String name) {
        return values.get(name);
    }

    /** The parameter's gradient buffer (what the last backward pass wrote); null when there is none. */
    public Buf gradient(String name) {
        return gradients.get(name);
    }

    /** Names in creation order. */
    public Iterable<String> names() {
        return values.keySet();
    }

    /** Live values by name (writes go into the network). */
    public Map<String, INDArray> values() {
        return arrays(values);
    }

    /** Gradient buffers by name. */
    public Map<String, INDArray> gradients() {
        return arrays(gradients);
    }

    private static Map<String, INDArray> arrays(Map<String, Buf> bufs) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        bufs.forEach((k, v) -> out.put(k, v.array));
        return Collections.unmodifiableMap(out);
    }
}
