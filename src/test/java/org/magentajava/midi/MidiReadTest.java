package org.magentajava.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magentajava.midi.Smf.at;
import static org.magentajava.midi.Smf.endOfTrack;
import static org.magentajava.midi.Smf.events;
import static org.magentajava.midi.Smf.file;
import static org.magentajava.midi.Smf.keySignature;
import static org.magentajava.midi.Smf.tempo;
import static org.magentajava.midi.Smf.timeSignature;
import static org.magentajava.midi.Smf.track;
import static org.magentajava.midi.Smf.trackName;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.magentajava.proto.NoteSequence;
import org.magentajava.proto.NoteSequence.KeySignature.Key;
import org.magentajava.proto.NoteSequence.KeySignature.Mode;

/** MIDI to NoteSequence, case by case, with expectations worked out from the bytes (220 ticks per quarter). */
class MidiReadTest {
    private static final double EPS = 1e-9;

    private static NoteSequence read(byte[] bytes) {
        return MidiIo.fromBytes(bytes, "test.mid");
    }

    /** pitch, start, end: compact expectations for notes. */
    private static void assertNote(NoteSequence.Note note, int pitch, double start, double end) {
        assertEquals(pitch, note.getPitch(), "pitch");
        assertEquals(start, note.getStartTime(), EPS, "start of " + pitch);
        assertEquals(end, note.getEndTime(), EPS, "end of " + pitch);
    }

    @Test
    void headerAndSourceInfo() {
        NoteSequence ns = read(file(1, 220, track(events(at(0, 0x90, 60, 100), at(220, 0x80, 60, 0), endOfTrack()))));
        assertEquals(220, ns.getTicksPerQuarter());
        assertEquals(NoteSequence.SourceInfo.Parser.PRETTY_MIDI, ns.getSourceInfo().getParser());
        assertEquals(NoteSequence.SourceInfo.EncodingType.MIDI, ns.getSourceInfo().getEncodingType());
        assertEquals(NoteSequence.SourceInfo.SourceType.UNKNOWN_SOURCE_TYPE, ns.getSourceInfo().getSourceType());
        assertEquals(1, ns.getTemposCount()); // 120 qpm at time 0 even without a set_tempo
        assertEquals(120.0, ns.getTempos(0).getQpm());
        assertEquals(0, ns.getNotes(0).getNumerator());
    }

    @Test
    void tempoChangesSplitTimeIntoSegments() {
        // 120 qpm for 440 ticks (1 s), then 240 qpm: 440 more ticks take 0.5 s.
        byte[] midi = file(1, 220,
                track(events(tempo(0, 500000), tempo(440, 250000), tempo(0, 250000), endOfTrack())),
                track(events(at(0, 0x90, 60, 100), at(440, 0x80, 60, 0), at(0, 0x90, 62, 90), at(440, 0x80, 62, 0),
                        endOfTrack())));
        NoteSequence ns = read(midi);
        assertEquals(2, ns.getTemposCount()); // the repeated 250000 is dropped
        assertEquals(0.0, ns.getTempos(0).getTime());
        assertEquals(120.0, ns.getTempos(0).getQpm(), EPS);
        assertEquals(1.0, ns.getTempos(1).getTime(), EPS);
        assertEquals(240.0, ns.getTempos(1).getQpm(), EPS);
        assertNote(ns.getNotes(0), 60, 0.0, 1.0);
        assertNote(ns.getNotes(1), 62, 1.0, 1.5);
        assertEquals(1.5, ns.getTotalTime(), EPS);
    }

    @Test
    void tempoAtTickZeroReplacesTheDefaultAndLastOneWins() {
        byte[] midi = file(1, 220, track(events(tempo(0, 1000000), tempo(0, 250000), at(0, 0x90, 60, 100),
                at(220, 0x80, 60, 0), endOfTrack())));
        NoteSequence ns = read(midi);
        assertEquals(1, ns.getTemposCount());
        assertEquals(240.0, ns.getTempos(0).getQpm(), EPS);
        assertNote(ns.getNotes(0), 60, 0.0, 0.25);
    }

    @Test
    void tempoAndMeterOutsideTrackZeroAreIgnored() {
        byte[] midi = file(1, 220,
                track(events(trackName(0, "conductor"), endOfTrack())),
                track(events(tempo(0, 250000), timeSignature(0, 6, 3), keySignature(0, 2, 0), at(0, 0x90, 60, 100),
                        at(220, 0x80, 60, 0), endOfTrack())));
        NoteSequence ns = read(midi);
        assertEquals(1, ns.getTemposCount());
        assertEquals(120.0, ns.getTempos(0).getQpm());
        assertEquals(0, ns.getTimeSignaturesCount());
        assertEquals(0, ns.getKeySignaturesCount());
        assertNote(ns.getNotes(0), 60, 0.0, 0.5);
    }

