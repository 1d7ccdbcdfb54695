package org.magentajava.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.magentajava.io.BadInputException;
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
 * <p>Forward and backward are written by hand: every matrix product is one {@link Nd4j#gemm} into a
 * preallocated view (the input projections of all time steps and all weight gradients are single large
 * GEMMs), and the elementwise work runs in Java loops. Buffers are time-major (row {@code t*B + b}) and
 * reused across calls. Parameters live in Magenta's checkpoint layout under Magenta's variable names.
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
    private final Layer[] layers;
    private final AttentionWrap attentionWrap;
    /** The attention wrapper around the whole stack; null unless {@link AttentionWrap#WHOLE_STACK}. */
    private final StackAttention stack;
    private final Buf fcW;
    private final Buf fcB;
    private final Buf fcWGrad;
    private final Buf fcBGrad;
    /** Outputs of the linear layer: numClasses, or for a NADE head its hidden units plus one per key. */
    private final int outWidth;
    private final Buf nadeEnc;
    private final Buf nadeDec;
    final Tensors params = new Tensors();
    final Tensors grads = new Tensors();
    final Tensors adamM = new Tensors();
    final Tensors adamV = new Tensors();
    long adamStep;
    final Rng dropoutRng;
    private Workspace trainWs;
    private int[] lastPredictions = new int[0];
    private double lastEventNllSum = Double.NaN;
    private long lastEventArgmaxHits = -1;
    private Workspace stepWs;

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
        int n = hp.rnnLayerSizes().size();
        layers = new Layer[n];
        int in = inputSize;
        for (int i = 0; i < n; i++) {
            int h = hp.rnnLayerSizes().get(i);
            boolean projection = hp.residualConnections() && (i == 0 || h != hp.rnnLayerSizes().get(i - 1));
            layers[i] = new Layer(this, wholeStack ? StackAttention.SCOPE : "rnn/", i, in, h,
                    i == 0 && hp.attnLength() > 0 && !wholeStack ? hp.attnLength() : 0, projection,
                    hp.residualConnections(), init);
            in = h;
        }
        stack = wholeStack ? new StackAttention(this, layers, inputSize, hp.attnLength(), init) : null;
        fcW = add("fully_connected/weights", in, outWidth, init, true);
        fcB = add("fully_connected/biases", 1, outWidth, init, false);
        fcWGrad = grads.get("fully_connected/weights");
        fcBGrad = grads.get("fully_connected/biases");
        if (head == Head.NADE) {
            // Magenta's shapes ([keys, 1, hidden] and [keys, hidden, 1]) and initializer: truncated normal, std 1/√keys
            int hidden = hp.nadeHiddenUnits();
            nadeEnc = add("nade/w_enc", new long[] {numClasses, 1, hidden}, numClasses, hidden, init, false);
            nadeDec = add("nade/w_dec_t", new long[] {numClasses, hidden, 1}, numClasses, hidden, init, false);
            double std = 1 / Math.sqrt(numClasses);
            for (Buf w : new Buf[] {nadeEnc, nadeDec}) {
                double[] vals = new double[(int) w.length()];
                for (int i = 0; i < vals.length; i++) vals[i] = truncatedNormal(init) * std;
                w.write(0, vals, 0, vals.length);
            }
        } else {
            nadeEnc = null;
            nadeDec = null;
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
        int hidden = hp.nadeHiddenUnits();
        double[] enc = new double[numClasses * hidden];
        double[] dec = new double[numClasses * hidden];
        nadeEnc.read(0, enc, 0, enc.length);
        nadeDec.read(0, dec, 0, dec.length);
        return new Nade(numClasses, hidden, enc, dec);
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
        return adamStep;
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
        return params.arrays();
    }

    /**
     * Copies every tensor of {@code values} (Magenta names, Magenta shapes, any float dtype) into the model,
     * e.g. from a bundle checkpoint; names not in the model or wrong shapes are rejected, and missing names
     * are rejected unless {@code partial}. Adam state is left as it is.
     */
    public void setParameters(Map<String, INDArray> values, boolean partial) {
        for (Map.Entry<String, INDArray> e : values.entrySet()) {
            Buf p = params.get(e.getKey());
            if (p == null) {
                throw new BadInputException("unknown model variable " + e.getKey() + "; expected one of " + params.arrays().keySet());
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
        values.forEach((k, v) -> params.get(k).array.assign(v.castTo(dtype)));
    }

    /** Gradients of the last {@link #trainStep}/{@link #computeGradients} (before clipping), same keys. */
    public Map<String, INDArray> gradients() {
        return grads.arrays();
    }

    /** Creates a parameter, its gradient and Adam slots; a 1-row bias is stored as a vector like TensorFlow. */
    Buf add(String name, int rows, int cols, Rng init, boolean glorot) {
        return add(name, rows == 1 && !glorot ? new long[] {cols} : new long[] {rows, cols}, rows, cols, init, glorot);
    }

    Buf add(String name, long[] shape, int fanIn, int fanOut, Rng init, boolean glorot) {
        INDArray p = Nd4j.create(dtype, shape);
        Buf buf = new Buf(p);
        if (glorot) {
            double limit = Math.sqrt(6.0 / (fanIn + fanOut));
            double[] vals = new double[(int) p.length()];
            for (int i = 0; i < vals.length; i++) vals[i] = (init.nextDouble() * 2 - 1) * limit;
            buf.write(0, vals, 0, vals.length);
        }
        params.put(name, buf);
        grads.put(name, new Buf(Nd4j.create(dtype, shape)));
        adamM.put(name, new Buf(Nd4j.create(dtype, shape)));
        adamV.put(name, new Buf(Nd4j.create(dtype, shape)));
        return buf;
    }

    // ------------------------------------------------------------------------------------------------
    // Public operations

    /** One Adam step on the batch (dropout on); returns the batch's loss and metric counts before the update. */
    public Metrics trainStep(Batch batch) {
        Metrics m = computeGradients(batch, true);
        applyGradients();
        return m;
    }

    /** Loss and metrics without dropout and without changing anything. */
    public Metrics evaluate(Batch batch) {
        Workspace w = load(batch);
        forward(w, batch.steps(), false, null);
        return loss(w, batch, false);
    }

    /** Forward and backward without updating; gradients land in {@link #gradients()}. */
    public Metrics computeGradients(Batch batch, boolean dropout) {
        if (stack != null) {
            throw new BadInputException("this network's attention wraps the whole LSTM stack (Magenta's layout before "
                    + "May 2017, imported): it generates and evaluates, but training it is not supported");
        }
        Workspace w = load(batch);
        forward(w, batch.steps(), dropout, null);
        Metrics m = loss(w, batch, true);
        backward(w, batch.steps());
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
        writeInputs(w, inputs, b, t);
        forward(w, t, false, null);
        double[] probs = probabilities(w, b * t, temperature);
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
        Buf[] c = new Buf[layers.length];
        Buf[] h = new Buf[layers.length];
        for (int i = 0; i < layers.length; i++) {
            c[i] = Buf.zeros(dtype, batch, layers[i].h);
            h[i] = Buf.zeros(dtype, batch, layers[i].h);
        }
        int len = stack != null ? stack.len : layers[0].attnLength;
        int a = stack != null ? stack.a : layers[0].h;
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
            w.x0.write(i * inputSize, inputs[i]);
        }
        forward(w, 1, false, state);
        saveState(w, state);
        double[] z = readLogits(w, 1);
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
        w.x0.write(0, row, 0, row.length);
        forward(w, 1, false, state);
        saveState(w, state);
        double[] probs = probabilities(w, b, temperature);
        return Nd4j.create(probs, new long[] {b, numClasses}, 'c').castTo(dtype);
    }

    // ------------------------------------------------------------------------------------------------
    // Workspaces

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

    private Workspace load(Batch batch) {
        if (batch.inputSize() != inputSize) {
            throw new BadInputException("batch input size " + batch.inputSize() + " != model input size " + inputSize);
        }
        if (batch.steps() == 0) throw new BadInputException("batch has no steps");
        Workspace w = workspace(false, batch.batchSize(), batch.steps());
        writeInputs(w, batch.inputs(), batch.batchSize(), batch.steps());
        return w;
    }

    private void writeInputs(Workspace w, float[][][] inputs, int b, int t) {
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < b; i++) {
                float[] x = inputs[i][s];
                if (x.length != inputSize) throw new BadInputException("input vector size " + x.length + " != " + inputSize);
                w.x0.write((s * b + i) * inputSize, x);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Forward

    private void forward(Workspace w, int t, boolean train, State init) {
        int b = w.batch;
        if (stack != null) {
            for (Layer layer : layers) loadState(layer, w.layers[layer.index], b, init);
            stack.loadState(w, init);
            INDArray top = stack.forward(w, t);
            fillRows(w.logits, 0, t * b, fcB);
            bigGemm(top, fcW.array, w.logits.rows(0, t * b), false, false, 1);
            return;
        }
        Buf in = w.x0;
        for (Layer layer : layers) {
            Workspace.LayerWs lw = w.layers[layer.index];
            Buf cellIn = in;
            if (layer.projection) {
                fillRows(lw.xp, 0, t * b, layer.bp);
                bigGemm(in.rows(0, t * b), layer.wp.array, lw.xp.rows(0, t * b), false, false, 1);
                cellIn = lw.xp;
            }
            lw.cellIn = cellIn;
            loadState(layer, lw, b, init);
            if (layer.attnLength > 0) layer.attentionForward(lw, w, cellIn, t, b);
            else layer.lstmForward(lw, w, cellIn, t, b);
            layer.outputForward(lw, w, cellIn, t, b, train ? hp.dropoutKeepProb() : 1.0, dropoutRng);
            in = lw.y;
        }
        fillRows(w.logits, 0, t * b, fcB);
        bigGemm(in.rows(0, t * b), fcW.array, w.logits.rows(0, t * b), false, false, 1);
    }

    private void loadState(Layer layer, Workspace.LayerWs lw, int b, State s) {
        int h = layer.h;
        int win = layer.attnLength * b * h;
        if (s == null) {
            lw.hs.fill(0, b * h, 0);
            lw.c.fill(0, b * h, 0);
            if (layer.attnLength > 0) {
                lw.as.fill(0, b * h, 0);
                lw.outPad.fill(0, win, 0);
                lw.pPad.fill(0, win, 0);
            }
        } else {
            lw.hs.copyFrom(s.h[layer.index], 0, 0, b * h);
            lw.c.copyFrom(s.c[layer.index], 0, 0, b * h);
            if (layer.attnLength > 0) {
                lw.as.copyFrom(s.attn, 0, 0, b * h);
                lw.outPad.copyFrom(s.window, 0, 0, win);
                lw.pPad.copyFrom(s.windowProj, 0, 0, win);
            }
        }
        if (layer.attnLength > 0) {
            if (exact) {
                lw.outPad.read(0, lw.histH, 0, win);
                lw.pPad.read(0, lw.projH, 0, win);
            } else {
                lw.outPad.readFloats(0, lw.histF, 0, win);
                lw.pPad.readFloats(0, lw.projF, 0, win);
            }
        }
    }

    /** Copies the state after the workspace's single step back into {@code s}. */
    private void saveState(Workspace w, State s) {
        int b = w.batch;
        for (Layer layer : layers) {
            Workspace.LayerWs lw = w.layers[layer.index];
            int h = layer.h;
            s.h[layer.index].copyFrom(lw.hs, b * h, 0, b * h);
            s.c[layer.index].copyFrom(lw.c, b * h, 0, b * h);
            if (layer.attnLength > 0) {
                int win = layer.attnLength * b * h;
                s.attn.copyFrom(lw.as, b * h, 0, b * h);
                s.window.copyFrom(lw.outPad, b * h, 0, win);
                s.windowProj.copyFrom(lw.pPad, b * h, 0, win);
            }
        }
        if (stack != null) stack.saveState(w, s);
    }

    // ------------------------------------------------------------------------------------------------
    // Loss

    /** Softmax of logits/temperature per row, or for a sigmoid head each output's sigmoid(logit/temperature). */
    private double[] probabilities(Workspace w, int rows, double temperature) {
        if (!(temperature > 0)) throw new BadInputException("temperature must be positive, got " + temperature);
        if (head == Head.NADE) {
            throw new IllegalStateException("a NADE head has no probability per output; use stepOutputs and nade()");
        }
        double[] p = w.scratch(0, rows * numClasses);
        w.logits.read(0, p, 0, rows * numClasses);
        double[] out = new double[rows * numClasses];
        if (head == Head.SIGMOID) {
            for (int k = 0; k < out.length; k++) out[k] = sigmoid(p[k] / temperature);
            return out;
        }
        for (int r = 0; r < rows; r++) {
            int o = r * numClasses;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < numClasses; k++) max = Math.max(max, p[o + k] / temperature);
            double sum = 0;
            for (int k = 0; k < numClasses; k++) {
                out[o + k] = Math.exp(p[o + k] / temperature - max);
                sum += out[o + k];
            }
            for (int k = 0; k < numClasses; k++) out[o + k] /= sum;
        }
        return out;
    }

    /** The number of steps inside the batch's lengths (the loss's denominator); none is an error. */
    private static long validSteps(Batch batch) {
        long valid = 0;
        for (int len : batch.lengths()) valid += len;
        if (valid == 0) throw new BadInputException("batch has no valid steps");
        return valid;
    }

    /** The logits of {@code t} steps, [t][batch][outputs], read into scratch slot 0 in double. */
    private double[] readLogits(Workspace w, int t) {
        int n = t * w.batch * outWidth;
        double[] z = w.scratch(0, n);
        w.logits.read(0, z, 0, n);
        return z;
    }

    /**
     * Masked mean softmax cross-entropy and metrics; with {@code grad}, writes dLoss/dLogits: of the label's loss,
     * or, when the batch lists each label's event classes, of the event's loss (-log of their summed probability).
     */
    private Metrics loss(Workspace w, Batch batch, boolean grad) {
        if (head == Head.SIGMOID) return frameLoss(w, batch, grad);
        if (head == Head.NADE) return nadeLoss(w, batch, grad);
        int b = w.batch;
        int t = batch.steps();
        int c = numClasses;
        long valid = validSteps(batch);
        double[] z = readLogits(w, t);
        double total = 0;
        double eventNll = 0;
        long correct = 0;
        long events = 0;
        long eventCorrect = 0;
        long eventArgmaxHits = 0;
        double[] groupSums = new double[c];
        int[] predictions = new int[b * t];
        java.util.Arrays.fill(predictions, -1);
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < b; i++) {
                int o = (s * b + i) * c;
                if (s >= batch.lengths()[i]) {
                    if (grad) java.util.Arrays.fill(z, o, o + c, 0);
                    continue;
                }
                int label = batch.labels()[i][s];
                if (label < 0 || label >= c) throw new BadInputException("label " + label + " outside 0.." + (c - 1));
                double max = Double.NEGATIVE_INFINITY;
                int argmax = 0;
                for (int k = 0; k < c; k++) {
                    if (z[o + k] > max) {
                        max = z[o + k];
                        argmax = k;
                    }
                }
                double sum = 0;
                for (int k = 0; k < c; k++) sum += Math.exp(z[o + k] - max);
                double labelNll = Math.log(sum) - (z[o + label] - max);
                total += labelNll;
                int[] same = batch.eventClasses() == null ? null : batch.eventClasses()[i][s];
                if (same == null) {
                    eventNll += labelNll;
                } else {
                    double sameSum = 0;
                    for (int k : same) sameSum += Math.exp(z[o + k] - max);
                    eventNll += Math.log(sum) - Math.log(sameSum);
                }
                boolean ok = argmax == label;
                int[] groups = batch.classGroups() == null ? null : batch.classGroups()[i][s];
                if (groups == null ? ok : eventArgmax(z, o, max, groups, groupSums) == groups[label]) eventArgmaxHits++;
                predictions[i * t + s] = argmax;
                if (ok) correct++;
                if (label != noEventLabel) {
                    events++;
                    if (ok) eventCorrect++;
                }
                if (grad) {
                    for (int k = 0; k < c; k++) z[o + k] = Math.exp(z[o + k] - max) / sum / valid;
                    if (same == null) {
                        z[o + label] -= 1.0 / valid;
                    } else {
                        // the event's likelihood: d(-log sum_S p)/dz_k = p_k - [k in S] p_k / sum_S p
                        double sameP = 0;
                        for (int k : same) sameP += z[o + k];
                        double scale = 1.0 / (sameP * valid);
                        for (int k : same) z[o + k] -= z[o + k] * scale;
                    }
                }
            }
        }
        if (grad) w.dLogits.write(0, z, 0, t * b * c);
        lastPredictions = predictions;
        lastEventNllSum = eventNll;
        lastEventArgmaxHits = eventArgmaxHits;
        return new Metrics(total / valid, valid, correct, events, eventCorrect);
    }

    /** The group of highest summed probability at the step whose logits start at {@code o} (ties: lowest group). */
    private static int eventArgmax(double[] z, int o, double max, int[] groups, double[] sums) {
        java.util.Arrays.fill(sums, 0);
        for (int k = 0; k < groups.length; k++) sums[groups[k]] += Math.exp(z[o + k] - max);
        int best = 0;
        for (int g = 1; g < sums.length; g++) {
            if (sums[g] > sums[best]) best = g;
        }
        return best;
    }

    /**
     * Masked mean over valid steps of the binary cross-entropy summed over the outputs (the frame NLL, nats per
     * step) and the frame counts; with {@code grad}, writes dLoss/dLogits = (sigmoid(z) - y) / validSteps.
     */
    private Metrics frameLoss(Workspace w, Batch batch, boolean grad) {
        int b = w.batch;
        int t = batch.steps();
        int c = numClasses;
        if (batch.targets() == null) throw new BadInputException("a sigmoid-head network needs multi-hot targets");
        long valid = validSteps(batch);
        double[] z = readLogits(w, t);
        double total = 0;
        FrameCounts counts = new FrameCounts();
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < b; i++) {
                int o = (s * b + i) * c;
                if (s >= batch.lengths()[i]) {
                    if (grad) java.util.Arrays.fill(z, o, o + c, 0);
                    continue;
                }
                boolean[] y = batch.targets()[i][s];
                if (y.length != c) throw new BadInputException("target has " + y.length + " keys, the network " + c);
                for (int k = 0; k < c; k++) {
                    double x = z[o + k];
                    // -log p(y | x) = softplus(x) - y x, in a form that cannot overflow
                    total += Math.max(x, 0) - (y[k] ? x : 0) + Math.log1p(Math.exp(-Math.abs(x)));
                    counts.key(x >= 0, y[k]); // on when p >= 0.5
                    if (grad) z[o + k] = (sigmoid(x) - (y[k] ? 1 : 0)) / valid;
                }
                counts.endStep();
            }
        }
        if (grad) w.dLogits.write(0, z, 0, t * b * c);
        int[] predictions = new int[b * t];
        java.util.Arrays.fill(predictions, -1);
        lastPredictions = predictions;
        lastEventNllSum = total;
        lastEventArgmaxHits = -1;
        return new Metrics(total / valid, valid, counts.exact(), counts.sounding(), counts.soundingExact(),
                counts.truePositives(), counts.falsePositives(), counts.falseNegatives());
    }

    /**
     * The NADE's frame NLL averaged over valid steps and the frame counts (a key predicted on when its
     * conditional given the true lower keys is at least 0.5, as Magenta's metrics take cond_probs); with
     * {@code grad}, dLoss/d(outputs) into dLogits and the NADE weights' gradients. Rows run on both cores, each
     * with its own weight-gradient sums, added in a fixed order.
     */
    private Metrics nadeLoss(Workspace w, Batch batch, boolean grad) {
        int b = w.batch;
        int t = batch.steps();
        int width = outWidth;
        if (batch.targets() == null) throw new BadInputException("a NADE network needs multi-hot targets");
        long valid = validSteps(batch);
        double[] z = readLogits(w, t);
        Nade nade = nade();
        int hidden = nade.hidden();
        int rows = t * b;
        double[][] gEnc = new double[2][];
        double[][] gDec = new double[2][];
        double[] nll = new double[2];
        long[][] counts = new long[2][5]; // tp, fp, fn, exact, sounding-exact
        long[] soundingSteps = new long[2];
        Parallel.forRows(rows, 64, (chunk, lo, hi) -> {
            double[] ge = grad ? new double[numClasses * hidden] : null;
            double[] gd = grad ? new double[numClasses * hidden] : null;
            double[] g = grad ? new double[width] : null;
            Nade.Scratch c = nade.scratch();
            double sum = 0;
            for (int r = lo; r < hi; r++) {
                int s = r / b;
                int i = r % b;
                int o = r * width;
                if (s >= batch.lengths()[i]) {
                    if (grad) java.util.Arrays.fill(z, o, o + width, 0);
                    continue;
                }
                boolean[] y = batch.targets()[i][s];
                if (y.length != numClasses) {
                    throw new BadInputException("target has " + y.length + " keys, the network " + numClasses);
                }
                sum += nade.frameNll(z, o, y, g, ge, gd, 1.0 / valid, c);
                boolean any = false;
                for (boolean k : y) any |= k;
                if (c.exact) counts[chunk][3]++;
                if (any) {
                    soundingSteps[chunk]++;
                    if (c.exact) counts[chunk][4]++;
                }
                if (grad) System.arraycopy(g, 0, z, o, width);
            }
            counts[chunk][0] = c.tp;
            counts[chunk][1] = c.fp;
            counts[chunk][2] = c.fn;
            nll[chunk] = sum;
            gEnc[chunk] = ge;
            gDec[chunk] = gd;
        });
        if (grad) {
            w.dLogits.write(0, z, 0, rows * width);
            for (int k = 1; k < 2; k++) {
                if (gEnc[k] == null) continue;
                for (int j = 0; j < gEnc[0].length; j++) {
                    gEnc[0][j] += gEnc[k][j];
                    gDec[0][j] += gDec[k][j];
                }
            }
            grads.get("nade/w_enc").write(0, gEnc[0], 0, gEnc[0].length);
            grads.get("nade/w_dec_t").write(0, gDec[0], 0, gDec[0].length);
        }
        int[] predictions = new int[rows];
        java.util.Arrays.fill(predictions, -1);
        lastPredictions = predictions;
        double total = nll[0] + nll[1];
        lastEventNllSum = total;
        lastEventArgmaxHits = -1;
        return new Metrics(total / valid, valid, counts[0][3] + counts[1][3], soundingSteps[0] + soundingSteps[1],
                counts[0][4] + counts[1][4], counts[0][0] + counts[1][0], counts[0][1] + counts[1][1],
                counts[0][2] + counts[1][2]);
    }

    private static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    // ------------------------------------------------------------------------------------------------
    // Backward and update

    private void backward(Workspace w, int t) {
        int b = w.batch;
        int rows = t * b;
        Layer top = layers[layers.length - 1];
        Workspace.LayerWs tw = w.layers[top.index];
        bigGemm(tw.y.rows(0, rows), w.dLogits.rows(0, rows), fcWGrad.array, true, false, 0);
        colSum(w, w.dLogits, rows, fcBGrad);
        bigGemm(w.dLogits.rows(0, rows), fcW.array, tw.dy.rows(0, rows), false, true, 0);
        for (int i = layers.length - 1; i >= 0; i--) {
            Layer layer = layers[i];
            Workspace.LayerWs lw = w.layers[i];
            layer.outputBackward(lw, w, t, b);
            if (layer.attnLength > 0) layer.attentionBackward(lw, w, t, b);
            else layer.lstmBackward(lw, w, t, b);
            if (layer.projection) {
                Buf x = i == 0 ? w.x0 : w.layers[i - 1].y;
                bigGemm(x.rows(0, rows), lw.dCellIn.rows(0, rows), layer.wpGrad.array, true, false, 0);
                colSum(w, lw.dCellIn, rows, layer.bpGrad);
                if (i > 0) bigGemm(lw.dCellIn.rows(0, rows), layer.wp.array, w.layers[i - 1].dy.rows(0, rows), false, true, 0);
            }
        }
    }

    /** Per-tensor clipping (tf.clip_by_norm, as tf_slim's clip_gradient_norms) then TensorFlow's Adam. */
    private void applyGradients() {
        adamStep++;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double lrT = hp.learningRate() * Math.sqrt(1 - Math.pow(b2, adamStep)) / (1 - Math.pow(b1, adamStep));
        for (String name : params.names()) {
            Buf p = params.get(name);
            int n = (int) p.length();
            double[] g = new double[n];
            double[] m = new double[n];
            double[] v = new double[n];
            double[] x = new double[n];
            grads.get(name).read(0, g, 0, n);
            adamM.get(name).read(0, m, 0, n);
            adamV.get(name).read(0, v, 0, n);
            p.read(0, x, 0, n);
            double sq = 0;
            for (double gi : g) sq += gi * gi;
            double norm = Math.sqrt(sq);
            double scale = norm > hp.clipNorm() ? hp.clipNorm() / norm : 1.0;
            for (int i = 0; i < n; i++) {
                double gi = g[i] * scale;
                m[i] += (gi - m[i]) * (1 - b1);
                v[i] += (gi * gi - v[i]) * (1 - b2);
                x[i] -= lrT * m[i] / (Math.sqrt(v[i]) + eps);
            }
            adamM.get(name).write(0, m, 0, n);
            adamV.get(name).write(0, v, 0, n);
            p.write(0, x, 0, n);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Helpers shared with Layer

    /**
     * c = op(a)·op(b) + beta·c for c-order matrices or row-range views, straight through the cblas of the
     * OpenBLAS that ND4J itself calls (same kernels, same results): Nd4j.gemm spends ~0.1 ms per call in
     * its wrapper, as long as a whole per-step product takes.
     */
    static void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double beta) {
        checkShapes(a, b, c, ta, tb);
        int m = (int) c.size(0);
        int n = (int) c.size(1);
        int k = (int) (ta ? a.size(0) : a.size(1));
        cblas(ta, tb, m, n, k, a, 0, ld(a), b, 0, ld(b), beta, c, 0, ld(c));
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

    /**
     * OpenBLAS runs single-threaded (system property magentajava.model.blasThreads, default 1): per-step
     * products run inside the time loops, where each batch half already has a core, and the all-steps
     * products are split in two by {@link #bigGemm}. Changing OpenBLAS's process-wide thread count per
     * call would cost milliseconds each time.
     */
    private static final int BLAS_THREADS = Integer.getInteger("magentajava.model.blasThreads", 1);

    static {
        Nd4j.factory().blas().setMaxThreads(BLAS_THREADS);
    }

    /**
     * A GEMM over all time steps at once: when large, its output is cut in two along its longer side and
     * the halves run on the two cores (each element is computed exactly as by one call).
     */
    static void bigGemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double beta) {
        long m = c.size(0);
        long n = c.size(1);
        long macs = m * n * (ta ? a.size(0) : a.size(1));
        if (Parallel.THREADS < 2 || BLAS_THREADS > 1 || macs < (1L << 24)) {
            gemm(a, b, c, ta, tb, beta);
            return;
        }
        int k = (int) (ta ? a.size(0) : a.size(1));
        int lda = ld(a);
        int ldb = ld(b);
        int ldc = ld(c);
        checkShapes(a, b, c, ta, tb);
        Parallel.forRows(2, (chunk, lo, hi) -> {
            if (m >= n) { // halves of c's rows: rows of op(a)
                int r0 = chunk == 0 ? 0 : (int) (m / 2);
                int r1 = chunk == 0 ? (int) (m / 2) : (int) m;
                cblas(ta, tb, r1 - r0, (int) n, k, a, ta ? r0 : (long) r0 * lda, lda, b, 0, ldb, beta, c, (long) r0 * ldc, ldc);
            } else {      // halves of c's columns: columns of op(b)
                int c0 = chunk == 0 ? 0 : (int) (n / 2);
                int c1 = chunk == 0 ? (int) (n / 2) : (int) n;
                cblas(ta, tb, (int) m, c1 - c0, k, a, 0, lda, b, tb ? (long) c0 * ldb : c0, ldb, beta, c, c0, ldc);
            }
        });
    }

    /** Writes the bias vector into each of {@code n} rows starting at {@code row0}. */
    static void fillRows(Buf dst, int row0, int n, Buf bias) {
        double[] row = new double[dst.cols];
        bias.read(0, row, 0, dst.cols);
        for (int r = row0; r < row0 + n; r++) dst.write(r * dst.cols, row, 0, dst.cols);
    }

    /** Column sums of the first {@code rows} rows of {@code src} into {@code dst}. */
    static void colSum(Workspace w, Buf src, int rows, Buf dst) {
        int cols = src.cols;
        double[] sum = new double[cols];
        int chunk = Math.max(1, (1 << 16) / cols);
        double[] tmp = w.scratch(1, chunk * cols);
        for (int r = 0; r < rows; r += chunk) {
            int n = Math.min(chunk, rows - r);
            src.read(r * cols, tmp, 0, n * cols);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < cols; k++) sum[k] += tmp[i * cols + k];
            }
        }
        dst.write(0, sum, 0, cols);
    }

    /** OpenBLAS threads this class runs with (set when the class loads; re-apply after changing it). */
    public static int blasThreads() {
        return BLAS_THREADS;
    }

    /** Which attention-window kernel float networks use in this JVM ("simd-512", "scalar", ...). */
    public static String attentionKernel() {
        return WindowKernel.FLOAT.name();
    }

    boolean exact() {
        return exact;
    }

    Layer[] layers() {
        return layers;
    }

    StackAttention stackAttention() {
        return stack;
    }

    /** Named tensors in creation order. */
    static final class Tensors {
        private final Map<String, Buf> map = new LinkedHashMap<>();

        void put(String name, Buf b) {
            map.put(name, b);
        }

        Buf get(String name) {
            return map.get(name);
        }

        Iterable<String> names() {
            return map.keySet();
        }

        Map<String, INDArray> arrays() {
            Map<String, INDArray> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, v.array));
            return Collections.unmodifiableMap(out);
        }
    }
}
