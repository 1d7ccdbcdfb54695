package org.magentajava.events;

/** note_seq's OneHotEncoding: a bijection between event values and class indices [0, numClasses). */
public interface OneHotEncoding {

    int numClasses();

    /** The event used where a position has no history (before the start of the sequence). */
    int defaultEvent();

    /** @throws IllegalArgumentException when the event has no class */
    int encodeEvent(int event);

    int decodeEvent(int index);
}
