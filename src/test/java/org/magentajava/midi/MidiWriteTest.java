package org.magentajava.midi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.midi.MidiConversionException.Reason;
import org.magentajava.proto.NoteSequence;

/** NoteSequence to MIDI. Expected bytes are what pretty_midi 0.2.10 and mido write for the same sequence. */
class MidiWriteTest {

    private static NoteSequence.Note note(int instrument, int program, boolean drum, int pitch, int velocity,
            double start, double end) {
        return NoteSequence.Note.newBuilder().setInstrument(instrument).setProgram(program).setIsDrum(drum)
                .setPitch(pitch).setVelocity(velocity).setStartTime(start).setEndTime(end).build();
    }

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    @Test
    void twoNotesGiveTheExactBytesMagentaWrites() {
        NoteSequence ns = NoteSequence.newBuilder().setTicksPerQuarter(220)
                .addTempos(NoteSequence.Tempo.newBuilder().setTime(0).setQpm(120))
                .addNotes(note(0, 0, false, 60, 100, 0.0, 0.5))
                .addNotes(note(0, 0, false, 62, 100, 0.5, 1.0))
                .build();
        byte[] expected = hex("4d546864 00000006 0001 0002 00dc"
                // timing track: tempo before the default 4/4 at the same tick, end one tick later
                + " 4d54726b 00000013 00ff5103 07a120 00ff5804 04021808 01ff2f00"
                // instrument 0: program change, notes; offs are note-on velocity 0 under running status
                + " 4d54726b 00000016 00c000 00903c64 815c3c00 003e64 815c3e00 01ff2f00");
        assertArrayEquals(expected, MidiIo.toBytes(ns));
    }

    @Test
    void drumsNamesTempoChangesMeterKeyBendsAndControls() {
        NoteSequence ns = NoteSequence.newBuilder().setTicksPerQuarter(480)
                .addTempos(NoteSequence.Tempo.newBuilder().setTime(0).setQpm(100))
                .addTempos(NoteSequence.Tempo.newBuilder().setTime(1.0).setQpm(60))
                .addTimeSignatures(NoteSequence.TimeSignature.newBuilder().setNumerator(3).setDenominator(4))
                .addKeySignatures(NoteSequence.KeySignature.newBuilder().setKey(NoteSequence.KeySignature.Key.G)
                        .setMode(NoteSequence.KeySignature.Mode.MINOR))
                .addNotes(note(1, 0, true, 36, 90, 0.0, 0.25))
                .addNotes(note(2, 41, false, 67, 80, 0.0, 2.0))
                .addPitchBends(NoteSequence.PitchBend.newBuilder().setInstrument(2).setProgram(41).setTime(0.5).setBend(-100))
                .addControlChanges(NoteSequence.ControlChange.newBuilder().setInstrument(2).setProgram(41).setTime(0.5)
                        .setControlNumber(64).setControlValue(127))
                .addInstrumentInfos(NoteSequence.InstrumentInfo.newBuilder().setInstrument(2).setName("Viola part"))
                .build();
        byte[] expected = hex("4d546864 00000006 0001 0004 01e0"
                // 600000 us (100 qpm), 3/4, G minor (2 flats), 1000000 us (60 qpm) at tick 800
                + " 4d54726b 00000021 00ff5103 0927c0 00ff5804 03021808 00ff5902 fe01 8620ff5103 0f4240 01ff2f00"
                // the always-present empty instrument-0 track
                + " 4d54726b 00000007 00c000 01ff2f00"
                // instrument 1: drums on channel 9, named "Drums"
                + " 4d54726b 00000018 00ff0305 4472756d73 00c900 0099245a 814824 00 01ff2f00"
                // instrument 2 (list index 2, channel 2), named from its InstrumentInfo; bend before CC
                + " 4d54726b 00000027 00ff030a 56696f6c612070617274 00c229 00924350 8310e21c3f 00b2407f"
                + " 8670924300 01ff2f00");
        assertArrayEquals(expected, MidiIo.toBytes(ns));
    }

