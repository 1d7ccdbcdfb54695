package org.magentajava.events;

/** Test melodies shared with other packages' tests. */
public final class SequenceEventsTestMelodies {
    private SequenceEventsTestMelodies() {
    }

    /** See {@link SequenceEventsTest#folkLike}. */
    public static int[] folkLike(long seed, int bars) {
        return SequenceEventsTest.folkLike(seed, bars);
    }
}
