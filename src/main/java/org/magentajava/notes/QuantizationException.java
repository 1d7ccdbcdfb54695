package org.magentajava.notes;

import org.magentajava.io.BadInputException;

/**
 * Why {@link Quantization#quantizeNoteSequence} refused a NoteSequence. Each reason maps to the error class
 * note_seq raises and, where Magenta's Quantizer stage catches it, to the counter it increments.
 */
public final class QuantizationException extends BadInputException {

    /** The note_seq error kinds. */
    public enum Reason {
        /** MultipleTimeSignatureError, counted by the Quantizer stage. */
        MULTIPLE_TIME_SIGNATURES("sequences_discarded_because_multiple_time_signatures"),
        /** MultipleTempoError, counted by the Quantizer stage. */
        MULTIPLE_TEMPOS("sequences_discarded_because_multiple_tempos"),
        /** BadTimeSignatureError, counted by the Quantizer stage. */
        BAD_TIME_SIGNATURE("sequences_discarded_because_bad_time_signature"),
        /** NegativeTimeError: Magenta's Quantizer does not catch it, so the dataset run would abort. */
        NEGATIVE_TIME(null);

        private final String counterName;

        Reason(String counterName) {
            this.counterName = counterName;
        }

        /** The Quantizer-stage counter Magenta increments, or null when Magenta lets the error escape. */
        public String counterName() {
            return counterName;
        }

        /** True when Magenta's Quantizer stage discards the sequence and counts it instead of failing. */
        public boolean countedByMagenta() {
            return counterName != null;
        }
    }

    private final Reason reason;

    public QuantizationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
