package org.magentajava.model;

import org.magentajava.io.BadInputException;
import org.magentajava.model.layers.StepRows;
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
    /** {@code eventArgmaxHits}: valid steps whose most probable event is the label's (-1 for a multi-hot head). */
    record Result(Metrics metrics, int[] predictions, double eventNllSum, long eventArgmaxHits) {
        Result(Metrics metrics, int[] predictions, double eventNllSum) {
            this(metrics, predictions, eventNllSum, -1);
        }
    }

    /** Outputs per step of the linear layer. */
    final int width;
    /** Why a batch without multi-hot targets is refused; null for a head that trains on labels. */
    private final String needsTargets;
    private double[] rows = new double[0];

    Loss(int width, String needsTargets) {
        this.width = width;
        this.needsTargets = needsTargets;
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
     * The loss and metrics of {@code batch} from the outputs in {@code logits}, one row per step of each sequence
     * where {@code at} puts it; with {@code grad}, dLoss/d(outputs) into {@code dLogits} (zero at padded steps).
     */
    final Result apply(Buf logits, Buf dLogits, StepRows at, Batch batch, boolean grad) {
        if (needsTargets != null && batch.targets() == null) throw new BadInputException(needsTargets);
        long valid = validSteps(batch);
        int n = at.count() * width;
        if (rows.length < n) rows = new double[n];
        logits.read(0, rows, 0, n);
        Result r = compute(rows, at, valid, batch, grad);
        if (grad) dLogits.write(0, rows, 0, n);
        return r;
    }

    /**
     * The loss of the valid steps from the outputs {@code z}, step s of sequence i at {@code at.row(s, i) * width};
     * with {@code grad}, overwrites each valid step's outputs with dLoss/d(outputs) and each padded step's (full
     * rows only: packed ones have none) with zeros.
     */
    abstract Result compute(double[] z, StepRows at, long validSteps, Batch batch, boolean grad);

    /** The head's distribution per step, of outputs/temperature (generation); not every head has one. */
    abstract double[] probabilities(Buf logits, int rows, double temperature);

    /**
     * Where step s of sequence i's outputs start in {@code z}, or -1 when the step is padding (its outputs, when
     * the rows are full, then become zero gradients).
     */
    final int offset(double[] z, StepRows at, Batch batch, int s, int i, boolean grad) {
        if (s < batch.lengths()[i]) return at.row(s, i) * width;
        if (grad && !at.isPacked()) {
            int o = at.row(s, i) * width;
            java.util.Arrays.fill(z, o, o + width, 0);
        }
        return -1;
    }

    /** Whether step s of sequence i is padding; its outputs at {@code z[o..]} then become zero gradients. */
    final boolean padding(double[] z, Batch batch, int s, int i, int o, boolean grad) {
        if (s < batch.lengths()[i]) return false;
        if (grad) java.util.Arrays.fill(z, o, o + width, 0);
        return true;
    }

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
