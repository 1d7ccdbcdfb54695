package org.magentajava.notes;

import org.magentajava.proto.NoteSequence;

/** Cutting a sequence to whole bars (note_seq's extract_subsequence from the start). */
public final class Sections {

    private Sections() {
    }

    /** How long one bar lasts at the sequence's first meter (default 4/4) and first tempo (default 120 qpm). */
    public static double barSeconds(NoteSequence sequence) {
        int numerator = 4;
        int denominator = 4;
        if (sequence.getTimeSignaturesCount() > 0) {
            NoteSequence.TimeSignature ts = sequence.getTimeSignatures(0);
            numerator = ts.getNumerator();
            denominator = ts.getDenominator();
        }
        double qpm = sequence.getTemposCount() > 0 ? sequence.getTempos(0).getQpm() : Quantization.DEFAULT_QPM;
        return numerator * (4.0 / denominator) * 60.0 / qpm;
    }

    /**
     * The first {@code bars} bars: notes that start before the cut, their ends clamped to it, with the meter,
     * key and tempo in force. A sequence shorter than that comes back as its own subsequence (pitch bends and
     * non-pedal control changes dropped, as every note_seq subsequence drops them).
     */
    public static NoteSequence firstBars(NoteSequence sequence, int bars) {
        if (bars < 1) {
            throw new IllegalArgumentException("bars must be at least 1, got " + bars);
        }
        double cut = bars * barSeconds(sequence);
        return TimeChangeSplitter.extractSubsequences(sequence, new double[] {0.0, cut}).get(0);
    }
}
