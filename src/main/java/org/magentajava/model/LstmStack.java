package org.magentajava.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magentajava.io.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A bare stack of BasicLSTMCell layers with output dropout, on the same kernels as {@link LstmNetwork} (one
 * input GEMM for all steps, one recurrent GEMM per step, each batch half on its own core), for models that
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
    /** Owns the layers' parameters and gradients; its own output layer is never used. */
    private final LstmNetwork holder;
    private final Layer[] layers;
    private final List<Integer> sizes;
    private final Rng dropoutRng;
    private Workspace ws;
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
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < sizes.size(); i++) list.append(i == 0 ? "" : ",").append(sizes.get(i));
        HParams hp = HParams.parse("rnn_layer_sizes=" + list + "],dropout_keep_prob=1.0,attn_length=0,"
                + "residual_connections=" + residual);
        this.holder = new LstmNetwork(inputSize, 1, 0, hp, seed, dtype, Head.SIGMOID);
        this.layers = holder.layers();
        this.sizes = List.copyOf(sizes);
        this.dropoutRng = new Rng(seed ^ 0x5DEECE66DL);
    }

    public int inputSize() {
        return holder.inputSize();
    }

    public int outputSize() {
        return sizes.get(sizes.size() - 1);
    }

    public List<Integer> sizes() {
        return sizes;
    }

    public DataType dataType() {
        return holder.dataType();
    }

    /** Live parameters by name (writes go into the stack). */
    public Map<String, INDArray> parameters() {
        return own(holder.parameters());
    }

    /** The gradients of the last {@link #backward}, same names and shapes. */
    public Map<String, INDArray> gradients() {
        return own(holder.gradients());
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
            ws = new Workspace(holder, batch, steps);
        }
        Workspace w = ws;
        this.steps = steps;
        this.batch = batch;
        copyIn(x, w.x0, steps * batch);
        Buf in = w.x0;
        int rows = steps * batch;
        for (Layer layer : layers) {
            Workspace.LayerWs lw = w.layers[layer.index];
            int n = batch * layer.h;
            Buf cellIn = in;
            if (layer.projection) {
                LstmNetwork.fillRows(lw.xp, 0, rows, layer.bp);
                LstmNetwork.bigGemm(in.rows(0, rows), layer.wp.array, lw.xp.rows(0, rows), false, false, 1);
                cellIn = lw.xp;
            }
            if (h0 == null) {
                lw.hs.fill(0, n, 0);
                lw.c.fill(0, n, 0);
            } else {
                lw.hs.write(0, h0[layer.index], 0, n);
                lw.c.write(0, c0[layer.index], 0, n);
            }
            lw.cellIn = cellIn;
            layer.lstmForward(lw, w, cellIn, steps, batch);
            layer.outputForward(lw, w, cellIn, steps, batch, keepProb, dropoutRng);
            in = lw.y;
        }
        backwardDone = false;
    }

    /** Rows {@code row0..row0+n-1} of the last forward pass's outputs (after dropout) into {@code out}. */
    public void output(int row0, int n, double[] out) {
        Workspace.LayerWs top = ws.layers[layers.length - 1];
        top.y.read(row0 * outputSize(), out, 0, n * outputSize());
    }

    /** Each layer's state after the last forward pass's final step, into [batch × size] arrays per layer. */
    public void finalState(double[][] h, double[][] c) {
        for (Layer layer : layers) {
            Workspace.LayerWs lw = ws.layers[layer.index];
            int n = batch * layer.h;
            lw.hs.read(steps * n, h[layer.index], 0, n);
            lw.c.read(steps * n, c[layer.index], 0, n);
        }
    }

    /** Zero state arrays for {@code batch} rows, one [batch × size] array per layer. */
    public double[][] zeroState(int batch) {
        double[][] s = new double[layers.length][];
        for (int i = 0; i < layers.length; i++) s[i] = new double[batch * layers[i].h];
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
        Workspace w = ws;
        int rows = steps * batch;
        Workspace.LayerWs top = w.layers[layers.length - 1];
        copyIn(dOutput, top.dy, rows);
        for (int i = layers.length - 1; i >= 0; i--) {
            Layer layer = layers[i];
            Workspace.LayerWs lw = w.layers[i];
            layer.outputBackward(lw, w, steps, batch);
            layer.lstmBackward(lw, w, steps, batch);
            if (layer.projection) {
                // lstmBackward left dLoss/dCellIn (the residual path included) for the projection
                Buf x = i == 0 ? w.x0 : w.layers[i - 1].y;
                LstmNetwork.bigGemm(x.rows(0, rows), lw.dCellIn.rows(0, rows), layer.wpGrad.array, true, false, 0);
                LstmNetwork.colSum(w, lw.dCellIn, rows, layer.bpGrad);
                if (i > 0) {
                    LstmNetwork.bigGemm(lw.dCellIn.rows(0, rows), layer.wp.array, w.layers[i - 1].dy.rows(0, rows),
                            false, true, 0);
                }
            }
        }
        if (inputGradient) {
            int in = inputSize();
            if (this.dInput == null || this.dInput.rows < rows || this.dInput.cols != in) {
                this.dInput = Buf.zeros(holder.dataType(), rows, in);
            }
            Layer first = layers[0];
            if (first.projection) {
                LstmNetwork.bigGemm(w.layers[0].dCellIn.rows(0, rows), first.wp.array, this.dInput.rows(0, rows),
                        false, true, 0);
            } else {
                // lstmBackward left dLoss/dGates in z; the input part of the kernel maps them back to the inputs
                LstmNetwork.bigGemm(w.layers[0].z.rows(0, rows), first.k.rows(0, first.cellInSize),
                        this.dInput.rows(0, rows), false, true, 0);
            }
        }
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
