package org.magentajava.midi;

import static org.magentajava.midi.MidiConversionException.Reason.BAD_EVENT;
import static org.magentajava.midi.MidiConversionException.Reason.BAD_TRACK;
import static org.magentajava.midi.MidiConversionException.Reason.EMPTY_FILE;
import static org.magentajava.midi.MidiConversionException.Reason.INVALID_KEY_SIGNATURE;
import static org.magentajava.midi.MidiConversionException.Reason.INVALID_RESOLUTION;
import static org.magentajava.midi.MidiConversionException.Reason.NOT_MIDI;
import static org.magentajava.midi.MidiConversionException.Reason.SMPTE_TIMING;
import static org.magentajava.midi.MidiConversionException.Reason.TRUNCATED;
import static org.magentajava.midi.MidiConversionException.Reason.UNSUPPORTED_FORMAT;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SMF bytes the way mido's MidiFile does, so that files Magenta accepts are accepted here and files it
 * rejects are rejected: exactly the header's number of MTrk chunks, events up to the chunk's declared length
 * (events after end_of_track included), running status kept across meta events but set by sysex and
 * system-common bytes, data bytes above 127 rejected, and malformed known meta events rejected.
 *
 * <p>javax.sound.midi's reader differs on each of those points (it skips unknown chunks, stops at
 * end_of_track, accepts data bytes above 127, and allocates a track's claimed length before reading it),
 * so reading is done here. Every length is checked against the bytes actually present before use, and
 * nothing is allocated in proportion to a claimed length.
 */
final class SmfParser {
    /** mido refuses meta and sysex payloads longer than this. */
    private static final int MAX_MESSAGE_LENGTH = 1_000_000;
    /** Varints and tick sums saturate here; anything this large fails the 1e10 maximum-tick check anyway. */
    private static final long TICK_CAP = 1L << 50;

    private final byte[] bytes;
    private final String source;
    private int pos;

    private SmfParser(byte[] bytes, String source) {
        this.bytes = bytes;
        this.source = source;
    }

    static SmfFile parse(byte[] bytes, String source) {
        return new SmfParser(bytes, source).file();
    }

    private SmfFile file() {
        if (bytes.length == 0) {
            throw fail(EMPTY_FILE, "the file has no bytes");
        }
        if (!startsWith(0, "MThd")) {
            throw fail(NOT_MIDI, "no MThd header");
        }
        if (bytes.length < 8) {
            throw fail(TRUNCATED, "the header chunk is cut short");
        }
        long headerLength = u32(4);
        if (headerLength < 6) {
            throw fail(NOT_MIDI, "header chunk length " + headerLength + " is below 6");
        }
        if (bytes.length < 14) {
            throw fail(TRUNCATED, "the header chunk is cut short");
        }
        int format = s16(8);
        int trackCount = s16(10);
        int division = s16(12);
        // mido reads the whole declared header length (or whatever is left) before the first track.
        pos = (int) Math.min(bytes.length, 8 + headerLength);
        if (format < 0 || format > 2) {
            throw fail(UNSUPPORTED_FORMAT, "SMF format " + format + " (only 0, 1 and 2 exist)");
        }
        if (division < 0) {
            throw fail(SMPTE_TIMING, "division 0x" + Integer.toHexString(division & 0xFFFF)
                    + " is SMPTE time code, not ticks per quarter note");
        }
        if (division == 0) {
            throw fail(INVALID_RESOLUTION, "0 ticks per quarter note");
        }
        if (trackCount <= 0) {
            throw fail(BAD_TRACK, "the header declares " + trackCount + " tracks");
        }
        List<SmfFile.Track> tracks = new ArrayList<>();
        for (int i = 0; i < trackCount; i++) {
            tracks.add(track(i));
        }
        return new SmfFile(format, division, List.copyOf(tracks));
    }

