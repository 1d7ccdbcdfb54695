package org.magentajava.events;

import java.util.Arrays;

/** A growable int list: the event history shared by the incremental encoders. */
final class EventHistory {
    private int[] events;
    private int length;

    EventHistory() {
        events = new int[64];
    }

    EventHistory(EventHistory other) {
        events = other.events.clone();
        length = other.length;
    }

    void add(int event) {
        if (length == events.length) {
            events = Arrays.copyOf(events, events.length * 2);
        }
        events[length++] = event;
    }

    int get(int position) {
        if (position < 0 || position >= length) {
            throw new IndexOutOfBoundsException(position);
        }
        return events[position];
    }

    int length() {
        return length;
    }

    int[] array() {
        return events;
    }

    int[] toArray() {
        return Arrays.copyOf(events, length);
    }

    int newest() {
        if (length == 0) {
            throw new IllegalStateException("no events yet");
        }
        return events[length - 1];
    }
}
