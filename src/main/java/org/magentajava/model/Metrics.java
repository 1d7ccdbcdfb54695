package org.magentajava.model;

/**
 * Loss and counts over the valid (unpadded) steps of one batch, as Magenta's train/eval graphs define them:
 * loss is the mean softmax cross-entropy; an "event" is a label other than the no-event label.
 */
public record Metrics(double loss, long steps, long correct, long eventSteps, long eventCorrect) {
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
