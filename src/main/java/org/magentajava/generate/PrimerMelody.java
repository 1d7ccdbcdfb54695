package org.magentajava.generate;

import java.util.Arrays;
import org.magentajava.io.BadSettingException;

/**
 * Parses a primer melody (the CLI's {@code --primer_melody}), e.g. {@code "[60, -2, 60, -2, 67, -2, 67, -2]"}.
 *
 * <p>Magenta evaluates the value as a Python literal. We accept exactly the lists of integers it accepts,
 * plus what copying from documents and shells produces: no brackets, one pair of straight or curly quotes
 * around the whole value, the Unicode minus (−) or an en dash (–) for '-', non-breaking spaces and a trailing
 * comma, and spaces alone between elements when the value has neither commas nor brackets ({@code "60 -2 62"}).
 * Everything else is rejected with the offending token and its 1-based character position. In brackets, elements
 * must be separated by commas: Python reads {@code [60 -2]} as {@code [58]}, so we refuse to guess.
 *
 * <p>The scan is one linear pass over at most {@value #MAX_CHARS} characters.
 */
public final class PrimerMelody {
    /** Longer values are refused before scanning: 100,000 characters is over 20,000 events. */
    public static final int MAX_CHARS = 100_000;

    private static final String MELODY_FIELD = "primer melody";
    private static final String MELODY_EXPECTED =
            "expected comma-separated integers -2..127 such as \"[60, -2, 60, -2, 67, -2, 67, -2]\"";
    private static final String PITCHES_FIELD = "primer pitches";
    private static final String PITCHES_EXPECTED =
            "expected comma-separated MIDI pitches 0..127 such as \"[67, 64, 60]\"";
    private static final String QUOTES = "\"'\u201C\u201D\u2018\u2019";
    private static final String MINUSES = "-\u2212\u2013";

    private final String text;
    private final String field;
    private final String expected;
    private final int min;
    private int pos;

    private PrimerMelody(String text, String field, String expected, int min) {
        this.text = text;
        this.field = field;
        this.expected = expected;
        this.min = min;
    }

    /**
     * The melody events, with NOTE_OFF events before the first note turned into NO_EVENT as note_seq's
     * Melody constructor does.
     *
     * @throws BadSettingException naming the offending token, its position and the expected form
     */
    public static int[] parse(String value) {
        return MelodyEvents.withoutLeadingNoteOffs(parse(value, MELODY_FIELD, MELODY_EXPECTED, MelodyEvents.MIN_EVENT));
    }

    /**
     * polyphony_rnn's {@code --primer_pitches}: a list of MIDI pitches 0..127 (the primer chord), in the same
     * syntax as {@code --primer_melody}.
     *
     * @throws BadSettingException naming the offending token, its position and the expected form
     */
    public static int[] parsePitches(String value) {
        return parse(value, PITCHES_FIELD, PITCHES_EXPECTED, 0);
    }

    private static int[] parse(String value, String field, String expected, int min) {
        if (value == null || value.isBlank()) {
            throw new BadSettingException(field, "{" + field + "} is empty; " + expected);
        }
        if (value.length() > MAX_CHARS) {
            throw new BadSettingException(field, "{" + field + "} is " + value.length()
                    + " characters long; at most " + MAX_CHARS + " are accepted");
        }
        return new PrimerMelody(value, field, expected, min).events();
    }

    private int[] events() {
        int end = text.length();
        pos = skipSpace(0, end);
        end = trimEnd(pos, end);
        end = stripPair(end, QUOTES, QUOTES, "quote");
        end = stripPair(end, "[", "]", "bracket");

        // "60 -2 62" (no commas, no brackets) is not Python, so it cannot mean anything else: spaces separate.
        // With brackets, [60 -2] is Python for [58], so there commas stay required.
        boolean spaceSeparated = text.indexOf(',') < 0 && text.indexOf('[') < 0 && text.indexOf(']') < 0;
        int[] events = new int[16];
        int count = 0;
        while (true) {
            pos = skipSpace(pos, end);
            if (pos == end) {
                break; // after the last element, or after a trailing comma
            }
            if (count == events.length) {
                events = Arrays.copyOf(events, count * 2);
            }
            events[count++] = event(end);
            int afterEvent = pos;
            pos = skipSpace(pos, end);
            if (pos == end) {
                break;
            }
            if (spaceSeparated && pos > afterEvent) {
                continue;
            }
            if (text.charAt(pos) != ',') {
                throw bad("expected ',' before " + token(pos, end));
            }
            pos++;
        }
        if (count == 0) {
            throw new BadSettingException(field, "{" + field + "} has no events; " + expected);
        }
        return Arrays.copyOf(events, count);
    }

