package org.magentajava.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What the training and evaluation jobs need from a melody network. The trainer owns data, checkpoints and
 * metrics; the model owns its weights, optimizer state and any randomness of its own (dropout), all of which it
 * must put in {@link #writeState} so that a resumed run continues exactly where the checkpoint was taken.
 */
public interface TrainableModel {
    /** Width of one input step (the encoder's input_size); checked against every record. */
    int inputSize();

    /** Number of label classes (the encoder's num_classes); labels outside 0..numClasses-1 are skipped. */
    int numClasses();

    /** True when the model predicts a multi-hot key set per step ({@link Batch#targets()}), not one class. */
    default boolean multiHot() {
        return false;
    }

    /**
     * One optimizer update on the mean cross-entropy over the batch's valid steps (Magenta's loss). Padded steps
     * (t >= lengths[b]) must not contribute to the loss or the gradient.
     */
    StepResult trainStep(Batch batch);

    /**
     * Called once with the first batch of a fresh run, before its first step (never on resume): a model may set
     * data-dependent initial values here, e.g. output biases at the batch's key frequencies. Does nothing by default.
     */
    default void prime(Batch first) {
    }

    /** The same loss and predictions without updating anything and without dropout. */
    StepResult evaluate(Batch batch);

    /** Writes weights, optimizer slots and the model's own RNG state as opaque bytes. */
    void writeState(OutputStream out) throws IOException;

    /** Replaces all state with what {@link #writeState} wrote. */
    void readState(InputStream in) throws IOException;
}
