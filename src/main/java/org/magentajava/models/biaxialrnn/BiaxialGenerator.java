package org.magentajava.models.biaxialrnn;

import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.magentajava.biaxial.NoteStateEncoding;
import org.magentajava.biaxial.NoteStates;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.io.BadSettingException;
import org.magentajava.model.LstmStack;
import org.magentajava.proto.NoteSequence;

/**
 * Sampling from a trained biaxial network, one step at a time: the time axis advances over the step with the
 * previous step's states (the primer's while it lasts), then the note axis samples the keys from the lowest to
 * the highest, each key's play and (if it plays) articulate drawn from sigmoid(logit / temperature) and fed to
 * the next key. A key that plays after a silent step starts a note whether or not articulate was drawn.
 *
 * <p>As the family's {@link SequenceGenerator} it continues the request's primer quantized at the request's steps
 * per quarter (the config's when not given): "pieces" of numSteps steps, sampled at the request's temperature.
 */
public final class BiaxialGenerator implements SequenceGenerator {
    private final BiaxialNetwork net;
    private final NoteStateEncoding encoding;
    private final double[] outW;
    private final double[] outB;
    private final int defaultStepsPerQuarter;

    /**
     * @param states the primer followed by the generated steps
     * @param logLikelihood the natural log of the probability of the generated steps' play and articulate values
     *                      under the sampling distributions (the model's own at temperature 1)
     * @param generatedStart the first generated step
     */
    public record Result(NoteStates states, double logLikelihood, int generatedStart) {
    }

    /** A primer sequence (e.g. {@code Primer.fromMidi}'s) quantized at {@code stepsPerQuarter}, in its meter. */
    static NoteStates fromSequence(org.magentajava.proto.NoteSequence sequence, int stepsPerQuarter) {
        org.magentajava.proto.NoteSequence q = org.magentajava.notes.Quantization.quantizeNoteSequence(sequence,
                stepsPerQuarter);
        NoteStateEncoding keys = BiaxialModel.pianoKeys();
        return NoteStates.fromQuantized(q, Math.toIntExact(q.getTotalQuantizedSteps()), keys.minPitch(), keys.keys());
    }

    /** A generator at the config's 4 steps per quarter unless a request says otherwise. */
    public BiaxialGenerator(BiaxialModel model) {
        this(model, BiaxialRnn.BIAXIAL_RNN.stepsPerQuarter());
    }

    /** A generator at {@code defaultStepsPerQuarter} unless a request says otherwise. */
    public BiaxialGenerator(BiaxialModel model, int defaultStepsPerQuarter) {
        this.defaultStepsPerQuarter = defaultStepsPerQuarter;
        this.net = model.network();
        this.encoding = net.encoding();
        this.outW = net.parameters().get(BiaxialNetwork.OUT_W).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .data().asDouble();
        this.outB = net.parameters().get(BiaxialNetwork.OUT_B).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .data().asDouble();
    }

