package org.magentajava.generate;

import java.util.random.RandomGenerator;

/**
 * One softmax distribution over classes, {@code softmax(logits / temperature)} as in Magenta's generation
 * graph, with numpy-compatible sampling.
 */
public final class Softmax {
    private final double[] probabilities;
    private final double[] logProbabilities;
    private final double[] cumulative;

    private Softmax(double[] probabilities, double[] logProbabilities, double[] cumulative) {
        this.probabilities = probabilities;
        this.logProbabilities = logProbabilities;
        this.cumulative = cumulative;
    }

    /**
     * {@code softmax(logits / temperature)} in double precision. Log-probabilities come from the shifted
     * logits (z − max − log Σ), which equals Magenta's {@code log(p)} without underflowing to −∞.
     *
     * @throws IllegalStateException if a logit is NaN or +∞, or all are −∞ (a broken model, not bad input)
     */
    public static Softmax of(float[] logits, double temperature) {
        int n = logits.length;
        if (n == 0) {
            throw new IllegalStateException("the model returned no logits");
        }
        double[] z = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(logits[i]) || logits[i] == Float.POSITIVE_INFINITY) {
                throw new IllegalStateException("the model returned logit " + logits[i] + " for class " + i);
            }
            z[i] = logits[i] / temperature;
            max = Math.max(max, z[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalStateException("the model gave every class probability 0");
        }
        double sum = 0;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        double logSum = Math.log(sum);
        double[] logP = new double[n];
        double[] cdf = new double[n];
        double running = 0;
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
            logP[i] = z[i] - max - logSum;
            running += p[i];
            cdf[i] = running;
        }
        // numpy.random.choice normalises the cumulative sum by its last element, so the last is exactly 1.
        for (int i = 0; i < n; i++) {
            cdf[i] /= running;
        }
        return new Softmax(p, logP, cdf);
    }

    public int numClasses() {
        return probabilities.length;
    }

    public double probability(int classIndex) {
        return probabilities[classIndex];
    }

    public double logProbability(int classIndex) {
        return logProbabilities[classIndex];
    }

    /**
     * Draws a class the way {@code numpy.random.choice(n, p=p)} does: one uniform u in [0, 1) and the first
     * class whose cumulative probability exceeds u ({@code searchsorted(cdf, u, side='right')}), so a class
     * of probability 0 is never drawn.
     */
    public int sample(RandomGenerator random) {
        double u = random.nextDouble();
        int last = cumulative.length - 1;
        for (int i = 0; i < last; i++) {
            if (cumulative[i] > u) {
                return i;
            }
        }
        return last;
    }
}
