package org.magentajava.model;

/**
 * A running tally of multi-hot frame predictions against their targets, the counts behind Magenta's frame
 * metrics (frame accuracy, precision, recall, F1): keys one at a time with {@link #key}, then {@link #endStep}
 * once per step. Mutable and single-threaded; the sigmoid heads of {@link LstmNetwork} and the biaxial network
 * each keep one per loss evaluation.
 */
public final class FrameCounts {
    private long exact;
    private long sounding;
    private long soundingExact;
    private long truePositives;
    private long falsePositives;
    private long falseNegatives;
    private boolean stepExact = true;
    private boolean stepSounding;

    /** One key of the current step: whether it was predicted on and whether it sounds in the target. */
    public void key(boolean predicted, boolean target) {
        stepSounding |= target;
        stepExact &= predicted == target;
        if (predicted && target) truePositives++;
        else if (predicted) falsePositives++;
        else if (target) falseNegatives++;
    }

    /** Closes the current step: exact when every key matched, sounding when the target has any key on. */
    public void endStep() {
        if (stepExact) exact++;
        if (stepSounding) {
            sounding++;
            if (stepExact) soundingExact++;
        }
        stepExact = true;
        stepSounding = false;
    }

    /** Steps whose every key was predicted right. */
    public long exact() {
        return exact;
    }

    /** Steps whose target has a key on. */
    public long sounding() {
        return sounding;
    }

    /** Sounding steps predicted exactly. */
    public long soundingExact() {
        return soundingExact;
    }

    public long truePositives() {
        return truePositives;
    }

    public long falsePositives() {
        return falsePositives;
    }

    public long falseNegatives() {
        return falseNegatives;
    }
}
