package org.magentajava.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magentajava.io.BadInputException;
import org.magentajava.model.layers.LayerStack;
import org.magentajava.model.layers.StackWorkspace;
import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A bare stack of BasicLSTMCell layers with output dropout, the same {@link LayerStack} {@link LstmNetwork} runs (one
 * input GEMM for all steps, one recurrent GEMM per step, each batch chunk on its own core), for models that
 * wire LSTM stacks together themselves: no output layer, no loss and no optimizer here. Rows are time-major
 * (row {@code s*batch + b}); the caller hands in the inputs, reads the outputs, and after a forward pass may
 * hand back dLoss/dOutput to get the weight gradients and, if asked, dLoss/dInput. A forward pass may start
 * from a given state and leaves its final state to read, so long sequences can run in windows.
 *
 * <p>Parameters are named {@code rnn/multi_rnn_cell/cell_i/basic_lstm_cell/kernel|bias} as in Magenta's
 * checkpoints. Not thread-safe.
 */
public final class LstmStack {
    private static final String PREFIX = "rnn/";
    private final Parameters params;
    private final LayerStack stack;
    private final int inputSize;
    private final List<Integer> sizes;
    private final Rng dropoutRng;
    private StackWorkspace ws;
    private Buf dInput;
    private int steps;
    private int batch;
    private boolean backwardDone = true;

    /** Glorot-uniform kernels and zero biases from {@code seed}; DOUBLE uses exact activations (gradient checks). */
    public LstmStack(int inputSize, List<Integer> sizes, long seed, DataType dtype) {
        this(inputSize, sizes, false, seed, dtype);
    }

    /**
     * With {@code residual}, each layer adds its input to its output (Magenta's residual_connections: an input
     * projection where the width changes, always on layer 0), so a signal can cross the stack without passing
     * through every cell.
     */
    public LstmStack(int inputSize, List<Integer> sizes, boolean residual, long seed, DataType dtype) {
        if (sizes.isEmpty()) throw new BadInputException("an LSTM stack needs at least one layer");
        if (inputSize <= 0) throw new BadInputException("input size and class count must be positive");
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) throw new IllegalArgumentException("FLOAT or DOUBLE");
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < sizes.size(); i++) list.append(i == 0 ? "" : ",").append(sizes.get(i));
        HParams hp = HParams.parse("rnn_layer_sizes=" + list + "],residual_connections=" + residual); // validates the sizes
        Rng init = new Rng(seed);
        this.params = new Parameters(dtype);
        this.stack = new LayerStack(params, inputSize, hp.rnnLayerSizes(), 0, hp.residualConnections(), false,
                dtype == DataType.DOUBLE, init::nextDouble);
        this.inputSize = inputSize;
        this.sizes = List.copyOf(sizes);
        this.dropoutRng = new Rng(seed ^ 0x5DEECE66DL);
    }

    public int inputSize() {
        return inputSize;
    }

    public int outputSize() {
        return sizes.get(sizes.size() - 1);
    }

    public List<Integer> sizes() {
        return sizes;
    }

    public DataType dataType() {
        return params.dataType();
    }

    /** Live parameters by name (writes go into the stack). */
    public Map<String, INDArray> parameters() {
        return own(params.values());
    }

    /** The gradients of the last {@link #backward}, same names and shapes. */
    public Map<String, INDArray> gradients() {
        return own(params.gradients());
    }

    private static Map<String, INDArray> own(Map<String, INDArray> all) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) out.put(k, v);
        });
        return Collections.unmodifiableMap(out);
    }

    /** The dropout generator's state, for checkpoints that resume exactly. */
    public long dropoutState() {
        return dropoutRng.state();
    }

    public void setDropoutState(long state) {
        dropoutRng.setState(state);
    }

    /** Fills {@code n} consecutive rows from {@code row0} into {@code dst} (row-major, from index 0). */
    public interface Rows {
        void fill(int row0, int n, double[] dst);
    }

    /** Rows moved per bulk copy: big enough to amortise the copy, small enough to stay in cache. */
    private static final int CHUNK_ROWS = 64;

    /**
     * Runs {@code steps} steps of {@code batch} rows, pulling the inputs of row {@code s*batch + b} from
     * {@code x} in chunks (so callers can assemble them without materialising them). Each layer's output is
     * dropped out with keep probability {@code keepProb} (1 for none). {@code h0}/{@code c0} give each layer's starting state ([batch × size] values
     * per layer), or null for zeros.
     */
    public void forward(Rows x, int steps, int batch, double keepProb, double[][] h0, double[][] c0) {
        if (steps < 1 || batch < 1) {
            throw new IllegalArgumentException(steps + " steps of " + batch + " rows");
        }
        if (ws == null || ws.batch != batch || ws.capacity < steps) {
            ws = null;
            ws = stack.workspace(params.dataType(), batch, steps);
        }
        this.steps = steps;
        this.batch = batch;
        copyIn(x, ws.inputs, steps * batch);
        ws.loadState(h0, c0);
        stack.forward(ws, steps, keepProb, dropoutRng);
        backwardDone = false;
    }

    /** Rows {@code row0..row0+n-1} of the last forward pass's outputs (after dropout) into {@code out}. */
    public void output(int row0, int n, double[] out) {
        ws.readOutput(row0, n, out);
    }

    /** Each layer's state after the last forward pass's final step, into [batch × size] arrays per layer. */
    public void finalState(double[][] h, double[][] c) {
        ws.saveState(steps, h, c);
    }

    /** Zero state arrays for {@code batch} rows, one [batch × size] array per layer. */
    public double[][] zeroState(int batch) {
        double[][] s = new double[stack.layerCount()][];
        for (int i = 0; i < s.length; i++) s[i] = new double[batch * stack.size(i)];
        return s;
    }

    /**
     * Backpropagates {@code dOutput} (dLoss/dOutput of the last forward pass's rows) through time: the weight
     * gradients land in {@link #gradients()} (overwritten, not added); with {@code inputGradient},
     * {@link #inputGradient} then gives dLoss/dInput. Once per forward pass.
     */
    public void backward(Rows dOutput, boolean inputGradient) {
        if (backwardDone) throw new IllegalStateException("backward needs a forward pass first");
        backwardDone = true;
        int rows = steps * batch;
        copyIn(dOutput, ws.outputGradient(), rows);
        if (inputGradient && (dInput == null || dInput.rows < rows)) dInput = Buf.zeros(params.dataType(), rows, inputSize);
        stack.backward(ws, steps, inputGradient ? dInput : null);
    }

    /** Rows {@code row0..row0+n-1} of dLoss/dInput of the last {@link #backward} into {@code out}. */
    public void inputGradient(int row0, int n, double[] out) {
        dInput.read(row0 * inputSize(), out, 0, n * inputSize());
    }

    private static void copyIn(Rows src, Buf dst, int rows) {
        double[] chunk = new double[Math.min(rows, CHUNK_ROWS) * dst.cols];
        for (int r = 0; r < rows; r += CHUNK_ROWS) {
            int n = Math.min(CHUNK_ROWS, rows - r);
            src.fill(r, n, chunk);
            dst.write(r * dst.cols, chunk, 0, n * dst.cols);
        }
    }
}
