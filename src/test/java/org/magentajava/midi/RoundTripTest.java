package org.magentajava.midi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.magentajava.midi.Smf.at;
import static org.magentajava.midi.Smf.endOfTrack;
import static org.magentajava.midi.Smf.events;
import static org.magentajava.midi.Smf.file;
import static org.magentajava.midi.Smf.keySignature;
import static org.magentajava.midi.Smf.tempo;
import static org.magentajava.midi.Smf.timeSignature;
import static org.magentajava.midi.Smf.track;
import static org.magentajava.midi.Smf.trackName;

import org.junit.jupiter.api.Test;
import org.magentajava.proto.NoteSequence;

/** MIDI -> NoteSequence -> MIDI -> NoteSequence is stable. */
class RoundTripTest {

    @Test
    void syntheticFileWithEveryKindOfEvent() {
        byte[] midi = file(1, 220,
                track(events(trackName(0, "Conductor"), tempo(0, 600000), timeSignature(0, 3, 2), keySignature(0, -2, 1),
                        tempo(660, 250000), timeSignature(0, 6, 3), keySignature(220, 3, 0), endOfTrack())),
                track(events(trackName(0, "Lead"), at(0, 0xC0, 73), at(0, 0xB0, 7, 90), at(0, 0x90, 72, 100),
                        at(200, 0xE0, 0x00, 0x48), at(130, 0x80, 72, 0), at(0, 0x90, 74, 64), at(700, 0x80, 74, 0),
                        endOfTrack())),
                track(events(trackName(0, "Kit"), at(0, 0x99, 36, 120), at(110, 0x89, 36, 0), at(0, 0x99, 42, 80),
                        at(55, 0x99, 42, 0), at(1000, 0xB9, 10, 30), endOfTrack())));
        NoteSequence first = MidiIo.fromBytes(midi, "synthetic.mid");
        assertEquals(4, first.getNotesCount());
        assertEquals(99.99999999999999, first.getTempos(0).getQpm());
        byte[] written = MidiIo.toBytes(first);
        NoteSequence second = MidiIo.fromBytes(written, "written.mid");
        Sequences.assertClose(first, second, 1e-6);
        byte[] rewritten = MidiIo.toBytes(second);
        assertArrayEquals(written, rewritten);
        assertEquals(second, MidiIo.fromBytes(rewritten, "rewritten.mid"));
    }
}
