package org.magentajava.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.io.BadInputException;

class WavRendererTest {
    // -60 dBFS is inaudible at normal listening levels; -40 dBFS is a clearly sounding note.
    private static final double SILENT = 1e-3;
    private static final double SOUNDING = 1e-2;

    @TempDir
    Path dir;

    @Test
    void soundsWhereNotesPlayAndIsSilentElsewhere() throws Exception {
        assertTrue(WavRenderer.offlineSynthesizerAvailable(), "surefire must run with " + WavRenderer.EXPORT_FLAG);
        Path wav = dir.resolve("two.wav");
        WavRenderer.Result r = WavRenderer.render(TestMidi.twoNotes(0), wav, WavRenderer.Options.defaults());
        System.out.printf("rendered %.1f s of audio in %.2f s: %.1fx real time%n", r.audioSeconds(),
                r.renderSeconds(), r.speed());
        TestMidi.Pcm pcm = TestMidi.read(wav);
        assertEquals(2, pcm.channels());
        assertEquals(44_100f, pcm.sampleRate());
        // Last event at 6.0 s plus the 2 s tail.
        assertEquals(8.0, pcm.seconds(), 1.0 / 44_100 + 1e-9);
        assertEquals(r.frames(), pcm.samples().length);
        System.out.printf("rms: before %.2e, C4 %.2e, gap %.2e, E4 %.2e%n", pcm.rms(0, 0.45), pcm.rms(0.6, 1.4),
                pcm.rms(3.5, 4.9), pcm.rms(5.1, 5.9));
        assertTrue(pcm.rms(0, 0.45) < SILENT, "silent before the first note");
        assertTrue(pcm.rms(0.6, 1.4) > SOUNDING, "C4 sounds");
        assertTrue(pcm.rms(3.5, 4.9) < SILENT, "silent between the notes, after the tempo change");
        assertTrue(pcm.rms(5.1, 5.9) > SOUNDING, "E4 sounds at 5 s, on the new tempo");
    }

    @Test
    void rendersFasterThanRealTime() throws Exception {
        WavRenderer.render(TestMidi.twoNotes(0), dir.resolve("warmup.wav"), WavRenderer.Options.defaults());
        WavRenderer.Result r = WavRenderer.render(TestMidi.busyMinute(), dir.resolve("minute.wav"),
                WavRenderer.Options.defaults());
        System.out.printf("bench: %.1f s of busy 44.1 kHz stereo audio in %.2f s = %.1fx real time%n",
                r.audioSeconds(), r.renderSeconds(), r.speed());
        assertEquals(62.0, r.audioSeconds(), 0.01);
        assertTrue(r.speed() > 1.0, "slower than real time: " + r.speed());
        assertTrue(TestMidi.read(r.output()).rms(10, 50) > SOUNDING);
    }

    @Test
    void honoursSampleRateAndMidiBytes() throws Exception {
        ByteArrayOutputStream midi = new ByteArrayOutputStream();
        MidiSystem.write(TestMidi.twoNotes(0), 1, midi);
        Path wav = dir.resolve("22k.wav");
        WavRenderer.render(midi.toByteArray(), wav, WavRenderer.Options.defaults().withSampleRate(22_050)
                .withTailSeconds(0.5));
        TestMidi.Pcm pcm = TestMidi.read(wav);
        assertEquals(22_050f, pcm.sampleRate());
        assertEquals(6.5, pcm.seconds(), 1.0 / 22_050 + 1e-9);
        assertTrue(pcm.rms(5.1, 5.9) > SOUNDING);
    }

    @Test
    void usesTheGivenSoundfont() throws Exception {
        Path sf2 = dir.resolve("sine.sf2");
        TestMidi.writeSineSoundfont(sf2);
        Path wav = dir.resolve("sine.wav");
        // Program 0 in a one-preset soundfont; any program would fall back to it.
        WavRenderer.render(TestMidi.twoNotes(0), wav, WavRenderer.Options.defaults().withSoundfont(sf2));
        TestMidi.Pcm pcm = TestMidi.read(wav);
        assertTrue(pcm.rms(0.6, 1.4) > SOUNDING);
        assertTrue(pcm.rms(3.5, 4.9) < SILENT);
        // C4 through a 1000 Hz sample keyed at C4: about 2000 zero crossings a second (a piano C4: ~523).
        double crossings = pcm.crossingsPerSecond(0.7, 1.3);
        assertEquals(2000, crossings, 100, "zero crossings per second " + crossings);
    }

    @Test
    void badSoundfontIsABadInputNamingTheFile() throws Exception {
        Path bogus = dir.resolve("bogus.sf2");
        Files.writeString(bogus, "this is not a soundfont");
        Path wav = dir.resolve("out.wav");
        Sequence seq = TestMidi.twoNotes(0);
        BadInputException e = assertThrows(BadInputException.class,
                () -> WavRenderer.render(seq, wav, WavRenderer.Options.defaults().withSoundfont(bogus)));
        assertTrue(e.getMessage().contains("bogus.sf2"), e.getMessage());
        BadInputException missing = assertThrows(BadInputException.class, () -> WavRenderer.render(seq, wav,
                WavRenderer.Options.defaults().withSoundfont(dir.resolve("missing.sf2"))));
        assertTrue(missing.getMessage().contains("missing.sf2"));
        assertFalse(Files.exists(wav));
    }

    @Test
    void notMidiIsABadInput() throws Exception {
        Path notMidi = dir.resolve("song.mid");
        Files.writeString(notMidi, "hello");
        BadInputException e = assertThrows(BadInputException.class,
                () -> WavRenderer.render(notMidi, dir.resolve("x.wav"), WavRenderer.Options.defaults()));
        assertTrue(e.getMessage().contains("song.mid"));
        assertThrows(BadInputException.class, () -> WavRenderer.Options.defaults().withSampleRate(100));
    }

    @Test
    void publicApiFallbackRendersTheSameNotes() throws Exception {
        // The path taken when the JVM lacks the export flag: the JDK's MIDI audio file reader, resampled.
        WavRenderer.Options opt = WavRenderer.Options.defaults().withSampleRate(22_050);
        Path wav = dir.resolve("fallback.wav");
        WavRenderer.Result r = WavRenderer.write(WavRenderer.renderWithFileReader(TestMidi.twoNotes(0), opt), wav,
                System.nanoTime());
        TestMidi.Pcm pcm = TestMidi.read(wav);
        assertEquals(22_050f, pcm.sampleRate());
        assertEquals(r.frames(), pcm.samples().length);
        assertEquals(8.0, pcm.seconds(), 1.0 / 22_050 + 1e-9);
        assertTrue(pcm.rms(0.6, 1.4) > SOUNDING);
        assertTrue(pcm.rms(3.5, 4.9) < SILENT);
        assertTrue(pcm.rms(5.1, 5.9) > SOUNDING);
    }
}
