package org.magentajava.model;

/**
 * The network's output layer over its {@code numClasses} outputs and the loss it is trained with.
 */
public enum Head {
    /** One class per step: softmax, mean cross-entropy over valid steps (Magenta's events-RNN). */
    SOFTMAX("softmax"),
    /**
     * A set of keys per step: an independent sigmoid per output, binary cross-entropy summed over the outputs
     * and averaged over valid steps, i.e. the frame NLL in nats per step.
     */
    SIGMOID("sigmoid"),
    /**
     * A set of keys per step from a NADE whose biases the linear layer gives (Magenta's RNN-NADE): the exact
     * −log p of the step's key set, averaged over valid steps (the frame NLL in nats per step).
     */
    NADE("nade");

    private final String tag;

    Head(String tag) {
        this.tag = tag;
    }

    /** The name network files record. */
    public String tag() {
        return tag;
    }

    /** @throws IllegalArgumentException for an unknown tag */
    public static Head ofTag(String tag) {
        for (Head h : values()) {
            if (h.tag.equals(tag)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown output head '" + tag + "'");
    }
}
