package org.magentajava.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Known MIDI input, a hand-made soundfont, and WAV measurements for the audio tests. */
final class TestMidi {
    static final int PPQ = 480;

    private TestMidi() {}

    /**
     * Two notes with silence between, across a tempo change: at 120 qpm, C4 sounds 0.5-1.5 s; at tick 1920
     * (2.0 s) the tempo drops to 60 qpm, so E4 three quarters later sounds 5.0-6.0 s. A renderer that ignored
     * the tempo change would put E4 at 3.5 s.
     */
    static Sequence twoNotes(int program) throws InvalidMidiDataException {
        Sequence seq = new Sequence(Sequence.PPQ, PPQ);
        Track tempo = seq.createTrack();
        tempo.add(new MidiEvent(setTempo(500_000), 0));
        tempo.add(new MidiEvent(setTempo(1_000_000), 4 * PPQ));
        Track notes = seq.createTrack();
        notes.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, program, 0), 0));
        note(notes, 60, PPQ, 3 * PPQ);
        note(notes, 64, 7 * PPQ, 8 * PPQ);
        return seq;
    }

    /** A minute of busy music: an eighth-note melody over three-note chords on two channels at 120 qpm. */
    static Sequence busyMinute() throws InvalidMidiDataException {
        Sequence seq = new Sequence(Sequence.PPQ, PPQ);
        Track t = seq.createTrack();
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 73, 0), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 1, 0, 0), 0));
        int[] scale = {60, 62, 64, 65, 67, 69, 71, 72};
        for (int i = 0; i < 240; i++) { // 240 eighths = 120 quarters = 60 s
            long on = (long) i * PPQ / 2;
            note(t, 0, scale[(i * 3) % scale.length] + 12, on, on + PPQ / 2);
            if (i % 4 == 0) {
                for (int p : new int[] {48, 52, 55}) {
                    note(t, 1, p + (i / 16) % 3 * 2, on, on + 2 * PPQ);
                }
            }
        }
        return seq;
    }

    private static void note(Track t, int channel, int pitch, long on, long off) throws InvalidMidiDataException {
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, channel, pitch, 90), on));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, channel, pitch, 0), off));
    }

    private static void note(Track t, int pitch, long on, long off) throws InvalidMidiDataException {
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, pitch, 100), on));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, pitch, 0), off));
    }

    private static MetaMessage setTempo(int microsPerQuarter) throws InvalidMidiDataException {
        byte[] d = {(byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter};
        return new MetaMessage(0x51, d, 3);
    }

    /** A WAV file as mono samples in -1..1 (channels averaged), with its sample rate. */
    record Pcm(float[] samples, float sampleRate, int channels) {
        double rms(double fromSeconds, double toSeconds) {
            int a = (int) (fromSeconds * sampleRate), b = Math.min(samples.length, (int) (toSeconds * sampleRate));
            double sum = 0;
            for (int i = a; i < b; i++) {
                sum += samples[i] * samples[i];
            }
            return Math.sqrt(sum / Math.max(1, b - a));
        }

        /** Zero crossings per second: twice the frequency of a pure tone. */
        double crossingsPerSecond(double fromSeconds, double toSeconds) {
            int a = (int) (fromSeconds * sampleRate), b = (int) (toSeconds * sampleRate);
            int n = 0;
            for (int i = a + 1; i < b; i++) {
                if ((samples[i - 1] < 0) != (samples[i] < 0)) {
                    n++;
                }
            }
            return n / (toSeconds - fromSeconds);
        }

        double seconds() {
            return samples.length / sampleRate;
        }
    }

    static Pcm read(Path wav) throws IOException, UnsupportedAudioFileException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            var f = in.getFormat();
            if (f.getSampleSizeInBits() != 16 || f.isBigEndian() || f.getEncoding() != javax.sound.sampled.AudioFormat
                    .Encoding.PCM_SIGNED) {
                throw new AssertionError("expected 16-bit little-endian signed PCM, got " + f);
            }
            ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            int ch = f.getChannels();
            float[] mono = new float[bytes.capacity() / (2 * ch)];
            for (int i = 0; i < mono.length; i++) {
                float s = 0;
                for (int c = 0; c < ch; c++) {
                    s += bytes.getShort() / 32768f;
                }
                mono[i] = s / ch;
            }
            return new Pcm(mono, f.getSampleRate(), ch);
        }
    }

    /**
     * A minimal SoundFont 2 file with one preset (bank 0, program 0) playing a looped 1000 Hz sine recorded as
     * if it were middle C: any note played through it sounds far higher than the same note on a real piano,
     * which tells the tests the soundfont was used.
     */
    static void writeSineSoundfont(Path file) throws IOException {
        int rate = 32000, len = 3200; // 100 whole cycles, so the loop is seamless
        ByteArrayOutputStream smpl = new ByteArrayOutputStream();
        for (int i = 0; i < len + 46; i++) { // SF2 wants 46 zero samples after each sample
            short v = i < len ? (short) Math.round(16000 * Math.sin(2 * Math.PI * 1000 * i / rate)) : 0;
            smpl.write(v & 0xFF);
            smpl.write((v >> 8) & 0xFF);
        }
        byte[] info = concat(chunk("ifil", le(new short[] {2, 1})), chunk("isng", zstr("EMU8000", 8)),
                chunk("INAM", zstr("sine test", 10)));
        byte[] sdta = chunk("smpl", smpl.toByteArray());
        byte[] pdta = concat(
                chunk("phdr", concat(phdr("sine", 0, 0), phdr("EOP", 0, 1))),
                chunk("pbag", le(new short[] {0, 0, 1, 0})),
                chunk("pmod", new byte[10]),
                chunk("pgen", le(new short[] {41, 0, 0, 0})), // instrument 0, then terminator
                chunk("inst", concat(inst("sine", 0), inst("EOI", 1))),
                chunk("ibag", le(new short[] {0, 0, 2, 0})),
                chunk("imod", new byte[10]),
                chunk("igen", le(new short[] {54, 1, 53, 0, 0, 0})), // loop continuously; sample 0; terminator
                chunk("shdr", concat(shdr("sine", 0, len, 0, len, rate, 60), shdr("EOS", 0, 0, 0, 0, 0, 0))));
        byte[] body = concat("sfbk".getBytes(StandardCharsets.US_ASCII), list("INFO", info), list("sdta", sdta),
                list("pdta", pdta));
        Files.write(file, chunk("RIFF", body));
    }

    private static byte[] phdr(String name, int preset, int bag) {
        return ByteBuffer.allocate(38).order(ByteOrder.LITTLE_ENDIAN).put(zstr(name, 20)).putShort((short) preset)
                .putShort((short) 0).putShort((short) bag).putInt(0).putInt(0).putInt(0).array();
    }

    private static byte[] inst(String name, int bag) {
        return ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN).put(zstr(name, 20)).putShort((short) bag)
                .array();
    }

    private static byte[] shdr(String name, int start, int end, int loopStart, int loopEnd, int rate, int key) {
        return ByteBuffer.allocate(46).order(ByteOrder.LITTLE_ENDIAN).put(zstr(name, 20)).putInt(start).putInt(end)
                .putInt(loopStart).putInt(loopEnd).putInt(rate).put((byte) key).put((byte) 0)
                .putShort((short) 0).putShort((short) (rate == 0 ? 0 : 1)).array();
    }

    private static byte[] list(String type, byte[] content) {
        return chunk("LIST", concat(type.getBytes(StandardCharsets.US_ASCII), content));
    }

    private static byte[] chunk(String id, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        return b.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data).array();
    }

    private static byte[] zstr(String s, int size) {
        byte[] out = new byte[size];
        byte[] src = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(src, 0, out, 0, Math.min(src.length, size - 1));
        return out;
    }

    private static byte[] le(short[] values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : values) {
            b.putShort(v);
        }
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
