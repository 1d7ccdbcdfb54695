package org.magentajava.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordsTest {
    @Test
    void countsTakeTheRightNumber() {
        assertEquals("1 melody", Words.count(1, "melody", "melodies"));
        assertEquals("0 melodies", Words.count(0, "melody", "melodies"));
        assertEquals("2 melodies", Words.count(2, "melody", "melodies"));
        assertEquals("1,234 steps", Words.count(1234, "step", "steps"));
    }

    @Test
    void articlesFollowTheSound() {
        assertEquals("an attention_rnn", Words.a("attention_rnn"));
        assertEquals("a basic_rnn", Words.a("basic_rnn"));
        assertEquals("a lookback_rnn", Words.a("lookback_rnn"));
        assertEquals("a polyphony", Words.a("polyphony"));
        assertEquals("an 8-byte", Words.a("8-byte"));
        assertEquals("an 11-byte", Words.a("11-byte"));
        assertEquals("an 18-byte", Words.a("18-byte"));
        assertEquals("an 80-byte", Words.a("80-byte"));
        assertEquals("an 11000-byte", Words.a("11000-byte"));
        assertEquals("a 1-byte", Words.a("1-byte"));
        assertEquals("a 110-byte", Words.a("110-byte"));
        assertEquals("a 1100-byte", Words.a("1100-byte"));
    }
}
