package org.magentajava.analysis;

import org.magentajava.models.melodyrnn.MelodyRnn;
import java.util.List;
import org.magentajava.bundle.TrainedModel;
import org.magentajava.io.BadInputException;
import org.magentajava.events.EncodedSequence;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.events.RepeatBias;
import org.magentajava.melody.Melody;
import org.magentajava.models.ModelConfig;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The teacher-forced repeat share: run a model over real melodies (each squashed and encoded as create-dataset
 * does for the model's config) and, at every step after the first note, add up the probability it gives to
 * note-ons and, of that, to striking the last pitch again. A model whose share is above the data's — the same
 * ratio counted on the notes that actually follow — over-repeats whatever the sampler does.
 *
 * @param model           the model's source (bundle file or checkpoint) and config
 * @param modelShare      expected repeated note-ons / expected note-ons
 * @param dataShare       actual repeated note-ons / actual note-ons over the same steps
 * @param steps           steps scored
 * @param melodies        melodies scored
 */
public record RepeatCalibration(String model, double modelShare, double dataShare, long steps, int melodies) {

    /** A model's next-event probabilities for every step of one melody: [steps * classes], row-major. */
    @FunctionalInterface
    public interface Probabilities {
        float[] of(float[][] inputs);
    }

    /** Scores {@code melodies} (their whole length, primers included) with the trained network. */
    public static RepeatCalibration of(TrainedModel trained, List<SourcedMelody> melodies) {
        return of(trained.source(), trained.config(), inputs -> trained.network()
                .softmax(new float[][][] {inputs}, 1.0).castTo(DataType.FLOAT).data().asFloat(), trained.repeatBias(),
                melodies);
    }

    /** Scores {@code melodies} with any model of {@code config}'s encoding. */
    public static RepeatCalibration of(String source, ModelConfig config, Probabilities model,
            List<SourcedMelody> melodies) {
        return of(source, config, model, RepeatBias.NONE, melodies);
    }

    /**
     * Scores {@code melodies} with any model of {@code config}'s encoding whose repeated-pitch probabilities are
     * corrected by {@code bias} (a calibrated bundle's, as generate samples them).
     */
    public static RepeatCalibration of(String source, ModelConfig config, Probabilities model, RepeatBias bias,
            List<SourcedMelody> melodies) {
        if (!MelodyRnn.NAME.equals(config.family())) {
            throw new BadInputException(source + " holds a " + config.name()
                    + " model; the repeat share needs a melody model");
        }
        EncoderDecoder configEncoder = config.encoderDecoder();
        int classes = configEncoder.numClasses();
        int[] classEvent = new int[classes];
        double expectedOn = 0;
        double expectedRepeat = 0;
        long actualOn = 0;
        long actualRepeat = 0;
        long steps = 0;
        int scored = 0;
        for (SourcedMelody sm : melodies) {
            Melody squashed = sm.melody().squash(config.minNote(), config.maxNote(), config.transposeToKey());
            int[] events = squashed.events();
            if (events.length < 2) {
                continue;
            }
            EncoderDecoder encoder;
            try {
                // as create-dataset encodes it: meter-bound encodings (phrase_rnn) look back in the melody's own bars
                encoder = configEncoder.forStepsPerBar(squashed.stepsPerBar());
            } catch (IllegalArgumentException e) {
                continue; // a meter the encoding cannot hold: create-dataset skips such melodies too
            }
            EncodedSequence encoded = encoder.encode(events);
            float[] p = model.of(encoded.inputs());
            scored++;
            int last = -1;
            for (int i = 0; i + 1 < events.length; i++) {
                if (events[i] >= 0) {
                    last = events[i];
                }
                if (last < 0) {
                    continue; // nothing to repeat yet
                }
                // input i sees events 0..i and predicts event i + 1; repeat classes resolve against that history
                for (int k = 0; k < classes; k++) {
                    classEvent[k] = encoder.classToEvent(k, events, i + 1);
                }
                int row = i * classes;
                double on = 0;
                double repeat = 0;
                for (int k = 0; k < classes; k++) {
                    if (classEvent[k] >= 0) {
                        on += p[row + k];
                        if (classEvent[k] == last) {
                            repeat += p[row + k];
                        }
                    }
                }
                expectedOn += bias.noteOnProbability(on, repeat);
                expectedRepeat += bias.repeatProbability(repeat);
                int next = events[i + 1];
                if (next >= 0) {
                    actualOn++;
                    if (next == last) {
                        actualRepeat++;
                    }
                }
                steps++;
            }
        }
        return new RepeatCalibration(source + " (" + config.name() + ")",
                expectedOn == 0 ? Double.NaN : expectedRepeat / expectedOn,
                SetStatistics.ratio(actualRepeat, actualOn), steps, scored);
    }
}
