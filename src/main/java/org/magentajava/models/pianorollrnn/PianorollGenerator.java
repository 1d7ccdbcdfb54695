package org.magentajava.models.pianorollrnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.magentajava.generate.GenerationSection;
import org.magentajava.generate.KeySetDistribution;
import org.magentajava.generate.Primer;
import org.magentajava.generate.SearchSettings;
import org.magentajava.generate.StepModel;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.notes.Quantization;
import org.magentajava.notes.QuantizationException;
import org.magentajava.pianoroll.PianorollEncoderDecoder;
import org.magentajava.pianoroll.PianorollSequence;
import org.magentajava.proto.NoteSequence;

/**
 * pianoroll_rnn_nade_generate with Magenta's PianorollRnnNadeSequenceGenerator, for both piano-roll models: the
 * primer is quantized and read as a roll from step 0 to the generate section's start (the primer's total_time
 * quantized with cutoff 0, so an aligned primer is followed by one silent step), the model reads it frame by
 * frame, then draws whole frames until the roll is {@code num_steps} long. Each frame comes from the step's
 * {@link KeySetDistribution}: keys drawn independently for pianoroll_rnn, ancestrally through the NADE for
 * pianoroll_rnn_nade.
 *
 * <p>Beam search is Magenta's beam_search over whole frames: {@code beam_size × branch_factor} live rolls, each
 * scored by the log-likelihood of the frames drawn for it; after a first iteration of
 * {@code ((n − 1) % steps_per_iteration) + 1} frames, every {@code steps_per_iteration} frames the best
 * {@code beam_size} are kept (stable on ties) and each is copied {@code branch_factor} times; the best roll wins.
 *
 * <p>Differences from Magenta: its graph picks each key greedily (p ≥ ½, no temperature), so its samples repeat;
 * here keys are drawn at {@code temperature}, seeded. An empty primer starts from silence at step 0 (Magenta
 * fails: "No priming pianoroll could be extracted"); a primer with several programs uses all its pitched notes
 * (drums left out); the output re-renders the primer as its roll, as Magenta's does.
 *
 * @param <S> the step model's state type
 */
public final class PianorollGenerator<S> {
    private static final PianorollEncoderDecoder ENCODER = new PianorollEncoderDecoder();

    /**
     * @param primer          the primer NoteSequence (may have no notes)
     * @param qpm             the tempo (the primer's first tempo, if any, must agree)
     * @param numSteps        the roll's length in steps, primer included
     * @param stepsPerQuarter frames per quarter note, the rate the model was trained at
     */
    public record Request(NoteSequence primer, double qpm, int numSteps, int stepsPerQuarter,
                          SearchSettings settings) {
    }

    /**
     * @param sequence       the output NoteSequence: the primer's roll and the generated frames
     * @param roll           the whole roll
     * @param logLikelihood  the winning roll's score: ln p of its generated frames (untempered)
     * @param primerLogLikelihood ln p of the primer's frames
     * @param generatedStart seconds where the generated frames begin
     * @param notesOffPiano  primer notes left out because they lie outside the 88 keys
     */
    public record Result(NoteSequence sequence, PianorollSequence roll, double logLikelihood,
                         double primerLogLikelihood, double generatedStart, int notesOffPiano) {
    }

    private final StepModel<S> model;
    private final KeySetDistribution keySets;

    public PianorollGenerator(StepModel<S> model) {
        this.model = model;
        this.keySets = model.keySets();
    }

    /** The generate section's first step: the primer's total_time quantized with cutoff 0 (0 for no notes). */
    static long startStep(NoteSequence primer, double stepsPerSecond) {
        if (primer.getNotesCount() == 0) return 0;
        return Quantization.quantizeToStep(primer.getTotalTime(), stepsPerSecond, 0.0);
    }

    /**
     * Checks the request before anything is written: a positive tempo and a section of at least one step.
     *
     * @throws BadSettingException naming the num_steps that would work
     */
    public static void check(NoteSequence primer, double qpm, int numSteps, int stepsPerQuarter) {
        GenerationSection.checkTempoAndLength(qpm, numSteps);
        long start = startStep(primer, Quantization.stepsPerQuarterToStepsPerSecond(stepsPerQuarter, qpm));
        if (start >= numSteps) {
            throw new BadSettingException("num_steps", "after the primer, generation would start at step " + start
                    + " (at " + stepsPerQuarter + " per quarter note), so {num_steps} " + numSteps
                    + " leaves nothing to generate; use {num_steps} " + (start + 1) + " or more");
        }
    }

