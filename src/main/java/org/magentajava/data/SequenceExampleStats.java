package org.magentajava.data;

import java.util.Map;
import java.util.TreeMap;

/** Running summary of a file of training SequenceExamples: count, lengths, input size, label histogram. */
public final class SequenceExampleStats {
    private long count;
    private long totalSteps;
    private int minLength = Integer.MAX_VALUE;
    private int maxLength;
    private final Map<Integer, Long> inputSizes = new TreeMap<>();
    private final Map<Integer, Long> labelHistogram = new TreeMap<>();

    public void add(SequenceExamples.Encoded e) {
        count++;
        totalSteps += e.length();
        minLength = Math.min(minLength, e.length());
        maxLength = Math.max(maxLength, e.length());
        inputSizes.merge(e.inputSize(), 1L, Long::sum);
        for (int label : e.labels()) {
            labelHistogram.merge(label, 1L, Long::sum);
        }
    }

    public long count() {
        return count;
    }

    public long totalSteps() {
        return totalSteps;
    }

    public int minLength() {
        return count == 0 ? 0 : minLength;
    }

    public int maxLength() {
        return maxLength;
    }

    public double meanLength() {
        return count == 0 ? 0 : (double) totalSteps / count;
    }

    /** Input vector sizes seen, with how many records had each (one entry in a well-formed file). */
    public Map<Integer, Long> inputSizes() {
        return inputSizes;
    }

    public Map<Integer, Long> labelHistogram() {
        return labelHistogram;
    }
}
