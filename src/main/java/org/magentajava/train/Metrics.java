package org.magentajava.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Magenta's melody_rnn metrics, all over valid (unpadded) steps only:
 * <ul>
 * <li>loss: mean softmax cross-entropy (nats) = lossSum / validSteps;</li>
 * <li>perplexity: e^loss;</li>
 * <li>accuracy: fraction of steps whose argmax equals the label;</li>
 * <li>event_accuracy: accuracy over steps whose label is not the no-event label;</li>
 * <li>no_event_accuracy: accuracy over steps whose label is the no-event label;</li>
 * <li>loss_per_step / perplexity_per_step: loss summed and divided by the number of musical steps, which for
 * melodies is the label count, so they equal loss / perplexity;</li>
 * <li>per_class_accuracy (eval only): mean over all classes of each class's accuracy;</li>
 * <li>event_nll (eval only, ours): mean over steps of -log(sum of the probabilities of every class that decodes
 * to the actual next event). Unlike loss it does not depend on which of several equivalent classes the dataset
 * chose as label, so it compares across configs; event_perplexity is e^event_nll.</li>
 * <li>event_argmax_accuracy (eval only, ours): share of all steps whose predicted event is the actual next
 * event, the predicted event being the one of highest probability summed over every class that decodes to it.
 * Magenta's accuracy and event_accuracy compare the argmax class with the label, so a step whose note is
 * predicted through its one-hot class but labelled through a "repeat" class counts as wrong there; for one-hot
 * configs event_argmax_accuracy equals accuracy.</li>
 * </ul>
 * Multi-hot (piano-roll) models add two figures, and their accuracy counts a step right when its predicted key
 * set is exactly the target set (an "event" step is one with keys sounding):
 * <ul>
 * <li>frame_nll: -log p of each step's whole key set, the sum over the keys of the binary cross-entropy, in
 * nats per step (equal to loss; Boulanger-Lewandowski et al. 2012, Table 1);</li>
 * <li>frame_accuracy: TP / (TP + FP + FN) over all keys of all steps (Bay et al. 2009).</li>
 * </ul>
 * Both are NaN for one-class models, whose tags and CSV columns then leave them out.
 */
public record Metrics(double loss, double perplexity, double accuracy, double eventAccuracy, double noEventAccuracy,
                      double lossPerStep, double perplexityPerStep, double perClassAccuracy, double eventNll,
                      double eventPerplexity, double frameNll, double frameAccuracy, double eventArgmaxAccuracy) {

    public Metrics(double loss, double perplexity, double accuracy, double eventAccuracy, double noEventAccuracy,
                   double lossPerStep, double perplexityPerStep, double perClassAccuracy, double eventNll,
                   double eventPerplexity, double frameNll, double frameAccuracy) {
        this(loss, perplexity, accuracy, eventAccuracy, noEventAccuracy, lossPerStep, perplexityPerStep,
                perClassAccuracy, eventNll, eventPerplexity, frameNll, frameAccuracy, Double.NaN);
    }

    public Metrics(double loss, double perplexity, double accuracy, double eventAccuracy, double noEventAccuracy,
                   double lossPerStep, double perplexityPerStep, double perClassAccuracy, double eventNll,
                   double eventPerplexity) {
        this(loss, perplexity, accuracy, eventAccuracy, noEventAccuracy, lossPerStep, perplexityPerStep,
                perClassAccuracy, eventNll, eventPerplexity, Double.NaN, Double.NaN);
    }

    /** All zeros: the shape of a model's tags (with the frame figures when {@code multiHot}), for CSV headers. */
    public static Metrics blank(boolean multiHot) {
        double f = multiHot ? 0 : Double.NaN;
        return new Metrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, f, f, multiHot ? Double.NaN : 0);
    }

    public boolean hasFrames() {
        return !Double.isNaN(frameNll);
    }

    /** Metrics without the eval-only figures. */
    public Metrics(double loss, double perplexity, double accuracy, double eventAccuracy, double noEventAccuracy,
                   double lossPerStep, double perplexityPerStep, double perClassAccuracy) {
        this(loss, perplexity, accuracy, eventAccuracy, noEventAccuracy, lossPerStep, perplexityPerStep,
                perClassAccuracy, Double.NaN, Double.NaN);
    }

    /**
     * TensorBoard tag -> value, with Magenta's tag names; per_class_accuracy, event_nll and event_perplexity
     * only for evaluations, and event_argmax_accuracy for evaluations of one-class-per-step models (last, so an
     * older metrics.csv widens by one column).
     */
    public Map<String, Double> byTag(boolean eval) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("metrics/perplexity", perplexity);
        m.put("metrics/accuracy", accuracy);
        m.put("metrics/event_accuracy", eventAccuracy);
        m.put("metrics/no_event_accuracy", noEventAccuracy);
        m.put("metrics/loss_per_step", lossPerStep);
        m.put("metrics/perplexity_per_step", perplexityPerStep);
        if (eval) {
            m.put("metrics/per_class_accuracy", perClassAccuracy);
            m.put("metrics/event_nll", eventNll);
            m.put("metrics/event_perplexity", eventPerplexity);
            if (!hasFrames()) {
                m.put("metrics/event_argmax_accuracy", eventArgmaxAccuracy);
            }
        }
        if (hasFrames()) {
            m.put("metrics/frame_nll", frameNll);
            m.put("metrics/frame_accuracy", frameAccuracy);
        }
        return m;
    }

    /** Magenta's console format: "Global Step: 10 - Loss: 3.081 - Perplexity: 21.787 - Accuracy: 0.126". */
    public String consoleText(long globalStep) {
        if (hasFrames()) {
            // e^(frame NLL) is astronomically large for 88 keys: the frame accuracy says more
            return String.format(java.util.Locale.ROOT, "Global Step: %d - Loss: %.3f - Frame Accuracy: %.3f - "
                    + "Accuracy: %.3f", globalStep, loss, frameAccuracy, accuracy);
        }
        return String.format(java.util.Locale.ROOT, "Global Step: %d - Loss: %.3f - Perplexity: %.3f - Accuracy: %.3f",
                globalStep, loss, perplexity, accuracy);
    }

    /** The frame figures as evaluations print them: "frame_nll: 7.1234 - frame_accuracy: 0.4321". */
    public String frameText() {
        return String.format(java.util.Locale.ROOT, "frame_nll: %.4f - frame_accuracy: %.4f", frameNll,
                frameAccuracy);
    }

    /**
     * The event figures as evaluations print them: "event_nll: 0.9160 - event_perplexity: 2.4993 -
     * event_argmax_accuracy: 0.7012".
     */
    public String eventText() {
        return String.format(java.util.Locale.ROOT, "event_nll: %.4f - event_perplexity: %.4f - "
                + "event_argmax_accuracy: %.4f", eventNll, eventPerplexity, eventArgmaxAccuracy);
    }
}