    @Test
    void unnamedInstrumentsAreNamedAfterTheirProgram() throws Exception {
        NoteSequence ns = NoteSequence.newBuilder()
                .addNotes(note(1, 127, false, 60, 100, 0, 1))
                .addNotes(note(2, 0, false, 60, 100, 0, 1))
                .build();
        NoteSequence back = MidiIo.fromBytes(MidiIo.toBytes(ns), "written.mid");
        assertEquals(220, javaxSequence(MidiIo.toBytes(ns)).getResolution()); // 0 ticks per quarter: 220
        assertEquals(List.of("Gunshot", "Acoustic Grand Piano"),
                back.getInstrumentInfosList().stream().map(NoteSequence.InstrumentInfo::getName).toList());
    }

    @Test
    void instrumentZeroGroupsOverwriteEachOther() {
        // Magenta's bug, kept on purpose: groups (0, 0, false) and (0, 5, false) both write into the first
        // instrument and the later one in sorted order replaces the notes of the earlier.
        NoteSequence ns = NoteSequence.newBuilder()
                .addNotes(note(0, 0, false, 60, 100, 0, 1))
                .addNotes(note(0, 5, false, 62, 100, 0, 1))
                .build();
        NoteSequence back = MidiIo.fromBytes(MidiIo.toBytes(ns), "written.mid");
        assertEquals(1, back.getNotesCount());
        assertEquals(62, back.getNotes(0).getPitch());
        assertEquals(5, back.getNotes(0).getProgram());
    }

