package org.magentajava.events;

/**
 * note_seq's LookbackEventSequenceEncoderDecoder (lookback_rnn: 121 inputs, 40 classes for 48..84). The input
 * holds the event, the events that would follow if the melody repeated 1 or 2 bars ago, a binary step counter
 * and "this event repeats" flags. Extra classes C + i mean "repeat the event lookback distance i back"; the
 * most distant repeat wins. The distances stay 16 and 32 steps whatever the meter, as in Magenta.
 */
public final class LookbackEncoderDecoder implements EncoderDecoder {

    public static final int[] DEFAULT_LOOKBACK_DISTANCES = {16, 32};
    public static final int DEFAULT_BINARY_COUNTER_BITS = 5;

    private final OneHotEncoding encoding;
    private final int[] distances;
    private final int counterBits;

    public LookbackEncoderDecoder(OneHotEncoding encoding) {
        this(encoding, DEFAULT_LOOKBACK_DISTANCES, DEFAULT_BINARY_COUNTER_BITS);
    }

    public LookbackEncoderDecoder(OneHotEncoding encoding, int[] lookbackDistances, int binaryCounterBits) {
        for (int d : lookbackDistances) {
            if (d < 1) {
                throw new IllegalArgumentException("lookback distances must be >= 1: " + d);
            }
        }
        this.encoding = encoding;
        this.distances = lookbackDistances.clone();
        this.counterBits = binaryCounterBits;
    }

    @Override
    public int inputSize() {
        int c = encoding.numClasses();
        return c + distances.length * c + counterBits + distances.length;
    }

    @Override
    public int numClasses() {
        return encoding.numClasses() + distances.length;
    }

    @Override
    public int defaultEventLabel() {
        return encoding.encodeEvent(encoding.defaultEvent());
    }

    @Override
    public int label(int[] events, int position) {
        int c = encoding.numClasses();
        int l = distances.length;
        // Early default events are labelled "repeat the most distant lookback", which also decodes to default.
        if (l > 0 && position < distances[l - 1] && events[position] == encoding.defaultEvent()) {
            return c + l - 1;
        }
        for (int i = l - 1; i >= 0; i--) {
            int back = position - distances[i];
            if (back >= 0 && events[position] == events[back]) {
                return c + i;
            }
        }
        return encoding.encodeEvent(events[position]);
    }

    @Override
    public int classToEvent(int classIndex, int[] history, int historyLength) {
        int c = encoding.numClasses();
        for (int i = distances.length - 1; i >= 0; i--) {
            if (classIndex == c + i) {
                return historyLength < distances[i] ? encoding.defaultEvent()
                        : history[historyLength - distances[i]];
            }
        }
        return encoding.decodeEvent(classIndex);
    }

    @Override
    public int[] historyDependentClasses() {
        int[] repeats = new int[distances.length];
        for (int i = 0; i < repeats.length; i++) {
            repeats[i] = encoding.numClasses() + i;
        }
        return repeats;
    }

    @Override
    public IncrementalEncoder newIncrementalEncoder() {
        return new Incremental();
    }

    private final class Incremental extends OneHotHistoryEncoder {
        Incremental() {
            super(LookbackEncoderDecoder.this, LookbackEncoderDecoder.this.encoding);
        }

        Incremental(Incremental other) {
            super(other);
        }

        @Override
        protected void writeNewest(float[] out, int offset, int[] events, int position) {
            int at = writeEventAndLookbacks(out, offset, events, position, distances);
            int n = position + 1;
            for (int bit = 0; bit < counterBits; bit++) {
                out[at++] = counterBit(n, bit);
            }
            writeRepeatFlags(out, at, events, position, distances);
        }

        @Override
        public IncrementalEncoder copy() {
            return new Incremental(this);
        }
    }
}