    private SmfFile.Track track(int index) {
        if (pos + 8 > bytes.length) {
            throw fail(TRUNCATED, "track " + index + " of the header's count is missing");
        }
        if (!startsWith(pos, "MTrk")) {
            throw fail(BAD_TRACK, "chunk '" + chunkName(pos) + "' where track " + index + " should start");
        }
        long length = u32(pos + 4);
        pos += 8;
        if (length > bytes.length - pos) {
            throw fail(TRUNCATED, "track " + index + " claims " + length + " bytes but only "
                    + (bytes.length - pos) + " remain");
        }
        int end = pos + (int) length;
        List<SmfFile.Event> events = new ArrayList<>();
        long tick = 0;
        int lastStatus = -1;
        boolean any = false;
        while (pos != end) {
            if (pos > end) {
                throw fail(BAD_TRACK, "an event in track " + index + " runs past the chunk's end");
            }
            long delta = varint();
            int status = u8();
            int peek = -1;
            if (status < 0x80) {
                if (lastStatus < 0) {
                    throw fail(BAD_EVENT, "running status without a previous status byte in track " + index);
                }
                peek = status;
                status = lastStatus;
            } else if (status != 0xFF) {
                // Like mido: meta events leave running status alone; sysex and system bytes replace it.
                lastStatus = status;
            }
            if (status == 0xFF) {
                int type = u8();
                if (isKnownMeta(type)) {
                    tick = Math.min(TICK_CAP, tick + delta);
                } // else mido builds an UnknownMetaMessage without its delta, so the time is lost: keep that
                SmfFile.Event meta = meta(tick, type, index);
                if (meta != null) {
                    events.add(meta);
                }
            } else if (status == 0xF0 || status == 0xF7) {
                tick = Math.min(TICK_CAP, tick + delta);
                // mido drops a running-status data byte that lands on a sysex status and reads a length next.
                skip(length(index), index);
            } else {
                tick = Math.min(TICK_CAP, tick + delta);
                SmfFile.ChannelEvent event = shortMessage(tick, status, peek, index);
                if (event != null) {
                    events.add(event);
                }
            }
            any = true;
        }
        if (!any) {
            // pretty_midi takes max() over each track's events, which fails on an empty track.
            throw fail(BAD_TRACK, "track " + index + " has no events");
        }
        return new SmfFile.Track(List.copyOf(events), tick);
    }

    private SmfFile.ChannelEvent shortMessage(long tick, int status, int peek, int track) {
        int size = messageSize(status);
        if (size < 0) {
            throw fail(BAD_EVENT, String.format("undefined status byte 0x%02x in track %d", status, track));
        }
        int dataCount = size - 1;
        int[] data = new int[Math.max(dataCount, peek >= 0 ? 1 : 0)];
        int have = 0;
        if (peek >= 0) {
            data[have++] = peek;
        }
        while (have < dataCount) {
            data[have++] = u8();
        }
        for (int b : data) {
            if (b > 127) {
                throw fail(BAD_EVENT, String.format("data byte 0x%02x above 127 in track %d", b, track));
            }
        }
        if (have != dataCount) {
            throw fail(BAD_EVENT, String.format("status 0x%02x takes no data byte (track %d)", status, track));
        }
        if (status >= 0xF0) {
            return null; // system common and real-time messages are read and ignored
        }
        int command = status & 0xF0;
        return switch (command) {
            case SmfFile.ChannelEvent.NOTE_OFF, SmfFile.ChannelEvent.NOTE_ON, SmfFile.ChannelEvent.CONTROL_CHANGE,
                    SmfFile.ChannelEvent.PITCH_BEND ->
                    new SmfFile.ChannelEvent(tick, command, status & 0x0F, data[0], data[1]);
            case SmfFile.ChannelEvent.PROGRAM_CHANGE -> new SmfFile.ChannelEvent(tick, command, status & 0x0F, data[0], 0);
            default -> null; // aftertouch and polyphonic pressure play no part in a NoteSequence
        };
    }

    /** The meta types mido decodes. It builds any other without its delta time, a quirk that shifts later events. */
    private static boolean isKnownMeta(int type) {
        return switch (type) {
            case 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x09, 0x20, 0x21, 0x2F, 0x51, 0x54, 0x58, 0x59, 0x7F -> true;
            default -> false;
        };
    }

    /** Bytes in a message with this status, status included; -1 for status bytes MIDI leaves undefined. */
    private static int messageSize(int status) {
        if (status < 0xF0) {
            int command = status & 0xF0;
            return command == 0xC0 || command == 0xD0 ? 2 : 3;
        }
        return switch (status) {
            case 0xF1, 0xF3 -> 2;
            case 0xF2 -> 3;
            case 0xF6, 0xF8, 0xFA, 0xFB, 0xFC, 0xFE -> 1;
            default -> -1;
        };
    }

