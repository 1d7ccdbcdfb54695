package org.magentajava.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.melody.Melody;
import org.magentajava.midi.MidiIo;
import org.magentajava.proto.NoteSequence;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class GeneratedMidiTest {

    @Test
    void markerRoundTripsAndIsInvisibleToTheNoteSequenceReader(@TempDir Path dir) throws IOException {
        NoteSequence ns = Melody.of(60, -2, 62, -2, 64, -2, -1, -2, 67, -2, 69, 71).toSequence(100, 0, 0, 0.0, 90);
        Path marked = dir.resolve("marked.mid");
        Path plain = dir.resolve("plain.mid");
        GeneratedMidi.write(ns, 8 * 60.0 / 90 / 4, marked);
        MidiIo.write(ns, plain);
        // 90 qpm is stored as a whole number of microseconds per quarter (666666), hence the tolerance.
        assertEquals(8 * 60.0 / 90 / 4, GeneratedMidi.generatedStart(marked, MidiIo.read(marked)).orElseThrow(), 1e-5);
        assertEquals(MidiIo.read(plain).getNotesList(), MidiIo.read(marked).getNotesList());
        assertFalse(GeneratedMidi.generatedStart(plain, MidiIo.read(plain)).isPresent());
    }

    @Test
    void tickConversionFollowsTempoChanges() {
        NoteSequence ns = NoteSequence.newBuilder()
                .addTempos(NoteSequence.Tempo.newBuilder().setTime(0).setQpm(120))
                .addTempos(NoteSequence.Tempo.newBuilder().setTime(2.0).setQpm(60)).build();
        // 2 s at 120 qpm = 4 quarters = 880 ticks at 220 PPQ; then 1 s at 60 qpm = 1 quarter = 220 ticks.
        assertEquals(1100, GeneratedMidi.secondsToTick(ns, 220, 3.0));
        assertEquals(3.0, GeneratedMidi.tickToSeconds(ns, 220, 1100), 1e-12);
        assertEquals(1.0, GeneratedMidi.tickToSeconds(ns, 220, 440), 1e-12);
    }
}
