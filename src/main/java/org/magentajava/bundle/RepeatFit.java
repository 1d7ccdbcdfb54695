package org.magentajava.bundle;

import com.google.protobuf.InvalidProtocolBufferException;
import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordReader;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.events.RepeatBias;
import org.magentajava.events.SequenceEvents;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.proto.tf.SequenceExample;
import org.magentajava.registry.ModelRegistry;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A melody model's {@link RepeatBias} fitted by maximum likelihood on a SequenceExample file of its config (the
 * dev split: data it was not trained on), with what the correction does there.
 *
 * @param bias               the fitted correction
 * @param melodies           melodies scored
 * @param steps              steps scored (every label)
 * @param skipped            records that were not SequenceExamples of this config
 * @param eventNll           the network's event NLL on the file, nats per step
 * @param calibratedEventNll the same with the correction
 * @param modelShare         expected repeated note-ons / expected note-ons, the network alone
 * @param calibratedShare    the same with the correction
 * @param dataShare          actual repeated note-ons / actual note-ons, over the same steps
 */
public record RepeatFit(RepeatBias bias, int melodies, long steps, long skipped, double eventNll,
                        double calibratedEventNll, double modelShare, double calibratedShare, double dataShare) {

    /** Fits the correction on {@code file} and scores the model with it. */
    public static RepeatFit fit(TrainedModel model, Path file) throws IOException {
        Scan scan = scan(model, file);
        return scan.score(RepeatBias.fit(scan.repeat, scan.repeated));
    }

    /** Scores the model on {@code file} with a given correction (its own: {@link TrainedModel#repeatBias()}). */
    public static RepeatFit score(TrainedModel model, Path file, RepeatBias bias) throws IOException {
        return scan(model, file).score(bias);
    }

    /** "log-odds -0.5062: repeat share 12.78% → 9.87% (data 9.90%), event_nll 0.4776 → 0.4752 (95 melodies, …)" */
    public String describe() {
        return String.format(Locale.ROOT, "log-odds %s: teacher-forced repeat share %.2f%% -> %.2f%% (data %.2f%%), "
                        + "event_nll %.4f -> %.4f (%d melodies, %d steps%s)", bias, 100 * modelShare,
                100 * calibratedShare, 100 * dataShare, eventNll, calibratedEventNll, melodies, steps,
                skipped == 0 ? "" : ", " + skipped + " records skipped");
    }

    /** Per step of every melody: the network's probability of the actual event, of a repeat and of any note-on. */
    private record Scan(double[] actual, double[] repeat, double[] noteOn, boolean[] repeated, boolean[] struck,
                        boolean[] repeatable, int melodies, long skipped) {

        RepeatFit score(RepeatBias bias) {
            double nll = 0;
            double calibratedNll = 0;
            double expectedRepeat = 0;
            double expectedOn = 0;
            double calibratedRepeat = 0;
            double calibratedOn = 0;
            long actualRepeat = 0;
            long actualOn = 0;
            for (int t = 0; t < actual.length; t++) {
                nll -= Math.log(actual[t]);
                calibratedNll -= Math.log(bias.probability(actual[t], repeated[t], repeat[t]));
                if (!repeatable[t]) {
                    continue; // no pitch struck yet: nothing to repeat
                }
                expectedRepeat += repeat[t];
                expectedOn += noteOn[t];
                calibratedRepeat += bias.repeatProbability(repeat[t]);
                calibratedOn += bias.noteOnProbability(noteOn[t], repeat[t]);
                actualOn += struck[t] ? 1 : 0;
                actualRepeat += repeated[t] ? 1 : 0;
            }
            int n = actual.length;
            return new RepeatFit(bias, melodies, n, skipped, nll / n, calibratedNll / n, expectedRepeat / expectedOn,
                    calibratedRepeat / calibratedOn, actualOn == 0 ? Double.NaN : (double) actualRepeat / actualOn);
        }
    }

    private static Scan scan(TrainedModel model, Path file) throws IOException {
        if (!ModelRegistry.family(model.config()).melodic()) {
            throw new BadSettingException("config", model.source() + " holds " + model.config().name()
                    + " model; a repeat correction is fitted for melody models only");
        }
        EncoderDecoder configEncoder = model.config().encoderDecoder();
        SequenceEvents decoder = new SequenceEvents(configEncoder);
        int n = 0;
        double[] actual = new double[1024];
        double[] repeat = new double[1024];
        double[] noteOn = new double[1024];
        boolean[] repeated = new boolean[1024];
        boolean[] struck = new boolean[1024];
        boolean[] repeatable = new boolean[1024];
        int melodies = 0;
        long skipped = 0;
        try (TfRecordReader reader = TfRecordReader.open(file)) {
            for (byte[] bytes = reader.next(); bytes != null; bytes = reader.next()) {
                SequenceExamples.Encoded m;
                int[] events;
                EncoderDecoder encoder;
                try {
                    m = SequenceExamples.decode(SequenceExample.parseFrom(bytes));
                    if (m.isMultiHot() || m.length() == 0 || m.inputSize() != configEncoder.inputSize()) {
                        skipped++;
                        continue;
                    }
                    events = decoder.decode(m.inputs(), m.labels());
                    encoder = configEncoder.forFirstInput(m.inputs()[0]); // phrase_rnn: the melody's own meter
                } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                    skipped++;
                    continue;
                }
                float[] p = model.network().softmax(new float[][][] {m.inputs()}, 1.0)
                        .castTo(DataType.FLOAT).data().asFloat();
                int classes = encoder.numClasses();
                int steps = m.length();
                if (n + steps > actual.length) {
                    int size = Math.max(2 * actual.length, n + steps);
                    actual = Arrays.copyOf(actual, size);
                    repeat = Arrays.copyOf(repeat, size);
                    noteOn = Arrays.copyOf(noteOn, size);
                    repeated = Arrays.copyOf(repeated, size);
                    struck = Arrays.copyOf(struck, size);
                    repeatable = Arrays.copyOf(repeatable, size);
                }
                for (int i = 0; i < steps; i++, n++) {
                    // input i has seen events 0..i and predicts event i + 1
                    int next = events[i + 1];
                    int last = RepeatBias.lastPitch(events, i + 1);
                    double pActual = 0;
                    double pRepeat = 0;
                    double pOn = 0;
                    for (int k = 0; k < classes; k++) {
                        int event = encoder.classToEvent(k, events, i + 1);
                        double pk = p[i * classes + k];
                        pActual += event == next ? pk : 0;
                        pRepeat += last >= 0 && event == last ? pk : 0;
                        pOn += event >= 0 ? pk : 0;
                    }
                    actual[n] = Math.max(pActual, Double.MIN_NORMAL);
                    repeat[n] = pRepeat;
                    noteOn[n] = pOn;
                    repeated[n] = last >= 0 && next == last;
                    struck[n] = next >= 0;
                    repeatable[n] = last >= 0;
                }
                melodies++;
            }
        }
        if (melodies == 0) {
            throw new BadInputException(file + ": no SequenceExample of " + model.config().name() + " to fit on"
                    + (skipped > 0 ? " (" + skipped + " records of another kind)" : ""));
        }
        return new Scan(Arrays.copyOf(actual, n), Arrays.copyOf(repeat, n), Arrays.copyOf(noteOn, n),
                Arrays.copyOf(repeated, n), Arrays.copyOf(struck, n), Arrays.copyOf(repeatable, n), melodies,
                skipped);
    }
}
