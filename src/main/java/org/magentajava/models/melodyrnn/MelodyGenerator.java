package org.magentajava.models.melodyrnn;

import org.magentajava.generate.BeamSearch;
import org.magentajava.generate.GeneratedEvents;
import org.magentajava.generate.GenerationSection;
import org.magentajava.generate.SearchSettings;
import org.magentajava.generate.StepModel;
import org.magentajava.io.BadInputException;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.melody.ExtractionParams;
import org.magentajava.melody.Melody;
import org.magentajava.melody.MelodyExtractor;
import org.magentajava.models.ModelConfig;
import org.magentajava.notes.Quantization;
import org.magentajava.notes.QuantizationException;
import org.magentajava.proto.NoteSequence;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Magenta's melody_rnn sequence generator: extracts the primer melody, squashes it into the model's range,
 * continues it with beam search and renders primer + continuation as a NoteSequence.
 *
 * <p>Two things differ from Magenta on purpose: a primer with several melodies (several instruments) uses the
 * first one instead of crashing, and the output keeps the primer exactly as given — Magenta re-renders the
 * squashed primer, so a primer outside the model's range came back transposed or octave-folded. The
 * continuation is transposed back by the squash amount, so it sits in the primer's key and register.
 *
 * @param <S> the step model's state type
 */
public final class MelodyGenerator<S> {

    /** What to generate: Magenta's num_steps counts from the start of the primer, in 16th-note steps. */
    public record Request(NoteSequence primer, double qpm, int numSteps, SearchSettings settings) {
    }

    /**
     * @param sequence        primer + continuation, 220 PPQ, one tempo, velocity 100, program 0
     * @param logLikelihood   the beam-search score (primer log-likelihood + generated log p)
     * @param generatedStart  seconds where the generated part begins
     * @param primerSteps     how many steps of the melody came from the primer (padding included)
     * @param transposedBy    the semitones the primer was moved to fit the model (the continuation is moved back)
     * @param primerMelodies  how many melodies the primer held (the first is used)
     */
    public record Result(NoteSequence sequence, double logLikelihood, double generatedStart, int primerSteps,
                         int transposedBy, int primerMelodies) {
    }

    private final StepModel<S> model;
    private final ModelConfig config;
    private final EncoderDecoder encoder;

    public MelodyGenerator(StepModel<S> model, ModelConfig config) {
        this.model = model;
        this.config = config;
        this.encoder = config.encoderDecoder();
    }

    /** The primer's end in seconds: the latest note end (0 with no notes), as Magenta's CLI computes it. */
    public static double primerEnd(NoteSequence primer) {
        double end = 0;
        for (NoteSequence.Note n : primer.getNotesList()) {
            end = Math.max(end, n.getEndTime());
        }
        return end;
    }

    public Result generate(Request request, RandomGenerator random) {
        GenerationSection section = GenerationSection.after(primerEnd(request.primer()), request.qpm(),
                request.numSteps(), GenerationSection.STEPS_PER_QUARTER);
        NoteSequence quantized;
        try {
            quantized = Quantization.quantizeNoteSequence(request.primer(), GenerationSection.STEPS_PER_QUARTER);
        } catch (QuantizationException e) {
            throw new BadInputException("primer: " + e.getMessage() + " (a primer needs one tempo and one meter)");
        }
        List<Melody> melodies;
        try {
            melodies = MelodyExtractor.extractMelodies(quantized, ExtractionParams.generatorPrimer(0)).melodies();
        } catch (RuntimeException e) {
            throw new BadInputException("primer: no melody can be extracted: " + e.getMessage());
        }
        Melody extracted = melodies.isEmpty() ? null : melodies.get(0);
        int stepsPerBar = extracted == null ? Melody.DEFAULT_STEPS_PER_BAR : extracted.stepsPerBar();
        GenerationSection.Primer primer = extracted == null
                ? section.primer(new int[0], 0)
                : section.primer(extracted.events(), extracted.startStep());

        Melody original = new Melody(primer.events(), primer.startStep(), GenerationSection.STEPS_PER_QUARTER,
                stepsPerBar);
        int amount = original.squashAmount(config.minNote(), config.maxNote(), config.transposeToKey());
        Melody squashed = original.squash(config.minNote(), config.maxNote(), config.transposeToKey());

        // Meter-aware encoders (phrase_rnn) look back whole bars of the primer's meter.
        BeamSearch<S> search = new BeamSearch<>(model, encoderFor(stepsPerBar), request.settings(), random);
        GeneratedEvents generated = search.generate(squashed.events(), primer.totalLength());

        int p = original.length();
        int[] tail = Arrays.copyOfRange(generated.events(), p, generated.events().length);
        int[] back = new Melody(tail, 0, GenerationSection.STEPS_PER_QUARTER, stepsPerBar)
                .transpose(-amount, Melody.MIN_MIDI_PITCH, Melody.MAX_MIDI_PITCH + 1).events();
        int[] all = Arrays.copyOf(original.events(), p + back.length);
        System.arraycopy(back, 0, all, p, back.length);
        Melody result = new Melody(all, primer.startStep(), GenerationSection.STEPS_PER_QUARTER, stepsPerBar);
        NoteSequence out = result.toSequence(100, 0, 0, 0.0, request.qpm());
        double generatedStart = (primer.startStep() + p) * section.secondsPerStep();
        return new Result(out, generated.logLikelihood(), generatedStart, p, amount, melodies.size());
    }

    /** The encoder for the primer's meter: one the config cannot encode (phrase_rnn: over 31 steps) is bad input. */
    private EncoderDecoder encoderFor(int stepsPerBar) {
        try {
            return encoder.forStepsPerBar(stepsPerBar);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("primer: its meter has " + stepsPerBar + " steps per bar, which "
                    + config.name() + " cannot encode (" + e.getMessage() + ")");
        }
    }
}
