package org.magentajava.model.layers;

import org.magentajava.model.ops.Parallel;

/**
 * Where step {@code s} of sequence {@code b} lives in a stack's time-major buffers. <b>Full</b>: row
 * {@code s*batch + b}, every sequence at every step, padding included. <b>Packed</b> (sequences longest first, as
 * PyTorch's packed sequences): step s holds only the sequences still inside their length, rows
 * {@code offset(s) .. offset(s) + active(s)}, so no product, activation or dropout draw is spent on padding. A
 * Nottingham batch of 64 quarter-note rolls is about 3.7 times its true frame count when padded.
 *
 * <p>The recurrent state buffers (h, c) hold the starting state in rows {@code 0..batch} and step s's output at
 * row {@code batch + row(s, b)}: {@link #stateRow} is the state a step reads.
 */
public final class StepRows {
    private final int batch;
    private final int steps;
    /** Packed only: offsets[s] is step s's first row, offsets[steps] the row count; null when full. */
    private final int[] offsets;
    /** Packed only: each row's step and sequence. */
    private final int[] stepOf;
    private final int[] seqOf;
    /** Where the time loops' thread chunks start: balanced by work (the rows' lengths) when packed. */
    private final int[] chunks;

    private StepRows(int batch, int steps, int[] offsets, int[] stepOf, int[] seqOf, int[] chunks) {
        this.batch = batch;
        this.steps = steps;
        this.offsets = offsets;
        this.stepOf = stepOf;
        this.seqOf = seqOf;
        this.chunks = chunks;
    }

    /** Every sequence at every step. */
    public static StepRows full(int batch, int steps) {
        return new StepRows(batch, steps, null, null, null, Parallel.bounds(batch));
    }

    /** Sequences of these lengths (longest first, none longer than {@code steps}), packed. */
    public static StepRows packed(int[] lengths, int steps) {
        int batch = lengths.length;
        for (int b = 0; b < batch; b++) {
            if (lengths[b] > steps || lengths[b] < 0 || (b > 0 && lengths[b] > lengths[b - 1])) {
                throw new IllegalArgumentException("packed rows need lengths longest first, within " + steps + " steps");
            }
        }
        int[] offsets = new int[steps + 1];
        int active = batch;
        for (int s = 0; s < steps; s++) {
            while (active > 0 && lengths[active - 1] <= s) active--;
            offsets[s + 1] = offsets[s] + active;
        }
        int rows = offsets[steps];
        int[] stepOf = new int[rows];
        int[] seqOf = new int[rows];
        for (int s = 0; s < steps; s++) {
            for (int r = offsets[s]; r < offsets[s + 1]; r++) {
                stepOf[r] = s;
                seqOf[r] = r - offsets[s];
            }
        }
        return new StepRows(batch, steps, offsets, stepOf, seqOf, balanced(lengths, rows, Parallel.bounds(batch).length - 1));
    }

    /** Chunk starts that give each of {@code k} chunks about the same number of rows (steps × sequences). */
    private static int[] balanced(int[] lengths, int rows, int k) {
        int[] b = new int[k + 1];
        b[k] = lengths.length;
        long sum = 0;
        int c = 1;
        for (int i = 0; i < lengths.length && c < k; i++) {
            sum += lengths[i];
            while (c < k && sum * k >= (long) rows * c) b[c++] = i + 1;
        }
        while (c < k) b[c++] = lengths.length;
        return b;
    }

    public int batch() {
        return batch;
    }

    public int steps() {
        return steps;
    }

    public boolean isPacked() {
        return offsets != null;
    }

    /** Rows in all: steps × batch when full, the sum of the lengths when packed. */
    public int count() {
        return offsets == null ? steps * batch : offsets[steps];
    }

    /** Sequences at step s: rows 0..active(s) of the step (all of them when full). */
    public int active(int s) {
        return offsets == null ? batch : offsets[s + 1] - offsets[s];
    }

    /** The row of step s of sequence b ({@code b < active(s)}). */
    public int row(int s, int b) {
        return (offsets == null ? s * batch : offsets[s]) + b;
    }

    /** The row of the state step s starts from, in the h and c buffers (the starting state for s = 0). */
    public int stateRow(int s, int b) {
        return s == 0 ? b : batch + row(s - 1, b);
    }

    /** The step of row r. */
    public int step(int r) {
        return offsets == null ? r / batch : stepOf[r];
    }

    /** The sequence of row r. */
    public int sequence(int r) {
        return offsets == null ? r % batch : seqOf[r];
    }

    /**
     * Rows 0..alignedRows() read their state from the same row numbers of the h buffer (a step's rows line up with
     * the state rows it reads while every sequence is still running); past them, the state rows are fewer per step.
     */
    public int alignedRows() {
        if (offsets == null) return count();
        int s = 1;
        while (s < steps && offsets[s] == batch * s) s++; // every sequence ran every step before s
        return offsets[Math.min(s, steps)];
    }

    /** Where the time loops' thread chunks start, and the batch size at the end. */
    public int[] chunks() {
        return chunks;
    }
}
