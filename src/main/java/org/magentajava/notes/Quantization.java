package org.magentajava.notes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.magentajava.notes.QuantizationException.Reason;
import org.magentajava.proto.NoteSequence;

/** Port of note_seq's relative (steps-per-quarter) quantization, with its rounding and error rules. */
public final class Quantization {

    /** note_seq's QUANTIZE_CUTOFF: a time snaps to the next step once it is past the middle of a step. */
    public static final double DEFAULT_CUTOFF = 0.5;
    public static final int DEFAULT_STEPS_PER_QUARTER = 4;
    public static final double DEFAULT_QPM = 120.0;

    private Quantization() {
    }

    /**
     * {@code int(seconds * stepsPerSecond + (1 - cutoff))}. Python's int() truncates toward zero, so values in
     * (-1.5, 0) become 0 with the default cutoff, and cutoff 0 gives floor(x) + 1 rather than a ceiling.
     */
    public static long quantizeToStep(double seconds, double stepsPerSecond, double cutoff) {
        double unquantizedSteps = seconds * stepsPerSecond;
        return (long) (unquantizedSteps + (1 - cutoff));
    }

    public static long quantizeToStep(double seconds, double stepsPerSecond) {
        return quantizeToStep(seconds, stepsPerSecond, DEFAULT_CUTOFF);
    }

    public static double stepsPerQuarterToStepsPerSecond(int stepsPerQuarter, double qpm) {
        return stepsPerQuarter * qpm / 60.0;
    }

    public static boolean isRelativeQuantized(NoteSequence sequence) {
        return sequence.getQuantizationInfo().getStepsPerQuarter() > 0;
    }

    public static boolean isQuantized(NoteSequence sequence) {
        return sequence.getQuantizationInfo().getStepsPerQuarter() > 0
                || sequence.getQuantizationInfo().getStepsPerSecond() > 0;
    }

    /**
     * Steps per bar of a relative-quantized sequence, as a double because the caller must check that it is an
     * integer (7/8 at 4 steps per quarter gives 14, 3/8 at 1 step per quarter gives 1.5).
     */
    public static double stepsPerBar(NoteSequence quantized) {
        if (!isRelativeQuantized(quantized)) {
            throw new IllegalArgumentException("NoteSequence " + quantized.getId()
                    + " is not quantized or is quantized based on absolute timing.");
        }
        NoteSequence.TimeSignature ts = quantized.getTimeSignatures(0);
        double quartersPerBeat = 4.0 / ts.getDenominator();
        double quartersPerBar = quartersPerBeat * ts.getNumerator();
        return quantized.getQuantizationInfo().getStepsPerQuarter() * quartersPerBar;
    }

    /** quantize_note_sequence with the default 4 steps per quarter. */
    public static NoteSequence quantizeNoteSequence(NoteSequence sequence) {
        return quantizeNoteSequence(sequence, DEFAULT_STEPS_PER_QUARTER);
    }