    @Test
    void hundredQpmComesBackAsPrettyMidisFloat() {
        NoteSequence ns = read(file(1, 220, track(events(tempo(0, 600000), endOfTrack()))));
        assertEquals(99.99999999999999, ns.getTempos(0).getQpm()); // exact: 60 / ((60 / (100 * 220)) * 220)
    }

    @Test
    void twoTimeSignatures() {
        // 3/4 at 0, 6/8 after 660 ticks = 1.5 s at 120 qpm.
        NoteSequence ns = read(file(1, 220, track(events(timeSignature(0, 3, 2), timeSignature(660, 6, 3), endOfTrack()))));
        assertEquals(2, ns.getTimeSignaturesCount());
        assertEquals(0.0, ns.getTimeSignatures(0).getTime());
        assertEquals(3, ns.getTimeSignatures(0).getNumerator());
        assertEquals(4, ns.getTimeSignatures(0).getDenominator());
        assertEquals(1.5, ns.getTimeSignatures(1).getTime(), EPS);
        assertEquals(6, ns.getTimeSignatures(1).getNumerator());
        assertEquals(8, ns.getTimeSignatures(1).getDenominator());
        assertEquals(0.0, ns.getTotalTime()); // no notes: meta events do not count
    }

    @Test
    void keySignaturesMajorAndMinor() {
        NoteSequence ns = read(file(1, 220, track(events(keySignature(0, 2, 0), keySignature(220, -3, 1),
                keySignature(220, 7, 1), keySignature(0, -7, 0), endOfTrack()))));
        assertEquals(4, ns.getKeySignaturesCount());
        assertEquals(Key.D, ns.getKeySignatures(0).getKey()); // 2 sharps major
        assertEquals(Mode.MAJOR, ns.getKeySignatures(0).getMode());
        assertEquals(0, ns.getKeySignatures(1).getKeyValue()); // 3 flats minor: C minor
        assertEquals(Mode.MINOR, ns.getKeySignatures(1).getMode());
        assertEquals(0.5, ns.getKeySignatures(1).getTime(), EPS);
        assertEquals(10, ns.getKeySignatures(2).getKeyValue()); // 7 sharps minor: A# minor
        assertEquals(11, ns.getKeySignatures(3).getKeyValue()); // 7 flats major: Cb = B
        assertEquals(Mode.MAJOR, ns.getKeySignatures(3).getMode());
    }

    @Test
    void channelTenIsDrums() {
        byte[] midi = file(1, 220, track(events(at(0, 0xC9, 5), at(0, 0x99, 36, 110), at(110, 0x89, 36, 0),
                at(0, 0x90, 60, 80), at(110, 0x80, 60, 0), endOfTrack())));
        NoteSequence ns = read(midi);
        assertEquals(2, ns.getNotesCount());
        NoteSequence.Note kick = ns.getNotes(0);
        assertEquals(36, kick.getPitch());
        assertTrue(kick.getIsDrum());
        assertEquals(5, kick.getProgram());
        assertEquals(0, kick.getInstrument());
        assertEquals(110, kick.getVelocity());
        assertFalse(ns.getNotes(1).getIsDrum());
        assertEquals(1, ns.getNotes(1).getInstrument());
    }

    @Test
    void programChangeWhileANoteSoundsMovesItToTheNewProgram() {
        // The instrument is chosen when the note closes, with the program in force then.
        byte[] midi = file(1, 220, track(events(
                at(0, 0x90, 60, 100), at(100, 0xC0, 40), at(120, 0x80, 60, 0), // closes under program 40
                at(0, 0x90, 62, 100), at(220, 0x80, 62, 0),                      // program 40
                at(0, 0xC0, 0), at(0, 0x90, 64, 100), at(220, 0x80, 64, 0),     // back to program 0
                endOfTrack())));
        NoteSequence ns = read(midi);
        assertEquals(3, ns.getNotesCount());
        assertEquals(List.of(60, 62, 64), ns.getNotesList().stream().map(NoteSequence.Note::getPitch).toList());
        assertEquals(List.of(40, 40, 0), ns.getNotesList().stream().map(NoteSequence.Note::getProgram).toList());
        assertEquals(List.of(0, 0, 1), ns.getNotesList().stream().map(NoteSequence.Note::getInstrument).toList());
    }

