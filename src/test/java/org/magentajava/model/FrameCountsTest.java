package org.magentajava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrameCountsTest {
    private static void step(FrameCounts counts, boolean[] predicted, boolean[] target) {
        for (int k = 0; k < target.length; k++) counts.key(predicted[k], target[k]);
        counts.endStep();
    }

    @Test
    void talliesKeysAndStepsAsTheFrameMetricsCountThem() {
        FrameCounts counts = new FrameCounts();
        step(counts, new boolean[] {true, false, false}, new boolean[] {true, false, false}); // exact, sounding
        step(counts, new boolean[] {false, false, false}, new boolean[] {false, false, false}); // exact, silent
        step(counts, new boolean[] {true, true, false}, new boolean[] {true, false, true}); // tp, fp, fn
        step(counts, new boolean[] {false, true, false}, new boolean[] {false, false, false}); // fp on silence
        assertEquals(2, counts.exact());
        assertEquals(2, counts.sounding());
        assertEquals(1, counts.soundingExact());
        assertEquals(2, counts.truePositives());
        assertEquals(2, counts.falsePositives());
        assertEquals(1, counts.falseNegatives());
    }

    @Test
    void eachStepStartsAfresh() {
        // endStep resets the step: a wrong step does not make the next one inexact
        FrameCounts counts = new FrameCounts();
        step(counts, new boolean[] {true}, new boolean[] {false});
        step(counts, new boolean[] {false}, new boolean[] {false});
        assertEquals(1, counts.exact());
        assertEquals(0, counts.sounding());
    }
}
