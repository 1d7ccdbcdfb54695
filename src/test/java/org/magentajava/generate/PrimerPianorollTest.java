package org.magentajava.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.magentajava.io.BadSettingException;

class PrimerPianorollTest {
    @Test
    void readsMagentasExample() {
        List<int[]> steps = PrimerPianoroll.parse("[(55,), (54,), (55, 52), (50,), (62, 52), (), (63, 55)]");
        assertEquals(7, steps.size());
        assertArrayEquals(new int[] {55}, steps.get(0));
        assertArrayEquals(new int[] {55, 52}, steps.get(2));
        assertArrayEquals(new int[0], steps.get(5));
        assertArrayEquals(new int[] {63, 55}, steps.get(6));
    }

    @Test
    void acceptsListsSpacesAndMissingOuterBrackets() {
        List<int[]> steps = PrimerPianoroll.parse("  ([60, 64], (67), () ,)  ".strip().substring(1,
                "  ([60, 64], (67), () ,)  ".strip().length() - 1));
        assertEquals(3, steps.size());
        assertArrayEquals(new int[] {60, 64}, steps.get(0));
        assertArrayEquals(new int[] {67}, steps.get(1));
        assertArrayEquals(new int[0], steps.get(2));
        assertEquals(2, PrimerPianoroll.parse("[ [60,60], [] ]").size());
        assertArrayEquals(new int[] {60}, PrimerPianoroll.parse("[ [60,60], [] ]").get(0));
    }

    @Test
    void badTextNamesThePosition() {
        assertEquals("primer pianoroll: 'x' at position 11 where ',' or ')' after a pitch belongs; expected a list "
                + "of pitch tuples, one per step, e.g. \"[(60, 64, 67), (), (62,)]\"",
                assertThrows(BadSettingException.class, () -> PrimerPianoroll.parse("[(55,), (5x)]")).getMessage());
        for (String bad : List.of("", "[]", "[(55,)", "[(128,)]", "[(55,) (56,)]", "[(-1,)]", "[(55,),,]")) {
            BadSettingException e = assertThrows(BadSettingException.class, () -> PrimerPianoroll.parse(bad), bad);
            assertEquals(List.of("primer pianoroll"), e.fields(), bad);
        }
    }
}
