package org.magentajava.train;

import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.model.HParams;
import org.magentajava.model.Head;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.Metrics;
import org.magentajava.model.NetworkFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The LSTM network as the training and evaluation jobs drive it. */
public final class NetworkModel implements TrainableModel {
    private LstmNetwork net;
    private float[][][] inputs = new float[0][][];
    private int[][] labels = new int[0][];

    public NetworkModel(LstmNetwork net) {
        this.net = net;
    }

    /** A fresh float32 network for a config's encoder sizes. */
    public static NetworkModel create(int inputSize, int numClasses, int noEventLabel, HParams hparams, long seed) {
        return new NetworkModel(new LstmNetwork(inputSize, numClasses, noEventLabel, hparams, seed));
    }

    /** A fresh float32 network with the given output head. */
    public static NetworkModel create(int inputSize, int numClasses, int noEventLabel, HParams hparams, long seed,
                                      Head head) {
        return new NetworkModel(new LstmNetwork(inputSize, numClasses, noEventLabel, hparams, seed,
                org.nd4j.linalg.api.buffer.DataType.FLOAT, head));
    }

    public LstmNetwork network() {
        return net;
    }

    @Override
    public int inputSize() {
        return net.inputSize();
    }

    @Override
    public int numClasses() {
        return net.numClasses();
    }

    @Override
    public boolean multiHot() {
        return net.head() != Head.SOFTMAX;
    }

    /** A multi-hot network starts with its key biases at the first batch's key frequencies (see setKeyBiases). */
    @Override
    public void prime(Batch first) {
        if (multiHot()) net.setKeyBiases(first.targetLogOdds());
    }

    @Override
    public StepResult trainStep(Batch batch) {
        Metrics m = net.trainStep(convert(batch));
        if (multiHot()) {
            return new StepResult(m.loss() * m.steps(), net.lastPredictions(), Double.NaN, frames(m));
        }
        return new StepResult(m.loss() * m.steps(), net.lastPredictions());
    }

    @Override
    public StepResult evaluate(Batch batch) {
        Metrics m = net.evaluate(convert(batch));
        if (multiHot()) {
            return new StepResult(m.loss() * m.steps(), net.lastPredictions(), net.lastEventNllSum(), frames(m));
        }
        return new StepResult(m.loss() * m.steps(), net.lastPredictions(), net.lastEventNllSum(), null,
                net.lastEventArgmaxHits());
    }

    private static FrameCounts frames(Metrics m) {
        return new FrameCounts(m.correct(), m.eventSteps(), m.eventCorrect(), m.truePositives(), m.falsePositives(),
                m.falseNegatives());
    }

    /** The trainer's flat row-major batch as the network's nested arrays; arrays are reused across steps. */
    private org.magentajava.model.Batch convert(Batch b) {
        if ((b.targets() != null) != multiHot()) {
            throw new BadSettingException("config", (multiHot()
                    ? "the records hold one class per step but the model predicts a set of keys per step"
                    : "the records hold piano-roll key sets but the model predicts one class per step")
                    + " (was the dataset made with another {config}?)");
        }
        int n = b.batchSize();
        int t = b.maxLength();
        int in = b.inputSize();
        if (inputs.length != n || inputs[0].length != t) {
            inputs = new float[n][t][in];
            labels = new int[n][t];
        }
        float[] flat = b.inputs();
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < t; s++) {
                System.arraycopy(flat, (i * t + s) * in, inputs[i][s], 0, in);
                labels[i][s] = b.labels()[i * t + s];
            }
        }
        int[][][] classes = null;
        if (b.eventClasses() != null) {
            classes = new int[n][t][];
            for (int i = 0; i < n; i++) {
                System.arraycopy(b.eventClasses(), i * t, classes[i], 0, t);
            }
        }
        int[][][] groups = null;
        if (b.classGroups() != null) {
            groups = new int[n][t][];
            for (int i = 0; i < n; i++) {
                System.arraycopy(b.classGroups(), i * t, groups[i], 0, t);
            }
        }
        if (b.targets() != null) {
            int k = b.targetWidth();
            if (k != net.numClasses()) {
                throw new BadInputException("the records have " + k + " keys per step but the model predicts "
                        + net.numClasses());
            }
            boolean[][][] targets = new boolean[n][t][k];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < t; s++) {
                    System.arraycopy(b.targets(), (i * t + s) * k, targets[i][s], 0, k);
                }
            }
            return new org.magentajava.model.Batch(inputs, labels, b.lengths(), classes, targets);
        }
        return new org.magentajava.model.Batch(inputs, labels, b.lengths(), classes, null, groups);
    }

    @Override
    public void writeState(OutputStream out) throws IOException {
        NetworkFile.write(net, out);
    }

    @Override
    public void readState(InputStream in) throws IOException {
        net = NetworkFile.read(in, "checkpoint");
    }
}
