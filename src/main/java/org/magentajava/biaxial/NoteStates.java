package org.magentajava.biaxial;

import java.util.Arrays;
import org.magentajava.notes.Quantization;
import org.magentajava.proto.NoteSequence;

/**
 * Johnson's state matrix: per quantized step and key, whether the key sounds (plays) and whether a note is
 * struck on it at this step (articulates). Unlike a plain piano roll, a note repeated without a gap stays two
 * notes: the second one articulates. Keys are offsets from {@link #minPitch()}; an articulated key always plays.
 * Immutable; the position of each step in its bar comes from the piece's meter.
 */
public final class NoteStates {
    private final boolean[][] play;
    private final boolean[][] articulate;
    private final int minPitch;
    private final int stepsPerQuarter;
    private final double stepsPerBar;

    private NoteStates(boolean[][] play, boolean[][] articulate, int minPitch, int stepsPerQuarter,
            double stepsPerBar) {
        this.play = play;
        this.articulate = articulate;
        this.minPitch = minPitch;
        this.stepsPerQuarter = stepsPerQuarter;
        this.stepsPerBar = stepsPerBar;
    }

    /**
     * The states of a relative-quantized sequence from step 0 for {@code numSteps} steps, keys
     * minPitch..minPitch+keys−1 (notes outside are left out). A note plays from its start step to before its end
     * step and articulates at its start step.
     */
    public static NoteStates fromQuantized(NoteSequence quantized, int numSteps, int minPitch, int keys) {
        if (!Quantization.isRelativeQuantized(quantized)) {
            throw new IllegalArgumentException("NoteSequence " + quantized.getId()
                    + " is not quantized or is quantized based on absolute timing.");
        }
        boolean[][] play = new boolean[numSteps][keys];
        boolean[][] articulate = new boolean[numSteps][keys];
        for (NoteSequence.Note note : quantized.getNotesList()) {
            int key = note.getPitch() - minPitch;
            long start = note.getQuantizedStartStep();
            if (key < 0 || key >= keys || start >= numSteps) {
                continue;
            }
            long end = Math.max(start + 1, Math.min(numSteps, note.getQuantizedEndStep()));
            articulate[(int) start][key] = true;
            for (long s = start; s < end; s++) {
                play[(int) s][key] = true;
            }
        }
        int spq = quantized.getQuantizationInfo().getStepsPerQuarter();
        double spb = quantized.getTimeSignaturesCount() == 0 ? 4.0 * spq : Quantization.stepsPerBar(quantized);
        return new NoteStates(play, articulate, minPitch, spq, spb);
    }

    /**
     * States from rows (copied); {@code articulate[t][k]} requires {@code play[t][k]}.
     *
     * @param stepsPerBar the meter's bar length in steps (16 for 4/4 at 4 steps per quarter)
     */
    public static NoteStates of(boolean[][] play, boolean[][] articulate, int minPitch, int stepsPerQuarter,
            double stepsPerBar) {
        if (play.length != articulate.length) {
            throw new IllegalArgumentException(play.length + " play steps but " + articulate.length
                    + " articulate steps");
        }
        if (!(stepsPerBar > 0) || stepsPerQuarter < 1) {
            throw new IllegalArgumentException("steps per bar and per quarter must be positive");
        }
        boolean[][] p = new boolean[play.length][];
        boolean[][] a = new boolean[play.length][];
        for (int t = 0; t < play.length; t++) {
            if (play[t].length != play[0].length || articulate[t].length != play[0].length) {
                throw new IllegalArgumentException("step " + t + " has another number of keys");
            }
            for (int k = 0; k < play[t].length; k++) {
                if (articulate[t][k] && !play[t][k]) {
                    throw new IllegalArgumentException("key " + k + " articulates at step " + t + " without playing");
                }
            }
            p[t] = play[t].clone();
            a[t] = articulate[t].clone();
        }
        return new NoteStates(p, a, minPitch, stepsPerQuarter, stepsPerBar);
    }

    public int numSteps() {
        return play.length;
    }

    /** Keys per step (0 for a sequence without steps made by {@link #of} with no rows). */
    public int keys() {
        return play.length == 0 ? 0 : play[0].length;
    }

    public boolean play(int step, int key) {
        return play[step][key];
    }

    public boolean articulate(int step, int key) {
        return articulate[step][key];
    }

    public int minPitch() {
        return minPitch;
    }

    public int stepsPerQuarter() {
        return stepsPerQuarter;
    }

    public double stepsPerBar() {
        return stepsPerBar;
    }

    /**
     * The step's position in its bar, counted in whole steps from the downbeat (for a bar of a fractional number
     * of steps, the floor).
     */
    public int positionInBar(int step) {
        return positionInBar(step, stepsPerBar);
    }

    /** {@link #positionInBar(int)} for a bar of {@code stepsPerBar} steps. */
    public static int positionInBar(long step, double stepsPerBar) {
        double r = step - Math.floor(step / stepsPerBar) * stepsPerBar;
        return (int) Math.floor(r + 1e-9);
    }

    /**
     * A NoteSequence at {@code qpm}: a note starts where a key articulates, or plays after a step in which it did
     * not, and ends where the key stops playing or articulates again. Velocity 100, program 0, 4/4 unless the
     * bar is another length in quarters (then n/4 with n quarters, or n/8).
     */
    public NoteSequence toSequence(double qpm) {
        double secondsPerStep = 60.0 / qpm / stepsPerQuarter;
        NoteSequence.Builder b = NoteSequence.newBuilder().setTicksPerQuarter(220);
        b.addTemposBuilder().setQpm(qpm);
        double quarters = stepsPerBar / stepsPerQuarter;
        if (Math.abs(quarters - Math.rint(quarters)) < 1e-9) {
            b.addTimeSignaturesBuilder().setNumerator((int) Math.rint(quarters)).setDenominator(4);
        } else {
            b.addTimeSignaturesBuilder().setNumerator((int) Math.rint(quarters * 2)).setDenominator(8);
        }
        int keys = keys();
        int[] openAt = new int[keys];
        Arrays.fill(openAt, -1);
        double end = 0;
        for (int t = 0; t <= play.length; t++) {
            for (int k = 0; k < keys; k++) {
                boolean on = t < play.length && play[t][k];
                boolean struck = on && (articulate[t][k] || openAt[k] < 0);
                if (openAt[k] >= 0 && (!on || struck)) {
                    b.getNotesBuilder(openAt[k]).setEndTime(t * secondsPerStep);
                    openAt[k] = -1;
                    end = Math.max(end, t * secondsPerStep);
                }
                if (struck) {
                    openAt[k] = b.getNotesCount();
                    b.addNotesBuilder().setStartTime(t * secondsPerStep).setPitch(k + minPitch).setVelocity(100);
                }
            }
        }
        b.setTotalTime(end);
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteStates n && minPitch == n.minPitch && stepsPerQuarter == n.stepsPerQuarter
                && stepsPerBar == n.stepsPerBar && Arrays.deepEquals(play, n.play)
                && Arrays.deepEquals(articulate, n.articulate);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(play) * 31 + Arrays.deepHashCode(articulate);
    }
}
