package org.magentajava.pianoroll;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.magentajava.notes.Quantization;
import org.magentajava.proto.NoteSequence;

/**
 * note_seq's PianorollSequence: per quantized step, the sorted keys that sound, each as an offset from
 * {@link #minPitch()} (key 0 is MIDI 21, A0, for the default 88-key piano range 21..108). Immutable: the
 * lengthening and appending methods return new sequences.
 */
public final class PianorollSequence {
    public static final int MIN_MIDI_PITCH = 21;
    public static final int MAX_MIDI_PITCH = 108;
    /** Keys of the default range 21..108. */
    public static final int PIANO_KEYS = MAX_MIDI_PITCH - MIN_MIDI_PITCH + 1;
    private static final int[] SILENCE = new int[0];

    private final int[][] steps;
    private final int stepsPerQuarter;
    private final long startStep;
    private final int minPitch;
    private final int maxPitch;

    private PianorollSequence(int[][] steps, int stepsPerQuarter, long startStep, int minPitch, int maxPitch) {
        if (maxPitch < minPitch) {
            throw new IllegalArgumentException("max pitch " + maxPitch + " below min pitch " + minPitch);
        }
        if (stepsPerQuarter < 1) {
            throw new IllegalArgumentException("steps per quarter must be positive, got " + stepsPerQuarter);
        }
        this.steps = steps;
        this.stepsPerQuarter = stepsPerQuarter;
        this.startStep = startStep;
        this.minPitch = minPitch;
        this.maxPitch = maxPitch;
    }

    /** The 88-key roll of a relative-quantized sequence from step 0, with repeated notes split. */
    public static PianorollSequence fromQuantized(NoteSequence quantized) {
        return fromQuantized(quantized, 0, MIN_MIDI_PITCH, MAX_MIDI_PITCH, true);
    }

    /**
     * The roll of a relative-quantized sequence: one step per quantized step from {@code startStep} to
     * total_quantized_steps. Notes that start before {@code startStep} or lie outside minPitch..maxPitch are
     * left out. With {@code splitRepeats}, a note's key is silenced on the step before it starts, so two
     * notes of one key back to back stay two notes.
     */
    public static PianorollSequence fromQuantized(NoteSequence quantized, long startStep, int minPitch, int maxPitch,
            boolean splitRepeats) {
        if (!Quantization.isRelativeQuantized(quantized)) {
            throw new IllegalArgumentException("NoteSequence " + quantized.getId()
                    + " is not quantized or is quantized based on absolute timing.");
        }
        long total = quantized.getTotalQuantizedSteps() - startStep;
        if (total < 0) {
            throw new IllegalArgumentException("start step " + startStep + " after the sequence's "
                    + quantized.getTotalQuantizedSteps() + " steps");
        }
        int n = Math.toIntExact(total);
        int width = maxPitch - minPitch + 1;
        boolean[][] roll = new boolean[n][width];
        for (NoteSequence.Note note : quantized.getNotesList()) {
            if (note.getQuantizedStartStep() < startStep || note.getPitch() < minPitch || note.getPitch() > maxPitch) {
                continue;
            }
            int key = note.getPitch() - minPitch;
            long start = note.getQuantizedStartStep() - startStep;
            long end = Math.min(n, note.getQuantizedEndStep() - startStep);
            if (splitRepeats && n > 0) {
                // numpy's roll[start - 1]: a note at the first step clears the last step, as in note_seq.
                int before = (int) (start == 0 ? n - 1 : Math.min(start - 1, n - 1));
                roll[before][key] = false;
            }
            for (long s = start; s < end; s++) {
                roll[(int) s][key] = true;
            }
        }
        int[][] steps = new int[n][];
        for (int s = 0; s < n; s++) {
            steps[s] = keysOf(roll[s]);
        }
        return new PianorollSequence(steps, quantized.getQuantizationInfo().getStepsPerQuarter(), startStep,
                minPitch, maxPitch);
    }

    /** A roll of the given steps (keys as offsets from minPitch, each within the range). */
    public static PianorollSequence of(List<int[]> steps, int stepsPerQuarter, long startStep, int minPitch,
            int maxPitch) {
        int width = maxPitch - minPitch + 1;
        int[][] copy = new int[steps.size()][];
        for (int s = 0; s < copy.length; s++) {
            copy[s] = normalized(steps.get(s), width);
        }
        return new PianorollSequence(copy, stepsPerQuarter, startStep, minPitch, maxPitch);
    }

    /**
     * A roll from steps of MIDI pitches (note_seq's shift_range=True): pitches outside minPitch..maxPitch are
     * dropped and the rest shifted to key offsets.
     */
    public static PianorollSequence ofPitches(List<int[]> pitchSteps, int stepsPerQuarter, int minPitch,
            int maxPitch) {
        List<int[]> keys = new ArrayList<>(pitchSteps.size());
        for (int[] pitches : pitchSteps) {
            keys.add(Arrays.stream(pitches).filter(p -> p >= minPitch && p <= maxPitch).map(p -> p - minPitch)
                    .toArray());
        }
        return of(keys, stepsPerQuarter, 0, minPitch, maxPitch);
    }

