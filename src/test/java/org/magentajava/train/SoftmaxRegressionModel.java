package org.magentajava.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A real, tiny model for the trainer's tests: per-step softmax regression logits = W x + b, trained by SGD with
 * momentum on the mean cross-entropy over valid steps. Its state (weights and momentum) round-trips exactly.
 */
final class SoftmaxRegressionModel implements TrainableModel {
    private final int inputSize;
    private final int numClasses;
    private final double learningRate;
    private final double momentum = 0.9;
    private final double[] w; // [C][I+1], last column is the bias
    private final double[] v;

    SoftmaxRegressionModel(int inputSize, int numClasses, double learningRate) {
        this.inputSize = inputSize;
        this.numClasses = numClasses;
        this.learningRate = learningRate;
        this.w = new double[numClasses * (inputSize + 1)];
        this.v = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.01 * ((i * 37) % 11 - 5); // fixed, asymmetric start
        }
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public StepResult trainStep(Batch batch) {
        double[] grad = new double[w.length];
        StepResult r = forward(batch, grad);
        int n = batch.validSteps();
        for (int i = 0; i < w.length; i++) {
            v[i] = momentum * v[i] + grad[i] / n;
            w[i] -= learningRate * v[i];
        }
        return r;
    }

    @Override
    public StepResult evaluate(Batch batch) {
        return forward(batch, null);
    }

    private StepResult forward(Batch batch, double[] grad) {
        int[] predictions = new int[batch.batchSize() * batch.maxLength()];
        double lossSum = 0;
        double eventNllSum = 0;
        long eventArgmaxHits = 0;
        double[] logits = new double[numClasses];
        int stride = inputSize + 1;
        for (int b = 0; b < batch.batchSize(); b++) {
            for (int t = 0; t < batch.lengths()[b]; t++) {
                double max = Double.NEGATIVE_INFINITY;
                int best = 0;
                for (int c = 0; c < numClasses; c++) {
                    double z = w[c * stride + inputSize];
                    for (int i = 0; i < inputSize; i++) {
                        z += w[c * stride + i] * batch.input(b, t, i);
                    }
                    logits[c] = z;
                    if (z > max) {
                        max = z;
                        best = c;
                    }
                }
                predictions[b * batch.maxLength() + t] = best;
                double sum = 0;
                for (int c = 0; c < numClasses; c++) {
                    sum += Math.exp(logits[c] - max);
                }
                int label = batch.label(b, t);
                lossSum += Math.log(sum) - (logits[label] - max);
                int[] same = batch.eventClasses() == null ? null : batch.eventClasses()[b * batch.maxLength() + t];
                double sameSum = 0;
                for (int c : same == null ? new int[] {label} : same) {
                    sameSum += Math.exp(logits[c] - max);
                }
                eventNllSum += Math.log(sum) - Math.log(sameSum);
                int[] groups = batch.classGroups() == null ? null : batch.classGroups()[b * batch.maxLength() + t];
                if (groups == null) {
                    eventArgmaxHits += best == label ? 1 : 0;
                } else {
                    double[] byGroup = new double[numClasses];
                    for (int c = 0; c < numClasses; c++) {
                        byGroup[groups[c]] += Math.exp(logits[c] - max);
                    }
                    int top = 0;
                    for (int g = 1; g < numClasses; g++) {
                        top = byGroup[g] > byGroup[top] ? g : top;
                    }
                    eventArgmaxHits += top == groups[label] ? 1 : 0;
                }
                if (grad != null) {
                    for (int c = 0; c < numClasses; c++) {
                        double g = Math.exp(logits[c] - max) / sum - (c == label ? 1 : 0);
                        for (int i = 0; i < inputSize; i++) {
                            grad[c * stride + i] += g * batch.input(b, t, i);
                        }
                        grad[c * stride + inputSize] += g;
                    }
                }
            }
        }
        return grad == null ? new StepResult(lossSum, predictions, eventNllSum, null, eventArgmaxHits)
                : new StepResult(lossSum, predictions, Double.NaN);
    }

    @Override
    public void writeState(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(w.length);
        for (int i = 0; i < w.length; i++) {
            d.writeDouble(w[i]);
            d.writeDouble(v[i]);
        }
        d.flush();
    }

    @Override
    public void readState(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        if (d.readInt() != w.length) {
            throw new IOException("state is for another model size");
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = d.readDouble();
            v[i] = d.readDouble();
        }
    }
}
