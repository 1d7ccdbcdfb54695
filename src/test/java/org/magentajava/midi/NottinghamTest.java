package org.magentajava.midi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.magentajava.proto.NoteSequence;

/**
 * Real files from the shared Nottingham set (../shared/data/nottingham). Expected values were read off the
 * bytes (e.g. ashover1.mid: MThd 0001 0002 0400, first note 90 4C 5A after a delta of 0x9000 = 2048 ticks).
 */
class NottinghamTest {
    private static final Path DIR = Path.of("..", "shared", "data", "nottingham");
    private static final double EPS = 1e-9;

    private static void assertNote(NoteSequence.Note note, int instrument, int pitch, double start, double end) {
        assertEquals(instrument, note.getInstrument());
        assertEquals(pitch, note.getPitch());
        assertEquals(start, note.getStartTime(), EPS);
        assertEquals(end, note.getEndTime(), EPS);
        assertEquals(90, note.getVelocity());
        assertEquals(0, note.getProgram());
        assertFalse(note.getIsDrum());
    }

    @Test
    void ashover1MelodyAndChords() {
        NoteSequence ns = MidiIo.read(DIR.resolve("ashover1.mid"));
        assertEquals(1024, ns.getTicksPerQuarter());
        assertEquals(1, ns.getTemposCount());
        assertEquals(120.0, ns.getTempos(0).getQpm());
        assertEquals(9, ns.getTimeSignaturesCount());
        assertEquals(List.of(3, 2, 3), ns.getTimeSignaturesList().subList(0, 3).stream()
                .map(NoteSequence.TimeSignature::getNumerator).toList());
        assertEquals(10.5, ns.getTimeSignatures(1).getTime(), EPS);
        assertEquals(11.5, ns.getTimeSignatures(2).getTime(), EPS);
        assertEquals(4, ns.getTimeSignatures(0).getDenominator());
        assertEquals(1, ns.getKeySignaturesCount());
        assertEquals(NoteSequence.KeySignature.Key.G, ns.getKeySignatures(0).getKey());
        assertEquals(NoteSequence.KeySignature.Mode.MAJOR, ns.getKeySignatures(0).getMode());
        assertEquals(158, ns.getNotesCount());
        assertEquals(68, ns.getNotesList().stream().filter(n -> n.getInstrument() == 0).count());
        assertNote(ns.getNotes(0), 0, 76, 1.0, 1.5);
        assertNote(ns.getNotes(1), 0, 74, 1.5, 2.5);
        assertNote(ns.getNotes(2), 0, 71, 2.5, 3.0);
        assertNote(ns.getNotes(68), 1, 43, 1.5, 3.0); // the first chord: G2 B2 D3
        assertNote(ns.getNotes(69), 1, 47, 1.5, 3.0);
        assertNote(ns.getNotes(70), 1, 50, 1.5, 3.0);
        assertEquals(47.5, ns.getTotalTime(), EPS);
        // Each track opens with a centred pitch wheel, attached to the instrument its notes create.
        assertEquals(2, ns.getPitchBendsCount());
        assertEquals(List.of(0, 1), ns.getPitchBendsList().stream().map(NoteSequence.PitchBend::getInstrument).toList());
        assertEquals(0, ns.getPitchBends(1).getBend());
        assertEquals(0, ns.getControlChangesCount());
        assertEquals(0, ns.getInstrumentInfosCount()); // the track names are empty
    }

    @Test
    void waltzes1() {
        NoteSequence ns = MidiIo.read(DIR.resolve("waltzes1.mid"));
        assertEquals(1024, ns.getTicksPerQuarter());
        assertEquals(1, ns.getTimeSignaturesCount());
        assertEquals(3, ns.getTimeSignatures(0).getNumerator());
        assertEquals(430, ns.getNotesCount());
        assertEquals(186, ns.getNotesList().stream().filter(n -> n.getInstrument() == 0).count());
        assertNote(ns.getNotes(0), 0, 62, 1.0, 1.5);
        assertNote(ns.getNotes(1), 0, 67, 1.5, 2.25);
        assertNote(ns.getNotes(2), 0, 71, 2.25, 2.5);
        assertEquals(97.5, ns.getTotalTime(), EPS);
    }

    @Test
    void ashoverFilesRoundTrip() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(DIR)) {
            files = listing.filter(p -> p.getFileName().toString().startsWith("ashover")).sorted().toList();
        }
        assertEquals(41, files.size());
        for (Path file : files) {
            NoteSequence first = MidiIo.read(file);
            byte[] written = MidiIo.toBytes(first);
            NoteSequence second = MidiIo.fromBytes(written, file + " (written)");
            // Writing names every unnamed instrument above 0 after its program, as pretty_midi does.
            assertTrue(second.getInstrumentInfosList().stream()
                    .allMatch(i -> i.getInstrument() > 0 && i.getName().equals("Acoustic Grand Piano")), file.toString());
            Sequences.assertClose(first, second.toBuilder().clearInstrumentInfos().build(), 1e-6);
            // From the second generation on, nothing changes at all.
            byte[] rewritten = MidiIo.toBytes(second);
            assertArrayEquals(written, rewritten, file.toString());
            assertEquals(second, MidiIo.fromBytes(rewritten, file + " (rewritten)"), file.toString());
        }
    }
}
