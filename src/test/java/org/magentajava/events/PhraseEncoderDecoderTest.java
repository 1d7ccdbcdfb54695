package org.magentajava.events;

import org.magentajava.melody.Melody;

import org.magentajava.models.melodyrnn.MelodyRnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** phrase_rnn's meter-aware lookback, on hand-built 3/4 and 4/4 melodies. */
class PhraseEncoderDecoderTest {

    private static final int N = Melody.NO_EVENT;
    private static final int C = 38; // one-hot classes for 48..84
    private static final PhraseEncoderDecoder FOUR_FOUR =
            (PhraseEncoderDecoder) MelodyRnn.PHRASE_RNN.encoderDecoder();

    /** Bars of 12 steps: each bar a note on its first step, then holds. */
    private static int[] waltz(int... barPitches) {
        int[] events = new int[barPitches.length * 12];
        java.util.Arrays.fill(events, N);
        for (int b = 0; b < barPitches.length; b++) {
            events[b * 12] = barPitches[b];
        }
        return events;
    }

    @Test
    void distancesFollowTheMeter() {
        assertArrayEquals(new int[] {16, 32, 64, 128}, FOUR_FOUR.distances());
        PhraseEncoderDecoder waltz = (PhraseEncoderDecoder) FOUR_FOUR.forStepsPerBar(12);
        assertArrayEquals(new int[] {12, 24, 48, 96}, waltz.distances());
        assertSame(FOUR_FOUR, FOUR_FOUR.forStepsPerBar(16));
        assertThrows(IllegalArgumentException.class, () -> FOUR_FOUR.forStepsPerBar(32));
    }

    @Test
    void labelsPreferTheMostDistantMatchingLag() {
        EncoderDecoder e = FOUR_FOUR.forStepsPerBar(12);
        // Bars: 60 62 60 62 | 60 62 60 64: bar 5 (index 4) repeats bars 0, 2 (4 and 2 bars back).
        int[] events = waltz(60, 62, 60, 62, 60, 62, 60, 64);
        assertEquals(60 - 48 + 2, e.label(events, 0)); // nothing to look back at: one-hot (60 is class 14)
        assertEquals(C + 1, e.label(events, 24)); // 60 two bars back (1 bar back is 62)
        assertEquals(C + 2, e.label(events, 48)); // 60 four bars back beats two bars back
        assertEquals(C + 2, e.label(events, 48 + 1)); // a hold four bars back too
        assertEquals(C + 2, e.label(events, 84 - 12)); // bar index 6 = 60 = bar 2
        assertEquals(64 - 48 + 2, e.label(events, 84)); // 64 is new: one-hot
        // Repeat classes decode against the history; lags reaching before the start give the default event.
        assertEquals(60, e.classToEvent(C + 2, events, 48));
        assertEquals(62, e.classToEvent(C, events, 24));
        assertEquals(N, e.classToEvent(C + 3, events, 48));
    }

    @Test
    void inputHoldsLaggedEventsFlagsPositionPhraseAndMeter() {
        EncoderDecoder e = FOUR_FOUR.forStepsPerBar(12);
        int[] events = waltz(60, 62, 60, 62, 60, 62, 60, 64);
        int position = 59; // last step of bar 4; the next step (60) starts bar 5
        float[] in = e.inputVector(events, position);
        float[] expected = new float[208];
        expected[0] = 1f; // current event: a hold (NO_EVENT is class 0)
        // What follows the event d steps back, events[60 - d]: 60, 62, 62, and the default before the start.
        expected[C + 14] = 1f;
        expected[2 * C + 16] = 1f;
        expected[3 * C + 16] = 1f;
        expected[4 * C] = 1f;
        // The hold at 59 repeats the holds 12, 24 and 48 steps back; 96 reaches before the start.
        expected[5 * C] = 1f;
        expected[5 * C + 1] = 1f;
        expected[5 * C + 2] = 1f;
        float[] bits = {
            -1, -1, -1, -1, -1, // next step's position in the bar: 60 % 12 = 0
            1, -1, 1, // its bar: 60 / 12 = 5 = 0b101
            -1, -1, 1, 1, -1, -1}; // 12 steps per bar = 0b001100
        System.arraycopy(bits, 0, expected, 5 * C + 4, bits.length);
        assertArrayEquals(expected, in);
    }

    @Test
    void theMeterIsReadBackFromTheFirstInput() {
        int[] events = waltz(60, 62, 60, 62);
        EncodedSequence encoded = FOUR_FOUR.forStepsPerBar(12).encode(new Melody(events, 0, 4, 12).events());
        EncoderDecoder reader = FOUR_FOUR.forFirstInput(encoded.inputs()[0]);
        assertArrayEquals(new int[] {12, 24, 48, 96}, ((PhraseEncoderDecoder) reader).distances());
        // the 3/4 encoder sees the 12-step lags: the label of bar 2's note is "repeat 2 bars back".
        assertEquals(C + 1, encoded.labels()[24 - 1]);
        assertEquals(60 - 48 + 2, FOUR_FOUR.encode(events).labels()[24 - 1]); // 4/4 sees no 12-step lag
    }
}
