package org.magentajava.train;

/**
 * Running sums over valid (unpadded) steps from which {@link Metrics} are computed. Training reports the counts
 * of a single step, as Magenta's summaries show the values of the step they are taken at; evaluation adds up
 * every batch of the eval file, as Magenta's streaming tf.metrics do.
 */
public final class MetricCounts {
    private final int noEventLabel;
    private double lossSum;
    private long steps;
    private long correct;
    private long eventCorrect;
    private long eventTotal;
    private long noEventCorrect;
    private long noEventTotal;
    private final long[] classCorrect;
    private final long[] classTotal;

    /** @param noEventLabel the config's no-event class; numClasses sizes the per-class counts */
    public MetricCounts(int noEventLabel, int numClasses) {
        this.noEventLabel = noEventLabel;
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
        for (int b = 0; b < batch.batchSize(); b++) {
            for (int t = 0; t < batch.lengths()[b]; t++) {
                int label = batch.label(b, t);
                boolean hit = predictions[b * batch.maxLength() + t] == label;
                int h = hit ? 1 : 0;
                steps++;
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

    public long steps() {
        return steps;
    }

    public double lossSum() {
        return lossSum;
    }

    /** The metrics as Magenta defines them; ratios with an empty denominator are NaN, as in TensorFlow. */
    public Metrics metrics() {
        double loss = lossSum / steps;
        // For melodies every label is one step, so num_steps equals the valid-step count and loss_per_step
        // equals loss; the tags are kept because Magenta logs both.
        double lossPerStep = lossSum / steps;
        double perClass = 0;
        for (int c = 0; c < classTotal.length; c++) {
            // tf.metrics.mean_per_class_accuracy: classes absent from the labels count as 0.
            perClass += classTotal[c] == 0 ? 0 : (double) classCorrect[c] / classTotal[c];
        }
        perClass = classTotal.length == 0 ? Double.NaN : perClass / classTotal.length;
        return new Metrics(loss, Math.exp(loss), (double) correct / steps, (double) eventCorrect / eventTotal,
                (double) noEventCorrect / noEventTotal, lossPerStep, Math.exp(lossPerStep), perClass);
    }
}
