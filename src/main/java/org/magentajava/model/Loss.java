package org.magentajava.model;

import org.magentajava.io.BadInputException;
import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parameters;

/**
 * An output head's loss over a batch, on the linear layer's outputs of every step (time-major rows of
 * {@link #width} values). The shared part is written once here: the batch's target check, the count of valid
 * steps (the mean's denominator), reading the outputs into double, and writing dLoss/d(outputs) back; the
 * heads ({@link SoftmaxLoss}, {@link FrameLoss}, {@link NadeLoss}) say what a step costs.
 */
abstract class Loss {
    /** The batch's metrics, each step's argmax class ([batch][steps], -1 where there is none) and its event NLL sum. */
    record Result(Metrics metrics, int[] predictions, double eventNllSum) {}

    /** The outputs of the batch: {@code z} holds step s of sequence i at {@code (s * batch + i) * width}. */
    record Outputs(double[] z, int batch, int steps, long validSteps) {}

    /** Outputs per step of the linear layer. */
    final int width;
    private double[] rows = new double[0];

    Loss(int width) {
        this.width = width;
    }

    /** The head of a network: its loss over {@code width} outputs per step. */
    static Loss of(Head head, int classes, int noEventLabel, Parameters params) {
        return switch (head) {
            case SOFTMAX -> new SoftmaxLoss(classes, noEventLabel);
            case SIGMOID -> new FrameLoss(classes);
            case NADE -> new NadeLoss(classes, params);
        };
    }

    /**
     * The loss and metrics of {@code batch} from the outputs in {@code logits} ({@code batchSize} rows per step);
     * with {@code grad}, dLoss/d(outputs) into {@code dLogits} (zero at padded steps).
     */
    final Result apply(Buf logits, Buf dLogits, int batchSize, Batch batch, boolean grad) {
        requireTargets(batch);
        long valid = validSteps(batch);
        int t = batch.steps();
        int n = t * batchSize * width;
        if (rows.length < n) rows = new double[n];
        logits.read(0, rows, 0, n);
        Result r = compute(new Outputs(rows, batchSize, t, valid), batch, grad);
        if (grad) dLogits.write(0, rows, 0, n);
        return r;
    }

    /** Refuses a batch without the targets this head trains on. */
    void requireTargets(Batch batch) {
    }

    /**
     * The loss of the valid steps; with {@code grad}, overwrites each valid step's outputs with dLoss/d(outputs)
     * and each padded step's with zeros.
     */
    abstract Result compute(Outputs out, Batch batch, boolean grad);

    /** The head's distribution per step, of outputs/temperature (generation); not every head has one. */
    abstract double[] probabilities(Buf logits, int rows, double temperature);

    /** The number of steps inside the batch's lengths (the loss's denominator); none is an error. */
    static long validSteps(Batch batch) {
        long valid = 0;
        for (int len : batch.lengths()) valid += len;
        if (valid == 0) throw new BadInputException("batch has no valid steps");
        return valid;
    }

    /** Predictions of a head that predicts no single class: all -1. */
    static int[] noPredictions(int n) {
        int[] predictions = new int[n];
        java.util.Arrays.fill(predictions, -1);
        return predictions;
    }

    /** A multi-hot step's targets, checked against the network's keys. */
    static boolean[] keys(Batch batch, int i, int s, int keys) {
        boolean[] y = batch.targets()[i][s];
        if (y.length != keys) throw new BadInputException("target has " + y.length + " keys, the network " + keys);
        return y;
    }

    static void checkTemperature(double temperature) {
        if (!(temperature > 0)) throw new BadInputException("temperature must be positive, got " + temperature);
    }
}
