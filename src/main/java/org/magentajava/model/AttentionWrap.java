package org.magentajava.model;

/**
 * Where Magenta's AttentionCellWrapper sits when attn_length &gt; 0. Magenta wrapped the whole MultiRNNCell until
 * May 2017 (its 2016 attention_rnn bundle, magenta-js's attention_rnn checkpoint) and has wrapped layer 0 only
 * since; with one layer the two are the same network, with more they are not: the whole-stack wrapper projects
 * the stack's input, queries with every layer's (c, h) and attends over the top layer's outputs.
 */
public enum AttentionWrap {
    /** Attention on layer 0 (Magenta since May 2017; what this project trains). */
    FIRST_LAYER("first_layer"),
    /** Attention around the whole stack (Magenta before May 2017); generation and evaluation only. */
    WHOLE_STACK("whole_stack");

    private final String tag;

    AttentionWrap(String tag) {
        this.tag = tag;
    }

    /** The name network files store. */
    public String tag() {
        return tag;
    }

    /** @throws IllegalArgumentException for an unknown tag (NetworkFile reports it as a bad header) */
    public static AttentionWrap ofTag(String tag) {
        for (AttentionWrap w : values()) {
            if (w.tag.equals(tag)) return w;
        }
        throw new IllegalArgumentException("unknown attention placement '" + tag + "'");
    }
}
