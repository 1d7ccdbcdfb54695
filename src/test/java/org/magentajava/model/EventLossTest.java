package org.magentajava.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EventLossTest {
    /**
     * Logits (0, 0, ln 2) give p = (1/4, 1/4, 1/2); the event of classes {0, 2} has probability 3/4, so its NLL
     * is ln(4/3) and its gradient p_k − [k in S] p_k / (3/4) = (−1/12, 1/4, −1/6), which sums to 0.
     */
    @Test
    void eventOfTwoClassesByHand() {
        double[] z = {9, 0, 0, Math.log(2)}; // the row starts at offset 1
        double max = Math.log(2);
        double logSum = Math.log(0.5 + 0.5 + 1);
        int[] same = {0, 2};
        assertEquals(Math.log(4.0 / 3), EventLoss.nll(z, 1, max, logSum, same), 1e-15);
        double[] p = {9, 0.25, 0.25, 0.5};
        EventLoss.gradient(p, 1, same, 1);
        assertArrayEquals(new double[] {9, -1.0 / 12, 0.25, -1.0 / 6}, p, 1e-15);
        double[] halved = {0.125, 0.125, 0.25}; // p / validSteps with 2 valid steps
        EventLoss.gradient(halved, 0, same, 2);
        assertArrayEquals(new double[] {-1.0 / 24, 0.125, -1.0 / 12}, halved, 1e-15);
    }
}
