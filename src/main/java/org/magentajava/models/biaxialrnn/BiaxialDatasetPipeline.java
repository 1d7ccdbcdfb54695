package org.magentajava.models.biaxialrnn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.magentajava.biaxial.NoteStateEncoding;
import org.magentajava.biaxial.NoteStates;
import org.magentajava.io.BadInputException;
import org.magentajava.notes.TimeChangeSplitter;
import org.magentajava.pianoroll.EncodedRoll;
import org.magentajava.pianoroll.PianorollExtractor;
import org.magentajava.pianoroll.PianorollSequence;
import org.magentajava.pipeline.QuantizerStage;
import org.magentajava.pipeline.Statistics;
import org.magentajava.pipeline.TranspositionStage;
import org.magentajava.proto.NoteSequence;

/**
 * One NoteSequence through the piano-roll pipeline's stages (time-change split, quantization, transposition, the
 * piano-roll extractor's program, length and truncation rules), kept as {@link NoteStates} so that struck
 * notes stay apart from held ones, then encoded as biaxial records. A pure function, safe from many threads.
 */
public final class BiaxialDatasetPipeline {
    /** The piano-roll extractor's statistics, under its stage name. */
    public static final String EXTRACTOR_STAGE = "PianorollExtractor";

    /**
     * The piano-roll pipeline's settings (a family does not import another, so they are restated here).
     *
     * @param minSteps         shorter pieces are discarded (0: none)
     * @param maxSteps         longer pieces are truncated
     * @param minTransposition lowest transposition in semitones; {@code 0,0} keeps every piece in its own key
     * @param maxTransposition highest
     */
    public record Settings(int stepsPerQuarter, int minSteps, int maxSteps, int minTransposition,
                           int maxTransposition) {
        public Settings {
            if (stepsPerQuarter < 1) {
                throw new BadInputException("steps per quarter must be positive, got " + stepsPerQuarter);
            }
            if (minSteps < 0 || maxSteps < 1) {
                throw new BadInputException("min steps must be non-negative and max steps positive, got "
                        + minSteps + " and " + maxSteps);
            }
            if (minTransposition > maxTransposition || minTransposition < -127 || maxTransposition > 127) {
                throw new BadInputException("transposition range must be LO,HI with -127 <= LO <= HI <= 127, got "
                        + minTransposition + "," + maxTransposition);
            }
        }
    }

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
    public static Result process(NoteSequence sequence, Settings settings) {
        Statistics stats = new Statistics();
        Set<String> reasons = new LinkedHashSet<>();
        List<EncodedRoll> out = new ArrayList<>();
        NoteStateEncoding encoding = new NoteStateEncoding(PianorollSequence.MIN_MIDI_PITCH,
                PianorollSequence.PIANO_KEYS);
        List<NoteSequence> pieces = TimeChangeSplitter.split(sequence);
        if (pieces.isEmpty()) {
            reasons.add("empty sequence");
        }
        for (NoteSequence piece : pieces) {
            NoteSequence quantized = QuantizerStage.run(piece, settings.stepsPerQuarter(), stats, reasons).sequence();
            if (quantized == null) {
                continue;
            }
            List<NoteSequence> transposed = TranspositionStage.run(quantized, settings.minTransposition(),
                    settings.maxTransposition(), stats);
            if (transposed.isEmpty()) {
                reasons.add("pitches out of range after transposition");
            }
            for (NoteSequence t : transposed) {
                // the piano-roll extractor decides which pieces are kept and where they are cut
                PianorollExtractor.Result r = PianorollExtractor.extract(t, settings.minSteps(), settings.maxSteps());
                for (Map.Entry<String, Long> c : r.counters().entrySet()) {
                    stats.add(EXTRACTOR_STAGE, c.getKey(), c.getValue());
                }
                stats.addHistogram(EXTRACTOR_STAGE, r.lengthsInBars());
                if (r.counters().get(PianorollExtractor.MORE_THAN_1_PROGRAM) > 0) {
                    reasons.add("notes use more than one program");
                }
                if (r.counters().get(PianorollExtractor.TOO_SHORT) > 0) {
                    reasons.add("fewer than " + settings.minSteps() + " steps");
                }
                for (PianorollSequence roll : r.rolls()) {
                    out.add(encoding.encode(NoteStates.fromQuantized(t, roll.numSteps(), encoding.minPitch(),
                            encoding.keys())));
                }
            }
        }
        String reason = out.isEmpty() ? (reasons.isEmpty() ? "no piano roll" : String.join("; ", reasons)) : null;
        return new Result(List.copyOf(out), stats, reason);
    }
}
