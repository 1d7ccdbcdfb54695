package org.magentajava.biaxial;

import org.magentajava.pianoroll.EncodedRoll;

/**
 * The biaxial RNN's encodings over {@code keys} keys.
 *
 * <p><b>Records</b> (what create-dataset writes, one pair per step t): the input is step t−1's play row, its
 * articulate row (silence before step 0) and {@link #POSITION_BITS} bits of step t's position in its bar (least
 * significant first, position mod 16); the target is step t's play row then its articulate row. A record step
 * is 2·keys + 4 floats: the per-note inputs below are 88 times larger, so the network derives them itself.
 *
 * <p><b>Per-note inputs</b> ({@link #NOTE_INPUTS} floats for key n, Johnson 2017's): the previous step's play
 * (25) and articulate (25) of keys n−12..n+12 (0 beyond the range), the MIDI pitch / 128, the pitch class
 * one-hot (12), the previous step's count of playing keys per pitch class (12) starting at the note's own pitch
 * class (so the figure is the same in every key), and the position bits.
 */
public final class NoteStateEncoding {
    /** Bits of the position in the bar: enough for 16 steps. */
    public static final int POSITION_BITS = 4;
    /** Keys an octave below to an octave above a note, the note included. */
    public static final int VICINITY = 25;
    public static final int PITCH_CLASSES = 12;
    /** Offsets of the parts of one note's inputs. */
    public static final int PLAY_VICINITY = 0;
    public static final int ARTICULATE_VICINITY = PLAY_VICINITY + VICINITY;
    public static final int PITCH = ARTICULATE_VICINITY + VICINITY;
    public static final int PITCH_CLASS = PITCH + 1;
    public static final int CONTEXT = PITCH_CLASS + PITCH_CLASSES;
    public static final int POSITION = CONTEXT + PITCH_CLASSES;
    public static final int NOTE_INPUTS = POSITION + POSITION_BITS;

    private final int keys;
    private final int minPitch;

    public NoteStateEncoding(int minPitch, int keys) {
        if (keys < 1 || minPitch < 0 || minPitch + keys > 128) {
            throw new IllegalArgumentException("keys " + minPitch + ".." + (minPitch + keys - 1) + " outside MIDI");
        }
        this.keys = keys;
        this.minPitch = minPitch;
    }

    public int keys() {
        return keys;
    }

    public int minPitch() {
        return minPitch;
    }

    /** Floats of one record input step. */
    public int recordInputSize() {
        return 2 * keys + POSITION_BITS;
    }

    /** Values of one record target step. */
    public int targetSize() {
        return 2 * keys;
    }

    /** The record input of the step after {@code previous} (null: before the first step) at {@code position}. */
    public float[] recordInput(boolean[] previousPlay, boolean[] previousArticulate, int position) {
        float[] x = new float[recordInputSize()];
        if (previousPlay != null) {
            for (int k = 0; k < keys; k++) {
                x[k] = previousPlay[k] ? 1f : 0f;
                x[keys + k] = previousArticulate[k] ? 1f : 0f;
            }
        }
        for (int bit = 0; bit < POSITION_BITS; bit++) {
            x[2 * keys + bit] = (position >> bit) & 1;
        }
        return x;
    }

    /** Training pairs of every step of {@code states} (see the class comment). */
    public EncodedRoll encode(NoteStates states) {
        if (states.numSteps() > 0 && states.keys() != keys) {
            throw new IllegalArgumentException("states have " + states.keys() + " keys, the encoding " + keys);
        }
        int n = states.numSteps();
        float[][] inputs = new float[n][];
        boolean[][] targets = new boolean[n][];
        boolean[] play = null;
        boolean[] articulate = null;
        for (int t = 0; t < n; t++) {
            inputs[t] = recordInput(play, articulate, states.positionInBar(t));
            play = new boolean[keys];
            articulate = new boolean[keys];
            boolean[] y = new boolean[2 * keys];
            for (int k = 0; k < keys; k++) {
                play[k] = states.play(t, k);
                articulate[k] = states.articulate(t, k);
                y[k] = play[k];
                y[keys + k] = articulate[k];
            }
            targets[t] = y;
        }
        return new EncodedRoll(inputs, targets);
    }

    /**
     * Writes the per-note inputs of one record step into {@code out} at {@code offset}: key n's
     * {@link #NOTE_INPUTS} values start at offset + n·NOTE_INPUTS.
     */
    public void noteInputs(float[] record, int recordOffset, float[] out, int offset) {
        int[] counts = new int[PITCH_CLASSES];
        for (int k = 0; k < keys; k++) {
            if (record[recordOffset + k] > 0.5f) {
                counts[(minPitch + k) % PITCH_CLASSES]++;
            }
        }
        for (int n = 0; n < keys; n++) {
            int o = offset + n * NOTE_INPUTS;
            for (int d = -12; d <= 12; d++) {
                int k = n + d;
                boolean in = k >= 0 && k < keys;
                out[o + PLAY_VICINITY + d + 12] = in ? record[recordOffset + k] : 0f;
                out[o + ARTICULATE_VICINITY + d + 12] = in ? record[recordOffset + keys + k] : 0f;
            }
            int pitch = minPitch + n;
            out[o + PITCH] = pitch / 128f;
            int pc = pitch % PITCH_CLASSES;
            for (int c = 0; c < PITCH_CLASSES; c++) {
                out[o + PITCH_CLASS + c] = c == pc ? 1f : 0f;
                out[o + CONTEXT + c] = counts[(pc + c) % PITCH_CLASSES];
            }
            for (int bit = 0; bit < POSITION_BITS; bit++) {
                out[o + POSITION + bit] = record[recordOffset + 2 * keys + bit];
            }
        }
    }
}
