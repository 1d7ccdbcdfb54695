package org.magentajava.train;

/**
 * Which classes stand for the event each label encodes. With lookback classes one note can be labelled by its
 * own class or by "repeat the event a bar ago"; the event NLL sums the model's probability over all of them.
 * The train package knows configs only by name, so the caller supplies this (from the config's encoder).
 */
@FunctionalInterface
public interface EventClasses {
    /**
     * For each step of an encoded sequence, every class (the label included) that decodes to the event the
     * label stands for; null when each label is the only class of its event.
     *
     * @throws IllegalArgumentException when the inputs and labels encode no events of the config
     */
    int[][] of(float[][] inputs, int[] labels);

    /** Each event has one class (one-hot encoders, polyphony): the event NLL is the label loss. */
    EventClasses LABELS = (inputs, labels) -> null;
}