    @Test
    void instrumentsAreSeparatedByTrackAndChannel() {
        byte[] midi = file(1, 220,
                track(events(at(0, 0x90, 60, 100), at(0, 0x91, 64, 100), at(220, 0x81, 64, 0), at(0, 0x80, 60, 0),
                        endOfTrack())),
                track(events(at(0, 0x90, 67, 100), at(220, 0x80, 67, 0), endOfTrack())));
        NoteSequence ns = read(midi);
        // Instrument order is creation order: channel 1 closed first in track 0.
        assertEquals(List.of(64, 60, 67), ns.getNotesList().stream().map(NoteSequence.Note::getPitch).toList());
        assertEquals(List.of(0, 1, 2), ns.getNotesList().stream().map(NoteSequence.Note::getInstrument).toList());
    }

    @Test
    void bendsAndControlsBeforeTheFirstNoteJoinTheInstrumentCreatedLater() {
        byte[] midi = file(1, 220, track(events(
                at(0, 0xB0, 7, 100), at(0, 0xE0, 0x00, 0x50),            // before any note on channel 0
                at(0, 0xB3, 10, 64),                                       // channel 3 never plays: lost
                at(0, 0x90, 60, 100), at(220, 0x80, 60, 0),
                at(0, 0xE0, 0x7F, 0x7F), at(110, 0xB0, 64, 127),           // after the note: extend nothing
                endOfTrack())));
        NoteSequence ns = read(midi);
        assertEquals(2, ns.getPitchBendsCount());
        assertEquals(0.0, ns.getPitchBends(0).getTime());
        assertEquals(0x50 * 128 - 8192, ns.getPitchBends(0).getBend()); // 2048
        assertEquals(8191, ns.getPitchBends(1).getBend());
        assertEquals(0.5, ns.getPitchBends(1).getTime(), EPS);
        assertEquals(2, ns.getControlChangesCount());
        assertEquals(7, ns.getControlChanges(0).getControlNumber());
        assertEquals(100, ns.getControlChanges(0).getControlValue());
        assertEquals(64, ns.getControlChanges(1).getControlNumber());
        assertEquals(0.75, ns.getControlChanges(1).getTime(), EPS);
        assertEquals(0, ns.getControlChanges(1).getInstrument());
        assertEquals(0.5, ns.getTotalTime(), EPS);
    }

    @Test
    void earlyControlsAreSharedByEveryInstrumentLaterCreatedOnThatChannel() {
        // pretty_midi hands the same straggler list to each new instrument of the (channel, track), so a
        // control that came before the notes, and any control sent under a program with no instrument yet,
        // appear once per instrument.
        byte[] midi = file(1, 220, track(events(
                at(0, 0xB0, 7, 100),
                at(0, 0x90, 60, 100), at(220, 0x80, 60, 0),
                at(0, 0xC0, 30), at(0, 0xB0, 10, 20),
                at(0, 0x90, 62, 100), at(220, 0x80, 62, 0),
                endOfTrack())));
        NoteSequence ns = read(midi);
        assertEquals(List.of(0, 30), ns.getNotesList().stream().map(NoteSequence.Note::getProgram).toList());
        assertEquals(4, ns.getControlChangesCount());
        assertEquals(List.of(0, 0, 1, 1),
                ns.getControlChangesList().stream().map(NoteSequence.ControlChange::getInstrument).toList());
        assertEquals(List.of(7, 10, 7, 10),
                ns.getControlChangesList().stream().map(NoteSequence.ControlChange::getControlNumber).toList());
        assertEquals(List.of(0, 0, 30, 30),
                ns.getControlChangesList().stream().map(NoteSequence.ControlChange::getProgram).toList());
    }

    @Test
    void runningStatusAndVelocityZeroOffs() {
        // 90 3C 64 | 3E 64 (running) | 3C 00 (running, velocity 0 = off) | 3E 00
        byte[] midi = file(0, 220, track(0x00, 0x90, 0x3C, 0x64, 0x00, 0x3E, 0x50, 0x81, 0x5C, 0x3C, 0x00,
                0x6E, 0x3E, 0x00, 0x00, 0xFF, 0x2F, 0x00));
        NoteSequence ns = read(midi);
        assertEquals(2, ns.getNotesCount());
        assertNote(ns.getNotes(0), 60, 0.0, 0.5);
        assertEquals(100, ns.getNotes(0).getVelocity());
        assertNote(ns.getNotes(1), 62, 0.0, 0.75);
        assertEquals(80, ns.getNotes(1).getVelocity());
    }

    @Test
    void runningStatusSurvivesMetaEvents() {
        // A text event between two running-status note messages does not reset the status (as in mido).
        byte[] midi = file(0, 220, track(0x00, 0x90, 0x3C, 0x64, 0x00, 0xFF, 0x01, 0x02, 'h', 'i',
                0x81, 0x5C, 0x3C, 0x00, 0x00, 0xFF, 0x2F, 0x00));
        NoteSequence ns = read(midi);
        assertEquals(1, ns.getNotesCount());
        assertNote(ns.getNotes(0), 60, 0.0, 0.5);
    }

