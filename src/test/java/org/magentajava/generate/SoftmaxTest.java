package org.magentajava.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.magentajava.io.BadInputException;

class SoftmaxTest {
    @Test
    void temperatureScalesLogits() {
        float[] logits = {0f, (float) Math.log(3)}; // probabilities 1/4, 3/4
        assertEquals(0.25, Softmax.of(logits, 1.0).probability(0), 1e-7);
        // T = 1/2: 1 : 9, so 1/10 and 9/10.
        assertEquals(0.1, Softmax.of(logits, 0.5).probability(0), 1e-7);
        assertEquals(Math.log(0.9), Softmax.of(logits, 0.5).logProbability(1), 1e-7);
        // T = 2: 1 : √3.
        assertEquals(1 / (1 + Math.sqrt(3)), Softmax.of(logits, 2.0).probability(0), 1e-7);
    }

    @Test
    void logProbabilityDoesNotUnderflow() {
        Softmax s = Softmax.of(new float[] {0f, -2000f}, 1.0);
        assertEquals(0.0, s.probability(1));
        assertEquals(-2000.0, s.logProbability(1), 1e-9);
    }

    @Test
    void samplesLikeNumpyChoice() {
        // cdf [0.25, 0.25, 1.0]: searchsorted(side='right') skips the zero-probability class even at u = 0.25.
        Softmax s = Softmax.of(new float[] {0f, Float.NEGATIVE_INFINITY, (float) Math.log(3)}, 1.0);
        assertEquals(0, s.sample(new ScriptedRandom(0.0)));
        assertEquals(0, s.sample(new ScriptedRandom(0.2499)));
        assertEquals(2, s.sample(new ScriptedRandom(0.25)));
        assertEquals(2, s.sample(new ScriptedRandom(Math.nextDown(1.0))));
    }

    @Test
    void brokenLogitsAreAProgrammingError() {
        assertThrows(IllegalStateException.class, () -> Softmax.of(new float[] {0f, Float.NaN}, 1.0));
        assertThrows(IllegalStateException.class,
                () -> Softmax.of(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, 1.0));
    }

    @Test
    void settingsRejectValuesMagentaWouldTurnIntoNaN() {
        assertThrows(BadInputException.class, () -> new SearchSettings(0.0, 1, 1, 1));
        assertThrows(BadInputException.class, () -> new SearchSettings(-1.0, 1, 1, 1));
        assertThrows(BadInputException.class, () -> new SearchSettings(Double.NaN, 1, 1, 1));
        assertThrows(BadInputException.class, () -> new SearchSettings(1.0, 0, 1, 1));
        assertThrows(BadInputException.class, () -> new SearchSettings(1.0, 1, 0, 1));
        assertThrows(BadInputException.class, () -> new SearchSettings(1.0, 1, 1, 0));
        assertEquals(6, new SearchSettings(1.0, 3, 2, 1).liveEntries());
    }
}
