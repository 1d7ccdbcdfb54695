package org.magentajava.pipeline;

import java.util.Set;
import org.magentajava.notes.Quantization;
import org.magentajava.notes.QuantizationException;
import org.magentajava.proto.NoteSequence;

/**
 * Magenta's Quantizer pipeline stage as both create_dataset pipelines use it: a piece that cannot be quantized
 * for a reason Magenta catches is discarded and counted; any other reason propagates, as it does in Magenta.
 *
 * @param sequence  the quantized piece, or null when it was discarded
 * @param discarded why it was discarded, or null
 */
public record QuantizerStage(NoteSequence sequence, QuantizationException.Reason discarded) {

    /**
     * @param stats   receives the Quantizer counter of a discard
     * @param reasons receives a discard's reason in words, for the per-file report
     * @throws QuantizationException for the reasons Magenta does not catch either (negative times)
     */
    public static QuantizerStage run(NoteSequence piece, int stepsPerQuarter, Statistics stats, Set<String> reasons) {
        try {
            return new QuantizerStage(Quantization.quantizeNoteSequence(piece, stepsPerQuarter), null);
        } catch (QuantizationException e) {
            if (!e.reason().countedByMagenta()) {
                throw e;
            }
            stats.add(Statistics.QUANTIZER, e.reason().counterName(), 1);
            reasons.add(e.reason().name().toLowerCase().replace('_', ' '));
            return new QuantizerStage(null, e.reason());
        }
    }
}
