package org.magentajava.generate;

import org.magentajava.events.EncoderDecoder;

/** The melody encoders seen as the search's {@link EventCodec}. */
public record EncoderCodec(EncoderDecoder encoder) implements EventCodec {
    @Override
    public int inputSize() {
        return encoder.inputSize();
    }

    @Override
    public int numClasses() {
        return encoder.numClasses();
    }

    @Override
    public float[] input(int[] events, int position) {
        return encoder.inputVector(events, position);
    }

    @Override
    public int label(int[] events, int position) {
        return encoder.label(events, position);
    }

    @Override
    public int eventForClass(int classIndex, int[] events, int length) {
        return encoder.classToEvent(classIndex, events, length);
    }
}
