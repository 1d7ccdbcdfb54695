package org.magentajava.notes;

import org.magentajava.proto.NoteSequence;

/** Hand-built NoteSequences in the shape note_seq's tests use. */
public final class TestSequences {

    private TestSequences() {
    }

    /** A sequence with one time signature and one tempo at time 0 (note_seq's test setUp uses 60 qpm, 4/4). */
    public static NoteSequence.Builder sequence(double qpm, int numerator, int denominator) {
        NoteSequence.Builder ns = NoteSequence.newBuilder().setTicksPerQuarter(220);
        ns.addTimeSignaturesBuilder().setNumerator(numerator).setDenominator(denominator).setTime(0);
        ns.addTemposBuilder().setQpm(qpm).setTime(0);
        return ns;
    }

    /** Adds notes given as {pitch, velocity, start, end} and grows total_time, like testing_lib.add_track. */
    public static NoteSequence.Builder addTrack(NoteSequence.Builder ns, int instrument, double[]... notes) {
        for (double[] n : notes) {
            ns.addNotesBuilder().setInstrument(instrument).setPitch((int) n[0]).setVelocity((int) n[1])
                    .setStartTime(n[2]).setEndTime(n[3]);
            if (n[3] > ns.getTotalTime()) {
                ns.setTotalTime(n[3]);
            }
        }
        return ns;
    }

    public static double[] note(double pitch, double velocity, double start, double end) {
        return new double[] {pitch, velocity, start, end};
    }

    /** The five notes most note_seq quantization and melody tests share. */
    public static double[][] standardNotes() {
        return new double[][] {note(12, 100, 0.01, 10.0), note(11, 55, 0.22, 0.50), note(40, 45, 2.50, 3.50),
                note(55, 120, 4.0, 4.01), note(52, 99, 4.75, 5.0)};
    }
}
