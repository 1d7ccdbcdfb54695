package org.magentajava.ngram;

import com.google.protobuf.InvalidProtocolBufferException;
import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordReader;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.events.SequenceEvents;
import org.magentajava.proto.tf.SequenceExample;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The n-gram baseline a melody network should beat: the events of a config's SequenceExample files (decoded
 * back from inputs and labels, so lookback "repeat" labels count as the notes they stand for), an interpolated
 * modified Kneser-Ney model whose order is chosen on a dev split of the training melodies, refitted on all of
 * them and scored per step on the eval file — the same steps, and the same figure, as a network's event NLL.
 */
public final class NgramBaseline {
    /** Every this-many-th training melody (the last of each ten) goes to the dev split. */
    public static final int DEV_EVERY = 10;

    /** One order's dev figure. */
    public record DevScore(int order, double nll) {
    }

    /**
     * @param vocabulary  events of the config (tokens)
     * @param devScores   dev NLL per order tried, ascending
     * @param order       the order chosen (lowest dev NLL)
     * @param eventNll    nats per eval step of the model of that order refitted on all training melodies
     * @param eventArgmaxAccuracy share of the eval steps whose most probable event under that model is the actual
     *                    one (evaluate's event_argmax_accuracy)
     */
    public record Result(int vocabulary, int trainMelodies, long trainSteps, int devMelodies, long devSteps,
                         List<DevScore> devScores, int order, int evalMelodies, long evalSteps, double eventNll,
                         double eventArgmaxAccuracy, long ngrams, double seconds) {
        public double eventPerplexity() {
            return Math.exp(eventNll);
        }
    }

    private final SequenceEvents events;
    private final Map<Integer, Integer> tokenOf = new HashMap<>();

    public NgramBaseline(EncoderDecoder encoder) {
        this.events = new SequenceEvents(encoder);
        int[] vocabulary = events.vocabulary();
        for (int i = 0; i < vocabulary.length; i++) {
            tokenOf.put(vocabulary[i], i);
        }
    }

    /** The events of every record of {@code file} as token sequences (indices into the config's events). */
    public List<int[]> read(Path file) throws IOException {
        List<int[]> sequences = new ArrayList<>();
        try (TfRecordReader reader = TfRecordReader.open(file)) {
            for (byte[] bytes = reader.next(); bytes != null; bytes = reader.next()) {
                String where = file + ": record " + sequences.size() + " at byte " + reader.recordOffset();
                SequenceExamples.Encoded encoded;
                try {
                    encoded = SequenceExamples.decode(SequenceExample.parseFrom(bytes));
                } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                    throw new BadInputException(where + " is not a SequenceExample of create-dataset ("
                            + e.getMessage() + ")");
                }
                int[] decoded;
                try {
                    decoded = events.decode(encoded.inputs(), encoded.labels());
                } catch (IllegalArgumentException e) {
                    throw new BadSettingException("config", where + " does not encode events of this config ("
                            + e.getMessage() + "); was the file made with another {config}?");
                }
                int[] tokens = new int[decoded.length];
                for (int i = 0; i < decoded.length; i++) {
                    Integer t = tokenOf.get(decoded[i]);
                    if (t == null) {
                        throw new BadInputException(where + " holds event " + decoded[i] + ", which no class stands for");
                    }
                    tokens[i] = t;
                }
                sequences.add(tokens);
            }
        }
        if (sequences.isEmpty()) {
            throw new BadInputException(file + ": no records");
        }
        return sequences;
    }

    /**
     * Chooses the order with the lowest NLL on the dev split of {@code train} among 1..{@code maxOrder}, refits
     * on all of {@code train} and scores {@code eval}. Prints each order's dev NLL to {@code log}. Every order
     * is tried: one pass over the dev melodies scores them all, and on Nottingham the curve is not monotone
     * (a dip at 9, worse to 12, then better again once the context spans a bar), so stopping at the first rise
     * would miss the best order.
     */
    public Result run(List<int[]> train, List<int[]> eval, int maxOrder, PrintStream log) {
        long started = System.nanoTime();
        List<int[]> fit = new ArrayList<>();
        List<int[]> dev = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            (i % DEV_EVERY == DEV_EVERY - 1 ? dev : fit).add(train.get(i));
        }
        if (dev.isEmpty() || steps(dev) == 0) {
            throw new BadInputException("the training file needs at least " + DEV_EVERY
                    + " melodies: every " + DEV_EVERY + "th is held out to choose the order");
        }
        KneserNey devModel = KneserNey.fit(fit, tokenOf.size(), maxOrder);
        double[] sums = devModel.negativeLogLikelihood(dev, maxOrder);
        List<DevScore> tried = new ArrayList<>();
        int best = 1;
        for (int order = 1; order <= maxOrder; order++) {
            double nll = sums[order] / sums[0];
            tried.add(new DevScore(order, nll));
            log.printf(Locale.ROOT, "order %2d: dev_nll %.4f%n", order, nll);
            if (nll < sums[best] / sums[0]) {
                best = order;
            }
        }
        log.printf(Locale.ROOT, "chosen order %d (dev_nll %.4f); refitting on all %d training melodies%n", best,
                sums[best] / sums[0], train.size());
        KneserNey model = KneserNey.fit(train, tokenOf.size(), best);
        double[] evalSums = model.negativeLogLikelihood(eval, best);
        double argmax = (double) model.argmaxHits(eval, best) / evalSums[0];
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(tokenOf.size(), train.size(), steps(train), dev.size(), steps(dev), List.copyOf(tried), best,
                eval.size(), (long) evalSums[0], evalSums[best] / evalSums[0], argmax, model.ngrams(), seconds);
    }

    private static long steps(List<int[]> sequences) {
        long n = 0;
        for (int[] s : sequences) {
            n += Math.max(0, s.length - 1);
        }
        return n;
    }
}
