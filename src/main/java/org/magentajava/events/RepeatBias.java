package org.magentajava.events;

import java.util.Locale;

/**
 * A learned correction of a melody model's next-event distribution: {@code logOdds} is added to the logit of
 * every class that strikes the last struck pitch again (its one-hot class and any repeat class that decodes to
 * it), which multiplies the odds of a repeated pitch by {@code e^logOdds} and renormalizes. Fitted by maximum
 * likelihood on held-out melodies ({@link #fit}), so the model's expected number of repeated pitches there equals
 * the actual number; trained networks of these configs over-predict them (bundles/README.md).
 *
 * <p>Melody events: a pitch (≥ 0) strikes a note, negative values hold or end one ({@code Melody}).
 *
 * @param logOdds the offset in nats; 0 changes nothing
 */
public record RepeatBias(double logOdds) {
    public static final RepeatBias NONE = new RepeatBias(0);

    public RepeatBias {
        if (!Double.isFinite(logOdds)) {
            throw new IllegalArgumentException("repeat log-odds must be finite, got " + logOdds);
        }
    }

    public boolean isNone() {
        return logOdds == 0;
    }

    /** The pitch of the last note-on among {@code history[0..length)}, or −1 before the first one. */
    public static int lastPitch(int[] history, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (history[i] >= 0) {
                return history[i];
            }
        }
        return -1;
    }

    /**
     * Adds the offset to the logits (or log-probabilities) of the classes that strike the last pitch again after
     * {@code history[0..length)}, in place.
     */
    public void adjust(float[] logits, EncoderDecoder encoder, int[] history, int length) {
        if (isNone()) {
            return;
        }
        int last = lastPitch(history, length);
        if (last < 0) {
            return;
        }
        for (int k = 0; k < logits.length; k++) {
            if (encoder.classToEvent(k, history, length) == last) {
                logits[k] += (float) logOdds;
            }
        }
    }

    /** {@link #adjust} after the events an incremental encoder holds. */
    public void adjust(float[] logits, IncrementalEncoder history) {
        if (!isNone()) {
            adjust(logits, history.encoderDecoder(), history.historyArray(), history.length());
        }
    }

    /**
     * The corrected probability of one step's actual event, from the uncorrected model's probability of it and
     * of a repeated pitch at that step.
     *
     * @param actual    the uncorrected probability of the event that followed
     * @param repeated  whether that event struck the last pitch again
     * @param repeat    the uncorrected probability of striking the last pitch again
     */
    public double probability(double actual, boolean repeated, double repeat) {
        double odds = Math.exp(logOdds);
        return actual * (repeated ? odds : 1) / (1 + (odds - 1) * repeat);
    }

    /** The corrected probability of a repeated pitch, from the uncorrected one. */
    public double repeatProbability(double repeat) {
        double odds = Math.exp(logOdds);
        return odds * repeat / (1 + (odds - 1) * repeat);
    }

    /**
     * The corrected probability of any note-on, from the uncorrected ones of any note-on ({@code noteOn}) and of a
     * repeated pitch ({@code repeat}, part of it): the repeat is corrected, every other class renormalized.
     */
    public double noteOnProbability(double noteOn, double repeat) {
        double odds = Math.exp(logOdds);
        return (noteOn - repeat + odds * repeat) / (1 + (odds - 1) * repeat);
    }

    /**
     * The maximum-likelihood offset for steps whose uncorrected repeat probabilities are {@code repeat} and whose
     * actual events did ({@code repeated}) or did not strike the last pitch again. The log-likelihood is concave
     * in the offset; at its maximum the corrected repeat probabilities add up to the number of actual repeats.
     * Newton's method from 0; {@link #NONE} when the steps cannot tell (no step could repeat, or every or no
     * repeatable step did).
     */
    public static RepeatBias fit(double[] repeat, boolean[] repeated) {
        if (repeat.length != repeated.length) {
            throw new IllegalArgumentException(repeat.length + " probabilities but " + repeated.length + " outcomes");
        }
        double actual = 0;
        double possible = 0;
        for (int t = 0; t < repeat.length; t++) {
            if (repeat[t] > 0) {
                possible++;
                actual += repeated[t] ? 1 : 0;
            }
        }
        if (actual == 0 || actual == possible) {
            return NONE; // the maximum is at ±infinity
        }
        double b = 0;
        for (int iteration = 0; iteration < 50; iteration++) {
            double odds = Math.exp(b);
            double gradient = actual;
            double curvature = 0;
            for (double p : repeat) {
                double q = odds * p / (1 + (odds - 1) * p);
                gradient -= q;
                curvature += q * (1 - q);
            }
            double step = gradient / curvature;
            b += Math.max(-2, Math.min(2, step)); // damped far from the optimum, plain Newton near it
            if (Math.abs(step) < 1e-10) {
                break;
            }
        }
        return new RepeatBias(b);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%+.4f", logOdds);
    }
}
