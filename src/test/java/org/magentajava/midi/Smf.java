package org.magentajava.midi;

import java.io.ByteArrayOutputStream;

/** Raw Standard MIDI File bytes for tests, written out byte by byte so running status and errors can be staged. */
final class Smf {
    private Smf() {
    }

    /** A header chunk and the given track chunks. */
    static byte[] file(int format, int division, byte[]... tracks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6});
        writeShort(out, format);
        writeShort(out, tracks.length);
        writeShort(out, division);
        for (byte[] track : tracks) {
            out.writeBytes(track);
        }
        return out.toByteArray();
    }

    /** An MTrk chunk around raw event bytes (delta times included), with its real length. */
    static byte[] track(int... events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'M', 'T', 'r', 'k'});
        int length = events.length;
        out.writeBytes(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        for (int b : events) {
            out.write(b);
        }
        return out.toByteArray();
    }

    /** Concatenates event byte groups, so a track can be assembled from helpers below. */
    static int[] events(int[]... parts) {
        int n = 0;
        for (int[] part : parts) {
            n += part.length;
        }
        int[] all = new int[n];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** A delta time as a variable-length quantity followed by the given message bytes. */
    static int[] at(long delta, int... message) {
        int[] vlq = vlq(delta);
        int[] out = new int[vlq.length + message.length];
        System.arraycopy(vlq, 0, out, 0, vlq.length);
        System.arraycopy(message, 0, out, vlq.length, message.length);
        return out;
    }

    static int[] tempo(long delta, int micros) {
        return at(delta, 0xFF, 0x51, 3, micros >> 16 & 0xFF, micros >> 8 & 0xFF, micros & 0xFF);
    }

    static int[] timeSignature(long delta, int numerator, int denominatorPower) {
        return at(delta, 0xFF, 0x58, 4, numerator, denominatorPower, 24, 8);
    }

    static int[] keySignature(long delta, int sharps, int minor) {
        return at(delta, 0xFF, 0x59, 2, sharps & 0xFF, minor);
    }

    static int[] trackName(long delta, String name) {
        int[] out = new int[3 + name.length()];
        out[0] = 0xFF;
        out[1] = 0x03;
        out[2] = name.length();
        for (int i = 0; i < name.length(); i++) {
            out[3 + i] = name.charAt(i);
        }
        return at(delta, out);
    }

    static int[] endOfTrack() {
        return at(0, 0xFF, 0x2F, 0);
    }

    static int[] vlq(long value) {
        int[] groups = new int[10];
        int n = 0;
        do {
            groups[n++] = (int) (value & 0x7F);
            value >>>= 7;
        } while (value != 0);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = groups[n - 1 - i] | (i < n - 1 ? 0x80 : 0);
        }
        return out;
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >> 8 & 0xFF);
        out.write(value & 0xFF);
    }
}
