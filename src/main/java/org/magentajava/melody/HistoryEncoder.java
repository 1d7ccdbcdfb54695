package org.magentajava.melody;

import java.util.Arrays;

/** The part of every incremental encoder that keeps the event history. */
abstract class HistoryEncoder implements IncrementalEncoder {

    final EventHistory history;

    HistoryEncoder() {
        history = new EventHistory();
    }

    HistoryEncoder(HistoryEncoder other) {
        history = new EventHistory(other.history);
    }

    @Override
    public int length() {
        return history.length();
    }

    @Override
    public int event(int position) {
        return history.get(position);
    }

    @Override
    public int[] events() {
        return history.toArray();
    }

    @Override
    public int[] historyArray() {
        return history.array();
    }

    @Override
    public int label() {
        requireEvents();
        return encoderDecoder().label(history.array(), history.length() - 1);
    }

    void requireEvents() {
        if (history.length() == 0) {
            throw new IllegalStateException("no events appended yet");
        }
    }

    void clear(float[] out, int offset) {
        Arrays.fill(out, offset, offset + encoderDecoder().inputSize(), 0f);
    }

    /** Python's {@code 1 if (n // 2**bit) % 2 else -1} for the binary step counters. */
    static float counterBit(int n, int bit) {
        boolean set = bit < 31 && ((n >> bit) & 1) != 0;
        return set ? 1f : -1f;
    }
}
