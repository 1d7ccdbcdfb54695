package org.magentajava.models.polyphonyrnn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.generate.BeamSearch;
import org.magentajava.generate.GeneratedEvents;
import org.magentajava.generate.GenerationSection;
import org.magentajava.generate.Primer;
import org.magentajava.generate.SearchSettings;
import org.magentajava.generate.StepModel;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.models.ModelConfig;
import org.magentajava.notes.Quantization;
import org.magentajava.notes.QuantizationException;
import org.magentajava.poly.PolyphonicSequence;
import org.magentajava.poly.PolyphonyExtractor;
import org.magentajava.proto.NoteSequence;

/**
 * polyphony_rnn_generate with Magenta's PolyphonyRnnSequenceGenerator: the generate section runs from the
 * primer's total_time to {@code num_steps} steps (its start quantized with cutoff 0, so an aligned primer is
 * followed by one silent step); the primer becomes a {@link PolyphonicSequence} padded to the section start.
 *
 * <ul>
 * <li>Without {@code condition_on_primer} (the default) generation starts from a bare START at the section
 *     start, and the output is the primer NoteSequence plus the new notes.</li>
 * <li>With it, the model is first fed the primer's events and the output re-renders primer and continuation.</li>
 * <li>With {@code inject_primer_during_generation} (the default) the primer's events are forced step by step
 *     ({@link PrimerInjection}): from the section start without conditioning, so the primer is played a second
 *     time with generated harmony; after the primer with conditioning.</li>
 * </ul>
 * The model is asked for {@code len + 5 × missing steps} events until the sequence has enough STEP_ENDs, then
 * the sequence is cut to length.
 *
 * @param <S> the step model's state type
 */
public final class PolyphonyGenerator<S> {

    /** Magenta asks for this many events per missing step. */
    static final int EVENTS_PER_STEP_GUESS = 5;

    /**
     * @param primer            the primer NoteSequence (may have no notes)
     * @param qpm               the tempo (the primer's first tempo, if any, must agree)
     * @param numSteps          the length in steps (16th notes) counted from time 0, primer included
     * @param conditionOnPrimer feed the primer to the model before generating
     * @param injectPrimer      force the primer's events during generation
     */
    public record Request(NoteSequence primer, double qpm, int numSteps, SearchSettings settings,
                          boolean conditionOnPrimer, boolean injectPrimer) {
    }

    /**
     * @param sequence       the output NoteSequence
     * @param events         the generated polyphonic sequence (primer events included when conditioning)
     * @param logLikelihood  the last beam search's score
     * @param generatedStart seconds where the generated section begins
     * @param primerDropped  true when the primer's notes use several programs, so that (as in Magenta) no
     *                       primer sequence could be extracted and nothing is injected
     */
    public record Result(NoteSequence sequence, PolyphonicSequence events, double logLikelihood,
                         double generatedStart, boolean primerDropped) {
    }

    private final StepModel<S> model;
    private final ModelConfig config;
    private final EncoderDecoder encoder;

    public PolyphonyGenerator(StepModel<S> model, ModelConfig config) {
        if (!PolyphonyRnn.NAME.equals(config.family())) {
            throw new IllegalArgumentException(config.name() + " is not a polyphony config");
        }
        this.model = model;
        this.config = config;
        this.encoder = config.encoderDecoder();
    }

    /** polyphony_rnn_generate's --primer_pitches: a chord one quarter note long at velocity 100. */
    public static NoteSequence chordPrimer(int[] pitches, double qpm) {
        return Primer.chord(pitches, qpm).sequence();
    }

    /** The primer polyphony_rnn_generate uses when none is given: no notes, one tempo. */
    public static NoteSequence emptyPrimer(double qpm) {
        return Primer.silence(qpm, "(none)").sequence();
    }

    /** The generate section's start: the primer's total_time, as polyphony_rnn_generate requests it. */
    public static double sectionStart(NoteSequence primer) {
        return primer.getTotalTime();
    }

