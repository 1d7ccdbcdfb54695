package org.magentajava.analysis;

import java.util.ArrayList;
import java.util.List;
import org.magentajava.melody.Melody;

/**
 * A melody to analyze, with where it came from and the step from which it counts: steps before {@code fromStep}
 * (a primer) are context only, so statistics see the notes that start at or after it and the bars and beats that
 * begin there or later. Step 0 of the melody is a bar line, so bars are {@code [k * stepsPerBar, (k+1) *
 * stepsPerBar)}.
 *
 * @param source   the file, and the NoteSequence's filename for a TFRecord, that a report names
 * @param melody   the monophonic events (pitch, NOTE_OFF, NO_EVENT per step)
 * @param fromStep the first analyzed step, 0..length
 */
public record SourcedMelody(String source, Melody melody, int fromStep) {
    public SourcedMelody {
        if (fromStep < 0) {
            throw new IllegalArgumentException("negative fromStep " + fromStep);
        }
        if (melody.stepsPerBar() < 1 || melody.stepsPerQuarter() < 1) {
            throw new IllegalArgumentException(source + ": melody without a bar length");
        }
    }

    public static SourcedMelody of(String source, Melody melody) {
        return new SourcedMelody(source, melody, 0);
    }

    public int length() {
        return melody.length();
    }

    public int stepsPerBar() {
        return melody.stepsPerBar();
    }

    /** Every note of the melody, primer included, in time order. */
    public List<MelodyNote> allNotes() {
        List<MelodyNote> notes = new ArrayList<>();
        int n = melody.length();
        int pitch = -1;
        int onset = 0;
        for (int step = 0; step <= n; step++) {
            int event = step < n ? melody.event(step) : Melody.NOTE_OFF;
            if (event == Melody.NO_EVENT) {
                continue;
            }
            if (pitch >= 0) {
                notes.add(new MelodyNote(pitch, onset, step - onset));
            }
            pitch = event >= 0 ? event : -1;
            onset = step;
        }
        return notes;
    }

    /** The notes that start at or after {@link #fromStep}. */
    public List<MelodyNote> notes() {
        List<MelodyNote> all = allNotes();
        int first = 0;
        while (first < all.size() && all.get(first).onset() < fromStep) {
            first++;
        }
        return all.subList(first, all.size());
    }

    /** Index of the first whole bar at or after {@link #fromStep}. */
    public int firstBar() {
        return (fromStep + stepsPerBar() - 1) / stepsPerBar();
    }

    /** Number of whole bars in the melody (a final partial bar does not count). */
    public int wholeBars() {
        return length() / stepsPerBar();
    }
}