    /** Reads a meta event; returns the ones pretty_midi uses, after mido's decoding checks on all known types. */
    private SmfFile.Event meta(long tick, int type, int track) {
        int length = length(track);
        int start = pos;
        skip(length, track);
        String where = " in track " + track;
        switch (type) {
            case 0x00 -> require(length != 1, "sequence_number with 1 data byte" + where);
            case 0x03 -> {
                return new SmfFile.TrackName(tick, new String(bytes, start, length, StandardCharsets.ISO_8859_1));
            }
            case 0x20 -> require(length >= 1, "empty channel_prefix" + where);
            case 0x51 -> {
                require(length >= 3, "set_tempo with " + length + " data bytes" + where);
                int micros = (bytes[start] & 0xFF) << 16 | (bytes[start + 1] & 0xFF) << 8 | (bytes[start + 2] & 0xFF);
                return new SmfFile.SetTempo(tick, micros);
            }
            case 0x54 -> {
                require(length >= 5, "smpte_offset with " + length + " data bytes" + where);
                require((bytes[start] & 0xFF) >> 5 <= 3, "smpte_offset with an unknown frame rate" + where);
            }
            case 0x58 -> {
                require(length >= 4, "time_signature with " + length + " data bytes" + where);
                return new SmfFile.TimeSignature(tick, bytes[start] & 0xFF, bytes[start + 1] & 0xFF);
            }
            case 0x59 -> {
                require(length >= 2, "key_signature with " + length + " data bytes" + where);
                int sharps = bytes[start]; // signed: negative counts flats
                int mode = bytes[start + 1] & 0xFF;
                if (sharps < -7 || sharps > 7 || mode > 1) {
                    throw fail(INVALID_KEY_SIGNATURE, "key_signature with " + sharps + " sharps and mode " + mode + where);
                }
                return new SmfFile.KeySignature(tick, sharps, mode == 1);
            }
            default -> {
                // text, markers, end_of_track and unknown meta types carry nothing a NoteSequence keeps
            }
        }
        return null;
    }

    private void require(boolean ok, String problem) {
        if (!ok) {
            throw fail(BAD_EVENT, "malformed " + problem);
        }
    }

    /** A meta or sysex payload length: a varint, capped like mido's read_bytes. */
    private int length(int track) {
        long length = varint();
        if (length > MAX_MESSAGE_LENGTH) {
            throw fail(BAD_EVENT, "message length " + length + " exceeds " + MAX_MESSAGE_LENGTH + " in track " + track);
        }
        return (int) length;
    }

    private void skip(int count, int track) {
        if (count > bytes.length - pos) {
            throw fail(TRUNCATED, org.magentajava.util.Words.a(count + "-byte") + " message in track " + track + " runs past the end of the file");
        }
        pos += count;
    }

    private long varint() {
        long value = 0;
        while (true) {
            int b = u8();
            value = Math.min(TICK_CAP, (value << 7) | (b & 0x7F));
            if (b < 0x80) {
                return value;
            }
        }
    }

    private int u8() {
        if (pos >= bytes.length) {
            throw fail(TRUNCATED, "the file ends inside an event");
        }
        return bytes[pos++] & 0xFF;
    }

    private long u32(int at) {
        return ((long) (bytes[at] & 0xFF) << 24) | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8
                | (bytes[at + 3] & 0xFF);
    }

    private int s16(int at) {
        return (short) ((bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF));
    }

    /** True when the bytes at {@code at} begin with {@code tag}, or with as much of it as the file holds. */
    private boolean startsWith(int at, String tag) {
        for (int i = 0; i < tag.length(); i++) {
            if (at + i >= bytes.length) {
                return i > 0 || at < bytes.length;
            }
            if (bytes[at + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String chunkName(int at) {
        StringBuilder name = new StringBuilder();
        for (int i = at; i < at + 4; i++) {
            int b = bytes[i] & 0xFF;
            name.append(b >= 0x20 && b < 0x7F ? (char) b : '?');
        }
        return name.toString();
    }

    private MidiConversionException fail(MidiConversionException.Reason reason, String detail) {
        return new MidiConversionException(source, reason, detail);
    }
}