    /**
     * Checks the section before anything is written: it must end after it starts and leave at least one step.
     *
     * @throws BadSettingException naming the num_steps that would work
     */
    public static void checkSection(NoteSequence primer, double qpm, int numSteps, int stepsPerQuarter) {
        GenerationSection.checkTempoAndLength(qpm, numSteps);
        double secondsPerStep = 60.0 / qpm / stepsPerQuarter;
        double start = sectionStart(primer);
        double end = numSteps * secondsPerStep;
        double stepsPerSecond = Quantization.stepsPerQuarterToStepsPerSecond(stepsPerQuarter, qpm);
        long startStep = Quantization.quantizeToStep(start, stepsPerSecond, 0.0);
        long endStep = Quantization.quantizeToStep(end, stepsPerSecond, 1.0);
        if (start >= end || startStep >= endStep) {
            throw new BadSettingException("num_steps", "the primer lasts " + Math.round(start / secondsPerStep)
                    + " steps, so generation would start at step " + startStep + "; {num_steps} " + numSteps
                    + " leaves nothing to generate; use {num_steps} " + (startStep + 1) + " or more");
        }
    }

    public Result generate(Request request, RandomGenerator random) {
        int spq = config.stepsPerQuarter();
        double qpm = request.qpm();
        checkSection(request.primer(), qpm, request.numSteps(), spq);
        NoteSequence primer = Primer.atTempo(request.primer(), qpm);
        double secondsPerStep = 60.0 / qpm / spq;
        double stepsPerSecond = Quantization.stepsPerQuarterToStepsPerSecond(spq, qpm);
        double start = sectionStart(primer);
        double end = request.numSteps() * secondsPerStep;
        double lastEnd = 0;
        for (NoteSequence.Note n : primer.getNotesList()) {
            lastEnd = Math.max(lastEnd, n.getEndTime());
        }
        if (lastEnd > start) {
            throw new BadInputException("the primer's notes end at " + lastEnd + " s, after its total time " + start
                    + " s; this model can only extend a sequence");
        }
        NoteSequence quantized;
        try {
            quantized = Quantization.quantizeNoteSequence(primer, spq);
        } catch (QuantizationException e) {
            throw new BadInputException("primer: " + e.getMessage() + " (a primer needs one tempo and one meter)");
        }
        List<PolyphonicSequence> extracted = PolyphonyExtractor.extract(quantized, 0, null, null).sequences();
        boolean dropped = extracted.isEmpty() && quantized.getNotesCount() > 0;
        long startStep = Quantization.quantizeToStep(start, stepsPerSecond, 0.0);
        long endStep = Quantization.quantizeToStep(end, stepsPerSecond, 1.0);

        PolyphonicSequence poly = extracted.isEmpty() ? PolyphonicSequence.empty(spq, startStep) : extracted.get(0);
        poly = poly.setLength(Math.toIntExact(startStep - poly.startStep())).trimTrailingEndEvents();

        PrimerInjection injection = null;
        if (request.injectPrimer()) {
            injection = new PrimerInjection(poly, request.conditionOnPrimer() ? poly.numSteps() : 0);
        }
        if (!request.conditionOnPrimer()) {
            poly = PolyphonicSequence.empty(spq, startStep);
        }
        int totalSteps = poly.numSteps() + Math.toIntExact(endStep - startStep);
        double logLikelihood = 0;
        while (poly.numSteps() < totalSteps) {
            int missing = totalSteps - poly.numSteps();
            BeamSearch<S> search = new BeamSearch<>(model, encoder, request.settings(), random, injection);
            GeneratedEvents g = search.generate(poly.events(), poly.length() + EVENTS_PER_STEP_GUESS * missing);
            poly = new PolyphonicSequence(g.events(), poly.startStep(), spq);
            logLikelihood = g.logLikelihood();
        }
        poly = poly.setLength(totalSteps);

        NoteSequence out = request.conditionOnPrimer()
                ? poly.toSequence(100, 0, 0, qpm, null)
                : poly.toSequence(100, 0, 0, qpm, primer);
        return new Result(out, poly, logLikelihood, startStep * secondsPerStep, dropped);
    }
}
