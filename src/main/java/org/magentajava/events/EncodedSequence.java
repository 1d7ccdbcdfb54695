package org.magentajava.events;

/**
 * What EventSequenceEncoderDecoder.encode returns for n events: n - 1 input vectors (for events 0..n-2) and
 * n - 1 labels (for events 1..n-1), i.e. each input is paired with the label of the next event.
 */
public record EncodedSequence(float[][] inputs, int[] labels) {

    public EncodedSequence {
        if (inputs.length != labels.length) {
            throw new IllegalArgumentException("inputs and labels differ in length");
        }
    }

    public int steps() {
        return labels.length;
    }
}
