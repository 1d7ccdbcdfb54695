package org.magentajava.generate;

import java.util.ArrayList;
import java.util.List;
import org.magentajava.io.BadSettingException;

/**
 * pianoroll_rnn_nade_generate's {@code --primer_pianoroll}: a Python list of tuples of MIDI pitches, one tuple per
 * step, e.g. {@code "[(55,), (54,), (55, 53), (), (62, 52)]"} ({@code ()} is a silent step). Parsed by hand, not
 * evaluated: tuples may also be written as lists ({@code [55, 53]}), a one-pitch tuple without its comma
 * ({@code (55)}), and the outer brackets may be left out. A bad character is an error with its position.
 */
public final class PrimerPianoroll {
    static final String FIELD = "primer pianoroll";
    private static final String EXPECTED = "expected a list of pitch tuples, one per step, e.g. "
            + "\"[(60, 64, 67), (), (62,)]\"";
    private static final int MAX_CHARS = 1 << 20;

    private final String text;
    private int pos;

    private PrimerPianoroll(String text) {
        this.text = text;
    }

    /**
     * The steps' pitches in order (each sorted as written, duplicates kept out).
     *
     * @throws BadSettingException naming the field "primer pianoroll", the position and what was expected
     */
    public static List<int[]> parse(String value) {
        if (value == null || value.isBlank()) {
            throw new BadSettingException(FIELD, "{" + FIELD + "} is empty; " + EXPECTED);
        }
        if (value.length() > MAX_CHARS) {
            throw new BadSettingException(FIELD, "{" + FIELD + "} is " + value.length()
                    + " characters long; at most " + MAX_CHARS + " are accepted");
        }
        return new PrimerPianoroll(value.strip()).steps();
    }

    private List<int[]> steps() {
        int end = text.length();
        boolean outer = text.startsWith("[") && (text.length() < 2 || text.charAt(skip(1)) == '('
                || text.charAt(skip(1)) == '[' || text.charAt(skip(1)) == ']');
        if (outer) {
            if (!text.endsWith("]")) throw bad(end, "a closing ']'");
            pos = 1;
            end--;
        }
        List<int[]> steps = new ArrayList<>();
        while (true) {
            pos = skip(pos);
            if (pos >= end) break;
            steps.add(tuple(end));
            pos = skip(pos);
            if (pos >= end) break;
            if (text.charAt(pos) != ',') throw bad(pos, "',' between steps");
            pos++;
        }
        if (steps.isEmpty()) {
            throw new BadSettingException(FIELD, "{" + FIELD + "} has no steps; " + EXPECTED);
        }
        return steps;
    }

    /** One step: "(a, b, ...)" or "[a, b]" with an optional trailing comma. */
    private int[] tuple(int end) {
        char open = text.charAt(pos);
        if (open != '(' && open != '[') throw bad(pos, "'(' starting a step's pitches");
        char close = open == '(' ? ')' : ']';
        pos++;
        List<Integer> pitches = new ArrayList<>();
        while (true) {
            pos = skip(pos);
            if (pos >= end) throw bad(pos, "'" + close + "' closing the step");
            if (text.charAt(pos) == close) {
                pos++;
                break;
            }
            int pitch = number(end);
            if (!pitches.contains(pitch)) pitches.add(pitch);
            pos = skip(pos);
            if (pos < end && text.charAt(pos) == ',') {
                pos++;
            } else if (pos >= end || text.charAt(pos) != close) {
                throw bad(pos, "',' or '" + close + "' after a pitch");
            }
        }
        return pitches.stream().mapToInt(Integer::intValue).toArray();
    }

    private int number(int end) {
        int start = pos;
        while (pos < end && Character.isDigit(text.charAt(pos))) pos++;
        if (pos == start) throw bad(start, "a MIDI pitch 0..127");
        if (pos - start > 3) throw bad(start, "a MIDI pitch 0..127");
        int pitch = Integer.parseInt(text.substring(start, pos));
        if (pitch > 127) throw bad(start, "a MIDI pitch 0..127, not " + pitch);
        return pitch;
    }

    private int skip(int p) {
        while (p < text.length() && Character.isWhitespace(text.charAt(p))) p++;
        return p;
    }

    private BadSettingException bad(int at, String what) {
        String found = at >= text.length() ? "the end" : "'" + text.charAt(at) + "'";
        return new BadSettingException(FIELD, "{" + FIELD + "}: " + found + " at position " + (at + 1)
                + " where " + what + " belongs; " + EXPECTED);
    }
}
