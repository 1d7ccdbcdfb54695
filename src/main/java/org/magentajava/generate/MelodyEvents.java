package org.magentajava.generate;

import java.util.Arrays;

/** The few note_seq Melody rules generation needs, on plain event arrays. */
public final class MelodyEvents {
    /** Hold whatever is sounding (or silence). */
    public static final int NO_EVENT = -2;
    /** End the sounding note. */
    public static final int NOTE_OFF = -1;
    public static final int MIN_EVENT = NO_EVENT;
    public static final int MAX_EVENT = 127;

    private MelodyEvents() {
    }

    /**
     * Melody.set_length: truncate, or pad with NO_EVENT; when growing, a note still sounding at the old end
     * (the last event that is not NO_EVENT is a pitch) is ended by a NOTE_OFF at the old length.
     */
    public static int[] setLength(int[] events, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative melody length " + length);
        }
        int[] resized = Arrays.copyOf(events, length);
        if (length <= events.length) {
            return resized;
        }
        Arrays.fill(resized, events.length, length, NO_EVENT);
        for (int i = events.length - 1; i >= 0; i--) {
            if (events[i] == NOTE_OFF) {
                break;
            }
            if (events[i] != NO_EVENT) {
                resized[events.length] = NOTE_OFF;
                break;
            }
        }
        return resized;
    }

    /**
     * The Melody constructor's cleanup: NOTE_OFF events before the first note become NO_EVENT (nothing is
     * sounding yet, so there is nothing to end).
     */
    public static int[] withoutLeadingNoteOffs(int[] events) {
        int[] cleaned = events.clone();
        for (int i = 0; i < cleaned.length && cleaned[i] < 0; i++) {
            cleaned[i] = NO_EVENT;
        }
        return cleaned;
    }

    /**
     * The step at which the last note ends when Melody.to_sequence renders these events from step 0: a note
     * ends at the next pitch, the next NOTE_OFF, or the end of the list. 0 when there is no note.
     */
    public static int lastNoteEndStep(int[] events) {
        int end = 0;
        boolean sounding = false;
        for (int i = 0; i < events.length; i++) {
            if (events[i] == NOTE_OFF || events[i] >= 0) {
                if (sounding) {
                    end = i;
                }
                sounding = events[i] >= 0;
            }
        }
        return sounding ? events.length : end;
    }
}
