package org.magentajava.melody;

/** note_seq's PolyphonicMelodyError: two notes of the track start on the same step. */
public final class PolyphonicMelodyException extends RuntimeException {
    public PolyphonicMelodyException(String message) {
        super(message, null, false, false);
    }
}
