package org.magentajava.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.magentajava.registry.ModelRegistry;

class RepeatBiasTest {

    @Test
    void lastPitchIsTheLatestNoteOnAcrossHoldsAndRests() {
        int[] events = {-2, 60, -2, -1, -2, 62, -2};
        assertEquals(-1, RepeatBias.lastPitch(events, 1));
        assertEquals(60, RepeatBias.lastPitch(events, 2));
        assertEquals(60, RepeatBias.lastPitch(events, 5), "a note-off does not forget the pitch");
        assertEquals(62, RepeatBias.lastPitch(events, 7));
    }

    @Test
    void adjustsEveryClassThatStrikesTheLastPitchAgain() {
        // lookback_rnn, predicting event 33: the one-hot class of 60 and the "repeat 1 bar ago" class (event 17)
        // both strike 60 again; the "repeat 2 bars ago" class (event 1: no event) does not.
        EncoderDecoder lookback = ModelRegistry.config("lookback_rnn").encoderDecoder();
        int[] history = new int[33];
        java.util.Arrays.fill(history, -2);
        history[16] = 64;
        history[17] = 60;
        history[20] = 60;
        float[] logits = new float[lookback.numClasses()];
        new RepeatBias(-0.5).adjust(logits, lookback, history, 33);
        int adjusted = 0;
        for (int k = 0; k < logits.length; k++) {
            boolean strikes60 = lookback.classToEvent(k, history, 33) == 60;
            assertEquals(strikes60 ? -0.5f : 0f, logits[k], "class " + k);
            adjusted += strikes60 ? 1 : 0;
        }
        assertEquals(2, adjusted, "one-hot 60 and the 1-bar lookback");

        // nothing struck yet: nothing changes
        float[] none = new float[lookback.numClasses()];
        int[] silent = new int[33];
        java.util.Arrays.fill(silent, -2);
        new RepeatBias(-0.5).adjust(none, lookback, silent, 33);
        assertArrayEquals(new float[lookback.numClasses()], none);
    }

    @Test
    void correctedProbabilitiesStillSumToOne() {
        // a 3-event distribution: hold 0.5, other pitch 0.2, repeat 0.3; odds × e^-1
        RepeatBias bias = new RepeatBias(-1);
        double repeat = 0.3;
        double z = 0.5 + 0.2 + 0.3 * Math.exp(-1);
        assertEquals(0.3 * Math.exp(-1) / z, bias.repeatProbability(repeat), 1e-12);
        double sum = bias.probability(0.5, false, repeat) + bias.probability(0.2, false, repeat)
                + bias.probability(0.3, true, repeat);
        assertEquals(1, sum, 1e-12);
        assertEquals(0.5 / z, bias.probability(0.5, false, repeat), 1e-12);
        // note-ons: the other pitch and the repeat, corrected
        assertEquals((0.2 + 0.3 * Math.exp(-1)) / z, bias.noteOnProbability(0.5, repeat), 1e-12);
    }

    @Test
    void maximumLikelihoodMatchesTheActualNumberOfRepeats() {
        // four steps at repeat probability 1/2, one repeat: 4 e^b/2 / (1 + (e^b - 1)/2) = 1 gives e^b = 1/3
        RepeatBias fit = RepeatBias.fit(new double[] {0.5, 0.5, 0.5, 0.5}, new boolean[] {true, false, false, false});
        assertEquals(Math.log(1 / 3.0), fit.logOdds(), 1e-9);

        // mixed probabilities: at the optimum the corrected probabilities add up to the 2 actual repeats
        double[] p = {0.9, 0.6, 0.4, 0.2, 0.05, 0.0};
        RepeatBias mixed = RepeatBias.fit(p, new boolean[] {true, false, false, true, false, false});
        double expected = 0;
        for (double q : p) {
            expected += mixed.repeatProbability(q);
        }
        assertEquals(2, expected, 1e-9);

        // no repeat, or every repeatable step repeated: the data cannot place it
        assertSame(RepeatBias.NONE, RepeatBias.fit(new double[] {0.3, 0.2}, new boolean[] {false, false}));
        assertSame(RepeatBias.NONE, RepeatBias.fit(new double[] {0.3, 0.0}, new boolean[] {true, false}));
        assertThrows(IllegalArgumentException.class, () -> RepeatBias.fit(new double[1], new boolean[2]));
        assertThrows(IllegalArgumentException.class, () -> new RepeatBias(Double.NaN));
    }
}
