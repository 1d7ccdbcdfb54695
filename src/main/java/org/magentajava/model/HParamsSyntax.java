package org.magentajava.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.magentajava.io.BadInputException;

/**
 * Magenta's hparams syntax, {@code "a=1,b=[64,64]"}: splitting into entries and reading values, shared by
 * {@link HParams} and the families with their own hparams records. Every problem is a {@link BadInputException}
 * naming the key and the text it got.
 */
public final class HParamsSyntax {
    /** Letters other than an exponent's: Java's "1d", "NaN" or hex floats are not Magenta numbers. */
    private static final Pattern NON_EXPONENT_LETTER = Pattern.compile(".*[a-zA-Z&&[^eE]].*");

    private HParamsSyntax() {
    }

    /**
     * Puts each "key=value" entry of {@code text} into {@code values} (later entries win; blank text changes
     * nothing). Commas inside brackets belong to the value; keys and values are stripped of white space.
     *
     * @param keys       the keys the record knows
     * @param ownerLabel appended to the unknown-key message, e.g. " for biaxial_rnn" (empty for none)
     */
    public static void apply(Map<String, String> values, List<String> keys, String ownerLabel, String text) {
        if (text == null || text.isBlank()) return;
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '[') depth++;
            else if (ch == ']') depth--;
            if (depth < 0) throw bad("unbalanced ']' in hparams: " + text);
            if (ch == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) throw bad("unbalanced '[' in hparams: " + text);
        parts.add(text.substring(start));
        for (String part : parts) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq <= 0) throw bad("hparams entry '" + p + "' is not key=value");
            String key = p.substring(0, eq).strip();
            if (!keys.contains(key)) {
                throw bad("unknown hparam '" + key + "'" + ownerLabel + "; valid keys: " + String.join(", ", keys));
            }
            values.put(key, p.substring(eq + 1).strip());
        }
    }

    public static int toInt(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad("hparam " + key + " needs an integer, got '" + v + "'");
        }
    }

    /**
     * A finite number.
     *
     * @param exponentLettersOnly whether letters other than an exponent's are refused (Java would read "1d" or
     *                            "0x1p3")
     */
    public static double toDouble(String key, String v, boolean exponentLettersOnly) {
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d) || exponentLettersOnly && NON_EXPONENT_LETTER.matcher(v).matches()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad("hparam " + key + " needs a number, got '" + v + "'");
        }
    }

    /** "true"/"1" or "false"/"0", in any case when {@code ignoreCase}. */
    public static boolean toBool(String key, String v, boolean ignoreCase) {
        return switch (ignoreCase ? v.toLowerCase() : v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw bad("hparam " + key + " needs true or false, got '" + v + "'");
        };
    }

    /**
     * A bracketed list of integers.
     *
     * @param example    the list the message shows, e.g. "[128,128]"
     * @param emptyAllowed whether "[]" reads as an empty list (else it is not a list of integers)
     */
    public static List<Integer> toIntList(String key, String v, String example, boolean emptyAllowed) {
        if (!v.startsWith("[") || !v.endsWith("]")) {
            throw bad("hparam " + key + " needs a list like " + example + ", got '" + v + "'");
        }
        String inner = v.substring(1, v.length() - 1).strip();
        List<Integer> out = new ArrayList<>();
        if (inner.isEmpty() && emptyAllowed) return out;
        for (String s : inner.split(",", -1)) {
            try {
                out.add(Integer.parseInt(s.strip()));
            } catch (NumberFormatException e) {
                throw bad("hparam " + key + " needs a list of integers, got '" + v + "'");
            }
        }
        return out;
    }

    /** A list as the syntax writes it: "[128,128]", no spaces. */
    public static String list(List<Integer> sizes) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < sizes.size(); i++) sb.append(i == 0 ? "" : ",").append(sizes.get(i));
        return sb.append(']').toString();
    }

    private static BadInputException bad(String msg) {
        return new BadInputException(msg);
    }
}
