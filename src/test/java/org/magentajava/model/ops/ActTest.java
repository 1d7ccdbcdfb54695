package org.magentajava.model.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActTest {
    /** softplus through Math.log and a short series agrees with the log1p form to 1e-12 relative, ends included. */
    @Test
    void softplusMatchesLog1pForm() {
        for (double x = -40; x <= 40; x += 0.0137) {
            double want = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            double got = Act.softplus(x);
            assertTrue(Math.abs(got - want) <= 1e-12 * want, x + ": " + got + " vs " + want);
        }
        assertEquals(Math.log(2), Act.softplus(0), 1e-16);
        assertEquals(800, Act.softplus(800), 0);           // no overflow
        assertEquals(Math.exp(-30), Act.softplus(-30), 1e-12 * Math.exp(-30));
        assertEquals(0, Act.softplus(-800), 0);
    }
}