    public Result generate(Request request, RandomGenerator random) {
        int spq = request.stepsPerQuarter();
        double qpm = request.qpm();
        check(request.primer(), qpm, request.numSteps(), spq);
        NoteSequence primer = Primer.atTempo(request.primer(), qpm);
        NoteSequence.Builder pitched = primer.toBuilder().clearNotes();
        int offPiano = 0;
        for (NoteSequence.Note n : primer.getNotesList()) {
            if (n.getIsDrum()) continue;
            if (n.getPitch() < PianorollSequence.MIN_MIDI_PITCH || n.getPitch() > PianorollSequence.MAX_MIDI_PITCH) {
                offPiano++;
            }
            pitched.addNotes(n);
        }
        NoteSequence quantized;
        try {
            quantized = Quantization.quantizeNoteSequence(pitched.build(), spq);
        } catch (QuantizationException e) {
            throw new BadInputException("primer: " + e.getMessage() + " (a primer needs one tempo and one meter)");
        }
        double stepsPerSecond = Quantization.stepsPerQuarterToStepsPerSecond(spq, qpm);
        int start = Math.toIntExact(startStep(primer, stepsPerSecond));
        PianorollSequence roll = PianorollSequence.fromQuantized(quantized).withLength(start);

        Beam beam = primed(roll, request.settings());
        int toGenerate = request.numSteps() - start;
        int perIteration = request.settings().stepsPerIteration();
        int first = (toGenerate - 1) % perIteration + 1;
        int remaining = toGenerate - first;
        beam.run(first, remaining > 0, random);
        while (remaining > 0) {
            remaining -= perIteration;
            beam.pruneAndBranch();
            beam.run(perIteration, remaining > 0, random);
        }
        int best = beam.best();
        PianorollSequence out = roll;
        for (int[] keys : beam.frames.get(best)) {
            out = out.append(keys);
        }
        double secondsPerStep = 60.0 / qpm / spq;
        return new Result(out.toSequence(qpm), out, beam.scores[best], beam.primerLogLikelihood,
                start * secondsPerStep, offPiano);
    }

    /**
     * Feeds the silent step before the roll and the primer's frames through a batch of one, summing the primer's
     * log-likelihood, and copies the state to every live entry.
     */
    private Beam primed(PianorollSequence roll, SearchSettings settings) {
        S state = model.initialState(1);
        StepModel.Output<S> out = model.step(state, new float[][] {new float[ENCODER.inputSize()]});
        double primerLl = 0;
        for (int s = 0; s < roll.numSteps(); s++) {
            primerLl += keySets.logLikelihood(out.logits()[0], ENCODER.target(roll.keys(s)));
            out = model.step(out.state(), new float[][] {ENCODER.input(roll.keys(s))});
        }
        int live = settings.liveEntries();
        float[][] next = new float[live][];
        Arrays.fill(next, out.logits()[0]);
        List<List<int[]>> frames = new ArrayList<>(live);
        for (int e = 0; e < live; e++) frames.add(new ArrayList<>());
        return new Beam(settings, model.selectRows(out.state(), new int[live]), next, frames, primerLl);
    }

    /** The live rolls: their generated frames, scores, the outputs for their next frame and one batched state. */
    private final class Beam {
        final SearchSettings settings;
        S state;
        float[][] next;
        List<List<int[]>> frames;
        double[] scores;
        final double primerLogLikelihood;

        Beam(SearchSettings settings, S state, float[][] next, List<List<int[]>> frames, double primerLl) {
            this.settings = settings;
            this.state = state;
            this.next = next;
            this.frames = frames;
            this.scores = new double[frames.size()];
            this.primerLogLikelihood = primerLl;
        }

        /** Draws {@code steps} frames for every entry; the model reads each unless it is the roll's last. */
        void run(int steps, boolean more, RandomGenerator random) {
            int live = frames.size();
            boolean[] keys = new boolean[ENCODER.inputSize()];
            for (int s = 0; s < steps; s++) {
                float[][] inputs = new float[live][];
                for (int e = 0; e < live; e++) {
                    scores[e] += keySets.sample(next[e], settings.temperature(), random, keys);
                    int[] frame = PianorollSequence.keysOf(keys);
                    frames.get(e).add(frame);
                    inputs[e] = ENCODER.input(frame);
                }
                if (s < steps - 1 || more) {
                    StepModel.Output<S> out = model.step(state, inputs);
                    state = out.state();
                    next = out.logits();
                }
            }
        }

        /** Keeps the beam_size best (stable), then repeats that list branch_factor times. */
        void pruneAndBranch() {
            Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer e) -> -scores[e]));
            int keep = Math.min(settings.beamSize(), order.length);
            int live = keep * settings.branchFactor();
            int[] rows = new int[live];
            for (int e = 0; e < live; e++) rows[e] = order[e % keep];
            List<List<int[]>> f = new ArrayList<>(live);
            float[][] n = new float[live][];
            double[] sc = new double[live];
            for (int e = 0; e < live; e++) {
                f.add(new ArrayList<>(frames.get(rows[e])));
                n[e] = next[rows[e]];
                sc[e] = scores[rows[e]];
            }
            state = model.selectRows(state, rows);
            frames = f;
            next = n;
            scores = sc;
        }

        /** The highest score, the first on ties. */
        int best() {
            int best = 0;
            for (int e = 1; e < scores.length; e++) {
                if (scores[e] > scores[best]) best = e;
            }
            return best;
        }
    }
}
