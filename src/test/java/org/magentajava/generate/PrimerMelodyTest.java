package org.magentajava.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.magentajava.io.BadInputException;

class PrimerMelodyTest {
    private static final int[] TWINKLE = {60, -2, 60, -2, 67, -2, 67, -2};

    @ParameterizedTest
    @ValueSource(strings = {
        "[60, -2, 60, -2, 67, -2, 67, -2]",
        "[60,-2,60,-2,67,-2,67,-2]",
        "60, -2, 60, -2, 67, -2, 67, -2",
        "  [ 60 ,\t-2 ,\n60, -2, 67, -2, 67, -2 ]  ",
        "[60, -2, 60, -2, 67, -2, 67, -2,]",
        "[60, -2, 60, -2, 67, -2, 67, -2 , ]",
        "\u201C[60, -2, 60, -2, 67, -2, 67, -2]\u201D",   // “…” from a word processor
        "\u2018[60, -2, 60, -2, 67, -2, 67, -2]\u2019",   // ‘…’
        "\"[60, -2, 60, -2, 67, -2, 67, -2]\"",
        "'[60, -2, 60, -2, 67, -2, 67, -2]'",
        "[60, \u22122, 60, \u22122, 67, \u22122, 67, \u22122]", // Unicode minus
        "[60, \u20132, 60, -2, 67, -2, 67, -2]",              // en dash
        "[+60,\u00A0-2, 60, -2, 67, -2, 67, -2]",             // explicit plus, non-breaking space
        "[060, -2, 60, -2, 67, -2, 67, -2]",
    })
    void acceptsTheListInCommonSpellings(String value) {
        assertArrayEquals(TWINKLE, PrimerMelody.parse(value));
    }

    @Test
    void singleEventsAndExtremes() {
        assertArrayEquals(new int[] {60}, PrimerMelody.parse("60"));
        assertArrayEquals(new int[] {0, 127, -1}, PrimerMelody.parse("[0, 127, -1]"));
    }

    @Test
    void leadingNoteOffsBecomeNoEvents() {
        // As note_seq's Melody constructor: nothing sounds before the first note, so there is nothing to end.
        assertArrayEquals(new int[] {-2, -2, -2, 60, -1, -1}, PrimerMelody.parse("[-1, -2, -1, 60, -1, -1]"));
        assertArrayEquals(new int[] {-2, -2}, PrimerMelody.parse("[-1, -1]"));
    }

    @Test
    void badTokenIsNamedWithItsPosition() {
        BadInputException e = assertThrows(BadInputException.class, () -> PrimerMelody.parse("[60, 6x, -2]"));
        assertTrue(e.getMessage().contains("\"6x\" at character 6 is not an integer"), e.getMessage());
        assertTrue(e.getMessage().contains("[60, -2, 60, -2, 67, -2, 67, -2]"), "shows the expected form");
        assertMessage("\"60.5\" at character 2 is not an integer", "[60.5, -2]");
        assertMessage("\"C4\" at character 5 is not an integer", "60, C4");
        assertMessage("\"-\" at character 6 is not an integer", "[60, - 2]");
        assertMessage("\"--2\" at character 6 is not an integer", "[60, --2]");
    }

    @Test
    void outOfRangeValuesAreRejected() {
        assertMessage("\"128\" at character 6 is out of range", "[60, 128]");
        assertMessage("\"-3\" at character 2 is out of range", "[-3, 60]");
        assertMessage("\"99999999999999999999…\" at character 1 is out of range", "99999999999999999999999");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[]", "[ ]", "''", "\u201C[]\u201D", ","})
    void emptyValuesAreRejected(String value) {
        BadInputException e = assertThrows(BadInputException.class, () -> PrimerMelody.parse(value));
        assertTrue(e.getMessage().matches("primer melody( is empty| has no events|: empty element).*"),
                e.getMessage());
    }

    @Test
    void spacesAloneSeparateEventsWithoutCommasOrBrackets() {
        assertArrayEquals(new int[] {60, -2, 62}, PrimerMelody.parse("60 -2 62"));
        assertArrayEquals(new int[] {60, -2, 62}, PrimerMelody.parse("  60\u00A0 -2\t62 "));
        assertArrayEquals(new int[] {67, 64, 60}, PrimerMelody.parsePitches("67 64 60"));
        // with brackets it would be Python for [58]: still refused
        assertMessage("expected ',' before \"-2\" at character 5", "[60 -2]");
        // mixing commas and spaces as separators stays an error
        assertMessage("expected ',' before \"62\" at character 8", "60, -2 62");
    }

    @Test
    void structuralMistakesAreRejected() {
        assertMessage("nested or misplaced bracket '[' at character 2", "[[60, -2]]");
        assertMessage("nested or misplaced bracket '[' at character 6", "[60, [62], -2]");
        assertMessage("expected ',' before \"-2\" at character 5", "[60 -2]");
        assertMessage("empty element at character 5", "[60,,62]");
        assertMessage("empty element at character 2", "[,60]");
        assertMessage("'[' at character 1 has no closing bracket", "[60, -2");
        assertMessage("']' at character 7 has no opening bracket", "60, -2]");
        assertMessage("'\"' at character 1 has no closing quote", "\"[60, -2]");
        assertMessage("\"(60\" at character 1 is not an integer", "(60, -2)");
    }

    @Test
    void messagesStayOnOneLine() {
        BadInputException e = assertThrows(BadInputException.class, () -> PrimerMelody.parse("[60, 6\u0007x]"));
        assertFalse(e.getMessage().contains("\u0007"));
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void hugeInputsFailFast() {
        String megabyte = "60, ".repeat(262_144);
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            BadInputException e = assertThrows(BadInputException.class, () -> PrimerMelody.parse(megabyte));
            assertEquals("primer melody is 1048576 characters long; at most 100000 are accepted", e.getMessage());
            assertThrows(BadInputException.class, () -> PrimerMelody.parse("[".repeat(1 << 20)));
        });
    }

    @Test
    void longValidInputsParseInLinearTime() {
        String value = "[" + "60, -2, ".repeat(12_000) + "]"; // 96,002 characters, 24,000 events
        int[] events = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> PrimerMelody.parse(value));
        assertEquals(24_000, events.length);
        assertEquals(-2, events[23_999]);
        // Garbage at the very end of a long value is still found and located.
        assertMessage("\"x\" at character 96002", "[" + "60, -2, ".repeat(12_000) + "x]");
    }

    private static void assertMessage(String expected, String value) {
        BadInputException e = assertThrows(BadInputException.class, () -> PrimerMelody.parse(value));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