    /** The sorted keys set in a multi-hot row. */
    public static int[] keysOf(boolean[] row) {
        int count = 0;
        for (boolean b : row) {
            count += b ? 1 : 0;
        }
        if (count == 0) {
            return SILENCE;
        }
        int[] keys = new int[count];
        int j = 0;
        for (int k = 0; k < row.length; k++) {
            if (row[k]) {
                keys[j++] = k;
            }
        }
        return keys;
    }

    private static int[] normalized(int[] keys, int width) {
        int[] sorted = keys.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || sorted[i] >= width) {
                throw new IllegalArgumentException("key " + sorted[i] + " outside 0.." + (width - 1));
            }
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("key " + sorted[i] + " twice in one step");
            }
        }
        return sorted;
    }

    /** This roll with one more step (keys as offsets). */
    public PianorollSequence append(int[] keys) {
        int[][] more = Arrays.copyOf(steps, steps.length + 1);
        more[steps.length] = normalized(keys, width());
        return new PianorollSequence(more, stepsPerQuarter, startStep, minPitch, maxPitch);
    }

    /** set_length: padded with silent steps or truncated at the end. */
    public PianorollSequence withLength(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be non-negative, got " + length);
        }
        int[][] resized = Arrays.copyOf(steps, length);
        for (int s = steps.length; s < length; s++) {
            resized[s] = SILENCE;
        }
        return new PianorollSequence(resized, stepsPerQuarter, startStep, minPitch, maxPitch);
    }

    public int numSteps() {
        return steps.length;
    }

    /** The sorted keys sounding at step {@code s} (a copy). */
    public int[] keys(int s) {
        return steps[s].clone();
    }

    /** Keys in the range: the width of one multi-hot step. */
    public int width() {
        return maxPitch - minPitch + 1;
    }

    public int stepsPerQuarter() {
        return stepsPerQuarter;
    }

    public long startStep() {
        return startStep;
    }

    public long endStep() {
        return startStep + steps.length;
    }

    public int minPitch() {
        return minPitch;
    }

    public int maxPitch() {
        return maxPitch;
    }

    /**
     * to_sequence: a note per run of steps in which a key sounds, at {@code qpm} (a tempo and ticks per quarter
     * of 220 are set unless {@code base} is given, whose first tempo must be {@code qpm}); notes are added to
     * {@code base}'s. total_time ends with the last step that had a note still sounding.
     */
    public NoteSequence toSequence(int velocity, int instrument, int program, double qpm, NoteSequence base) {
        double secondsPerStep = 60.0 / qpm / stepsPerQuarter;
        double offset = startStep * secondsPerStep;
        NoteSequence.Builder b;
        if (base != null) {
            if (base.getTemposCount() == 0 || base.getTempos(0).getQpm() != qpm) {
                throw new IllegalArgumentException("qpm " + qpm + " does not match the base sequence's tempo");
            }
            b = base.toBuilder();
        } else {
            b = NoteSequence.newBuilder().setTicksPerQuarter(220);
            b.addTemposBuilder().setQpm(qpm);
        }
        int width = width();
        int[] openAt = new int[width]; // index of the open note in b's notes, or -1
        Arrays.fill(openAt, -1);
        int open = 0;
        for (int step = 0; step < steps.length; step++) {
            boolean[] now = new boolean[width];
            for (int k : steps[step]) {
                now[k] = true;
            }
            for (int k = 0; k < width; k++) {
                if (openAt[k] >= 0 && !now[k]) {
                    b.getNotesBuilder(openAt[k]).setEndTime(step * secondsPerStep + offset);
                    openAt[k] = -1;
                    open--;
                }
            }
            for (int k : steps[step]) {
                if (openAt[k] < 0) {
                    openAt[k] = b.getNotesCount();
                    b.addNotesBuilder().setStartTime(step * secondsPerStep + offset).setPitch(k + minPitch)
                            .setVelocity(velocity).setInstrument(instrument).setProgram(program);
                    open++;
                }
            }
        }
        // note_seq counts the last step only when a note is still open after it.
        int last = Math.max(0, steps.length - 1);
        int finalStep = last + (open > 0 ? 1 : 0);
        for (int k = 0; k < width; k++) {
            if (openAt[k] >= 0) {
                b.getNotesBuilder(openAt[k]).setEndTime(finalStep * secondsPerStep + offset);
            }
        }
        b.setTotalTime(secondsPerStep * finalStep + offset);
        return b.build();
    }

    /** to_sequence with note_seq's defaults: velocity 100, instrument and program 0. */
    public NoteSequence toSequence(double qpm) {
        return toSequence(100, 0, 0, qpm, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PianorollSequence p && stepsPerQuarter == p.stepsPerQuarter && startStep == p.startStep
                && minPitch == p.minPitch && maxPitch == p.maxPitch && Arrays.deepEquals(steps, p.steps);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(steps) * 31 + (int) startStep;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PianorollSequence[");
        for (int s = 0; s < steps.length; s++) {
            sb.append(s == 0 ? "" : " ").append(Arrays.toString(steps[s]));
        }
        return sb.append(']').toString();
    }
}
