package org.magentajava.audio;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.SysexMessage;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;

/**
 * Renders MIDI to a 16-bit stereo PCM WAV file offline with the JDK's software synthesizer (Gervill): no
 * sound card, no real-time clock, so it runs as fast as the CPU allows.
 *
 * <p>Gervill's offline entry point, {@code AudioSynthesizer.openStream}, is in the unexported package
 * {@code com.sun.media.sound}; it is reached reflectively when the JVM runs with
 * {@value #EXPORT_FLAG}. Without that flag the renderer falls back to the JDK's public MIDI-to-audio
 * file reader, which renders the same synthesizer with its default soundbank (no {@code --soundfont}).
 */
public final class WavRenderer {
    public static final String EXPORT_FLAG = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";
    private static final String GERVILL = "com.sun.media.sound";

    /**
     * @param sampleRate  output frames per second
     * @param soundfont   an SF2 or DLS file replacing the default instruments, or null
     * @param tailSeconds silence-or-release time rendered after the last MIDI event, so notes and reverb ring out
     */
    public record Options(float sampleRate, Path soundfont, double tailSeconds) {
        public Options {
            if (!(sampleRate >= 8000 && sampleRate <= 192_000)) {
                throw new BadSettingException("sample_rate", "{sample_rate} " + sampleRate
                        + ": must be between 8000 and 192000");
            }
            if (!(tailSeconds >= 0 && tailSeconds <= 60)) {
                throw new IllegalArgumentException("tailSeconds must be within 0..60: " + tailSeconds);
            }
        }

        public static Options defaults() {
            return new Options(44_100, null, 2.0);
        }

        public Options withSampleRate(float rate) {
            return new Options(rate, soundfont, tailSeconds);
        }

        public Options withSoundfont(Path sf) {
            return new Options(sampleRate, sf, tailSeconds);
        }

        public Options withTailSeconds(double tail) {
            return new Options(sampleRate, soundfont, tail);
        }
    }

    /** What was written, and how fast: {@link #speed()} is seconds of audio per second of wall time. */
    public record Result(Path output, long frames, float sampleRate, double renderSeconds) {
        public double audioSeconds() {
            return frames / (double) sampleRate;
        }

        public double speed() {
            return audioSeconds() / Math.max(renderSeconds, 1e-9);
        }
    }

    private WavRenderer() {}

    /** Renders a standard MIDI file; a file that is not MIDI is a {@link BadInputException} naming it. */
    public static Result render(Path midiFile, Path output, Options options) throws IOException {
        Sequence seq;
        try {
            seq = MidiSystem.getSequence(midiFile.toFile());
        } catch (InvalidMidiDataException e) {
            throw new BadInputException(midiFile + ": not a standard MIDI file (" + e.getMessage() + ")", e);
        }
        return render(seq, output, options);
    }

    /** As {@link #render(Path, Path, Options)}, but {@code output} must be a new file: an existing one is kept. */
    public static Result renderNew(Path midiFile, Path output, Options options) throws IOException {
        Sequence seq;
        try {
            seq = MidiSystem.getSequence(midiFile.toFile());
        } catch (InvalidMidiDataException e) {
            throw new BadInputException(midiFile + ": not a standard MIDI file (" + e.getMessage() + ")", e);
        }
        return write(open(seq, options), output, System.nanoTime(), false);
    }

    public static Result render(byte[] midi, Path output, Options options) throws IOException {
        return render(parse(midi), output, options);
    }

    /** Renders a sequence and writes the WAV atomically: the output appears only when complete. */
    public static Result render(Sequence seq, Path output, Options options) throws IOException {
        long t0 = System.nanoTime();
        return write(open(seq, options), output, t0, true);
    }

    /** Writes (and closes) rendered audio as a WAV file; {@code t0} is when rendering began, for the speed. */
    static Result write(AudioInputStream audio, Path output, long t0) throws IOException {
        return write(audio, output, t0, true);
    }

