package org.magentajava.melody;

/** note_seq's NonIntegerStepsPerBarError: the time signature does not give a whole number of steps per bar. */
public final class NonIntegerStepsPerBarException extends RuntimeException {
    public NonIntegerStepsPerBarException(String message) {
        super(message);
    }
}