    /** Removes one opening character at pos and its closing partner before end; both or neither. */
    private int stripPair(int end, String openers, String closers, String what) {
        boolean opens = pos < end && openers.indexOf(text.charAt(pos)) >= 0;
        boolean closes = end > pos + (opens ? 1 : 0) && closers.indexOf(text.charAt(end - 1)) >= 0;
        if (opens && closes) {
            pos = skipSpace(pos + 1, end - 1);
            return trimEnd(pos, end - 1);
        }
        if (opens) {
            throw bad(quoted(text.charAt(pos)) + " at character " + (pos + 1) + " has no closing " + what);
        }
        if (closes) {
            throw bad(quoted(text.charAt(end - 1)) + " at character " + end + " has no opening " + what);
        }
        return end;
    }

    /** One integer element starting at pos; advances pos past it. */
    private int event(int end) {
        int start = pos;
        char first = text.charAt(pos);
        if (first == ',') {
            throw bad("empty element at character " + (pos + 1));
        }
        if (first == '[' || first == ']') {
            throw bad("nested or misplaced bracket " + quoted(first) + " at character " + (pos + 1));
        }
        int tokenEnd = start;
        while (tokenEnd < end && text.charAt(tokenEnd) != ',' && !isSpace(text.charAt(tokenEnd))) {
            tokenEnd++;
        }
        int i = start;
        boolean negative = false;
        if (MINUSES.indexOf(text.charAt(i)) >= 0 || text.charAt(i) == '+') {
            negative = text.charAt(i) != '+';
            i++;
        }
        if (i == tokenEnd) {
            throw bad(token(start, end) + " is not an integer");
        }
        long magnitude = 0;
        for (; i < tokenEnd; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(token(start, end) + " is not an integer");
            }
            magnitude = Math.min(magnitude * 10 + (c - '0'), 1_000_000); // bounded: only the range matters
        }
        long value = negative ? -magnitude : magnitude;
        if (value < min || value > MelodyEvents.MAX_EVENT) {
            throw new BadSettingException(field, "{" + field + "}: " + token(start, end) + " is out of range; "
                    + (min < 0 ? "events are -2 (no event), -1 (note off) or a MIDI pitch 0..127"
                            : "pitches are 0..127"));
        }
        pos = tokenEnd;
        return (int) value;
    }

    /** The token starting at {@code start}, shown with its position, at most 20 characters. */
    private String token(int start, int end) {
        int tokenEnd = start + 1;
        while (tokenEnd < end && tokenEnd - start < 20 && text.charAt(tokenEnd) != ','
                && !isSpace(text.charAt(tokenEnd))) {
            tokenEnd++;
        }
        String shown = text.substring(start, tokenEnd).replaceAll("\\p{Cntrl}", "?");
        boolean cut = tokenEnd < end && text.charAt(tokenEnd) != ',' && !isSpace(text.charAt(tokenEnd));
        String more = cut ? "…" : "";
        return "\"" + shown + more + "\" at character " + (start + 1);
    }

    private static String quoted(char c) {
        return Character.isISOControl(c) ? "'?'" : "'" + c + "'";
    }

    private BadSettingException bad(String problem) {
        return new BadSettingException(field, "{" + field + "}: " + problem + "; " + expected);
    }

    private int skipSpace(int from, int end) {
        while (from < end && isSpace(text.charAt(from))) {
            from++;
        }
        return from;
    }

    private int trimEnd(int start, int end) {
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
