package org.magentajava.model;

/**
 * The event NLL of a step whose event several classes stand for (phrase_rnn's "repeat the event N bars back"
 * next to the event itself): -log of their summed probability, and its gradient. The classes are listed per
 * step in {@link Batch#eventClasses()}; a step without a list is scored by its label alone.
 */
final class EventLoss {
    private EventLoss() {}

    /**
     * -log Σ_S p for the softmax row at {@code z[o..]} given its maximum and log Σ exp(z - max) over all classes.
     */
    static double nll(double[] z, int o, double max, double logSum, int[] same) {
        double sameSum = 0;
        for (int k : same) sameSum += Math.exp(z[o + k] - max);
        return logSum - Math.log(sameSum);
    }

    /**
     * Turns the row's probabilities / validSteps (already in {@code z[o..]}) into d(-log Σ_S p)/dz / validSteps:
     * p_k - [k in S] p_k / Σ_S p.
     */
    static void gradient(double[] z, int o, int[] same, long validSteps) {
        double sameP = 0;
        for (int k : same) sameP += z[o + k];
        double scale = 1.0 / (sameP * validSteps);
        for (int k : same) z[o + k] -= z[o + k] * scale;
    }
}
