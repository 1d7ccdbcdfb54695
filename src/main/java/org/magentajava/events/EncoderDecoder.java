package org.magentajava.events;

/**
 * note_seq's EventSequenceEncoderDecoder: turns an event history into model input vectors and class labels,
 * and a sampled class back into an event. Input and label of a position depend only on the events up to and
 * including it. Implementations are immutable and thread-safe.
 */
public interface EncoderDecoder {

    int inputSize();

    int numClasses();

    /** The label of the default (no-)event: 0 for the one-hot and lookback melody encoders, 36 for KeyMelody. */
    int defaultEventLabel();

    /** A fresh incremental encoder with an empty history. */
    IncrementalEncoder newIncrementalEncoder();

    /** events_to_label: the label of {@code events[position]}. */
    int label(int[] events, int position);

    /**
     * class_index_to_event: the event a class stands for after the first {@code historyLength} events of
     * {@code history} (a repeat class copies an earlier event).
     */
    int classToEvent(int classIndex, int[] history, int historyLength);

    default int classToEvent(int classIndex, int[] history) {
        return classToEvent(classIndex, history, history.length);
    }

    /**
     * The classes whose event depends on the history (the "repeat the event d steps back" classes); every
     * other class always decodes to the same event. The default, every class, is always correct; encoders
     * override it so that {@link SequenceEvents} needs to decode only these classes at each step.
     */
    default int[] historyDependentClasses() {
        int[] all = new int[numClasses()];
        for (int c = 0; c < all.length; c++) {
            all[c] = c;
        }
        return all;
    }

    /** events_to_input: the input vector of {@code events[position]}; O(position) for stateful encoders. */
    default float[] inputVector(int[] events, int position) {
        IncrementalEncoder encoder = newIncrementalEncoder();
        for (int i = 0; i <= position; i++) {
            encoder.append(events[i]);
        }
        return encoder.input();
    }

    /** encode(): inputs of events 0..n-2 paired with labels of events 1..n-1, in linear time. */
    default EncodedSequence encode(int[] events) {
        int steps = Math.max(0, events.length - 1);
        float[][] inputs = new float[steps][inputSize()];
        int[] labels = new int[steps];
        IncrementalEncoder encoder = newIncrementalEncoder();
        for (int i = 0; i < events.length; i++) {
            encoder.append(events[i]);
            if (i < steps) {
                encoder.writeInput(inputs[i], 0);
            }
            if (i > 0) {
                labels[i - 1] = encoder.label();
            }
        }
        return new EncodedSequence(inputs, labels);
    }

    /**
     * The encoder for melodies with this many steps per bar. Meter-aware encoders (phrase_rnn's) differ per
     * meter; the others ignore it.
     */
    default EncoderDecoder forStepsPerBar(int stepsPerBar) {
        return this;
    }

    /**
     * The encoder that wrote a SequenceExample whose first input vector is {@code input}: meter-aware encoders
     * read their meter back from it; the others are themselves.
     */
    default EncoderDecoder forFirstInput(float[] input) {
        return this;
    }
}
