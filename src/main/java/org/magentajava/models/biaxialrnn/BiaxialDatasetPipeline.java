package org.magentajava.models.biaxialrnn;

import java.util.List;
import org.magentajava.biaxial.NoteStateEncoding;
import org.magentajava.biaxial.NoteStates;
import org.magentajava.pianoroll.EncodedRoll;
import org.magentajava.pianoroll.PianorollDatasetStages;
import org.magentajava.pianoroll.PianorollSequence;
import org.magentajava.pianoroll.RollSettings;
import org.magentajava.pipeline.Statistics;
import org.magentajava.proto.NoteSequence;

/**
 * One NoteSequence through the piano-roll pipeline's stages (time-change split, quantization, transposition, the
 * piano-roll extractor's program, length and truncation rules), kept as {@link NoteStates} so that struck
 * notes stay apart from held ones, then encoded as biaxial records. A pure function, safe from many threads.
 */
public final class BiaxialDatasetPipeline {
    /** The piano-roll extractor's statistics, under its stage name. */
    public static final String EXTRACTOR_STAGE = PianorollDatasetStages.EXTRACTOR_STAGE;

    /**
     * @param rolls      the examples in the pianoroll pipeline's order (split piece, then transposition low to high)
     * @param statistics what each stage counted, under Magenta's names
     * @param noneReason a short reason when {@code rolls} is empty, else null
     */
    public record Result(List<EncodedRoll> rolls, Statistics statistics, String noneReason) {
    }

    private BiaxialDatasetPipeline() {
    }

    /** @throws org.magentajava.notes.QuantizationException with reason NEGATIVE_TIME, as the piano-roll pipeline */
    public static Result process(NoteSequence sequence, RollSettings settings) {
        NoteStateEncoding encoding = new NoteStateEncoding(PianorollSequence.MIN_MIDI_PITCH,
                PianorollSequence.PIANO_KEYS);
        // the piano-roll extractor decides which pieces are kept and where they are cut; the note states are
        // read from the transposed piece so that struck notes stay apart from held ones
        PianorollDatasetStages.Result r = PianorollDatasetStages.process(sequence, settings, (t, roll) -> encoding.encode(NoteStates.fromQuantized(t, roll.numSteps(), encoding.minPitch(),
                        encoding.keys())));
        return new Result(r.rolls(), r.statistics(), r.noneReason());
    }
}