    @Test
    void oneOffClosesAllOverlappingNotesOfThatPitch() {
        byte[] midi = file(1, 220, track(events(at(0, 0x90, 60, 100), at(110, 0x90, 60, 70), at(110, 0x80, 60, 0),
                endOfTrack())));
        NoteSequence ns = read(midi);
        assertEquals(2, ns.getNotesCount());
        assertNote(ns.getNotes(0), 60, 0.0, 0.5);
        assertEquals(100, ns.getNotes(0).getVelocity());
        assertNote(ns.getNotes(1), 60, 0.25, 0.5);
        assertEquals(70, ns.getNotes(1).getVelocity());
    }

    @Test
    void zeroLengthNotes() {
        // Alone, an on and an off on the same tick leave nothing. Next to an older note the new one waits for
        // a later off.
        byte[] midi = file(1, 220, track(events(
                at(0, 0x90, 50, 100), at(0, 0x80, 50, 0),
                at(0, 0x90, 60, 100), at(220, 0x90, 60, 90), at(0, 0x80, 60, 0), at(220, 0x80, 60, 0),
                endOfTrack())));
        NoteSequence ns = read(midi);
        assertEquals(2, ns.getNotesCount());
        assertNote(ns.getNotes(0), 60, 0.0, 0.5);
        assertNote(ns.getNotes(1), 60, 0.5, 1.0);
        assertEquals(90, ns.getNotes(1).getVelocity());
    }

    @Test
    void unclosedNotesAndStrayOffsAreDropped() {
        byte[] midi = file(1, 220, track(events(at(0, 0x80, 64, 0), at(0, 0x90, 60, 100), at(0, 0x90, 62, 100),
                at(220, 0x80, 62, 0), at(220, 0x80, 64, 0), endOfTrack())));
        NoteSequence ns = read(midi);
        assertEquals(1, ns.getNotesCount());
        assertNote(ns.getNotes(0), 62, 0.0, 0.5);
        assertEquals(0.5, ns.getTotalTime(), EPS);
    }

    @Test
    void notesFollowInstrumentOrderThenCloseOrderNotStartTime() {
        byte[] midi = file(1, 220, track(events(at(0, 0x90, 60, 100), at(110, 0x90, 64, 100), at(110, 0x80, 64, 0),
                at(220, 0x80, 60, 0), endOfTrack())));
        NoteSequence ns = read(midi);
        assertNote(ns.getNotes(0), 64, 0.25, 0.5);
        assertNote(ns.getNotes(1), 60, 0.0, 1.0);
        assertEquals(1.0, ns.getTotalTime(), EPS);
    }

    @Test
    void instrumentNamesComeFromTheTrackNameSeenSoFar() {
        byte[] midi = file(1, 220,
                track(events(trackName(0, "Melody"), at(0, 0x90, 60, 100), at(220, 0x80, 60, 0), endOfTrack())),
                track(events(at(0, 0x90, 48, 100), at(220, 0x80, 48, 0), trackName(0, "Too late"), endOfTrack())),
                track(events(trackName(0, "Chords"), at(0, 0x92, 52, 100), at(220, 0x82, 52, 0), endOfTrack())));
        NoteSequence ns = read(midi);
        assertEquals(2, ns.getInstrumentInfosCount());
        assertEquals(0, ns.getInstrumentInfos(0).getInstrument());
        assertEquals("Melody", ns.getInstrumentInfos(0).getName());
        assertEquals(2, ns.getInstrumentInfos(1).getInstrument());
        assertEquals("Chords", ns.getInstrumentInfos(1).getName());
    }

    @Test
    void unknownMetaEventsLoseTheirDeltaTimeLikeMido() {
        // mido builds meta type 0x08 (program name) without its delta, so the 220 ticks before it vanish.
        byte[] midi = file(1, 220, track(events(at(0, 0x90, 60, 100), at(220, 0xFF, 0x08, 1, 'x'),
                at(220, 0x80, 60, 0), endOfTrack())));
        NoteSequence ns = read(midi);
        assertNote(ns.getNotes(0), 60, 0.0, 0.5);
    }

    @Test
    void eventsAfterEndOfTrackInsideTheChunkAreRead() {
        byte[] midi = file(1, 220, track(events(at(0, 0x90, 60, 100), endOfTrack(), at(220, 0x80, 60, 0))));
        assertEquals(1, read(midi).getNotesCount());
    }

    @Test
    void systemExclusiveEventsAreSkipped() {
        byte[] midi = file(1, 220, track(events(at(0, 0xF0, 3, 0x43, 0x12, 0xF7), at(0, 0x90, 60, 100),
                at(220, 0x80, 60, 0), endOfTrack())));
        assertEquals(1, read(midi).getNotesCount());
    }
}
