package org.magentajava.generate;

import java.util.random.RandomGenerator;
import org.magentajava.model.ops.Act;

/**
 * How a piano-roll model's output for one step distributes the step's set of sounding keys: independent keys
 * (a sigmoid per key) or a NADE over the keys. The search scores and draws whole frames through it.
 */
public interface KeySetDistribution {

    /** ln p(keys) given one step's raw outputs (a {@link StepModel}'s row for the step). */
    double logLikelihood(float[] outputs, boolean[] keys);

    /**
     * Draws a key set, each key (or each NADE conditional) from its logit divided by {@code temperature}, into
     * {@code keys}, and returns its log-likelihood under the untempered distribution.
     */
    double sample(float[] outputs, double temperature, RandomGenerator random, boolean[] keys);

    /** A sigmoid per key, the keys independent: {@code outputs} are the keys' logits. */
    KeySetDistribution INDEPENDENT_KEYS = new KeySetDistribution() {
        @Override
        public double logLikelihood(float[] outputs, boolean[] keys) {
            double ll = 0;
            for (int k = 0; k < keys.length; k++) {
                ll -= Act.softplus(keys[k] ? -outputs[k] : outputs[k]);
            }
            return ll;
        }

        @Override
        public double sample(float[] outputs, double temperature, RandomGenerator random, boolean[] keys) {
            double ll = 0;
            for (int k = 0; k < keys.length; k++) {
                double z = outputs[k];
                keys[k] = random.nextDouble() < 1 / (1 + Math.exp(-z / temperature));
                ll -= Act.softplus(keys[k] ? -z : z);
            }
            return ll;
        }
    };
}
