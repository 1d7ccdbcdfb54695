package org.magentajava.ngram;

/**
 * A per-key first-order Markov model of piano-roll frames: each key sounds at a frame with a probability that
 * depends only on whether that key sounded at the frame before, independently of the other keys. It is what
 * counting alone gives a network's frame NLL to beat.
 *
 * <p>Smoothing: each key's estimate is pulled toward the rate pooled over all keys with the same previous state,
 * {@code p(k | s) = (sounded(k, s) + c · P(s)) / (followed(k, s) + c)} for a pseudo-count {@code c}, so a key never
 * seen (at the edges of the keyboard, or sounding for the first time) gets the pooled rate P(s) and a key seen a
 * few times lies between the two. The pooled rate is add-half smoothed, {@code P(s) = (Σ sounded + ½) / (Σ followed
 * + 1)}, so no probability is 0 or 1 and every frame has a finite NLL. Immutable.
 */
public final class KeyMarkov {
    private final int keys;
    private final double pseudoCount;
    private final double[] sounds;  // [key * 2 + previous]
    private final double[] silent;  // 1 − sounds, computed from the counts so that rare events keep their digits
    private final double pooledSounds0;
    private final double pooledSounds1;

    private KeyMarkov(int keys, double pseudoCount, double[] sounds, double[] silent, double pooled0, double pooled1) {
        this.keys = keys;
        this.pseudoCount = pseudoCount;
        this.sounds = sounds;
        this.silent = silent;
        this.pooledSounds0 = pooled0;
        this.pooledSounds1 = pooled1;
    }

    /** Fits the model to {@code counts} with pseudo-count {@code pseudoCount} (> 0) toward the pooled rates. */
    public static KeyMarkov fit(KeyTransitions counts, double pseudoCount) {
        if (!(pseudoCount > 0) || Double.isInfinite(pseudoCount)) {
            throw new IllegalArgumentException("the pseudo-count must be positive and finite, got " + pseudoCount);
        }
        int keys = counts.keys();
        double[] pooled = new double[2];
        double[] pooledSilent = new double[2];
        for (int s = 0; s < 2; s++) {
            long followed = 0;
            long sounded = 0;
            for (int k = 0; k < keys; k++) {
                followed += counts.followed(k, s == 1);
                sounded += counts.sounded(k, s == 1);
            }
            pooled[s] = (sounded + 0.5) / (followed + 1.0);
            pooledSilent[s] = (followed - sounded + 0.5) / (followed + 1.0);
        }
        double[] sounds = new double[2 * keys];
        double[] silent = new double[2 * keys];
        for (int k = 0; k < keys; k++) {
            for (int s = 0; s < 2; s++) {
                long n = counts.followed(k, s == 1);
                long on = counts.sounded(k, s == 1);
                sounds[2 * k + s] = (on + pseudoCount * pooled[s]) / (n + pseudoCount);
                silent[2 * k + s] = (n - on + pseudoCount * pooledSilent[s]) / (n + pseudoCount);
            }
        }
        return new KeyMarkov(keys, pseudoCount, sounds, silent, pooled[0], pooled[1]);
    }

    public int keys() {
        return keys;
    }

    public double pseudoCount() {
        return pseudoCount;
    }

    /** The probability that {@code key} sounds given whether it sounded at the frame before. */
    public double probability(int key, boolean previous) {
        return sounds[2 * key + (previous ? 1 : 0)];
    }

    /** The rate pooled over all keys that an unseen key gets. */
    public double pooled(boolean previous) {
        return previous ? pooledSounds1 : pooledSounds0;
    }

    /**
     * Scores every frame counted in {@code frames} as evaluate scores a network's: the NLL of a frame is the sum
     * over the keys of −ln p(key's state); a key counts as predicted when its probability is at least 0.5.
     */
    public FrameScore score(KeyTransitions frames) {
        if (frames.keys() != keys) {
            throw new IllegalArgumentException("frames of " + frames.keys() + " keys scored by a model of " + keys);
        }
        double nll = 0;
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int k = 0; k < keys; k++) {
            for (int s = 0; s < 2; s++) {
                long n = frames.followed(k, s == 1);
                long on = frames.sounded(k, s == 1);
                if (on > 0) {
                    nll -= on * Math.log(sounds[2 * k + s]);
                }
                if (n - on > 0) {
                    nll -= (n - on) * Math.log(silent[2 * k + s]);
                }
                if (sounds[2 * k + s] >= 0.5) {
                    tp += on;
                    fp += n - on;
                } else {
                    fn += on;
                }
            }
        }
        return new FrameScore(frames.frames(), nll, tp, fp, fn);
    }

    /**
     * A model's figures over some frames.
     *
     * @param nll total negative log-likelihood in nats over all frames
     */
    public record FrameScore(long frames, double nll, long truePositives, long falsePositives, long falseNegatives) {

        /** Nats per frame, evaluate's frame_nll. */
        public double frameNll() {
            return nll / frames;
        }

        /** TP / (TP + FP + FN) over all keys of all frames, evaluate's frame_accuracy (NaN when no key counts). */
        public double frameAccuracy() {
            return (double) truePositives / (truePositives + falsePositives + falseNegatives);
        }
    }
}