    /**
     * Returns a copy of {@code sequence} with quantized steps filled in, a single time signature and a single
     * tempo at time 0.
     *
     * @throws QuantizationException on a meter or tempo change, a bad time signature or a negative step
     */
    public static NoteSequence quantizeNoteSequence(NoteSequence sequence, int stepsPerQuarter) {
        NoteSequence.Builder qns = sequence.toBuilder();
        qns.getQuantizationInfoBuilder().setStepsPerQuarter(stepsPerQuarter);

        if (qns.getTimeSignaturesCount() > 0) {
            List<NoteSequence.TimeSignature> sorted = new ArrayList<>(qns.getTimeSignaturesList());
            sorted.sort(Comparator.comparingDouble(NoteSequence.TimeSignature::getTime));
            NoteSequence.TimeSignature first = sorted.get(0);
            // An implicit 4/4 holds at time 0, so a later first signature other than 4/4 is a change.
            if (first.getTime() != 0 && !(first.getNumerator() == 4 && first.getDenominator() == 4)) {
                throw new QuantizationException(Reason.MULTIPLE_TIME_SIGNATURES, String.format(
                        "NoteSequence has an implicit change from initial 4/4 time signature to %d/%d at %.2f seconds.",
                        first.getNumerator(), first.getDenominator(), first.getTime()));
            }
            // note_seq compares against the unsorted list's first element.
            NoteSequence.TimeSignature original = qns.getTimeSignatures(0);
            for (NoteSequence.TimeSignature ts : sorted.subList(1, sorted.size())) {
                if (ts.getNumerator() != original.getNumerator() || ts.getDenominator() != original.getDenominator()) {
                    throw new QuantizationException(Reason.MULTIPLE_TIME_SIGNATURES, String.format(
                            "NoteSequence has at least one time signature change from %d/%d to %d/%d at %.2f seconds.",
                            first.getNumerator(), first.getDenominator(), ts.getNumerator(), ts.getDenominator(),
                            ts.getTime()));
                }
            }
            NoteSequence.TimeSignature kept = original.toBuilder().setTime(0).build();
            qns.clearTimeSignatures().addTimeSignatures(kept);
        } else {
            qns.addTimeSignatures(NoteSequence.TimeSignature.newBuilder().setNumerator(4).setDenominator(4).setTime(0));
        }

        NoteSequence.TimeSignature ts = qns.getTimeSignatures(0);
        if (!isPowerOfTwo(ts.getDenominator())) {
            throw new QuantizationException(Reason.BAD_TIME_SIGNATURE, String.format(
                    "Denominator is not a power of 2. Time signature: %d/%d", ts.getNumerator(), ts.getDenominator()));
        }
        if (ts.getNumerator() == 0) {
            throw new QuantizationException(Reason.BAD_TIME_SIGNATURE, String.format(
                    "Numerator is 0. Time signature: %d/%d", ts.getNumerator(), ts.getDenominator()));
        }
        // note_seq lets a negative numerator through; the bar is then negative and melody extraction loops
        // forever. MIDI cannot express one (the field is an unsigned byte), so only a hand-made sequence has it.
        if (ts.getNumerator() < 0) {
            throw new QuantizationException(Reason.BAD_TIME_SIGNATURE, String.format(
                    "Numerator is negative. Time signature: %d/%d", ts.getNumerator(), ts.getDenominator()));
        }

        if (qns.getTemposCount() > 0) {
            List<NoteSequence.Tempo> sorted = new ArrayList<>(qns.getTemposList());
            sorted.sort(Comparator.comparingDouble(NoteSequence.Tempo::getTime));
            NoteSequence.Tempo first = sorted.get(0);
            if (first.getTime() != 0 && first.getQpm() != DEFAULT_QPM) {
                throw new QuantizationException(Reason.MULTIPLE_TEMPOS, String.format(
                        "NoteSequence has an implicit tempo change from initial %.1f qpm to %.1f qpm at %.2f seconds.",
                        DEFAULT_QPM, first.getQpm(), first.getTime()));
            }
            NoteSequence.Tempo original = qns.getTempos(0);
            for (NoteSequence.Tempo tempo : sorted.subList(1, sorted.size())) {
                if (tempo.getQpm() != original.getQpm()) {
                    throw new QuantizationException(Reason.MULTIPLE_TEMPOS, String.format(
                            "NoteSequence has at least one tempo change from %.1f qpm to %.1f qpm at %.2f seconds.",
                            first.getQpm(), tempo.getQpm(), tempo.getTime()));
                }
            }
            NoteSequence.Tempo kept = original.toBuilder().setTime(0).build();
            qns.clearTempos().addTempos(kept);
        } else {
            qns.addTempos(NoteSequence.Tempo.newBuilder().setQpm(DEFAULT_QPM).setTime(0));
        }

        double stepsPerSecond = stepsPerQuarterToStepsPerSecond(stepsPerQuarter, qns.getTempos(0).getQpm());
        qns.setTotalQuantizedSteps(quantizeToStep(qns.getTotalTime(), stepsPerSecond));
        quantizeNotes(qns, stepsPerSecond);
        return qns.build();
    }

    private static void quantizeNotes(NoteSequence.Builder qns, double stepsPerSecond) {
        long total = qns.getTotalQuantizedSteps();
        for (NoteSequence.Note.Builder note : qns.getNotesBuilderList()) {
            long start = quantizeToStep(note.getStartTime(), stepsPerSecond);
            long end = quantizeToStep(note.getEndTime(), stepsPerSecond);
            if (end == start) {
                end += 1;
            }
            if (start < 0 || end < 0) {
                throw new QuantizationException(Reason.NEGATIVE_TIME, String.format(
                        "Got negative note time: start_step = %d, end_step = %d", start, end));
            }
            note.setQuantizedStartStep(start).setQuantizedEndStep(end);
            total = Math.max(total, end);
        }
        qns.setTotalQuantizedSteps(total);
        for (NoteSequence.ControlChange.Builder cc : qns.getControlChangesBuilderList()) {
            cc.setQuantizedStep(checkedEventStep(cc.getTime(), stepsPerSecond));
        }
        for (NoteSequence.TextAnnotation.Builder ta : qns.getTextAnnotationsBuilderList()) {
            ta.setQuantizedStep(checkedEventStep(ta.getTime(), stepsPerSecond));
        }
    }

    private static long checkedEventStep(double time, double stepsPerSecond) {
        long step = quantizeToStep(time, stepsPerSecond);
        if (step < 0) {
            throw new QuantizationException(Reason.NEGATIVE_TIME, "Got negative event time: step = " + step);
        }
        return step;
    }

    /** Python's {@code x and not x & (x - 1)}: negative values are never powers of two there. */
    static boolean isPowerOfTwo(int x) {
        return x > 0 && (x & (x - 1)) == 0;
    }
}