    /**
     * Continues {@code primer} (its keys, steps per quarter and meter) to {@code numSteps} steps in all.
     *
     * @throws IllegalArgumentException when the primer is longer than numSteps or has other keys
     */
    public Result generate(NoteStates primer, int numSteps, double temperature, RandomGenerator random) {
        int keys = encoding.keys();
        if (primer.numSteps() > numSteps) {
            throw new IllegalArgumentException("the primer has " + primer.numSteps() + " steps, more than "
                    + numSteps);
        }
        if (primer.numSteps() > 0 && (primer.keys() != keys || primer.minPitch() != encoding.minPitch())) {
            throw new IllegalArgumentException("the primer's keys differ from the model's");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        LstmStack time = net.timeStack();
        LstmStack note = net.noteStack();
        int in = NoteStateEncoding.NOTE_INPUTS;
        int ht = time.outputSize();
        int hn = note.outputSize();
        boolean[][] play = new boolean[numSteps][keys];
        boolean[][] art = new boolean[numSteps][keys];
        double[][] th = time.zeroState(keys);
        double[][] tc = time.zeroState(keys);
        float[] features = new float[keys * in];
        double[] timeOut = new double[keys * ht];
        double[] noteIn = new double[ht + 2];
        double[] noteOut = new double[hn];
        double logLikelihood = 0;
        for (int t = 0; t < numSteps; t++) {
            float[] record = encoding.recordInput(t == 0 ? null : play[t - 1], t == 0 ? null : art[t - 1],
                    NoteStates.positionInBar(t, primer.stepsPerBar()));
            encoding.noteInputs(record, 0, features, 0);
            time.forward((row0, n, dst) -> {
                for (int i = 0; i < n * in; i++) dst[i] = features[row0 * in + i];
            }, 1, keys, 1.0, th, tc);
            time.finalState(th, tc);
            if (t < primer.numSteps()) {
                for (int k = 0; k < keys; k++) {
                    play[t][k] = primer.play(t, k);
                    art[t][k] = primer.articulate(t, k);
                }
                continue;
            }
            time.output(0, keys, timeOut);
            double[][] nh = note.zeroState(1);
            double[][] nc = note.zeroState(1);
            boolean belowPlay = false;
            boolean belowArt = false;
            for (int k = 0; k < keys; k++) {
                System.arraycopy(timeOut, k * ht, noteIn, 0, ht);
                noteIn[ht] = belowPlay ? 1 : 0;
                noteIn[ht + 1] = belowArt ? 1 : 0;
                note.forward((row0, n, dst) -> System.arraycopy(noteIn, 0, dst, 0, noteIn.length), 1, 1, 1.0,
                        nh, nc);
                note.finalState(nh, nc);
                note.output(0, 1, noteOut);
                double zp = outB[0];
                double za = outB[1];
                for (int j = 0; j < hn; j++) {
                    zp += noteOut[j] * outW[j * 2];
                    za += noteOut[j] * outW[j * 2 + 1];
                }
                double pp = BiaxialNetwork.sigmoid(zp / temperature);
                boolean p = random.nextDouble() < pp;
                logLikelihood += Math.log(p ? pp : 1 - pp);
                boolean a = false;
                if (p) {
                    double pa = BiaxialNetwork.sigmoid(za / temperature);
                    // a key that was silent is struck whatever is drawn
                    a = random.nextDouble() < pa || t == 0 || !play[t - 1][k];
                    logLikelihood += Math.log(a ? pa : 1 - pa);
                }
                play[t][k] = p;
                art[t][k] = a;
                belowPlay = p;
                belowArt = a;
            }
        }
        return new Result(NoteStates.of(play, art, encoding.minPitch(), primer.stepsPerQuarter(),
                primer.stepsPerBar()), logLikelihood, primer.numSteps());
    }

    @Override
    public String outputNoun() {
        return "piece";
    }

    @Override
    public String outputNounPlural() {
        return "pieces";
    }

    /**
     * @throws BadSettingException for beam search, or a primer longer than num_steps
     */
    @Override
    public void check(Request request) {
        if (BiaxialRnn.searchesBeam(request.settings())) {
            throw BiaxialRnn.notesOneByOne();
        }
        int primerSteps = primer(request).numSteps();
        if (primerSteps > request.numSteps()) {
            throw new BadSettingException("num_steps", "the primer is " + primerSteps + " steps long, more than "
                    + "{num_steps} " + request.numSteps() + "; pass {num_steps} " + (primerSteps + request.numSteps())
                    + " or a shorter primer");
        }
    }

    @Override
    public String describe(Request request) {
        return ", temperature " + request.settings().temperature();
    }

    @Override
    public String length(Request request) {
        return request.numSteps() + " steps (" + stepsPerQuarter(request) + " per quarter)";
    }

    @Override
    public Output generate(Request request, RandomGenerator random) {
        long start = System.nanoTime();
        int spq = stepsPerQuarter(request);
        Result r = generate(primer(request), request.numSteps(), request.settings().temperature(), random);
        NoteSequence sequence = r.states().toSequence(request.qpm());
        double generatedStart = r.generatedStart() * 60.0 / request.qpm() / spq;
        return new Output(sequence, generatedStart, String.format(Locale.ROOT,
                "%d notes, log-likelihood %.1f over %d generated steps, %.1f s", sequence.getNotesCount(),
                r.logLikelihood(), request.numSteps() - r.generatedStart(), (System.nanoTime() - start) / 1e9),
                Optional.empty());
    }

    private int stepsPerQuarter(Request request) {
        return request.options().stepsPerQuarter() > 0 ? request.options().stepsPerQuarter() : defaultStepsPerQuarter;
    }

    /**
     * The request's primer as note states, quantized at the request's rate in its meter (4/4 when it has none): a
     * MIDI file, a chord ({@link BiaxialRnn#chordPrimer}), or silence ({@link BiaxialRnn#fallbackPrimer}, no steps).
     */
    NoteStates primer(Request request) {
        return fromSequence(request.primer(), stepsPerQuarter(request));
    }
}
