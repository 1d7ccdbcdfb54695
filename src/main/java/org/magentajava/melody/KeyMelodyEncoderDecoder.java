package org.magentajava.melody;

import org.magentajava.events.EncoderDecoder;
import org.magentajava.events.HistoryEncoder;
import org.magentajava.events.IncrementalEncoder;
import org.magentajava.events.LookbackEncoderDecoder;

/**
 * note_seq's KeyMelodyEncoderDecoder (attention_rnn: 74 inputs, 40 classes for 48..84). Input layout for a
 * range of R pitches, L lookbacks and B counter bits: [0,R) current pitch, R sounding, R+1 silence, R+2
 * attack, R+3 direction (+1 up, -1 down), L repeat flags, B counter bits, 1 bar-start flag (hard-wired 16
 * steps), 12 key-histogram maxima over all notes, 12 over the last three distinct pitches.
 *
 * <p>Classes differ from the one-hot order: [0,R) pitches, R = NO_EVENT (the default label), R+1 = NOTE_OFF,
 * R+2+i = repeat lookback i. Magenta rescans the whole history for every position; this keeps running state
 * (current note, sticky attack flag, direction, last three pitches, histograms) so encoding is linear.
 */
public final class KeyMelodyEncoderDecoder implements EncoderDecoder {

    public static final int DEFAULT_BINARY_COUNTER_BITS = 7;
    /** note_seq's DEFAULT_STEPS_PER_BAR, used for the bar flag whatever the meter. */
    static final int BAR_STEPS = 16;
    private static final int KEYS = 12;

    private final int minNote;
    private final int noteRange;
    private final int[] distances;
    private final int counterBits;

    public KeyMelodyEncoderDecoder(int minNote, int maxNote) {
        this(minNote, maxNote, LookbackEncoderDecoder.DEFAULT_LOOKBACK_DISTANCES, DEFAULT_BINARY_COUNTER_BITS);
    }

    public KeyMelodyEncoderDecoder(int minNote, int maxNote, int[] lookbackDistances, int binaryCounterBits) {
        if (minNote < 0 || maxNote > 128 || maxNote <= minNote) {
            throw new IllegalArgumentException("bad note range [" + minNote + ", " + maxNote + ")");
        }
        if (lookbackDistances.length == 0) {
            throw new IllegalArgumentException("KeyMelody needs at least one lookback distance");
        }
        for (int d : lookbackDistances) {
            if (d < 1) {
                throw new IllegalArgumentException("lookback distances must be >= 1: " + d);
            }
        }
        this.minNote = minNote;
        this.noteRange = maxNote - minNote;
        this.distances = lookbackDistances.clone();
        this.counterBits = binaryCounterBits;
    }

    @Override
    public int inputSize() {
        return noteRange + 2 + 1 + 1 + distances.length + counterBits + 1 + KEYS + KEYS;
    }

    @Override
    public int numClasses() {
        return noteRange + 2 + distances.length;
    }

    @Override
    public int defaultEventLabel() {
        return noteRange;
    }

    @Override
    public int label(int[] events, int position) {
        int l = distances.length;
        int event = events[position];
        if (position < distances[l - 1] && event == Melody.NO_EVENT) {
            return noteRange + l + 1;
        }
        for (int i = l - 1; i >= 0; i--) {
            int back = position - distances[i];
            if (back >= 0 && event == events[back]) {
                return noteRange + 2 + i;
            }
        }
        if (event == Melody.NOTE_OFF) {
            return noteRange + 1;
        }
        if (event == Melody.NO_EVENT) {
            return noteRange;
        }
        return checkedPitchIndex(event);
    }

    @Override
    public int classToEvent(int classIndex, int[] history, int historyLength) {
        for (int i = distances.length - 1; i >= 0; i--) {
            if (classIndex == noteRange + 2 + i) {
                return historyLength < distances[i] ? Melody.NO_EVENT : history[historyLength - distances[i]];
            }
        }
        if (classIndex == noteRange + 1) {
            return Melody.NOTE_OFF;
        }
        if (classIndex == noteRange) {
            return Melody.NO_EVENT;
        }
        if (classIndex < 0 || classIndex >= noteRange) {
            throw new IllegalArgumentException("class index out of range: " + classIndex);
        }
        return minNote + classIndex;
    }

    @Override
    public int[] historyDependentClasses() {
        int[] repeats = new int[distances.length];
        for (int i = 0; i < repeats.length; i++) {
            repeats[i] = noteRange + 2 + i;
        }
        return repeats;
    }

