package org.magentajava.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magentajava.midi.Smf.at;
import static org.magentajava.midi.Smf.endOfTrack;
import static org.magentajava.midi.Smf.events;
import static org.magentajava.midi.Smf.file;
import static org.magentajava.midi.Smf.tempo;
import static org.magentajava.midi.Smf.timeSignature;
import static org.magentajava.midi.Smf.track;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.io.BadInputException;
import org.magentajava.midi.MidiConversionException.Reason;

/** Bad MIDI input: each failure is a one-line MidiConversionException naming the file and a countable reason. */
class MidiErrorTest {
    private static final byte[] GOOD = file(1, 220, track(events(at(0, 0x90, 60, 100), at(220, 0x80, 60, 0),
            endOfTrack())));

    private static MidiConversionException failure(byte[] bytes) {
        return assertThrows(MidiConversionException.class, () -> MidiIo.fromBytes(bytes, "bad.mid"));
    }

    private static void assertFails(Reason reason, byte[] bytes) {
        MidiConversionException e = failure(bytes);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.mid: " + reason.label() + ": "), e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "one line");
    }

    @Test
    void isABadInputException() {
        assertInstanceOf(BadInputException.class, failure(new byte[0]));
    }

    @Test
    void emptyFile() {
        assertFails(Reason.EMPTY_FILE, new byte[0]);
    }

    @Test
    void randomBytesAreNotMidi() {
        byte[] noise = new byte[500];
        new Random(7).nextBytes(noise);
        noise[0] = 'X';
        assertFails(Reason.NOT_MIDI, noise);
        assertFails(Reason.NOT_MIDI, "RIFF....RMID".getBytes());
    }

    @Test
    void everyTruncationOfAGoodFileFails() {
        // Cut anywhere, the file either lacks a header, a chunk or part of an event.
        for (int length = 1; length < GOOD.length; length++) {
            MidiConversionException e = failure(Arrays.copyOf(GOOD, length));
            assertEquals(Reason.TRUNCATED, e.reason(), "cut at " + length + ": " + e.getMessage());
        }
    }

    @Test
    void smpteDivisionIsRejected() {
        // 0xE728: -25 frames per second, 40 ticks per frame.
        MidiConversionException e = failure(file(1, 0xE728, track(endOfTrack())));
        assertEquals(Reason.SMPTE_TIMING, e.reason());
        assertEquals("bad.mid: SMPTE timing: division 0xe728 is SMPTE time code, not ticks per quarter note",
                e.getMessage());
    }

    @Test
    void zeroDivisionIsRejected() {
        assertFails(Reason.INVALID_RESOLUTION, file(1, 0, track(endOfTrack())));
    }

    @Test
    void unknownFormatIsRejected() {
        assertFails(Reason.UNSUPPORTED_FORMAT, file(3, 220, track(endOfTrack())));
    }

