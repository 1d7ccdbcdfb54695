package org.magentajava.model;

/**
 * Loss and counts over the valid (unpadded) steps of one batch, as Magenta's train/eval graphs define them:
 * loss is the mean softmax cross-entropy; an "event" is a label other than the no-event label.
 *
 * <p>For a {@link Head#SIGMOID} network loss is the frame NLL (nats per step), a step is correct when its
 * predicted key set (each key's probability at least 0.5) equals the target set, an "event" step is one whose
 * target set is not empty, and the key counts give the frame-level accuracy TP / (TP + FP + FN) of Bay et al.
 * 2009. The key counts are 0 for a softmax network.
 */
public record Metrics(double loss, long steps, long correct, long eventSteps, long eventCorrect, long truePositives,
                      long falsePositives, long falseNegatives) {
    public Metrics(double loss, long steps, long correct, long eventSteps, long eventCorrect) {
        this(loss, steps, correct, eventSteps, eventCorrect, 0, 0, 0);
    }

    /** TP / (TP + FP + FN) over every key of every valid step; NaN when no key was predicted or expected. */
    public double frameAccuracy() {
        long d = truePositives + falsePositives + falseNegatives;
        return d == 0 ? Double.NaN : (double) truePositives / d;
    }

    public double perplexity() {
        return Math.exp(loss);
    }

    public double accuracy() {
        return steps == 0 ? Double.NaN : (double) correct / steps;
    }

    public double eventAccuracy() {
        return eventSteps == 0 ? Double.NaN : (double) eventCorrect / eventSteps;
    }

    public double noEventAccuracy() {
        long n = steps - eventSteps;
        return n == 0 ? Double.NaN : (double) (correct - eventCorrect) / n;
    }
}
