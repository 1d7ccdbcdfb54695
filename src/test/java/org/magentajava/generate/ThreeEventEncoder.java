package org.magentajava.generate;

import org.magentajava.events.EncoderDecoder;
import org.magentajava.events.HistoryEncoder;
import org.magentajava.events.IncrementalEncoder;

/**
 * An encoder for a 3-event melody alphabet: class 0 = −2 (no event), 1 = −1 (note off), 2 = pitch 60.
 *
 * <p>The input for position p is one-hot(ev[p]) followed by one-hot(ev[p−1]) (zeros at p = 0), so a model
 * can check that the state row it is given has really seen ev[p−1]: a misrouted row (or a history that was
 * not copied) after beam pruning or branching is caught.
 */
final class ThreeEventEncoder implements EncoderDecoder {
    static final int[] EVENTS = {-2, -1, 60};

    static int classOf(int event) {
        for (int c = 0; c < EVENTS.length; c++) {
            if (EVENTS[c] == event) {
                return c;
            }
        }
        throw new IllegalArgumentException("event " + event + " is not in the 3-event alphabet");
    }

    @Override
    public int inputSize() {
        return 6;
    }

    @Override
    public int numClasses() {
        return 3;
    }

    @Override
    public int defaultEventLabel() {
        return 0;
    }

    @Override
    public int label(int[] events, int position) {
        return classOf(events[position]);
    }

    @Override
    public int classToEvent(int classIndex, int[] history, int historyLength) {
        return EVENTS[classIndex];
    }

    @Override
    public IncrementalEncoder newIncrementalEncoder() {
        return new Incremental();
    }

    private final class Incremental extends HistoryEncoder {
        Incremental() {
        }

        Incremental(Incremental other) {
            super(other);
        }

        @Override
        public EncoderDecoder encoderDecoder() {
            return ThreeEventEncoder.this;
        }

        @Override
        public void append(int event) {
            classOf(event);
            record(event);
        }

        @Override
        protected void writeNewest(float[] out, int offset, int[] events, int position) {
            out[offset + classOf(events[position])] = 1;
            if (position > 0) {
                out[offset + 3 + classOf(events[position - 1])] = 1;
            }
        }

        @Override
        public IncrementalEncoder copy() {
            return new Incremental(this);
        }
    }
}
