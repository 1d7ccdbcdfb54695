package org.magentajava.train;

/**
 * Running sums over valid (unpadded) steps from which {@link Metrics} are computed. Training reports the counts
 * of a single step, as Magenta's summaries show the values of the step they are taken at; evaluation adds up
 * every batch of the eval file, as Magenta's streaming tf.metrics do.
 */
public final class MetricCounts {
    private final int noEventLabel;
    private final int stepLabel;
    private double lossSum;
    private double eventNllSum;
    private long eventArgmaxHits;
    private boolean eventArgmaxMissing;
    private long steps;
    private long musicalSteps;
    private long correct;
    private long eventCorrect;
    private long eventTotal;
    private long noEventCorrect;
    private long noEventTotal;
    private final long[] classCorrect;
    private final long[] classTotal;
    private boolean frames;
    private long truePositives;
    private long falsePositives;
    private long falseNegatives;

    /** Every label is one musical step (melodies). */
    public MetricCounts(int noEventLabel, int numClasses) {
        this(noEventLabel, numClasses, EVERY_LABEL);
    }

    /** {@link #MetricCounts(int, int, int)}'s stepLabel when every label is one step (melodies). */
    public static final int EVERY_LABEL = -1;

    /**
     * @param noEventLabel the config's no-event class; numClasses sizes the per-class counts
     * @param stepLabel    the class that ends a musical step (polyphony's STEP_END), or {@link #EVERY_LABEL}:
     *                     Magenta's num_steps (labels_to_num_steps), the divisor of loss_per_step
     */
    public MetricCounts(int noEventLabel, int numClasses, int stepLabel) {
        this.noEventLabel = noEventLabel;
        this.stepLabel = stepLabel;
        this.classCorrect = new long[numClasses];
        this.classTotal = new long[numClasses];
    }

    /** Counts one batch's valid steps against the model's predictions. */
    public MetricCounts add(Batch batch, StepResult result) {
        int[] predictions = result.predictions();
        if (predictions.length != batch.batchSize() * batch.maxLength()) {
            throw new IllegalStateException("model returned " + predictions.length + " predictions for a "
                    + batch.batchSize() + "x" + batch.maxLength() + " batch");
        }
        lossSum += result.lossSum();
        eventNllSum += result.eventNllSum();
        if (result.eventArgmaxHits() < 0) {
            eventArgmaxMissing = true;
        } else {
            eventArgmaxHits += result.eventArgmaxHits();
        }
        if (result.frames() != null) {
            addFrames(batch.validSteps(), result.frames());
            return this;
        }
        for (int b = 0; b < batch.batchSize(); b++) {
            for (int t = 0; t < batch.lengths()[b]; t++) {
                int label = batch.label(b, t);
                boolean hit = predictions[b * batch.maxLength() + t] == label;
                int h = hit ? 1 : 0;
                steps++;
                if (stepLabel == EVERY_LABEL || label == stepLabel) {
                    musicalSteps++;
                }
                correct += h;
                if (label == noEventLabel) {
                    noEventTotal++;
                    noEventCorrect += h;
                } else {
                    eventTotal++;
                    eventCorrect += h;
                }
                if (label >= 0 && label < classTotal.length) {
                    classTotal[label]++;
                    classCorrect[label] += h;
                }
            }
        }
        return this;
    }

    /** A multi-hot batch: every valid step is one musical step; "events" are steps with keys sounding. */
    private void addFrames(long valid, FrameCounts f) {
        frames = true;
        steps += valid;
        musicalSteps += valid;
        correct += f.exact();
        eventTotal += f.sounding();
        eventCorrect += f.soundingExact();
        noEventTotal += valid - f.sounding();
        noEventCorrect += f.exact() - f.soundingExact();
        truePositives += f.truePositives();
        falsePositives += f.falsePositives();
        falseNegatives += f.falseNegatives();
    }

    /** Valid labels counted. */
    public long steps() {
        return steps;
    }

    /** Musical steps among them: every label for melodies, STEP_END labels for polyphony. */
    public long musicalSteps() {
        return musicalSteps;
    }

    public double lossSum() {
        return lossSum;
    }

    /** The metrics as Magenta defines them; ratios with an empty denominator are NaN, as in TensorFlow. */
    public Metrics metrics() {
        double loss = lossSum / steps;
        // For melodies every label is one step, so loss_per_step equals loss; for polyphony only STEP_END
        // labels count as steps, so it is the loss per 16th note.
        double lossPerStep = lossSum / musicalSteps;
        double perClass = 0;
        for (int c = 0; c < classTotal.length; c++) {
            // tf.metrics.mean_per_class_accuracy: classes absent from the labels count as 0.
            perClass += classTotal[c] == 0 ? 0 : (double) classCorrect[c] / classTotal[c];
        }
        perClass = classTotal.length == 0 || frames ? Double.NaN : perClass / classTotal.length;
        // NaN when a model did not compute it (training steps)
        double eventNll = eventNllSum / steps;
        if (frames) {
            long keys = truePositives + falsePositives + falseNegatives;
            return new Metrics(loss, Math.exp(loss), (double) correct / steps, (double) eventCorrect / eventTotal,
                    (double) noEventCorrect / noEventTotal, lossPerStep, Math.exp(lossPerStep), perClass, eventNll,
                    Math.exp(eventNll), loss, (double) truePositives / keys);
        }
        // NaN unless every batch counted it (training steps and models without it do not)
        double eventArgmax = eventArgmaxMissing ? Double.NaN : (double) eventArgmaxHits / steps;
        return new Metrics(loss, Math.exp(loss), (double) correct / steps, (double) eventCorrect / eventTotal,
                (double) noEventCorrect / noEventTotal, lossPerStep, Math.exp(lossPerStep), perClass, eventNll,
                Math.exp(eventNll), Double.NaN, Double.NaN, eventArgmax);
    }
}
