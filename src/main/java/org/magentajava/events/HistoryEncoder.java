package org.magentajava.events;

import java.util.Arrays;

/** The part of every incremental encoder that keeps the event history. */
public abstract class HistoryEncoder implements IncrementalEncoder {

    private final EventHistory history;

    protected HistoryEncoder() {
        history = new EventHistory();
    }

    protected HistoryEncoder(HistoryEncoder other) {
        history = new EventHistory(other.history);
    }

    /** Adds the newest event to the history (subclasses update their running state around it). */
    protected final void record(int event) {
        history.add(event);
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

    /** Writes the newest event's input: a zeroed slot that {@link #writeNewest} fills. */
    @Override
    public final void writeInput(float[] out, int offset) {
        requireEvents();
        Arrays.fill(out, offset, offset + encoderDecoder().inputSize(), 0f);
        writeNewest(out, offset, history.array(), history.length() - 1);
    }

    /**
     * Sets the non-zero entries of the input of {@code events[position]}, the newest event, into the zeroed slot
     * at {@code offset}; {@code events} may run past {@code position}.
     */
    protected abstract void writeNewest(float[] out, int offset, int[] events, int position);

    private void requireEvents() {
        if (history.length() == 0) {
            throw new IllegalStateException("no events appended yet");
        }
    }

    /** Python's {@code 1 if (n // 2**bit) % 2 else -1} for the binary step counters. */
    protected static float counterBit(int n, int bit) {
        boolean set = bit < 31 && ((n >> bit) & 1) != 0;
        return set ? 1f : -1f;
    }
}
