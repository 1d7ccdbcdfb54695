package org.magentajava.events;

/**
 * note_seq's OneHotEventSequenceEncoderDecoder: the input is the one-hot class of the event, the label its
 * class. basic_rnn (48..84) has 38 inputs and classes, mono_rnn (0..128) 130.
 */
public final class OneHotEncoderDecoder implements EncoderDecoder {

    private final OneHotEncoding encoding;

    public OneHotEncoderDecoder(OneHotEncoding encoding) {
        this.encoding = encoding;
    }

    public OneHotEncoding encoding() {
        return encoding;
    }

    @Override
    public int inputSize() {
        return encoding.numClasses();
    }

    @Override
    public int numClasses() {
        return encoding.numClasses();
    }

    @Override
    public int defaultEventLabel() {
        return encoding.encodeEvent(encoding.defaultEvent());
    }

    @Override
    public int label(int[] events, int position) {
        return encoding.encodeEvent(events[position]);
    }

    @Override
    public int classToEvent(int classIndex, int[] history, int historyLength) {
        return encoding.decodeEvent(classIndex);
    }

    @Override
    public int[] historyDependentClasses() {
        return new int[0];
    }

    /** O(1): the input depends on the event at {@code position} only. */
    @Override
    public float[] inputVector(int[] events, int position) {
        float[] input = new float[inputSize()];
        input[encoding.encodeEvent(events[position])] = 1f;
        return input;
    }

    @Override
    public IncrementalEncoder newIncrementalEncoder() {
        return new Incremental();
    }

    private final class Incremental extends OneHotHistoryEncoder {
        Incremental() {
            super(OneHotEncoderDecoder.this, OneHotEncoderDecoder.this.encoding);
        }

        Incremental(Incremental other) {
            super(other);
        }

        @Override
        protected void writeNewest(float[] out, int offset, int[] events, int position) {
            out[offset + encoding.encodeEvent(events[position])] = 1f;
        }

        @Override
        public IncrementalEncoder copy() {
            return new Incremental(this);
        }
    }
}
