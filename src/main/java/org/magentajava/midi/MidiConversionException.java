package org.magentajava.midi;

import org.magentajava.io.BadInputException;

/**
 * A MIDI file (or a NoteSequence headed for MIDI) that cannot be converted. The message is one line,
 * {@code "<source>: <reason label>: <detail>"}; {@link #reason()} lets batch jobs count failures by kind.
 */
public final class MidiConversionException extends BadInputException {

    /** Why a conversion failed; {@link #label()} is the short text used in messages and tallies. */
    public enum Reason {
        EMPTY_FILE("empty file"),
        NOT_MIDI("not MIDI"),
        TRUNCATED("truncated"),
        UNSUPPORTED_FORMAT("unsupported format"),
        SMPTE_TIMING("SMPTE timing"),
        INVALID_RESOLUTION("invalid resolution"),
        BAD_TRACK("bad track"),
        BAD_EVENT("bad event"),
        INVALID_TEMPO("invalid tempo"),
        INVALID_TIME_SIGNATURE("invalid time signature"),
        INVALID_KEY_SIGNATURE("invalid key signature"),
        TICK_TOO_LARGE("tick too large"),
        UNREADABLE("unreadable"),
        /** A defect in this converter rather than in the file; reported per file so a batch can go on. */
        UNEXPECTED("unexpected error"),
        INVALID_SEQUENCE("invalid sequence");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Reason reason;

    public MidiConversionException(String source, Reason reason, String detail) {
        this(source, reason, detail, null);
    }

    public MidiConversionException(String source, Reason reason, String detail, Throwable cause) {
        super(oneLine(source) + ": " + reason.label() + ": " + oneLine(detail), cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    // Messages are printed one per line by batch jobs, so line breaks in names or details must not leak through.
    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n]+", " ");
    }
}
