package org.magentajava.events;

import java.util.Arrays;

/**
 * phrase_rnn's encoder (not in Magenta): lookback encoding whose distances are 1, 2, 4 and 8 bars <em>in the
 * melody's own meter</em>, so a 3/4 tune looks back 12, 24, 48 and 96 steps and a 4/4 tune 16..128. Folk and
 * popular tunes repeat whole 4- and 8-bar phrases (AABB); Magenta's lookback_rnn sees 16 and 32 steps whatever
 * the meter, and attention_rnn 40 steps, so neither can see the phrase that is being repeated.
 *
 * <p>Input layout for C one-hot classes and L = 4 lags: [0,C) the current event; L blocks of C: the event that
 * would come next if the melody repeated the bar L bars back; L flags "the current event repeats lag i";
 * 5 bits: the next step's position in its bar; 3 bits: the next step's bar index modulo 8 (place in the phrase);
 * 6 bits: steps per bar (the meter, constant within a melody, which also lets a reader of a SequenceExample
 * recover the distances). Bits are ±1 like Magenta's binary counters.
 *
 * <p>Classes: [0,C) one-hot events, C + i "repeat the event lag i back" (the most distant matching lag wins; only
 * lags that reach inside the melody match, so no class points before its start).
 *
 * <p>An instance is bound to one meter; {@link #forStepsPerBar} gives the one for a melody's meter (the
 * dataset pipeline and the generator ask for it).
 */
public final class PhraseEncoderDecoder implements EncoderDecoder {

    /** Lags in bars. */
    public static final int[] LAG_BARS = {1, 2, 4, 8};
    static final int POSITION_BITS = 5;
    static final int PHRASE_BITS = 3;
    static final int METER_BITS = 6;
    /** The largest meter the bits can hold. */
    public static final int MAX_STEPS_PER_BAR = (1 << Math.min(POSITION_BITS, METER_BITS)) - 1;

    private final OneHotEncoding encoding;
    private final int stepsPerBar;
    private final int[] distances;

    /** An encoder for 4/4 at 4 steps per quarter (16 steps per bar). */
    public PhraseEncoderDecoder(OneHotEncoding encoding) {
        this(encoding, 16);
    }

    public PhraseEncoderDecoder(OneHotEncoding encoding, int stepsPerBar) {
        if (stepsPerBar < 1 || stepsPerBar > MAX_STEPS_PER_BAR) {
            throw new IllegalArgumentException("phrase encoding supports 1.." + MAX_STEPS_PER_BAR
                    + " steps per bar, not " + stepsPerBar);
        }
        this.encoding = encoding;
        this.stepsPerBar = stepsPerBar;
        this.distances = Arrays.stream(LAG_BARS).map(b -> b * stepsPerBar).toArray();
    }

    public int stepsPerBar() {
        return stepsPerBar;
    }

    /** The lookback distances in steps, shortest first. */
    public int[] distances() {
        return distances.clone();
    }

    @Override
    public EncoderDecoder forStepsPerBar(int steps) {
        return steps == stepsPerBar ? this : new PhraseEncoderDecoder(encoding, steps);
    }

    @Override
    public EncoderDecoder forFirstInput(float[] input) {
        int at = inputSize() - METER_BITS;
        int steps = 0;
        for (int bit = 0; bit < METER_BITS; bit++) {
            if (input[at + bit] > 0) {
                steps |= 1 << bit;
            }
        }
        return forStepsPerBar(steps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhraseEncoderDecoder p && p.stepsPerBar == stepsPerBar && p.encoding.equals(encoding);
    }

    @Override
    public int hashCode() {
        return encoding.hashCode() * 31 + stepsPerBar;
    }

    @Override
    public int inputSize() {
        int c = encoding.numClasses();
        return c + LAG_BARS.length * c + LAG_BARS.length + POSITION_BITS + PHRASE_BITS + METER_BITS;
    }

    @Override
    public int numClasses() {
        return encoding.numClasses() + LAG_BARS.length;
    }

    @Override
    public int defaultEventLabel() {
        return encoding.encodeEvent(encoding.defaultEvent());
    }

    @Override
    public int label(int[] events, int position) {
        for (int i = distances.length - 1; i >= 0; i--) {
            int back = position - distances[i];
            if (back >= 0 && events[position] == events[back]) {
                return encoding.numClasses() + i;
            }
        }
        return encoding.encodeEvent(events[position]);
    }

    @Override
    public int classToEvent(int classIndex, int[] history, int historyLength) {
        int i = classIndex - encoding.numClasses();
        if (i >= 0 && i < distances.length) {
            return historyLength < distances[i] ? encoding.defaultEvent() : history[historyLength - distances[i]];
        }
        return encoding.decodeEvent(classIndex);
    }

    @Override
    public int[] historyDependentClasses() {
        int c = encoding.numClasses();
        return java.util.stream.IntStream.range(c, c + distances.length).toArray();
    }

    @Override
    public IncrementalEncoder newIncrementalEncoder() {
        return new Incremental();
    }

    private final class Incremental extends OneHotHistoryEncoder {
        Incremental() {
            super(PhraseEncoderDecoder.this, PhraseEncoderDecoder.this.encoding);
        }

        Incremental(Incremental other) {
            super(other);
        }

        @Override
        protected void writeNewest(float[] out, int offset, int[] events, int position) {
            int at = writeEventAndLookbacks(out, offset, events, position, distances);
            at = writeRepeatFlags(out, at, events, position, distances);
            int next = position + 1;
            at = bits(out, at, next % stepsPerBar, POSITION_BITS);
            at = bits(out, at, next / stepsPerBar, PHRASE_BITS);
            bits(out, at, stepsPerBar, METER_BITS);
        }

        private int bits(float[] out, int at, int value, int count) {
            for (int bit = 0; bit < count; bit++) {
                out[at++] = counterBit(value, bit);
            }
            return at;
        }

        @Override
        public IncrementalEncoder copy() {
            return new Incremental(this);
        }
    }
}
