package org.magentajava.melody;

import java.util.Arrays;
import org.magentajava.proto.NoteSequence;

/**
 * A monophonic melody on a fixed step grid, as note_seq's Melody: one event per step, where
 * {@link #NO_EVENT} (-2) holds whatever is sounding, {@link #NOTE_OFF} (-1) starts silence and 0..127 attacks
 * that MIDI pitch (always a new attack, even on the same pitch). The end of the melody ends a held note.
 *
 * <p>Immutable: every operation that Magenta performs in place returns a new Melody. {@code endStep} is always
 * {@code startStep + length}, which is what note_seq maintains on every path this project uses.
 */
public final class Melody {

    public static final int NO_EVENT = -2;
    public static final int NOTE_OFF = -1;
    public static final int MIN_EVENT = -2;
    public static final int MAX_EVENT = 127;
    public static final int MIN_MIDI_PITCH = 0;
    public static final int MAX_MIDI_PITCH = 127;
    public static final int NOTES_PER_OCTAVE = 12;
    public static final int DEFAULT_STEPS_PER_BAR = 16;
    public static final int DEFAULT_STEPS_PER_QUARTER = 4;
    /** note_seq's STANDARD_PPQ, written into sequences built by {@link #toSequence}. */
    public static final int STANDARD_PPQ = 220;

    /** NOTE_KEYS[c]: the major keys whose scale contains pitch class c. */
    static final int[][] NOTE_KEYS = buildNoteKeys();

    private final int[] events;
    private final long startStep;
    private final int stepsPerQuarter;
    private final int stepsPerBar;

    /**
     * Builds a melody from an event list. Leading NOTE_OFF events become NO_EVENT, as in note_seq, because
     * there is nothing to turn off before the first note.
     */
    public Melody(int[] events, long startStep, int stepsPerQuarter, int stepsPerBar) {
        this(cleaned(events), startStep, stepsPerQuarter, stepsPerBar, true);
    }

    /** A melody at step 0 with 4 steps per quarter and 16 steps per bar. */
    public static Melody of(int... events) {
        return new Melody(events, 0, DEFAULT_STEPS_PER_QUARTER, DEFAULT_STEPS_PER_BAR);
    }

    /** The empty melody note_seq's Melody() is. */
    public static Melody empty(int stepsPerQuarter, int stepsPerBar) {
        return new Melody(new int[0], 0, stepsPerQuarter, stepsPerBar, true);
    }

    // Takes ownership of an array the caller will not touch again.
    private Melody(int[] owned, long startStep, int stepsPerQuarter, int stepsPerBar, boolean ignored) {
        this.events = owned;
        this.startStep = startStep;
        this.stepsPerQuarter = stepsPerQuarter;
        this.stepsPerBar = stepsPerBar;
    }

    static Melody wrap(int[] owned, long startStep, int stepsPerQuarter, int stepsPerBar) {
        for (int e : owned) {
            checkEvent(e);
        }
        return new Melody(owned, startStep, stepsPerQuarter, stepsPerBar, true);
    }

    private static int[] cleaned(int[] events) {
        int[] copy = events.clone();
        for (int e : copy) {
            checkEvent(e);
        }
        for (int i = 0; i < copy.length && copy[i] < 0; i++) {
            copy[i] = NO_EVENT;
        }
        return copy;
    }

    private static void checkEvent(int event) {
        if (event < MIN_EVENT || event > MAX_EVENT) {
            throw new IllegalArgumentException("Melody event out of range: " + event);
        }
    }

    public int length() {
        return events.length;
    }

    public boolean isEmpty() {
        return events.length == 0;
    }

    public int event(int step) {
        return events[step];
    }

    /** A copy of the events. */
    public int[] events() {
        return events.clone();
    }

    public long startStep() {
        return startStep;
    }

    public long endStep() {
        return startStep + events.length;
    }

    public int stepsPerQuarter() {
        return stepsPerQuarter;
    }

    public int stepsPerBar() {
        return stepsPerBar;
    }

    public Melody withStartStep(long newStartStep) {
        return new Melody(events, newStartStep, stepsPerQuarter, stepsPerBar, true);
    }

