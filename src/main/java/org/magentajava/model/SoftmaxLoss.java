package org.magentajava.model;

import org.magentajava.io.BadInputException;
import org.magentajava.model.layers.StepRows;
import org.magentajava.model.ops.Buf;

/**
 * One class per step: masked mean softmax cross-entropy (Magenta's events-RNN loss), accuracy counts, each
 * step's argmax, and the event NLL ({@link EventLoss}). The gradient is the label's, or where the batch lists a
 * step's event classes, the event's.
 */
final class SoftmaxLoss extends Loss {
    private final int noEventLabel;

    SoftmaxLoss(int classes, int noEventLabel) {
        super(classes, null);
        this.noEventLabel = noEventLabel;
    }

    @Override
    Result compute(double[] z, StepRows at, long valid, Batch batch, boolean grad) {
        int b = at.batch();
        int t = at.steps();
        int c = width;
        double total = 0;
        double eventNll = 0;
        long correct = 0;
        long events = 0;
        long eventCorrect = 0;
        long eventArgmaxHits = 0;
        double[] groupSums = new double[c];
        int[] predictions = noPredictions(b * t);
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < b; i++) {
                int o = offset(z, at, batch, s, i, grad);
                if (o < 0) continue;
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
                double logSum = Math.log(sum);
                double labelNll = logSum - (z[o + label] - max);
                total += labelNll;
                int[] same = batch.eventClasses() == null ? null : batch.eventClasses()[i][s];
                eventNll += same == null ? labelNll : EventLoss.nll(z, o, max, logSum, same);
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
                    if (same == null) z[o + label] -= 1.0 / valid;
                    else EventLoss.gradient(z, o, same, valid);
                }
            }
        }
        return new Result(new Metrics(total / valid, valid, correct, events, eventCorrect), predictions, eventNll,
                eventArgmaxHits);
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

    /** Softmax of outputs/temperature per row. */
    @Override
    double[] probabilities(Buf logits, int rows, double temperature) {
        checkTemperature(temperature);
        int c = width;
        double[] p = new double[rows * c];
        logits.read(0, p, 0, rows * c);
        double[] out = new double[rows * c];
        for (int r = 0; r < rows; r++) {
            int o = r * c;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) max = Math.max(max, p[o + k] / temperature);
            double sum = 0;
            for (int k = 0; k < c; k++) {
                out[o + k] = Math.exp(p[o + k] / temperature - max);
                sum += out[o + k];
            }
            for (int k = 0; k < c; k++) out[o + k] /= sum;
        }
        return out;
    }
}
