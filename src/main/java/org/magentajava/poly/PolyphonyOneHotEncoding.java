package org.magentajava.poly;

import org.magentajava.events.OneHotEncoding;

/**
 * polyphony_rnn's PolyphonyOneHotEncoding. Since {@link PolyphonicEvent} values are already the class
 * indices, encoding is the identity on 0..258; the default event is STEP_END (label 2).
 */
public final class PolyphonyOneHotEncoding implements OneHotEncoding {

    @Override
    public int numClasses() {
        return PolyphonicEvent.NUM_CLASSES;
    }

    @Override
    public int defaultEvent() {
        return PolyphonicEvent.STEP_END;
    }

    @Override
    public int encodeEvent(int event) {
        return PolyphonicEvent.check(event);
    }

    @Override
    public int decodeEvent(int index) {
        return PolyphonicEvent.check(index);
    }
}
