package org.magentajava.train;

/**
 * What one forward pass over a {@link Batch} gives back.
 *
 * @param lossSum     sum over the valid steps of the softmax cross-entropy (natural log); the loss the model
 *                    minimised is lossSum / batch.validSteps()
 * @param predictions argmax class per step, row-major [batchSize][maxLength]; entries at padded steps are ignored
 * @param eventNllSum sum over the valid steps of -log(sum of the probabilities of the batch's event classes at
 *                    that step): equal to lossSum when every label is its event's only class; NaN when not
 *                    computed (training steps)
 * @param frames      a multi-hot batch's frame counts; null for one class per step (then predictions hold the
 *                    argmax classes; for a multi-hot batch they are not used)
 * @param eventArgmaxHits valid steps whose event argmax (the event of highest probability summed over all its
 *                    classes, {@link Batch#classGroups}) is the label's event; -1 when not computed
 */
public record StepResult(double lossSum, int[] predictions, double eventNllSum, FrameCounts frames,
                         long eventArgmaxHits) {
    public StepResult {
        if (predictions == null) {
            throw new IllegalArgumentException("predictions must not be null");
        }
    }

    /** A result without the event argmax. */
    public StepResult(double lossSum, int[] predictions, double eventNllSum, FrameCounts frames) {
        this(lossSum, predictions, eventNllSum, frames, -1);
    }

    public StepResult(double lossSum, int[] predictions, double eventNllSum) {
        this(lossSum, predictions, eventNllSum, null);
    }

    /** A training step's result, without the event NLL. */
    public StepResult(double lossSum, int[] predictions) {
        this(lossSum, predictions, Double.NaN);
    }
}
