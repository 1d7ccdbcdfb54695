package org.magentajava.events;

/**
 * An event history that grows one event at a time and yields the input vector and label of its newest event
 * in O(1) (O(lookback) at most), without re-encoding the history. Used for generation: append the primer,
 * then repeatedly feed {@link #input()} to the model, sample a class and {@link #appendClass} it.
 * Not thread-safe; {@link #copy()} forks a history (for beams or batches).
 */
public interface IncrementalEncoder {

    EncoderDecoder encoderDecoder();

    int length();

    int event(int position);

    /** A copy of the history. */
    int[] events();

    /** @throws IllegalArgumentException when the encoder cannot represent the event */
    void append(int event);

    default void appendAll(int... events) {
        for (int e : events) {
            append(e);
        }
    }

    /**
     * Appends events one by one and returns the input vector after each: the full-length inputs a model needs
     * to prime its state with a primer melody.
     */
    default float[][] appendWithInputs(int... events) {
        float[][] inputs = new float[events.length][];
        for (int i = 0; i < events.length; i++) {
            append(events[i]);
            inputs[i] = input();
        }
        return inputs;
    }

    /** Writes the input vector of the newest event into {@code out[offset .. offset + inputSize)}. */
    void writeInput(float[] out, int offset);

    default float[] input() {
        float[] out = new float[encoderDecoder().inputSize()];
        writeInput(out, 0);
        return out;
    }

    /** The label of the newest event. */
    int label();

    /** The event a class stands for, given the current history. */
    default int classToEvent(int classIndex) {
        return encoderDecoder().classToEvent(classIndex, historyArray(), length());
    }

    /** Decodes the class against the current history, appends the event and returns it. */
    default int appendClass(int classIndex) {
        int event = classToEvent(classIndex);
        append(event);
        return event;
    }

    IncrementalEncoder copy();

    /** The backing array, valid up to {@link #length()}; callers must not modify it. */
    int[] historyArray();
}
