package org.magentajava.melody;

import org.magentajava.events.OneHotEncoding;

/**
 * Melody events as classes: 0 = NO_EVENT, 1 = NOTE_OFF, 2 + (pitch - minNote) for pitches in
 * [minNote, maxNote).
 */
public record MelodyOneHotEncoding(int minNote, int maxNote) implements OneHotEncoding {

    static final int NUM_SPECIAL_EVENTS = 2;

    public MelodyOneHotEncoding {
        if (minNote < Melody.MIN_MIDI_PITCH) {
            throw new IllegalArgumentException("min_note must be >= 0. min_note is " + minNote + ".");
        }
        if (maxNote > Melody.MAX_MIDI_PITCH + 1) {
            throw new IllegalArgumentException("max_note must be <= 128. max_note is " + maxNote + ".");
        }
        if (maxNote <= minNote) {
            throw new IllegalArgumentException("max_note must be greater than min_note");
        }
    }

    @Override
    public int numClasses() {
        return maxNote - minNote + NUM_SPECIAL_EVENTS;
    }

    @Override
    public int defaultEvent() {
        return Melody.NO_EVENT;
    }

    @Override
    public int encodeEvent(int event) {
        if (event < -NUM_SPECIAL_EVENTS) {
            throw new IllegalArgumentException("invalid melody event value: " + event);
        }
        if (event >= 0 && event < minNote) {
            throw new IllegalArgumentException("melody event less than min note: " + event + " < " + minNote);
        }
        if (event >= maxNote) {
            throw new IllegalArgumentException("melody event greater than max note: " + event + " >= " + maxNote);
        }
        return event < 0 ? event + NUM_SPECIAL_EVENTS : event - minNote + NUM_SPECIAL_EVENTS;
    }

    @Override
    public int decodeEvent(int index) {
        if (index < 0 || index >= numClasses()) {
            throw new IllegalArgumentException("class index out of range: " + index);
        }
        return index < NUM_SPECIAL_EVENTS ? index - NUM_SPECIAL_EVENTS : index - NUM_SPECIAL_EVENTS + minNote;
    }
}
