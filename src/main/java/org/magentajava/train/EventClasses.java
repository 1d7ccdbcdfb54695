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

    /**
     * For each step, every class's group: classes that decode to the same event at that step share a group
     * number, so the event a model predicts is the group of highest summed probability (the event argmax);
     * null when each class is its own event (then the event argmax is the class argmax).
     *
     * @throws IllegalArgumentException when the inputs and labels encode no events of the config
     */
    default int[][] groups(float[][] inputs, int[] labels) {
        return null;
    }

    /** Each event has one class (one-hot encoders, polyphony): the event NLL is the label loss. */
    EventClasses LABELS = (inputs, labels) -> null;

    /** The label's event classes from {@code labelClasses}, every class's group from {@code groups}. */
    static EventClasses of(EventClasses labelClasses, EventClasses groups) {
        return new EventClasses() {
            @Override
            public int[][] of(float[][] inputs, int[] labels) {
                return labelClasses.of(inputs, labels);
            }

            @Override
            public int[][] groups(float[][] inputs, int[] labels) {
                return groups.of(inputs, labels);
            }
        };
    }
}