    private int checkedPitchIndex(int pitch) {
        int index = pitch - minNote;
        if (index < 0 || index >= noteRange) {
            throw new IllegalArgumentException(
                    "melody pitch " + pitch + " outside [" + minNote + ", " + (minNote + noteRange) + ")");
        }
        return index;
    }

    @Override
    public IncrementalEncoder newIncrementalEncoder() {
        return new Incremental();
    }

    private final class Incremental extends HistoryEncoder {
        private static final int NONE = -1;

        /** The sounding pitch, NONE after a NOTE_OFF. */
        private int current = NONE;
        /** True after a pitch, false after NO_EVENT, untouched by NOTE_OFF (Magenta's sticky flag). */
        private boolean attack;
        /** +1 ascending, -1 descending, 0 unknown; equal pitches leave it unchanged. */
        private int direction;
        /** Up to three distinct recent pitches, oldest first. */
        private final int[] lastThree = new int[3];
        private int lastThreeCount;
        private final int[] keyHistogram = new int[KEYS];
        private int keyHistogramMax;

        Incremental() {
        }

        Incremental(Incremental other) {
            super(other);
            current = other.current;
            attack = other.attack;
            direction = other.direction;
            System.arraycopy(other.lastThree, 0, lastThree, 0, 3);
            lastThreeCount = other.lastThreeCount;
            System.arraycopy(other.keyHistogram, 0, keyHistogram, 0, KEYS);
            keyHistogramMax = other.keyHistogramMax;
        }

        @Override
        public EncoderDecoder encoderDecoder() {
            return KeyMelodyEncoderDecoder.this;
        }

        @Override
        public void append(int event) {
            if (event == Melody.NO_EVENT) {
                attack = false;
            } else if (event == Melody.NOTE_OFF) {
                current = NONE;
            } else if (event >= 0) {
                checkedPitchIndex(event);
                attack = true;
                current = event;
                if (lastThreeCount > 0) {
                    int newest = lastThree[lastThreeCount - 1];
                    if (event > newest) {
                        direction = 1;
                    } else if (event < newest) {
                        direction = -1;
                    }
                }
                rememberPitch(event);
                for (int key : Melody.NOTE_KEYS[event % KEYS]) {
                    keyHistogramMax = Math.max(keyHistogramMax, ++keyHistogram[key]);
                }
            } else {
                throw new IllegalArgumentException("invalid melody event value: " + event);
            }
            record(event);
        }

        /** deque(maxlen=3) semantics: a repeated pitch moves to the newest end. */
        private void rememberPitch(int pitch) {
            int found = -1;
            for (int i = 0; i < lastThreeCount; i++) {
                if (lastThree[i] == pitch) {
                    found = i;
                }
            }
            if (found >= 0) {
                System.arraycopy(lastThree, found + 1, lastThree, found, lastThreeCount - found - 1);
                lastThreeCount--;
            } else if (lastThreeCount == 3) {
                System.arraycopy(lastThree, 1, lastThree, 0, 2);
                lastThreeCount--;
            }
            lastThree[lastThreeCount++] = pitch;
        }

        @Override
        protected void writeNewest(float[] out, int offset, int[] events, int position) {
            int at = offset;
            // Python tests the pitch for truthiness, so a sounding pitch 0 reads as silence.
            if (current > 0) {
                out[at + checkedPitchIndex(current)] = 1f;
                out[at + noteRange] = 1f;
            } else {
                out[at + noteRange + 1] = 1f;
            }
            at += noteRange + 2;
            if (attack) {
                out[at] = 1f;
            }
            at++;
            out[at++] = direction;
            for (int d : distances) {
                int back = position - d;
                if (back >= 0 && events[position] == events[back]) {
                    out[at] = 1f;
                }
                at++;
            }
            int n = position + 1;
            for (int bit = 0; bit < counterBits; bit++) {
                out[at++] = counterBit(n, bit);
            }
            if (n % BAR_STEPS == 0) {
                out[at] = 1f;
            }
            at++;
            for (int key = 0; key < KEYS; key++) {
                if (keyHistogram[key] == keyHistogramMax) {
                    out[at] = 1f;
                }
                at++;
            }
            int[] recentKeys = new int[KEYS];
            int recentMax = 0;
            for (int i = 0; i < lastThreeCount; i++) {
                for (int key : Melody.NOTE_KEYS[lastThree[i] % KEYS]) {
                    recentMax = Math.max(recentMax, ++recentKeys[key]);
                }
            }
            for (int key = 0; key < KEYS; key++) {
                if (recentKeys[key] == recentMax) {
                    out[at] = 1f;
                }
                at++;
            }
        }

        @Override
        public IncrementalEncoder copy() {
            return new Incremental(this);
        }
    }
}
