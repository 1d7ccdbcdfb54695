package org.magentajava.models;

import java.util.ArrayList;
import java.util.List;
import org.magentajava.train.Evaluator;
import org.magentajava.train.MetricCounts;
import org.magentajava.train.Metrics;
import org.magentajava.util.Words;

/**
 * What evaluate reports for a model over a SequenceExample file: what was read and the figures, each a number
 * with a short gloss. The shared networks' figures follow the config's targets ({@link #of}); a family with a
 * network of its own gives its own ({@link TrainedNetwork#evaluate}).
 *
 * @param data    what was read, e.g. "89 melodies, 10,112 steps"
 * @param figures the figures in the order they are printed
 */
public record Evaluation(String data, List<Figure> figures) {

    /**
     * @param name  Magenta's (or our) metric name, e.g. "event_nll"
     * @param value the figure
     * @param gloss what it means, e.g. "nats per step; compares across configs" ("" for none)
     */
    public record Figure(String name, double value, String gloss) {
    }

    public Evaluation {
        figures = List.copyOf(figures);
    }

    /**
     * The figures of a network shared by the families (an LstmNetwork) over {@code config}'s records: loss,
     * perplexity, event NLL and accuracies for one class per step (and loss per musical step when the family's
     * steps are not one label each); frame NLL and frame accuracies for multi-hot targets.
     */
    public static Evaluation of(ModelConfig config, ModelFamily family, Evaluator.Score score) {
        Metrics m = score.counts().metrics();
        List<Figure> f = new ArrayList<>();
        if (config.multiHot()) {
            // no events: frame NLL (Boulanger-Lewandowski et al. 2012's Table 1 figure) and frame accuracy
            f.add(new Figure("frame_nll", m.frameNll(), "nats per step: -log p of each step's set of "
                    + config.outputSize() + " keys"));
            f.add(new Figure("frame_accuracy", m.frameAccuracy(), "TP / (TP + FP + FN) over all keys"));
            f.add(new Figure("exact_frames", m.accuracy(), "steps whose predicted key set is the target"));
            f.add(new Figure("sounding_exact", m.eventAccuracy(), "the same over steps with keys sounding"));
            return new Evaluation(Words.count(score.examples(), family.datasetNames().one(),
                    family.datasetNames().many()) + ", " + Words.count(score.counts().steps(), "step", "steps"), f);
        }
        // families whose steps are not one label each (polyphony's STEP_END) also count events and loss per step
        boolean labelsAreSteps = family.stepLabel() == MetricCounts.EVERY_LABEL;
        f.add(new Figure("loss", m.loss(), ""));
        f.add(new Figure("perplexity", m.perplexity(), ""));
        f.add(new Figure("event_nll", m.eventNll(), "nats per step; compares across configs"));
        f.add(new Figure("event_perplexity", m.eventPerplexity(), ""));
        f.add(new Figure("event_argmax_accuracy", m.eventArgmaxAccuracy(), "share of steps whose most probable event, "
                + "summed over its classes, is the actual one"));
        f.add(new Figure("accuracy", m.accuracy(), ""));
        f.add(new Figure("event_accuracy", m.eventAccuracy(), ""));
        f.add(new Figure("no_event_accuracy", m.noEventAccuracy(), ""));
        if (!labelsAreSteps) {
            f.add(new Figure("loss_per_step", m.lossPerStep(), "per STEP_END"));
            return new Evaluation(Words.count(score.examples(), "sequence", "sequences") + ", "
                    + Words.count(score.counts().steps(), "event", "events") + ", "
                    + Words.count(score.counts().musicalSteps(), "step", "steps"), f);
        }
        return new Evaluation(Words.count(score.examples(), "melody", "melodies") + ", "
                + Words.count(score.counts().steps(), "step", "steps"), f);
    }
}