    private static Result write(AudioInputStream audio, Path output, long t0, boolean replace) throws IOException {
        try (audio; AtomicOutput out = AtomicOutput.open(output)) {
            OutputStream buffered = new BufferedOutputStream(out.stream(), 1 << 16);
            AudioSystem.write(audio, AudioFileFormat.Type.WAVE, buffered);
            buffered.flush();
            if (replace) {
                out.commit();
            } else {
                out.commitNew();
            }
            return new Result(output, audio.getFrameLength(), audio.getFormat().getSampleRate(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** True when this JVM lets us open Gervill offline (and so honour --soundfont). */
    public static boolean offlineSynthesizerAvailable() {
        return Synthesizer.class.getModule().isExported(GERVILL, WavRenderer.class.getModule());
    }

    /**
     * The rendered audio as a stream of 16-bit little-endian stereo frames of known length; it owns a
     * synthesizer, so close it.
     */
    public static AudioInputStream open(Sequence seq, Options options) throws IOException {
        if (offlineSynthesizerAvailable()) {
            return renderOffline(seq, options);
        }
        if (options.soundfont() != null) {
            throw new BadSettingException("soundfont", "{soundfont} needs the JVM option " + EXPORT_FLAG);
        }
        return renderWithFileReader(seq, options);
    }

    static AudioFormat format(float sampleRate) {
        return new AudioFormat(sampleRate, 16, 2, true, false);
    }

    /** Gervill opened as a stream: every event is queued with its timestamp, then the stream is read. */
    static AudioInputStream renderOffline(Sequence seq, Options options) throws IOException {
        Soundbank soundbank = options.soundfont() == null ? null : loadSoundbank(options.soundfont());
        MidiTimeline timeline = MidiTimeline.of(seq);
        Synthesizer synth = newSoftSynthesizer();
        Map<String, Object> info = new HashMap<>();
        // A user soundfont replaces the default one, so skip building Gervill's fallback bank (seconds of work);
        // programs missing from the soundfont fall back to its program 0.
        info.put("load default soundbank", soundbank == null);
        AudioFormat format = format(options.sampleRate());
        AudioInputStream stream = openStream(synth, format, info);
        boolean ok = false;
        try {
            if (soundbank != null && !synth.loadAllInstruments(soundbank)) {
                throw new BadSettingException("soundfont", "{soundfont} " + options.soundfont()
                        + ": no instruments could be loaded");
            }
            Receiver receiver = synth.getReceiver();
            for (MidiTimeline.Timed e : timeline.events()) {
                if (e.message() instanceof ShortMessage || e.message() instanceof SysexMessage) {
                    receiver.send(e.message(), e.micros());
                }
            }
            long frames = (long) Math.ceil((timeline.lengthMicros() / 1e6 + options.tailSeconds())
                    * options.sampleRate());
            ok = true;
            return new AudioInputStream(new ClosingStream(stream, synth), format, frames);
        } catch (MidiUnavailableException e) {
            throw new IllegalStateException("software synthesizer has no receiver: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                synth.close();
            }
        }
    }

    /**
     * The JDK's registered MIDI audio file reader (Gervill, default soundbank, 44.1 kHz), resampled to the
     * requested rate. Public API only; used when the export flag is missing. The reader renders at least 3 s
     * past the last event, so the tail is capped there.
     */
    static AudioInputStream renderWithFileReader(Sequence seq, Options options) throws IOException {
        ByteArrayOutputStream midi = new ByteArrayOutputStream();
        int[] types = MidiSystem.getMidiFileTypes(seq);
        MidiSystem.write(seq, types[types.length - 1], midi);
        AudioInputStream audio;
        try {
            audio = AudioSystem.getAudioInputStream(new ByteArrayInputStream(midi.toByteArray()));
        } catch (UnsupportedAudioFileException e) {
            throw new IllegalStateException("this JDK has no MIDI-to-audio reader; run with " + EXPORT_FLAG, e);
        }
        AudioFormat target = format(options.sampleRate());
        AudioInputStream converted = audio.getFormat().matches(target) ? audio
                : AudioSystem.getAudioInputStream(target, audio);
        // Resampling loses the frame count, and a WAV header needs it up front.
        double seconds = MidiTimeline.of(seq).lengthMicros() / 1e6 + Math.min(options.tailSeconds(), 2.5);
        return new AudioInputStream(converted, target, (long) Math.ceil(seconds * options.sampleRate()));
    }

    static Sequence parse(byte[] midi) throws IOException {
        try {
            return MidiSystem.getSequence(new ByteArrayInputStream(midi));
        } catch (InvalidMidiDataException e) {
            throw new BadInputException("not a standard MIDI file (" + e.getMessage() + ")", e);
        }
    }

    private static Soundbank loadSoundbank(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadSettingException("soundfont", "{soundfont} " + file + ": no such file");
        }
        try {
            return MidiSystem.getSoundbank(file.toFile());
        } catch (InvalidMidiDataException | IOException | RuntimeException e) {
            // Gervill's parsers throw RuntimeExceptions on some truncated files, not just the declared ones.
            throw new BadSettingException("soundfont", "{soundfont} " + file + ": not a readable SF2 or DLS soundfont ("
                    + e.getMessage() + ")", e);
        }
    }

    private static Synthesizer newSoftSynthesizer() {
        try {
            return (Synthesizer) Class.forName(GERVILL + ".SoftSynthesizer").getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the JDK's software synthesizer is not available: " + e, e);
        }
    }

    private static AudioInputStream openStream(Synthesizer synth, AudioFormat format, Map<String, Object> info) {
        try {
            Method open = Class.forName(GERVILL + ".AudioSynthesizer")
                    .getMethod("openStream", AudioFormat.class, Map.class);
            return (AudioInputStream) open.invoke(synth, format, info);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot open the software synthesizer: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach Gervill's openStream; run with " + EXPORT_FLAG, e);
        }
    }

    /** Closes the synthesizer together with its stream, so callers handle one resource. */
    private static final class ClosingStream extends java.io.FilterInputStream {
        private final Synthesizer synth;

        ClosingStream(AudioInputStream in, Synthesizer synth) {
            super(in);
            this.synth = synth;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                synth.close();
            }
        }
    }
}
