package org.magentajava.model;

import org.magentajava.io.BadInputException;

/**
 * One zero-padded training batch: {@code inputs[b][t][i]}, {@code labels[b][t]}, and each sequence's true
 * length. Steps at or beyond a sequence's length are padding: they count in no loss or metric.
 * {@code eventClasses[b][t]}, when given, lists every class that stands for the same event as the label (the
 * label included) for the event NLL; null (or a null entry) means the label alone.
 * {@code targets[b][t][k]}, when given, is the multi-hot key set of a {@link Head#SIGMOID} network's step (the
 * labels are then unused). {@code classGroups[b][t]}, when given, holds every class's event group at that step
 * (classes that decode to the same event share a number), for the event argmax; null (or a null entry) means
 * each class is its own event.
 */
public record Batch(float[][][] inputs, int[][] labels, int[] lengths, int[][][] eventClasses, boolean[][][] targets,
                    int[][][] classGroups) {
    public Batch(float[][][] inputs, int[][] labels, int[] lengths, int[][][] eventClasses, boolean[][][] targets) {
        this(inputs, labels, lengths, eventClasses, targets, null);
    }

    public Batch(float[][][] inputs, int[][] labels, int[] lengths) {
        this(inputs, labels, lengths, null, null);
    }

    public Batch(float[][][] inputs, int[][] labels, int[] lengths, int[][][] eventClasses) {
        this(inputs, labels, lengths, eventClasses, null);
    }

    /** A batch of multi-hot targets {@code [b][t][keys]}. */
    public static Batch multiHot(float[][][] inputs, boolean[][][] targets, int[] lengths) {
        int[][] labels = new int[inputs.length][];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = new int[inputs[i].length];
        }
        return new Batch(inputs, labels, lengths, null, targets);
    }

    public Batch {
        int b = inputs.length;
        if (b == 0 || labels.length != b || lengths.length != b || (eventClasses != null && eventClasses.length != b)
                || (targets != null && targets.length != b) || (classGroups != null && classGroups.length != b)) {
            throw new BadInputException("batch needs equal, non-zero counts of inputs, labels and lengths");
        }
        int t = inputs[0].length;
        for (int i = 0; i < b; i++) {
            if (inputs[i].length != t || labels[i].length != t) {
                throw new BadInputException("batch sequences must be padded to one length " + t);
            }
            if (targets != null && targets[i].length != t) {
                throw new BadInputException("batch targets must be padded to one length " + t);
            }
            if (eventClasses != null && eventClasses[i].length != t) {
                throw new BadInputException("batch event classes must be padded to one length " + t);
            }
            if (classGroups != null && classGroups[i].length != t) {
                throw new BadInputException("batch event groups must be padded to one length " + t);
            }
            if (lengths[i] < 0 || lengths[i] > t) {
                throw new BadInputException("sequence length " + lengths[i] + " outside 0.." + t);
            }
        }
    }

    public int batchSize() {
        return inputs.length;
    }

    /** Padded length (number of RNN steps). */
    public int steps() {
        return inputs[0].length;
    }

    public int inputSize() {
        return inputs[0].length == 0 ? 0 : inputs[0][0].length;
    }

    /** The same sequences with row {@code i} taken from row {@code order[i]} (the arrays are shared, not copied). */
    public Batch reordered(int[] order) {
        int b = batchSize();
        if (order.length != b) throw new IllegalArgumentException("order has " + order.length + " rows, batch " + b);
        float[][][] in = new float[b][][];
        int[][] lab = new int[b][];
        int[] len = new int[b];
        int[][][] ec = eventClasses == null ? null : new int[b][][];
        boolean[][][] tg = targets == null ? null : new boolean[b][][];
        int[][][] cg = classGroups == null ? null : new int[b][][];
        for (int i = 0; i < b; i++) {
            int k = order[i];
            in[i] = inputs[k];
            lab[i] = labels[k];
            len[i] = lengths[k];
            if (ec != null) ec[i] = eventClasses[k];
            if (tg != null) tg[i] = targets[k];
            if (cg != null) cg[i] = classGroups[k];
        }
        return new Batch(in, lab, len, ec, tg, cg);
    }

    /**
     * The rows longest first (ties in their order), so that packed steps ({@code StepRows.packed}) hold only the
     * sequences still running; null when they already are.
     */
    public static int[] longestFirst(int[] lengths) {
        boolean sorted = true;
        for (int i = 1; i < lengths.length; i++) sorted &= lengths[i] <= lengths[i - 1];
        if (sorted) return null;
        return java.util.stream.IntStream.range(0, lengths.length).boxed()
                .sorted((x, y) -> Integer.compare(lengths[y], lengths[x])) // stable
                .mapToInt(Integer::intValue).toArray();
    }
}