    /**
     * note_seq's set_length: truncates, or pads with NO_EVENT; when it grows a melody whose last non-NO_EVENT
     * event is a pitch, that held note is ended with a NOTE_OFF at the old length.
     */
    public Melody withLength(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("negative melody length " + steps);
        }
        return new Melody(resized(events, events.length, steps), startStep, stepsPerQuarter, stepsPerBar, true);
    }

    /** set_length on a raw buffer of which the first {@code oldLength} entries are used. */
    static int[] resized(int[] buffer, int oldLength, int steps) {
        int[] out = Arrays.copyOf(buffer, steps);
        if (steps > oldLength) {
            Arrays.fill(out, oldLength, steps, NO_EVENT);
            for (int i = oldLength - 1; i >= 0; i--) {
                if (out[i] == NOTE_OFF) {
                    break;
                }
                if (out[i] != NO_EVENT) {
                    out[oldLength] = NOTE_OFF;
                    break;
                }
            }
        }
        return out;
    }

    /** transpose(amount, 0, 128). */
    public Melody transpose(int amount) {
        return transpose(amount, 0, 128);
    }

    /**
     * Shifts every pitch by {@code amount}, then octave-folds it into [minNote, maxNote) with Python's floor
     * modulo (a plain % would fold negative differences the wrong way).
     */
    public Melody transpose(int amount, int minNote, int maxNote) {
        int[] out = events.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= MIN_MIDI_PITCH) {
                int p = out[i] + amount;
                if (p < minNote) {
                    p = minNote + Math.floorMod(p - minNote, NOTES_PER_OCTAVE);
                } else if (p >= maxNote) {
                    p = maxNote - NOTES_PER_OCTAVE + Math.floorMod(p - maxNote, NOTES_PER_OCTAVE);
                }
                out[i] = p;
            }
        }
        for (int e : out) {
            checkEvent(e);
        }
        return new Melody(out, startStep, stepsPerQuarter, stepsPerBar, true);
    }

    /**
     * The transposition {@link #squash} applies: into {@code transposeToKey} (null: no key change) and
     * octave-centred in [minNote, maxNote). Python's round() is half-even, hence {@link Math#rint}.
     */
    public int squashAmount(int minNote, int maxNote, Integer transposeToKey) {
        if (transposeToKey == null) {
            return 0;
        }
        int keyDiff = transposeToKey - majorKey();
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int e : events) {
            if (e >= MIN_MIDI_PITCH && e <= MAX_MIDI_PITCH) {
                lo = Math.min(lo, e);
                hi = Math.max(hi, e);
            }
        }
        if (lo > hi) {
            return 0;
        }
        double melodyCenter = (lo + hi) / 2.0;
        double targetCenter = (minNote + maxNote - 1) / 2.0;
        double centerDiff = targetCenter - (melodyCenter + keyDiff);
        return keyDiff + NOTES_PER_OCTAVE * (int) Math.rint(centerDiff / (double) NOTES_PER_OCTAVE);
    }

    /** note_seq's squash: transposes by {@link #squashAmount} and folds every pitch into [minNote, maxNote). */
    public Melody squash(int minNote, int maxNote, Integer transposeToKey) {
        return transpose(squashAmount(minNote, maxNote, transposeToKey), minNote, maxNote);
    }

    /** Counts of each pitch class (C = 0) over the note-on events. */
    public int[] noteHistogram() {
        int[] histogram = new int[NOTES_PER_OCTAVE];
        for (int e : events) {
            if (e >= MIN_MIDI_PITCH) {
                histogram[e % NOTES_PER_OCTAVE]++;
            }
        }
        return histogram;
    }

    /** For each major key, how many note-ons fit its scale. */
    public int[] majorKeyHistogram() {
        return majorKeyHistogram(noteHistogram());
    }

    static int[] majorKeyHistogram(int[] noteHistogram) {
        int[] keys = new int[NOTES_PER_OCTAVE];
        for (int pitchClass = 0; pitchClass < NOTES_PER_OCTAVE; pitchClass++) {
            for (int key : NOTE_KEYS[pitchClass]) {
                keys[key] += noteHistogram[pitchClass];
            }
        }
        return keys;
    }

    /** The most likely major key, the lowest on ties (numpy argmax). */
    public int majorKey() {
        return argmax(majorKeyHistogram());
    }

    static int argmax(int[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** to_sequence with note_seq's defaults: velocity 100, instrument 0, program 0, start 0 s, 120 qpm. */
    public NoteSequence toSequence() {
        return toSequence(100, 0, 0, 0.0, 120.0);
    }

    /**
     * Renders the melody as notes: each pitch sounds until the next pitch, the next NOTE_OFF or the end of the
     * melody. Times use note_seq's operation order so that doubles match bit for bit.
     */
    public NoteSequence toSequence(int velocity, int instrument, int program, double sequenceStartTime, double qpm) {
        double secondsPerStep = 60.0 / qpm / stepsPerQuarter;
        NoteSequence.Builder sequence = NoteSequence.newBuilder().setTicksPerQuarter(STANDARD_PPQ);
        sequence.addTemposBuilder().setQpm(qpm);
        double base = sequenceStartTime + startStep * secondsPerStep;
        NoteSequence.Note.Builder current = null;
        for (int step = 0; step < events.length; step++) {
            int e = events[step];
            if (e >= MIN_MIDI_PITCH) {
                if (current != null) {
                    current.setEndTime(step * secondsPerStep + base);
                }
                current = sequence.addNotesBuilder()
                        .setStartTime(step * secondsPerStep + base)
                        .setPitch(e).setVelocity(velocity).setInstrument(instrument).setProgram(program);
            } else if (e == NOTE_OFF && current != null) {
                current.setEndTime(step * secondsPerStep + base);
                current = null;
            }
        }
        if (current != null) {
            current.setEndTime(events.length * secondsPerStep + base);
        }
        if (sequence.getNotesCount() > 0) {
            sequence.setTotalTime(sequence.getNotes(sequence.getNotesCount() - 1).getEndTime());
        }
        return sequence.build();
    }

    private static int[][] buildNoteKeys() {
        // Key k's major scale holds pitch class c when (c - k) mod 12 is a major-scale degree.
        boolean[] major = new boolean[NOTES_PER_OCTAVE];
        for (int degree : new int[] {0, 2, 4, 5, 7, 9, 11}) {
            major[degree] = true;
        }
        int[][] table = new int[NOTES_PER_OCTAVE][];
        for (int c = 0; c < NOTES_PER_OCTAVE; c++) {
            int[] keys = new int[7];
            int n = 0;
            for (int k = 0; k < NOTES_PER_OCTAVE; k++) {
                if (major[Math.floorMod(c - k, NOTES_PER_OCTAVE)]) {
                    keys[n++] = k;
                }
            }
            table[c] = keys;
        }
        return table;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Melody m && Arrays.equals(events, m.events) && startStep == m.startStep
                && stepsPerQuarter == m.stepsPerQuarter && stepsPerBar == m.stepsPerBar;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(events) * 31 + Long.hashCode(startStep);
    }

    @Override
    public String toString() {
        return "Melody" + Arrays.toString(events) + "@" + startStep + " spq=" + stepsPerQuarter + " spb="
                + stepsPerBar;
    }
}
