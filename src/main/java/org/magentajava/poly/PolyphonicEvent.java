package org.magentajava.poly;

/**
 * polyphony_rnn's PolyphonicEvent packed into one int, which is also its one-hot class
 * (PolyphonyOneHotEncoding): {@link #START} 0, {@link #END} 1, {@link #STEP_END} 2, NEW_NOTE(p) 3 + p,
 * CONTINUED_NOTE(p) 131 + p, for pitches 0..127; 259 values in all. The unpitched types carry pitch 0, as
 * Magenta's decoder gives them.
 */
public final class PolyphonicEvent {
    public static final int START = 0;
    public static final int END = 1;
    public static final int STEP_END = 2;
    /** Event types, as Magenta numbers them; see {@link #type}. */
    public static final int TYPE_NEW_NOTE = 3;
    public static final int TYPE_CONTINUED_NOTE = 4;

    static final int NEW_NOTE_BASE = 3;
    static final int CONTINUED_NOTE_BASE = 131;
    public static final int NUM_CLASSES = 259;
    public static final int MIN_PITCH = 0;
    public static final int MAX_PITCH = 127;

    private PolyphonicEvent() {
    }

    public static int newNote(int pitch) {
        return NEW_NOTE_BASE + checkPitch(pitch);
    }

    public static int continuedNote(int pitch) {
        return CONTINUED_NOTE_BASE + checkPitch(pitch);
    }

    /** START 0, END 1, STEP_END 2, NEW_NOTE 3, CONTINUED_NOTE 4. */
    public static int type(int event) {
        check(event);
        if (event < NEW_NOTE_BASE) {
            return event;
        }
        return event < CONTINUED_NOTE_BASE ? TYPE_NEW_NOTE : TYPE_CONTINUED_NOTE;
    }

    /** The pitch of a NEW_NOTE or CONTINUED_NOTE, 0 for the other types. */
    public static int pitch(int event) {
        check(event);
        if (event < NEW_NOTE_BASE) {
            return 0;
        }
        return event < CONTINUED_NOTE_BASE ? event - NEW_NOTE_BASE : event - CONTINUED_NOTE_BASE;
    }

    public static boolean isNewNote(int event) {
        return event >= NEW_NOTE_BASE && event < CONTINUED_NOTE_BASE;
    }

    public static boolean isContinuedNote(int event) {
        return event >= CONTINUED_NOTE_BASE && event < NUM_CLASSES;
    }

    public static boolean isValid(int event) {
        return event >= 0 && event < NUM_CLASSES;
    }

    /** @throws IllegalArgumentException for a value outside 0..258 */
    public static int check(int event) {
        if (!isValid(event)) {
            throw new IllegalArgumentException("not a polyphonic event: " + event);
        }
        return event;
    }

    /** "START", "END", "STEP_END", "NEW 60", "CONT 64". */
    public static String toString(int event) {
        return switch (type(event)) {
            case START -> "START";
            case END -> "END";
            case STEP_END -> "STEP_END";
            case TYPE_NEW_NOTE -> "NEW " + pitch(event);
            default -> "CONT " + pitch(event);
        };
    }

    private static int checkPitch(int pitch) {
        if (pitch < MIN_PITCH || pitch > MAX_PITCH) {
            throw new IllegalArgumentException("pitch " + pitch + " is outside 0..127");
        }
        return pitch;
    }
}
