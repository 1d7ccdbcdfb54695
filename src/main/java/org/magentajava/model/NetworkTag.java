package org.magentajava.model;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The four bytes that open every network file this project writes, saying which kind of network it holds.
 * Readers look at the tag first, so a file of another kind is one clear line ("holds a biaxial_rnn network
 * (MJBX), not an LSTM network") rather than a header that fails to parse halfway. A new kind of network takes a
 * new tag here; the tags of files already written never change meaning.
 */
public enum NetworkTag {
    /** {@link LstmNetwork} with a softmax head: the layout every file had before heads existed. */
    LSTM_SOFTMAX("MJN1", "an LSTM network with a softmax head"),
    /** {@link LstmNetwork} with another head: the head's tag ({@link Head#tag()}) follows, then MJN1's layout. */
    LSTM_WITH_HEAD("MJN2", "an LSTM network with a tagged output head"),
    /**
     * {@link LstmNetwork} whose attention wraps the whole stack ({@link AttentionWrap#WHOLE_STACK}, imported from
     * Magenta before May 2017): the head's tag and the wrap's tag follow, then MJN1's layout.
     */
    LSTM_WHOLE_STACK_ATTENTION("MJN3", "an LSTM network with attention around the whole stack"),
    /** biaxial_rnn's time-axis and note-axis stacks. */
    BIAXIAL("MJBX", "a biaxial_rnn network");

    private final String text;
    private final String holds;

    NetworkTag(String text, String holds) {
        this.text = text;
        this.holds = holds;
    }

    /** The tag as its four ASCII characters, e.g. "MJN1". */
    public String text() {
        return text;
    }

    /** The tag as the big-endian int a DataOutputStream writes. */
    public int magic() {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    /** What a file with this tag holds, in words: "a biaxial_rnn network". */
    public String holds() {
        return holds;
    }

    public static Optional<NetworkTag> of(int magic) {
        for (NetworkTag t : values()) {
            if (t.magic() == magic) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The tag {@code bytes} start with, if they start like a network file of ours. */
    public static Optional<NetworkTag> of(byte[] bytes) {
        if (bytes.length < 4) {
            return Optional.empty();
        }
        return of(((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF));
    }

    /**
     * Why a reader of {@code expected} networks refuses a file that starts with {@code magic}: "holds a biaxial_rnn
     * network (MJBX), not an LSTM network", or "not a magenta-java network file" for an unknown start.
     */
    public static String mismatch(int magic, String expected) {
        return of(magic).map(t -> "holds " + t.holds + " (" + t.text + "), not " + expected)
                .orElse("not a magenta-java network file");
    }
}