    @Test
    void hugeTrackLengthFailsFastWithoutAllocating() {
        byte[] claim = file(1, 220, track(endOfTrack()));
        claim[18] = 0x7F; // MTrk length 0x7FFFFFxx: about 2 GB
        claim[19] = (byte) 0xFF;
        claim[20] = (byte) 0xFF;
        MidiConversionException e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> failure(claim));
        assertEquals(Reason.TRUNCATED, e.reason());
        assertTrue(e.getMessage().contains("track 0 claims 2147483396 bytes but only 4 remain"), e.getMessage());
        claim[18] = (byte) 0xFF; // 4 GB, beyond int range
        assertEquals(Reason.TRUNCATED, failure(claim).reason());
    }

    @Test
    void hugeMetaLengthIsRejected() {
        // A text event claiming 2^28-1 bytes: over mido's 1,000,000-byte limit.
        assertFails(Reason.BAD_EVENT, file(1, 220, track(events(at(0, 0xFF, 0x01, 0xFF, 0xFF, 0xFF, 0x7F), endOfTrack()))));
    }

    @Test
    void missingTrackChunk() {
        byte[] bytes = file(1, 220, track(endOfTrack()), track(endOfTrack()));
        bytes[14 + 12 + 3] = (byte) 'x'; // header 14 bytes, first track 12: second chunk named "MTrx"
        assertFails(Reason.BAD_TRACK, bytes);
    }

    @Test
    void trackWithoutEventsFailsLikePrettyMidi() {
        assertFails(Reason.BAD_TRACK, file(1, 220, track(), track(endOfTrack())));
    }

    @Test
    void eventRunningPastItsChunk() {
        byte[] bytes = file(1, 220, track(0x00, 0x90, 0x3C), track(0x40, 0x00, 0xFF, 0x2F, 0x00));
        assertFails(Reason.BAD_TRACK, bytes);
    }

    @Test
    void dataByteAbove127() {
        assertFails(Reason.BAD_EVENT, file(1, 220, track(events(at(0, 0x90, 60, 200), endOfTrack()))));
    }

    @Test
    void runningStatusWithoutStatus() {
        assertFails(Reason.BAD_EVENT, file(1, 220, track(0x00, 0x3C, 0x40, 0x00, 0xFF, 0x2F, 0x00)));
    }

    @Test
    void undefinedStatusByte() {
        assertFails(Reason.BAD_EVENT, file(1, 220, track(events(at(0, 0xF4), endOfTrack()))));
    }

    @Test
    void shortTempoEvent() {
        assertFails(Reason.BAD_EVENT, file(1, 220, track(events(at(0, 0xFF, 0x51, 2, 7, 0xA1), endOfTrack()))));
    }

    @Test
    void zeroTempo() {
        assertFails(Reason.INVALID_TEMPO, file(1, 220, track(events(tempo(0, 0), endOfTrack()))));
    }

    @Test
    void invalidTimeSignatures() {
        assertFails(Reason.INVALID_TIME_SIGNATURE, file(1, 220, track(events(timeSignature(0, 0, 2), endOfTrack()))));
        // 2^31 does not fit the proto's int32 denominator.
        assertFails(Reason.INVALID_TIME_SIGNATURE, file(1, 220, track(events(timeSignature(0, 4, 31), endOfTrack()))));
    }

    @Test
    void invalidKeySignature() {
        assertFails(Reason.INVALID_KEY_SIGNATURE, file(1, 220, track(events(Smf.keySignature(0, 8, 0), endOfTrack()))));
        assertFails(Reason.INVALID_KEY_SIGNATURE, file(1, 220, track(events(Smf.keySignature(0, 1, 2), endOfTrack()))));
    }

    @Test
    void tickBeyondTenBillion() {
        assertFails(Reason.TICK_TOO_LARGE, file(1, 220, track(events(at(10_000_000_000L, 0xFF, 0x2F, 0)))));
        // One tick less is fine: pretty_midi compares the largest tick plus one.
        MidiIo.fromBytes(file(1, 220, track(events(at(9_999_999_998L, 0xFF, 0x2F, 0)))), "ok.mid");
    }

    @Test
    void missingFileIsUnreadable(@TempDir Path dir) {
        Path missing = dir.resolve("nope.mid");
        MidiConversionException e = assertThrows(MidiConversionException.class, () -> MidiIo.read(missing));
        assertEquals(Reason.UNREADABLE, e.reason());
        assertTrue(e.getMessage().startsWith(missing + ": unreadable: "), e.getMessage());
    }

    @Test
    void mutatedFilesNeverEscapeAsOtherExceptions() {
        // Whatever the damage, the caller sees either a sequence or a MidiConversionException.
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = GOOD.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                MidiIo.fromBytes(bytes, "mutant.mid");
            } catch (MidiConversionException expected) {
                assertTrue(expected.getMessage().startsWith("mutant.mid: "));
            }
        }
    }
}
