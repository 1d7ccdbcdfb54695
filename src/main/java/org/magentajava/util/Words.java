package org.magentajava.util;

import java.util.Locale;

/** English for messages: "1 melody" / "2 melodies", "a basic_rnn" / "an attention_rnn". */
public final class Words {
    private Words() {
    }

    /** {@code count} and the noun in the right number: "1 melody", "0 melodies", "1,234 melodies". */
    public static String count(long count, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? one : many);
    }

    /**
     * The indefinite article for {@code word} by its sound as read aloud: "an attention_rnn", "an 8-byte",
     * "an 11-byte", "an 18-byte", "a basic_rnn", "a 1-byte", "a mono_rnn".
     */
    public static String article(String word) {
        if (word.isEmpty()) {
            return "a";
        }
        char c = Character.toLowerCase(word.charAt(0));
        if (Character.isDigit(c)) {
            // numbers said with a leading vowel: 8, 11, 18, 80..89, 800.., 8000..
            int end = 0;
            while (end < word.length() && Character.isDigit(word.charAt(end))) {
                end++;
            }
            String digits = word.substring(0, end);
            boolean vowel = c == '8' || digits.equals("11") || digits.equals("18")
                    || (digits.startsWith("11") || digits.startsWith("18")) && digits.length() % 3 == 2;
            return vowel ? "an" : "a";
        }
        return "aeio".indexOf(c) >= 0 ? "an" : "a"; // 'u' varies (a unit, an update): our words are config names
    }

    /** The word with its article: "an attention_rnn". */
    public static String a(String word) {
        return article(word) + " " + word;
    }
}
