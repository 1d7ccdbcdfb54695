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
 */
public record StepResult(double lossSum, int[] predictions, double eventNllSum) {
    public StepResult {
        if (predictions == null) {
            throw new IllegalArgumentException("predictions must not be null");
        }
    }

    /** A training step's result, without the event NLL. */
    public StepResult(double lossSum, int[] predictions) {
        this(lossSum, predictions, Double.NaN);
    }
}
