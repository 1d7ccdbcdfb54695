package org.magentajava.model;

import java.util.Map;
import org.magentajava.io.BadInputException;
import org.magentajava.model.layers.Dense;
import org.magentajava.model.layers.LayerStack;
import org.magentajava.model.layers.StepRows;
import org.magentajava.model.ops.Blas;
import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parameters;
import org.magentajava.model.ops.WindowKernel;
import org.magentajava.model.optim.Adam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Magenta's events-RNN graph (events_rnn_graph.py): a stack of BasicLSTMCells, AttentionCellWrapper on
 * layer 0 when attn_length > 0, optional residual connections, output dropout on every layer, a linear
 * softmax layer, masked mean cross-entropy, per-tensor gradient clipping and Adam. With a {@link Head#SIGMOID}
 * head the linear layer gives one logit per key instead, trained on the masked mean over steps of the binary
 * cross-entropy summed over keys (the piano-roll models' frame NLL). With a {@link Head#NADE} head the linear
 * layer gives each step's NADE biases ({@code nade_hidden_units} + one per key, Magenta's RnnNade) and the loss is
 * the NADE's exact −log p of the step's key set ({@link Nade}), its weights shared by all steps.
 *
 * <p>The network is a composition: a {@link LayerStack} (model.layers: the LSTM and attention layers, each with
 * its own workspace), a {@link Dense} output layer, the head's {@link Loss} and {@link Adam} (model.optim), on
 * the GEMM and activation plumbing of model.ops. Forward and backward are written by hand: every matrix product
 * is one cblas GEMM into a preallocated view (the input projections of all time steps and all weight gradients
 * are single large GEMMs), and the elementwise work runs in Java loops. Buffers are time-major (row
 * {@code t*B + b}) and reused across calls. Parameters live in Magenta's checkpoint layout under Magenta's
 * variable names.
 *
 * <p>Not thread-safe: one network is driven by one thread.
 */
public final class LstmNetwork {
    private final int inputSize;
    private final int numClasses;
    private final int noEventLabel;
    private final Head head;
    private final HParams hp;
    private final DataType dtype;
    private final boolean exact;
    private final AttentionWrap attentionWrap;
    private final LayerStack stack;
    private final Dense output;
    /** Outputs of the linear layer: numClasses, or for a NADE head its hidden units plus one per key. */
    private final int outWidth;
    private final Loss loss;
    final Parameters params;
    final Adam adam;
    final Rng dropoutRng;
    private Workspace trainWs;
    private Workspace stepWs;
    private int[] lastPredictions = new int[0];
    private double lastEventNllSum = Double.NaN;
    private long lastEventArgmaxHits = -1;

    /**
     * Whether training and evaluation batches of a stack without attention run packed, skipping padded steps
     * (system property {@code magentajava.model.skipPadding}, default true; false computes every row at every step,
     * as before, for timing the difference).
     */
    static final boolean SKIP_PADDING = !"false".equals(System.getProperty("magentajava.model.skipPadding"));

    static {
        Blas.threads(); // OpenBLAS's thread count is set when the first network class loads, as before any product
    }

    /** A float32 network initialised from {@code seed}. */
    public LstmNetwork(int inputSize, int numClasses, int noEventLabel, HParams hp, long seed) {
        this(inputSize, numClasses, noEventLabel, hp, seed, DataType.FLOAT);
    }

    /**
     * A network in {@code dtype} (FLOAT for training; DOUBLE uses exact activation functions and serves
     * gradient checks), with Glorot-uniform weights and zero biases as TensorFlow initialises them.
     */
    public LstmNetwork(int inputSize, int numClasses, int noEventLabel, HParams hp, long seed, DataType dtype) {
        this(inputSize, numClasses, noEventLabel, hp, seed, dtype, Head.SOFTMAX);
    }

    /** A network with the given output head (the other constructors give {@link Head#SOFTMAX}). */
    public LstmNetwork(int inputSize, int numClasses, int noEventLabel, HParams hp, long seed, DataType dtype,
            Head head) {
        this(inputSize, numClasses, noEventLabel, hp, seed, dtype, head, AttentionWrap.FIRST_LAYER);
    }

    /**
     * A network whose attention (attn_length &gt; 0) sits where {@code wrap} says; {@link AttentionWrap#WHOLE_STACK}
     * is Magenta's layout before May 2017, for imported models: it generates and evaluates but does not train,
     * and has no residual connections (Magenta had none then).
     */
    public LstmNetwork(int inputSize, int numClasses, int noEventLabel, HParams hp, long seed, DataType dtype,
            Head head, AttentionWrap wrap) {
        if (inputSize <= 0 || numClasses <= 0) throw new BadInputException("input size and class count must be positive");
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) throw new IllegalArgumentException("FLOAT or DOUBLE");
        boolean wholeStack = wrap == AttentionWrap.WHOLE_STACK;
        if (wholeStack && (hp.attnLength() == 0 || hp.residualConnections())) {
            throw new BadInputException("attention around the whole stack needs attn_length > 0 and no residual "
                    + "connections, got " + hp);
        }
        this.attentionWrap = java.util.Objects.requireNonNull(wrap, "wrap");
        this.inputSize = inputSize;
        this.numClasses = numClasses;
        this.noEventLabel = noEventLabel;
        this.head = java.util.Objects.requireNonNull(head, "head");
        this.hp = hp;
        this.dtype = dtype;
        this.exact = dtype == DataType.DOUBLE;
        this.dropoutRng = new Rng(seed ^ 0x5DEECE66DL);
        if ((head == Head.NADE) != (hp.nadeHiddenUnits() > 0)) {
            throw new BadInputException(head == Head.NADE
                    ? "a NADE network needs nade_hidden_units > 0"
                    : "hparam nade_hidden_units is only for NADE networks (pianoroll_rnn_nade, rnn-nade_attn)");
        }
        this.outWidth = numClasses + (head == Head.NADE ? hp.nadeHiddenUnits() : 0);
        Rng init = new Rng(seed);
        params = new Parameters(dtype);
        stack = new LayerStack(params, inputSize, hp.rnnLayerSizes(), hp.attnLength(), hp.residualConnections(),
                wholeStack, exact, init::nextDouble);
        output = new Dense(params, "fully_connected/", stack.outputSize(), outWidth, init::nextDouble);
        if (head == Head.NADE) addNadeWeights(init);
        loss = Loss.of(head, numClasses, noEventLabel, params);
        adam = new Adam(params);
    }

    /** The NADE's weights in Magenta's shapes ([keys, 1, hidden] and [keys, hidden, 1]) and initializer: truncated normal, std 1/√keys. */
    private void addNadeWeights(Rng init) {
        int hidden = hp.nadeHiddenUnits();
        Buf enc = params.add("nade/w_enc", new long[] {numClasses, 1, hidden}, numClasses, hidden, null);
        Buf dec = params.add("nade/w_dec_t", new long[] {numClasses, hidden, 1}, numClasses, hidden, null);
        double std = 1 / Math.sqrt(numClasses);
        for (Buf w : new Buf[] {enc, dec}) {
            double[] vals = new double[(int) w.length()];
            for (int i = 0; i < vals.length; i++) vals[i] = truncatedNormal(init) * std;
            w.write(0, vals, 0, vals.length);
        }
    }

    /** A standard normal draw redrawn beyond two deviations (TensorFlow's truncated_normal). */
    private static double truncatedNormal(Rng rng) {
        while (true) {
            double u = rng.nextDouble();
            double v = rng.nextDouble();
            double z = Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
            if (Math.abs(z) <= 2) return z;
        }
    }

    /** Outputs of the linear layer per step: {@link #numClasses()}, or for a NADE head hidden units + keys. */
    public int outputWidth() {
        return outWidth;
    }

    /** A copy of the NADE's weights, for sampling and scoring frames; only for a {@link Head#NADE} network. */
    public Nade nade() {
        if (head != Head.NADE) throw new IllegalStateException("a " + head.tag() + " network has no NADE");
        return ((NadeLoss) loss).nade();
    }

    public int inputSize() {
        return inputSize;
    }

    public int numClasses() {
        return numClasses;
    }

    public int noEventLabel() {
        return noEventLabel;
    }

    public HParams hparams() {
        return hp;
    }

    public Head head() {
        return head;
    }

    /** Where the attention wrapper sits (meaningful when attn_length &gt; 0). */
    public AttentionWrap attentionWrap() {
        return attentionWrap;
    }

    public DataType dataType() {
        return dtype;
    }

    /** Adam steps taken so far (TensorFlow's global_step when trained only here). */
    public long globalStep() {
        return adam.step();
    }

    /**
     * The argmax class of every step of the last {@link #trainStep}/{@link #evaluate} batch, row-major
     * [batch][steps], -1 at padded steps (for per-class metrics); all -1 for a {@link Head#SIGMOID} head, which
     * predicts no single class.
     */
    public int[] lastPredictions() {
        return lastPredictions;
    }

    /**
     * The last {@link #evaluate} or training batch's sum over valid steps of -log(sum of the probabilities of
     * the step's event classes), the label's alone where the batch gives none; for a {@link Head#SIGMOID} head,
     * the sum over valid steps of the frame NLL.
     */
    public double lastEventNllSum() {
        return lastEventNllSum;
    }

    /**
     * The last softmax batch's valid steps whose event argmax is the label's event: the event whose classes
     * (the batch's class groups; each class alone where it gives none) have the highest summed probability,
     * ties to the lowest group. -1 for a multi-hot head.
     */
    public long lastEventArgmaxHits() {
        return lastEventArgmaxHits;
    }

    /** Live parameters keyed by Magenta checkpoint variable names, in Magenta's shapes; writes go into the model. */
    public Map<String, INDArray> parameters() {
        return params.values();
    }

    /**
     * Copies every tensor of {@code values} (Magenta names, Magenta shapes, any float dtype) into the model,
     * e.g. from a bundle checkpoint; names not in the model or wrong shapes are rejected, and missing names
     * are rejected unless {@code partial}. Adam state is left as it is.
     */
    public void setParameters(Map<String, INDArray> values, boolean partial) {
        for (Map.Entry<String, INDArray> e : values.entrySet()) {
            Buf p = params.value(e.getKey());
            if (p == null) {
                throw new BadInputException("unknown model variable " + e.getKey() + "; expected one of " + params.values().keySet());
            }
            if (!java.util.Arrays.equals(p.array.shape(), e.getValue().shape())) {
                throw new BadInputException("model variable " + e.getKey() + " has shape "
                        + java.util.Arrays.toString(e.getValue().shape()) + ", expected " + java.util.Arrays.toString(p.array.shape()));
            }
        }
        if (!partial) {
            for (String name : params.names()) {
                if (!values.containsKey(name)) throw new BadInputException("missing model variable " + name);
            }
        }
        values.forEach((k, v) -> params.value(k).array.assign(v.castTo(dtype)));
    }

    /**
     * Sets each key's output bias (a sigmoid head's logit bias, a NADE head's b_dec) to {@code logOdds[key]}. At
     * zero bias every key starts at probability ½ while a step sounds a handful of 88 keys, and Adam moves a bias
     * by about learning_rate per step: at Magenta's 0.001 the network spends thousands of steps only learning how
     * rare notes are. Starting at the data's log-odds skips that.
     */
    public void setKeyBiases(double[] logOdds) {
        if (head == Head.SOFTMAX) throw new IllegalStateException("a softmax head has no key biases");
        if (logOdds.length != numClasses) {
            throw new IllegalArgumentException("expected " + numClasses + " key biases, got " + logOdds.length);
        }
        Buf biases = params.value("fully_connected/biases");
        biases.write(outWidth - numClasses, logOdds, 0, numClasses); // NADE: [b_enc | b_dec]
    }

    /** Gradients of the last {@link #trainStep}/{@link #computeGradients} (before clipping), same keys. */
    public Map<String, INDArray> gradients() {
        return params.gradients();
    }

    // ------------------------------------------------------------------------------------------------
    // Public operations

    /** One Adam step on the batch (dropout on); returns the batch's loss and metric counts before the update. */
    public Metrics trainStep(Batch batch) {
        Metrics m = computeGradients(batch, true);
        adam.apply(hp.learningRate(), hp.clipNorm());
        return m;
    }

    /** Loss and metrics without dropout and without changing anything. */
    public Metrics evaluate(Batch batch) {
        int[] order = rowOrder(batch);
        Batch run = order == null ? batch : batch.reordered(order);
        Workspace w = load(run);
        forward(w, run.steps(), false, null);
        return loss(w, run, false, order);
    }

    /**
     * Forward and backward without updating; gradients land in {@link #gradients()}. Without attention the rows
     * run longest first and packed ({@link StepRows#packed}): nothing is computed for padded steps.
     */
    public Metrics computeGradients(Batch batch, boolean dropout) {
        if (stack.wrapsWholeStack()) {
            throw new BadInputException("this network's attention wraps the whole LSTM stack (Magenta's layout before "
                    + "May 2017, imported): it generates and evaluates, but training it is not supported");
        }
        int[] order = rowOrder(batch);
        Batch run = order == null ? batch : batch.reordered(order);
        Workspace w = load(run);
        INDArray top = forward(w, run.steps(), dropout, null);
        Metrics m = loss(w, run, true, order);
        int rows = w.stack.rows().count();
        output.backward(top, w.dLogits, rows, w.stack.outputGradient().rows(0, rows));
        stack.backward(w.stack, run.steps(), null);
        return m;
    }

    /**
     * Softmax of logits/temperature for every step of zero-state sequences, [B, T, C] (Magenta's generate
     * graph 'softmax' output), without dropout; each key's sigmoid for a {@link Head#SIGMOID} head.
     */
    public INDArray softmax(float[][][] inputs, double temperature) {
        int b = inputs.length;
        int t = inputs[0].length;
        Workspace w = workspace(false, b, t);
        w.stack.setRows(null);
        writeInputs(w, inputs, StepRows.full(b, t));
        forward(w, t, false, null);
        double[] probs = loss.probabilities(w.logits, b * t, temperature);
        double[] out = new double[probs.length];
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < b; i++) {
                System.arraycopy(probs, (s * b + i) * numClasses, out, (i * t + s) * numClasses, numClasses);
            }
        }
        return Nd4j.create(out, new long[] {b, t, numClasses}, 'c').castTo(dtype);
    }

    /** The zero state Magenta's generator starts from. */
    public State initialState(int batch) {
        int layers = stack.layerCount();
        Buf[] c = new Buf[layers];
        Buf[] h = new Buf[layers];
        for (int i = 0; i < layers; i++) {
            c[i] = Buf.zeros(dtype, batch, stack.size(i));
            h[i] = Buf.zeros(dtype, batch, stack.size(i));
        }
        int len = stack.attentionLength();
        // the attention size is the wrapped cell's width: layer 0's, or the top layer's around the whole stack
        int a = stack.wrapsWholeStack() ? stack.outputSize() : stack.size(0);
        if (len == 0) return new State(batch, c, h, null, null, null);
        return new State(batch, c, h, Buf.zeros(dtype, batch, a), Buf.zeros(dtype, len * batch, a),
                Buf.zeros(dtype, len * batch, a));
    }

    /**
     * Advances {@code state} by one step on {@code inputs} [batch, inputSize] and returns the linear layer's raw
     * outputs, [batch][{@link #outputWidth()}]: logits, or a NADE head's biases {@code [b_enc | b_dec]}.
     */
    public float[][] stepOutputs(State state, float[][] inputs) {
        int b = state.batch;
        if (inputs.length != b) throw new BadInputException("step inputs must be [" + b + ", " + inputSize + "]");
        Workspace w = workspace(true, b, 1);
        for (int i = 0; i < b; i++) {
            if (inputs[i].length != inputSize) {
                throw new BadInputException("step inputs must be [" + b + ", " + inputSize + "]");
            }
            w.stack.inputs.write(i * inputSize, inputs[i]);
        }
        forward(w, 1, false, state);
        saveState(w, state);
        double[] z = new double[b * outWidth];
        w.logits.read(0, z, 0, z.length);
        float[][] out = new float[b][outWidth];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < outWidth; k++) out[i][k] = (float) z[i * outWidth + k];
        }
        return out;
    }

    /**
     * Advances {@code state} by one step on {@code inputs} [batch, inputSize] and returns
     * softmax(logits / temperature) [batch, numClasses] (per-output sigmoids for a {@link Head#SIGMOID} head).
     * Costs one time step of compute.
     */
    public INDArray step(State state, INDArray inputs, double temperature) {
        int b = state.batch;
        if (inputs.rank() != 2 || inputs.size(0) != b || inputs.size(1) != inputSize) {
            throw new BadInputException("step inputs must be [" + b + ", " + inputSize + "]");
        }
        Workspace w = workspace(true, b, 1);
        double[] row = inputs.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        w.stack.inputs.write(0, row, 0, row.length);
        forward(w, 1, false, state);
        saveState(w, state);
        double[] probs = loss.probabilities(w.logits, b, temperature);
        return Nd4j.create(probs, new long[] {b, numClasses}, 'c').castTo(dtype);
    }

    /** OpenBLAS threads this class runs with (set when the class loads). */
    public static int blasThreads() {
        return Blas.threads();
    }

    /** Which attention-window kernel float networks use in this JVM ("simd-512", "scalar", ...). */
    public static String attentionKernel() {
        return WindowKernel.FLOAT.name();
    }

    // ------------------------------------------------------------------------------------------------
    // Workspaces, forward, loss

    LayerStack stack() {
        return stack;
    }

    /** Whether the network computes in double with exact activations. */
    boolean exact() {
        return exact;
    }

    private Workspace workspace(boolean forStep, int b, int t) {
        Workspace w = forStep ? stepWs : trainWs;
        if (w == null || w.batch != b || w.capacity < t) {
            w = null; // let the old buffers go before allocating new ones
            if (forStep) stepWs = null; else trainWs = null;
            w = new Workspace(this, b, t);
            if (forStep) stepWs = w; else trainWs = w;
        }
        return w;
    }

    /** Whether this network's training and evaluation batches run packed. */
    private boolean packs() {
        return SKIP_PADDING && stack.attentionLength() == 0;
    }

    /** The row order a batch runs in ({@link Batch#longestFirst} when packed); null: as it is. */
    private int[] rowOrder(Batch batch) {
        return packs() ? Batch.longestFirst(batch.lengths()) : null;
    }

    private Workspace load(Batch batch) {
        if (batch.inputSize() != inputSize) {
            throw new BadInputException("batch input size " + batch.inputSize() + " != model input size " + inputSize);
        }
        if (batch.steps() == 0) throw new BadInputException("batch has no steps");
        Workspace w = workspace(false, batch.batchSize(), batch.steps());
        StepRows rows = packs() ? StepRows.packed(batch.lengths(), batch.steps()) : null;
        w.stack.setRows(rows);
        writeInputs(w, batch.inputs(), rows == null ? StepRows.full(batch.batchSize(), batch.steps()) : rows);
        return w;
    }

    /** Each step's inputs at its row ({@code at}: full rows, or packed ones that leave out the padded steps). */
    private void writeInputs(Workspace w, float[][][] inputs, StepRows at) {
        for (int s = 0; s < at.steps(); s++) {
            for (int i = 0; i < at.active(s); i++) {
                float[] x = inputs[i][s];
                if (x.length != inputSize) throw new BadInputException("input vector size " + x.length + " != " + inputSize);
                w.stack.inputs.write(at.row(s, i) * inputSize, x);
            }
        }
    }

    /** The stack from {@code init} (null: the zero state), then the linear layer; returns the stack's output rows. */
    private INDArray forward(Workspace w, int t, boolean train, State init) {
        if (init == null) w.stack.loadState(null, null, null, null, null);
        else w.stack.loadState(init.h, init.c, init.attn, init.window, init.windowProj);
        INDArray top = stack.forward(w.stack, t, train ? hp.dropoutKeepProb() : 1.0, dropoutRng);
        output.forward(top, w.logits, w.stack.rows().count());
        return top;
    }

    /** Copies the state after the workspace's single step back into {@code s}. */
    private void saveState(Workspace w, State s) {
        w.stack.saveState(s.h, s.c, s.attn, s.window, s.windowProj);
    }

    /** The head's loss; {@code order} (or null) is the row order the batch ran in, undone for the predictions. */
    private Metrics loss(Workspace w, Batch batch, boolean grad, int[] order) {
        Loss.Result r = loss.apply(w.logits, w.dLogits, w.stack.rows(), batch, grad);
        lastPredictions = r.predictions();
        if (order != null) {
            int t = batch.steps();
            int[] original = new int[lastPredictions.length];
            for (int i = 0; i < order.length; i++) System.arraycopy(lastPredictions, i * t, original, order[i] * t, t);
            lastPredictions = original;
        }
        lastEventNllSum = r.eventNllSum();
        lastEventArgmaxHits = r.eventArgmaxHits();
        return r.metrics();
    }
}
