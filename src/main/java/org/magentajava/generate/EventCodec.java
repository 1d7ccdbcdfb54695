package org.magentajava.generate;

/**
 * How an event list becomes network inputs and labels, and how a sampled class becomes the next event
 * (Magenta's EventSequenceEncoderDecoder, restricted to what generation needs). Events are ints; for melodies
 * −2 = no event, −1 = note off, 0..127 = note on.
 *
 * <p>Every method receives an array that may be longer than the history it describes: read only the
 * indexes named in its contract. No method may modify the array.
 */
public interface EventCodec {

    /** Length of the input vector ({@code input_size}). */
    int inputSize();

    /** Number of softmax classes ({@code num_classes}), the length of every logits row. */
    int numClasses();

    /**
     * The input vector for the event at {@code position}, seeing only {@code events[0..position]}
     * (Magenta's {@code events_to_input(events, position)}). The network's output for this input is the
     * distribution of the event at {@code position + 1}.
     */
    float[] input(int[] events, int position);

    /**
     * The class of the event at {@code position}, seeing only {@code events[0..position]}
     * (Magenta's {@code events_to_label(events, position)}; for Lookback a repeat of the event 16 or 32 steps
     * back is labelled as a lookback class).
     */
    int label(int[] events, int position);

    /**
     * The event that class {@code classIndex} stands for when appended to {@code events[0..length)}
     * (Magenta's {@code class_index_to_event(class_index, events)}): a lookback class d copies
     * {@code events[length − d]}, or the default event when {@code length < d}.
     */
    int eventForClass(int classIndex, int[] events, int length);
}