    @Test
    void channelsSkipTheDrumChannelAndRotateOverFifteen() throws Exception {
        NoteSequence.Builder ns = NoteSequence.newBuilder();
        for (int instrument = 1; instrument <= 16; instrument++) {
            ns.addNotes(note(instrument, 0, false, 60, 100, 0, 1));
        }
        Sequence sequence = javaxSequence(MidiIo.toBytes(ns.build()));
        assertEquals(18, sequence.getTracks().length); // timing, instrument 0, then 16 instruments
        List<Integer> channels = new ArrayList<>();
        for (int t = 1; t < sequence.getTracks().length; t++) {
            channels.add(firstShortMessage(sequence.getTracks()[t]).getChannel());
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 0, 1), channels);
    }

    @Test
    void ticksRoundToTheNearestTableEntryOrHalfEvenBeyondIt() throws Exception {
        // 15 ticks per quarter at 128 qpm: exactly 1/32 s per tick. Times of 2.5 and 3.5 ticks.
        NoteSequence.Builder ns = NoteSequence.newBuilder().setTicksPerQuarter(15)
                .addTempos(NoteSequence.Tempo.newBuilder().setTime(0).setQpm(128))
                .addNotes(note(0, 0, false, 60, 100, 2.5 / 32, 3.5 / 32));
        // Without tempo changes pretty_midi's table ends at tick 0: extrapolated, rounded half to even.
        assertEquals(List.of(2L, 4L), noteTicks(ns.build()));
        // A tempo change at tick 10 extends the table: inside it a tie goes to the later tick.
        ns.addTempos(NoteSequence.Tempo.newBuilder().setTime(10.0 / 32).setQpm(64));
        assertEquals(List.of(3L, 4L), noteTicks(ns.build()));
    }

    @Test
    void timeSignatureAtZeroReplacesTheDefaultFourFour() {
        NoteSequence ns = NoteSequence.newBuilder()
                .addTimeSignatures(NoteSequence.TimeSignature.newBuilder().setTime(0).setNumerator(6).setDenominator(8))
                .build();
        NoteSequence back = MidiIo.fromBytes(MidiIo.toBytes(ns), "written.mid");
        assertEquals(1, back.getTimeSignaturesCount());
        assertEquals(6, back.getTimeSignatures(0).getNumerator());
        NoteSequence later = NoteSequence.newBuilder()
                .addTimeSignatures(NoteSequence.TimeSignature.newBuilder().setTime(1).setNumerator(6).setDenominator(8))
                .build();
        NoteSequence laterBack = MidiIo.fromBytes(MidiIo.toBytes(later), "written.mid");
        assertEquals(List.of(4, 6), laterBack.getTimeSignaturesList().stream()
                .map(NoteSequence.TimeSignature::getNumerator).toList());
    }

    @Test
    void keySignaturesSurviveInAllTwentyFourKeys() {
        for (int pitchClass = 0; pitchClass < 12; pitchClass++) {
            for (boolean minor : new boolean[] {false, true}) {
                assertEquals(pitchClass, KeyNames.pitchClass(KeyNames.sharps(pitchClass, minor), minor));
                NoteSequence ns = NoteSequence.newBuilder().addKeySignatures(NoteSequence.KeySignature.newBuilder()
                        .setKeyValue(pitchClass)
                        .setMode(minor ? NoteSequence.KeySignature.Mode.MINOR : NoteSequence.KeySignature.Mode.MAJOR))
                        .build();
                NoteSequence.KeySignature back = MidiIo.fromBytes(MidiIo.toBytes(ns), "k.mid").getKeySignatures(0);
                assertEquals(pitchClass, back.getKeyValue());
                assertEquals(minor, back.getMode() == NoteSequence.KeySignature.Mode.MINOR);
            }
        }
        NoteSequence dorian = NoteSequence.newBuilder().addKeySignatures(NoteSequence.KeySignature.newBuilder()
                .setKey(NoteSequence.KeySignature.Key.D).setMode(NoteSequence.KeySignature.Mode.DORIAN)).build();
        assertEquals(NoteSequence.KeySignature.Mode.MAJOR,
                MidiIo.fromBytes(MidiIo.toBytes(dorian), "k.mid").getKeySignatures(0).getMode());
    }

    @Test
    void unwritableSequencesAreRejected() {
        NoteSequence badPitch = NoteSequence.newBuilder().addNotes(note(0, 0, false, 128, 100, 0, 1)).build();
        MidiConversionException e = assertThrows(MidiConversionException.class, () -> MidiIo.toBytes(badPitch));
        assertEquals(Reason.INVALID_SEQUENCE, e.reason());
        assertEquals("NoteSequence: invalid sequence: note pitch 128 is not 0..127", e.getMessage());
        NoteSequence badTempo = NoteSequence.newBuilder()
                .addTempos(NoteSequence.Tempo.newBuilder().setTime(0).setQpm(0)).build();
        assertEquals(Reason.INVALID_SEQUENCE,
                assertThrows(MidiConversionException.class, () -> MidiIo.toBytes(badTempo)).reason());
        NoteSequence badMeter = NoteSequence.newBuilder()
                .addTimeSignatures(NoteSequence.TimeSignature.newBuilder().setNumerator(3).setDenominator(6)).build();
        assertEquals(Reason.INVALID_SEQUENCE,
                assertThrows(MidiConversionException.class, () -> MidiIo.toBytes(badMeter)).reason());
        NoteSequence nanTime = NoteSequence.newBuilder().addNotes(note(0, 0, false, 60, 100, Double.NaN, 1)).build();
        assertEquals(Reason.INVALID_SEQUENCE,
                assertThrows(MidiConversionException.class, () -> MidiIo.toBytes(nanTime)).reason());
    }

    @Test
    void writeIsAtomicAndReadsBack(@TempDir Path dir) throws Exception {
        NoteSequence ns = NoteSequence.newBuilder().setTicksPerQuarter(480)
                .addNotes(note(0, 0, false, 60, 100, 0, 1)).build();
        Path target = dir.resolve("out/song.mid");
        MidiIo.write(ns, target);
        assertArrayEquals(MidiIo.toBytes(ns), Files.readAllBytes(target));
        try (var listing = Files.list(target.getParent())) {
            assertEquals(List.of(target), listing.toList()); // no temporary file left behind
        }
        NoteSequence back = MidiIo.read(target);
        assertEquals(1, back.getNotesCount());
        assertEquals(1.0, back.getNotes(0).getEndTime(), 1e-9);
        assertTrue(back.getTotalTime() > 0.99);
    }

    private static List<Long> noteTicks(NoteSequence ns) throws Exception {
        Track track = javaxSequence(MidiIo.toBytes(ns)).getTracks()[1];
        List<Long> ticks = new ArrayList<>();
        for (int i = 0; i < track.size(); i++) {
            MidiEvent event = track.get(i);
            if (event.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON) {
                ticks.add(event.getTick());
            }
        }
        return ticks;
    }

    private static ShortMessage firstShortMessage(Track track) {
        for (int i = 0; i < track.size(); i++) {
            if (track.get(i).getMessage() instanceof ShortMessage m) {
                return m;
            }
        }
        throw new AssertionError("no channel message in track");
    }

    private static Sequence javaxSequence(byte[] bytes) throws Exception {
        return MidiSystem.getSequence(new ByteArrayInputStream(bytes));
    }
}
