package org.magentajava.train;

import org.magentajava.data.SequenceExamples;
import org.magentajava.io.BadInputException;

import java.util.List;

/**
 * A minibatch of melodies zero-padded to the longest one in the batch, as Magenta's dynamic padding does.
 * Steps at or past {@code lengths[b]} are padding: inputs 0, label 0, and they must be masked out.
 *
 * @param batchSize number of sequences B
 * @param maxLength longest sequence T in this batch
 * @param inputSize width I of one input step
 * @param inputs    row-major [B][T][I]: element (b, t, i) is at {@code (b * T + t) * I + i}
 * @param labels    row-major [B][T]: element (b, t) is at {@code b * T + t}
 * @param lengths   true length of each sequence
 * @param eventClasses row-major [B][T]: the classes that stand for the same event as the label at (b, t)
 *                  (see {@link EventClasses}); null, or a null entry, when the label is the only one
 * @param targetWidth keys K of a multi-hot target step; 0 for one class per step
 * @param targets   row-major [B][T][K] multi-hot targets (labels then all 0), or null
 * @param classGroups row-major [B][T]: every class's event group at (b, t) ({@link EventClasses#groups}), for the
 *                  event argmax; null, or a null entry, when each class is its own event
 */
public record Batch(int batchSize, int maxLength, int inputSize, float[] inputs, int[] labels, int[] lengths,
                    int[][] eventClasses, int targetWidth, boolean[] targets, int[][] classGroups) {
    public Batch {
        if (inputs.length != batchSize * maxLength * inputSize || labels.length != batchSize * maxLength
                || lengths.length != batchSize
                || (eventClasses != null && eventClasses.length != batchSize * maxLength)
                || (classGroups != null && classGroups.length != batchSize * maxLength)
                || (targets != null && targets.length != batchSize * maxLength * targetWidth)) {
            throw new IllegalArgumentException("array sizes do not match B=" + batchSize + " T=" + maxLength
                    + " I=" + inputSize);
        }
    }

    /** A batch without event groups. */
    public Batch(int batchSize, int maxLength, int inputSize, float[] inputs, int[] labels, int[] lengths,
                 int[][] eventClasses, int targetWidth, boolean[] targets) {
        this(batchSize, maxLength, inputSize, inputs, labels, lengths, eventClasses, targetWidth, targets, null);
    }

    /** A batch of one class per step. */
    public Batch(int batchSize, int maxLength, int inputSize, float[] inputs, int[] labels, int[] lengths,
                 int[][] eventClasses) {
        this(batchSize, maxLength, inputSize, inputs, labels, lengths, eventClasses, 0, null);
    }

    /** A batch whose labels are the events. */
    public Batch(int batchSize, int maxLength, int inputSize, float[] inputs, int[] labels, int[] lengths) {
        this(batchSize, maxLength, inputSize, inputs, labels, lengths, null);
    }

    /** Pads decoded sequences (all of width inputSize) into one batch. */
    public static Batch of(List<SequenceExamples.Encoded> sequences, int inputSize) {
        return of(sequences, inputSize, null);
    }

    /**
     * Pads decoded sequences into one batch; {@code classes.get(k)} holds sequence k's per-step event classes
     * ({@link EventClasses#of}), or the list is null when labels are events.
     */
    public static Batch of(List<SequenceExamples.Encoded> sequences, int inputSize, List<int[][]> classes) {
        return of(sequences, inputSize, classes, null);
    }

    /**
     * Pads decoded sequences into one batch with each sequence's event classes ({@link EventClasses#of}) and
     * event groups ({@link EventClasses#groups}); either list may be null.
     */
    public static Batch of(List<SequenceExamples.Encoded> sequences, int inputSize, List<int[][]> classes,
                           List<int[][]> groups) {
        int b = sequences.size();
        int t = 0;
        for (SequenceExamples.Encoded s : sequences) {
            t = Math.max(t, s.length());
        }
        float[] inputs = new float[b * t * inputSize];
        int[] labels = new int[b * t];
        int[] lengths = new int[b];
        int[][] eventClasses = padded(classes, b, t);
        int[][] classGroups = padded(groups, b, t);
        int width = sequences.get(0).targetWidth();
        boolean[] targets = sequences.get(0).isMultiHot() ? new boolean[b * t * width] : null;
        for (int k = 0; k < b; k++) {
            SequenceExamples.Encoded s = sequences.get(k);
            if (s.isMultiHot() != (targets != null) || s.targetWidth() != width) {
                throw new BadInputException("a batch mixes records with " + width + " and " + s.targetWidth()
                        + " target keys per step (one class per step has 0)");
            }
            lengths[k] = s.length();
            for (int step = 0; step < s.length(); step++) {
                System.arraycopy(s.inputs()[step], 0, inputs, (k * t + step) * inputSize, inputSize);
                labels[k * t + step] = s.labels()[step];
                if (targets != null) {
                    System.arraycopy(s.targets()[step], 0, targets, (k * t + step) * width, width);
                }
            }
        }
        return new Batch(b, t, inputSize, inputs, labels, lengths, eventClasses, width, targets, classGroups);
    }

    /** Per-sequence, per-step arrays laid out row-major [B][T] (null past a sequence's end); null for null. */
    private static int[][] padded(List<int[][]> perSequence, int b, int t) {
        if (perSequence == null) {
            return null;
        }
        int[][] out = new int[b * t][];
        for (int k = 0; k < b; k++) {
            int[][] perStep = perSequence.get(k);
            if (perStep != null) {
                System.arraycopy(perStep, 0, out, k * t, perStep.length);
            }
        }
        return out;
    }

    /** Number of unpadded steps: the denominator of Magenta's loss. */
    public int validSteps() {
        int n = 0;
        for (int len : lengths) {
            n += len;
        }
        return n;
    }

    public float input(int b, int t, int i) {
        return inputs[(b * maxLength + t) * inputSize + i];
    }

    public int label(int b, int t) {
        return labels[b * maxLength + t];
    }

    /**
     * Each target column's log-odds over the valid steps, add-one smoothed: log((n + 1) / (steps − n + 1)) for a
     * column set at n of them. What a network whose outputs ignored their input would learn; null without targets.
     */
    public double[] targetLogOdds() {
        if (targets == null) return null;
        long[] on = new long[targetWidth];
        long steps = 0;
        for (int b = 0; b < batchSize; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                int row = (b * maxLength + t) * targetWidth;
                for (int k = 0; k < targetWidth; k++) if (targets[row + k]) on[k]++;
                steps++;
            }
        }
        double[] logOdds = new double[targetWidth];
        for (int k = 0; k < targetWidth; k++) logOdds[k] = Math.log((on[k] + 1.0) / (steps - on[k] + 1.0));
        return logOdds;
    }
}
