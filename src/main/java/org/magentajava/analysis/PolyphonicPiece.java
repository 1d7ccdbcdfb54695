package org.magentajava.analysis;

import java.util.List;
import java.util.TreeSet;

/**
 * A whole piece, every voice of it, on a grid of steps: what the polyphonic statistics read. A note sounds at
 * the steps {@code [onset, onset + duration)}; steps before {@code fromStep} (a primer) are context only.
 *
 * @param source            the file, and the NoteSequence's filename for a TFRecord, that a report names
 * @param notes             every pitched note of every instrument, in grid steps (drums left out)
 * @param length            steps in the piece: at least the end of its last note
 * @param fromStep          the first analyzed step, 0..length
 * @param simultaneousNotes whether two notes of different pitch sound at once at an analyzed 16th-note step
 *                          (what makes analyze show the polyphonic section without being asked)
 */
public record PolyphonicPiece(String source, List<MelodyNote> notes, int length, int fromStep,
        boolean simultaneousNotes) {
    public PolyphonicPiece {
        notes = List.copyOf(notes);
        for (MelodyNote n : notes) {
            if (n.end() > length) {
                throw new IllegalArgumentException(source + ": a note ends at step " + n.end() + " after the piece's "
                        + length + " steps");
            }
        }
        if (fromStep < 0 || fromStep > length) {
            throw new IllegalArgumentException(source + ": fromStep " + fromStep + " outside 0.." + length);
        }
    }

    /** The distinct MIDI pitches sounding at each step, ascending: {@code length} arrays. */
    public int[][] soundingPitches() {
        @SuppressWarnings("unchecked")
        TreeSet<Integer>[] sets = new TreeSet[length];
        for (int t = 0; t < length; t++) {
            sets[t] = new TreeSet<>();
        }
        for (MelodyNote n : notes) {
            for (int t = n.onset(); t < n.end(); t++) {
                sets[t].add(n.pitch());
            }
        }
        int[][] out = new int[length][];
        for (int t = 0; t < length; t++) {
            out[t] = sets[t].stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** The notes that start at or after {@link #fromStep}. */
    public List<MelodyNote> analyzedNotes() {
        return notes.stream().filter(n -> n.onset() >= fromStep).toList();
    }

    @Override
    public String toString() {
        return "PolyphonicPiece[" + source + ", " + notes.size() + " notes, " + length + " steps from " + fromStep
                + "]";
    }
}
