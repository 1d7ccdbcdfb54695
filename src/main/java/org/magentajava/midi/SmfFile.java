package org.magentajava.midi;

import java.util.List;

/**
 * A parsed Standard MIDI File, reduced to what the NoteSequence conversion reads: channel voice events,
 * the four meta events pretty_midi interprets, and per track the tick of its last event of any kind
 * (ignored events such as sysex still count towards pretty_midi's maximum-tick check).
 */
record SmfFile(int format, int ticksPerQuarter, List<Track> tracks) {

    /** One MTrk chunk; {@code lastTick} is the absolute tick of its last event. */
    record Track(List<Event> events, long lastTick) {
    }

    /** An event at an absolute tick. */
    sealed interface Event permits ChannelEvent, TrackName, SetTempo, TimeSignature, KeySignature {
        long tick();
    }

    /** A channel voice message: status high nibble 0x8..0xE, with its data bytes (data2 is 0 when absent). */
    record ChannelEvent(long tick, int command, int channel, int data1, int data2) implements Event {
        static final int NOTE_OFF = 0x80;
        static final int NOTE_ON = 0x90;
        static final int CONTROL_CHANGE = 0xB0;
        static final int PROGRAM_CHANGE = 0xC0;
        static final int PITCH_BEND = 0xE0;
    }

    /** Meta 0x03, decoded as Latin-1 like mido. */
    record TrackName(long tick, String name) implements Event {
    }

    /** Meta 0x51: microseconds per quarter note. */
    record SetTempo(long tick, int microsPerQuarter) implements Event {
    }

    /** Meta 0x58: the denominator is stored as its power of two, as in the file. */
    record TimeSignature(long tick, int numerator, int denominatorPower) implements Event {
    }

    /** Meta 0x59: sharps (negative for flats) and mode, already checked to name a real key. */
    record KeySignature(long tick, int sharps, boolean minor) implements Event {
    }
}
