package org.magentajava.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.magentajava.proto.NoteSequence;

/**
 * Magenta's TranspositionPipeline: one copy of a quantized sequence per transposition amount, shared by the
 * families that augment their data this way (polyphony_rnn over −4..+4, pianoroll_rnn over its flag's range).
 */
public final class TranspositionStage {
    static final String SKIPPED_RANGE = "skipped_due_to_range_exceeded";
    static final String TRANSPOSITIONS_GENERATED = "transpositions_generated";

    private TranspositionStage() {
    }

    /**
     * One copy per amount in min..max whose non-drum pitches all stay in 0..127, low to high; each amount that
     * leaves the range counts once in skipped_due_to_range_exceeded.
     */
    public static List<NoteSequence> run(NoteSequence quantized, int min, int max, Statistics stats) {
        List<NoteSequence> out = new ArrayList<>();
        long skipped = 0;
        for (int amount = min; amount <= max; amount++) {
            NoteSequence t = transpose(quantized, amount);
            if (t == null) {
                skipped++;
            } else {
                out.add(t);
            }
        }
        stats.add(Statistics.TRANSPOSITION, SKIPPED_RANGE, skipped);
        stats.add(Statistics.TRANSPOSITION, TRANSPOSITIONS_GENERATED, out.size());
        return out;
    }

    /** The sequence with every non-drum note moved by {@code amount}, or null if one leaves 0..127. */
    public static NoteSequence transpose(NoteSequence sequence, int amount) {
        if (amount == 0) {
            for (NoteSequence.Note n : sequence.getNotesList()) {
                if (!n.getIsDrum() && (n.getPitch() < 0 || n.getPitch() > 127)) {
                    return null;
                }
            }
            return sequence;
        }
        NoteSequence.Builder b = sequence.toBuilder();
        for (NoteSequence.Note.Builder n : b.getNotesBuilderList()) {
            if (!n.getIsDrum()) {
                int p = n.getPitch() + amount;
                if (p < 0 || p > 127) {
                    return null;
                }
                n.setPitch(p);
            }
        }
        return b.build();
    }
}
