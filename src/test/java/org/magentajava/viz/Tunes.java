package org.magentajava.viz;

import org.magentajava.proto.NoteSequence;

/** Hand-built NoteSequences for tests: a real 16-bar tune with chords, like what `generate` writes. */
final class Tunes {
    private Tunes() {}

    // Ode to Joy: (MIDI pitch, length in quarter notes).
    private static final int[][] MELODY = {
        {64, 2}, {64, 2}, {65, 2}, {67, 2}, {67, 2}, {65, 2}, {64, 2}, {62, 2},
        {60, 2}, {60, 2}, {62, 2}, {64, 2}, {64, 3}, {62, 1}, {62, 4},
        {64, 2}, {64, 2}, {65, 2}, {67, 2}, {67, 2}, {65, 2}, {64, 2}, {62, 2},
        {60, 2}, {60, 2}, {62, 2}, {64, 2}, {62, 3}, {60, 1}, {60, 4},
        {62, 2}, {62, 2}, {64, 2}, {60, 2}, {62, 2}, {64, 1}, {65, 1}, {64, 2}, {60, 2},
        {62, 2}, {64, 1}, {65, 1}, {64, 2}, {62, 2}, {60, 2}, {62, 2}, {55, 4},
        {64, 2}, {64, 2}, {65, 2}, {67, 2}, {67, 2}, {65, 2}, {64, 2}, {62, 2},
        {60, 2}, {60, 2}, {62, 2}, {64, 2}, {62, 3}, {60, 1}, {60, 4},
    };
    private static final int[] C = {48, 52, 55}, G = {47, 50, 55}, G7 = {47, 53, 55};

    /**
     * Ode to Joy at 120 qpm (each melody unit is an eighth, so 16 bars of 4/4 last 32 s),
     * melody on a flute (instrument 0) and half-bar chords on a piano (instrument 1).
     */
    static NoteSequence odeToJoy() {
        double eighth = 0.25;
        NoteSequence.Builder b = NoteSequence.newBuilder().setTicksPerQuarter(220);
        b.addTemposBuilder().setTime(0).setQpm(120);
        b.addTimeSignaturesBuilder().setTime(0).setNumerator(4).setDenominator(4);
        double t = 0;
        for (int[] n : MELODY) {
            double len = n[1] * eighth;
            // Louder on strong beats, softer on passing notes: exercises the velocity shading.
            int vel = (Math.abs(t % 2.0) < 1e-9) ? 112 : (Math.abs(t % 1.0) < 1e-9 ? 92 : 64);
            b.addNotesBuilder().setPitch(n[0]).setVelocity(vel).setStartTime(t).setEndTime(t + len)
                    .setInstrument(0).setProgram(73);
            t += len;
        }
        int[][][] chords = {
            {C, G}, {C, G}, {C, G}, {G7, C}, {C, G}, {C, G}, {C, G}, {G7, C},
            {G, C}, {G, C}, {G, C}, {G7, G}, {C, G}, {C, G}, {C, G}, {G7, C},
        };
        for (int bar = 0; bar < chords.length; bar++) {
            for (int half = 0; half < 2; half++) {
                double start = bar * 2.0 + half;
                for (int p : chords[bar][half]) {
                    b.addNotesBuilder().setPitch(p).setVelocity(half == 0 ? 70 : 50).setStartTime(start)
                            .setEndTime(start + 0.95).setInstrument(1).setProgram(0);
                }
            }
        }
        return b.setTotalTime(t).build();
    }

    /**
     * Three minutes in 3/4 whose tempo jumps from 90 to 140 qpm at 60 s: a wide piano part (A1 to C7), a bass
     * and drums. Stresses label thinning, small rows and colours.
     */
    static NoteSequence busy() {
        NoteSequence.Builder b = NoteSequence.newBuilder();
        b.addTemposBuilder().setTime(0).setQpm(90);
        b.addTemposBuilder().setTime(60).setQpm(140);
        b.addTimeSignaturesBuilder().setTime(0).setNumerator(3).setDenominator(4);
        java.util.Random rnd = new java.util.Random(7);
        double t = 0;
        while (t < 180) {
            double beat = t < 60 ? 60 / 90.0 : 60 / 140.0;
            int pitch = 33 + rnd.nextInt(75);
            b.addNotesBuilder().setPitch(pitch).setVelocity(30 + rnd.nextInt(97)).setStartTime(t)
                    .setEndTime(t + beat * (1 + rnd.nextInt(3)) / 2).setInstrument(0).setProgram(0);
            if (rnd.nextInt(3) == 0) {
                b.addNotesBuilder().setPitch(28 + rnd.nextInt(12)).setVelocity(90).setStartTime(t)
                        .setEndTime(t + beat).setInstrument(1).setProgram(33);
            }
            b.addNotesBuilder().setPitch(36 + 2 * rnd.nextInt(4)).setVelocity(100).setStartTime(t)
                    .setEndTime(t + 0.1).setInstrument(9).setIsDrum(true);
            t += beat / 2;
        }
        return b.setTotalTime(180).build();
    }
}
