package org.magentajava.train;

/**
 * What one forward pass over a {@link Batch} gives back.
 *
 * @param lossSum     sum over the valid steps of the softmax cross-entropy (natural log); the loss the model
 *                    minimised is lossSum / batch.validSteps()
 * @param predictions argmax class per step, row-major [batchSize][maxLength]; entries at padded steps are ignored
 */
public record StepResult(double lossSum, int[] predictions) {
    public StepResult {
        if (predictions == null) {
            throw new IllegalArgumentException("predictions must not be null");
        }
    }
}
