package org.magentajava.cli;

import org.magentajava.registry.ModelRegistry;

import org.magentajava.io.BadInputException;
import org.magentajava.models.ModelConfig;
import org.magentajava.ngram.KneserNey;
import org.magentajava.ngram.NgramBaseline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "baseline", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "The event NLL an n-gram gets on an eval file: interpolated modified Kneser-Ney over the "
                + "config's events, its order chosen on every 10th training melody, then refitted on all of them. "
                + "Compare it with evaluate's event_nll of a network.")
final class BaselineCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "NAME",
            description = "The melody config that made both files (basic_rnn, mono_rnn, lookback_rnn, attention_rnn).")
    String config;

    @Option(names = "--train", required = true, paramLabel = "TRAIN.tfrecord",
            description = "SequenceExamples to fit on (create-dataset's training_melodies.tfrecord).")
    Path train;

    @Option(names = "--eval", required = true, paramLabel = "EVAL.tfrecord",
            description = "SequenceExamples to score (create-dataset's eval_melodies.tfrecord).")
    Path eval;

    @Option(names = {"--max_order", "--max-order"}, defaultValue = "32", paramLabel = "N",
            description = "The highest order tried (1..32).")
    int maxOrder;

    @Override
    public Integer call() throws Exception {
        if (maxOrder < 1 || maxOrder > KneserNey.MAX_ORDER) {
            throw new BadInputException("--max_order must be 1.." + KneserNey.MAX_ORDER + ", got " + maxOrder);
        }
        ModelConfig cfg = ModelRegistry.config(config);
        if (!ModelRegistry.family(cfg).melodic()) {
            throw new BadInputException("baseline is for the melody configs (" + String.join(", ",
                    ModelRegistry.configs().stream().filter(c -> ModelRegistry.family(c).melodic())
                            .map(ModelConfig::name).toList()) + "), not " + cfg.name());
        }
        NgramBaseline baseline = new NgramBaseline(cfg.encoderDecoder());
        List<int[]> trainEvents = baseline.read(train);
        List<int[]> evalEvents = baseline.read(eval);
        NgramBaseline.Result r = baseline.run(trainEvents, evalEvents, maxOrder, System.err);
        System.out.printf(Locale.ROOT, "baseline:          interpolated modified Kneser-Ney %d-gram over %d %s events%n",
                r.order(), r.vocabulary(), cfg.name());
        System.out.printf(Locale.ROOT, "train:             %s (%d melodies, %d steps; order chosen on %d of them,"
                + " %d steps)%n", train, r.trainMelodies(), r.trainSteps(), r.devMelodies(), r.devSteps());
        System.out.printf(Locale.ROOT, "eval:              %s (%d melodies, %d steps)%n", eval, r.evalMelodies(),
                r.evalSteps());
        System.out.printf(Locale.ROOT, "event_nll:         %.4f (nats per step; compare with evaluate's event_nll)%n",
                r.eventNll());
        System.out.printf(Locale.ROOT, "event_perplexity:  %.4f%n", r.eventPerplexity());
        System.out.printf(Locale.ROOT, "event_argmax_accuracy: %.4f (share of steps whose most probable event is the "
                + "actual one; compare with evaluate's)%n", r.eventArgmaxAccuracy());
        System.err.printf(Locale.ROOT, "%d n-grams, %.1f s%n", r.ngrams(), r.seconds());
        return ExitCodes.OK;
    }
}
