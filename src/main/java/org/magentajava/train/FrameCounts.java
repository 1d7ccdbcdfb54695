package org.magentajava.train;

/**
 * A multi-hot batch's counts over its valid steps, as a sigmoid-head model scores them: a key is predicted when
 * its probability is at least 0.5.
 *
 * @param exact          steps whose predicted key set equals the target set
 * @param sounding       steps whose target set is not empty
 * @param soundingExact  those of them predicted exactly
 * @param truePositives  keys predicted and in the target, over all steps
 * @param falsePositives keys predicted but not in the target
 * @param falseNegatives keys in the target but not predicted
 */
public record FrameCounts(long exact, long sounding, long soundingExact, long truePositives, long falsePositives,
                          long falseNegatives) {
}
