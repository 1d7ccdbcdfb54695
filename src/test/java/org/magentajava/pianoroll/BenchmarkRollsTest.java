package org.magentajava.pianoroll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magentajava.io.BadInputException;
import org.magentajava.proto.NoteSequence;

class BenchmarkRollsTest {
    /**
     * Frames {60 64 67} {60 64} {62} {} at 120 qpm (a quarter note is 0.5 s): 60 and 64 held over two frames are
     * one note each, 0-1 s; 67 is 0-0.5 s; 62 is 1-1.5 s; the silent last frame still counts in the length.
     */
    @Test
    void framesBecomeQuarterNotesWithHeldKeysMerged() {
        NoteSequence ns = BenchmarkRolls.toNoteSequence(
                List.of(new int[] {60, 64, 67}, new int[] {60, 64}, new int[] {62}, new int[0]), 120, "train/0");
        assertEquals("train/0", ns.getId());
        assertEquals(120, ns.getTempos(0).getQpm());
        assertEquals(2.0, ns.getTotalTime());
        String notes = ns.getNotesList().stream()
                .map(n -> n.getPitch() + "@" + n.getStartTime() + "-" + n.getEndTime()).toList().toString();
        assertEquals("[60@0.0-1.0, 64@0.0-1.0, 67@0.0-0.5, 62@1.0-1.5]", notes);
    }

    @Test
    void splitsKeepTheirOrderAndPieces() {
        Map<String, List<List<int[]>>> s = BenchmarkRolls.splits(Map.of("test", List.of(List.of(List.of(40L, 41L)))));
        assertEquals(List.of("test"), List.copyOf(s.keySet()));
        assertArrayEquals(new int[] {40, 41}, s.get("test").get(0).get(0));
    }

    @Test
    void anythingElseIsNamedByPlace() {
        BadInputException pitch = assertThrows(BadInputException.class, () -> BenchmarkRolls.splits(
                Map.of("train", List.of(List.of(List.of(60L), List.of(130L))))));
        assertEquals("split train piece 0 frame 1: pitch 130 is not a MIDI pitch 0..127", pitch.getMessage());
        BadInputException notDict = assertThrows(BadInputException.class, () -> BenchmarkRolls.splits(List.of()));
        assertEquals("expected a dict of splits (train, valid, test), found a list", notDict.getMessage());
        BadInputException frame = assertThrows(BadInputException.class, () -> BenchmarkRolls.splits(
                Map.of("valid", List.of(List.of(60L)))));
        assertEquals("split valid piece 0 frame 0: expected a tuple of pitches, found a number", frame.getMessage());
    }
}
