package org.magentajava.cli;

import org.magentajava.registry.ModelRegistry;

import org.magentajava.io.BadInputException;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.ModelFamily;
import org.magentajava.ngram.FrameBaseline;
import org.magentajava.ngram.KeyMarkov;
import org.magentajava.ngram.KneserNey;
import org.magentajava.ngram.NgramBaseline;
import org.magentajava.train.SkipLog;
import org.magentajava.util.Words;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "baseline", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "What counting alone gets on an eval file. Melody configs: the event NLL of an interpolated "
                + "modified Kneser-Ney n-gram over the config's events, its order chosen on every 10th training "
                + "melody, then refitted on all of them (compare with evaluate's event_nll). Piano-roll configs: "
                + "the frame NLL and frame accuracy of a per-key first-order Markov model (each key given whether "
                + "it sounded the frame before), smoothed toward all keys' pooled rates with a pseudo-count chosen "
                + "on every 10th training record (compare with evaluate's frame_nll).")
final class BaselineCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "NAME",
            description = "The config that made both files: a melody config (basic_rnn, mono_rnn, lookback_rnn, "
                    + "attention_rnn, phrase_rnn) or a piano-roll one (pianoroll_rnn, pianoroll_rnn_nade, "
                    + "rnn-nade_attn, biaxial_rnn).")
    String config;

    @Option(names = "--train", required = true, paramLabel = "TRAIN.tfrecord",
            description = "SequenceExamples to fit on (create-dataset's training_melodies.tfrecord, "
                    + "training_pianoroll_tracks.tfrecord or training_note_state_tracks.tfrecord).")
    Path train;

    @Option(names = "--eval", required = true, paramLabel = "EVAL.tfrecord",
            description = "SequenceExamples to score (create-dataset's eval_*.tfrecord of the same config).")
    Path eval;

    /** Null when not given: the melody n-gram then tries up to {@link #DEFAULT_MAX_ORDER}. */
    @Option(names = {"--max_order", "--max-order"}, paramLabel = "N",
            description = "Melody configs: the highest order tried (1..32, default 32).")
    Integer maxOrder;

    static final int DEFAULT_MAX_ORDER = 32;

    @Override
    public Integer call() throws Exception {
        ModelConfig cfg = ModelRegistry.config(config);
        if (cfg.multiHot()) {
            if (maxOrder != null) {
                throw new BadInputException("--max_order is for the melody configs' n-gram; " + cfg.name()
                        + "'s baseline has no order");
            }
            return frames(cfg);
        }
        if (!ModelRegistry.family(cfg).melodic()) {
            throw new BadInputException("baseline is for the melody configs (" + names(true) + ") and the "
                    + "piano-roll configs (" + names(false) + "), not " + cfg.name());
        }
        int maxOrder = this.maxOrder == null ? DEFAULT_MAX_ORDER : this.maxOrder;
        if (maxOrder < 1 || maxOrder > KneserNey.MAX_ORDER) {
            throw new BadInputException("--max_order must be 1.." + KneserNey.MAX_ORDER + ", got " + maxOrder);
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

    /** The melody configs' names, or the multi-hot ones', for the refusal. */
    private static String names(boolean melodic) {
        return String.join(", ", ModelRegistry.configs().stream()
                .filter(c -> melodic ? ModelRegistry.family(c).melodic() : c.multiHot())
                .map(ModelConfig::name).toList());
    }

    /** The piano-roll configs' baseline: the per-key Markov model, printed as evaluate prints a network's. */
    private int frames(ModelConfig cfg) throws Exception {
        org.magentajava.registry.RecordKind.requireSequenceExamples(train, cfg);
        org.magentajava.registry.RecordKind.requireSequenceExamples(eval, cfg);
        SkipLog skips = new SkipLog(System.err, MelodyCli::flagName);
        long started = System.nanoTime();
        FrameBaseline baseline = new FrameBaseline(cfg);
        FrameBaseline.Split trainFrames = baseline.readTraining(train, skips);
        FrameBaseline.Counted evalFrames = baseline.read(eval, skips);
        FrameBaseline.Result r = FrameBaseline.run(trainFrames, evalFrames, System.err);
        ModelFamily.DatasetNames names = ModelRegistry.family(cfg).datasetNames();
        FrameBaseline.Counted all = r.train().all();
        int keys = r.model().keys();
        System.out.printf(Locale.ROOT, "baseline:          per-key first-order Markov model of %d keys (%s), "
                + "pseudo_count %s toward the keys' pooled rates%n", keys, cfg.name(),
                FrameBaseline.plain(r.model().pseudoCount()));
        System.out.printf(Locale.ROOT, "train:             %s (%s, %s; pseudo_count chosen on %s held out, %s)%n",
                train, Words.count(all.records(), names.one(), names.many()),
                Words.count(all.frames().frames(), "step", "steps"), Words.count(r.train().dev().records(), "record",
                        "records"), Words.count(r.train().dev().frames().frames(), "step", "steps"));
        System.out.printf(Locale.ROOT, "data:              %s (%s, %s)%n", eval,
                Words.count(evalFrames.records(), names.one(), names.many()),
                Words.count(evalFrames.frames().frames(), "step", "steps"));
        KeyMarkov.FrameScore score = r.eval();
        System.out.printf(Locale.ROOT, "frame_nll:         %.4f (nats per step: -log p of each step's set of %d %s; "
                + "compare with evaluate's frame_nll)%n", score.frameNll(), keys,
                cfg.targets() == ModelConfig.Targets.NOTE_STATES ? "sounding keys" : "keys");
        System.out.printf(Locale.ROOT, "frame_accuracy:    %.4f (TP / (TP + FP + FN) over all keys)%n",
                score.frameAccuracy());
        if (skips.skipped() > 0) {
            System.err.println("warning: " + skips.skipped() + " unusable records skipped");
        }
        System.err.printf(Locale.ROOT, "%.1f s%n", (System.nanoTime() - started) / 1e9);
        return ExitCodes.OK;
    }
}
