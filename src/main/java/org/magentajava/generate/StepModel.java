package org.magentajava.generate;

/**
 * A recurrent network that advances a batch of independent sequences by one time step.
 *
 * <p>Generation feeds each sequence's newest input exactly once: the primer's inputs go through a batch of
 * one, its state is then copied to every beam entry, and every later call feeds one new input per entry.
 * Generating n events after a primer of length p therefore costs p + n − 1 calls of {@link #step}.
 *
 * <p>Row r of a state belongs to sequence r of the batch. The search owns the state objects it is given:
 * after {@code step(state, …)} or {@code selectRows(state, …)} it never touches the argument again, so an
 * implementation may update it in place and return the same object.
 *
 * @param <S> the recurrent state of a whole batch (for an LSTM stack: c and h of every layer, [batch][units])
 */
public interface StepModel<S> {

    /** The zero state for {@code batchSize} sequences (what Magenta's graph feeds as the initial state). */
    S initialState(int batchSize);

    /**
     * Runs one time step.
     *
     * @param state  the state after the previous step, batch size = {@code inputs.length}
     * @param inputs one encoder input vector per row, {@code [batch][inputSize]}
     * @return the state after this step and the raw logits {@code [batch][numClasses]}: before temperature and
     *     before softmax (the search divides by the temperature and takes the softmax itself, as Magenta's
     *     generation graph does); for a piano-roll model the raw outputs that {@link #keySets()} reads
     */
    Output<S> step(S state, float[][] inputs);

    /**
     * A state of batch size {@code rows.length} whose row r is a copy of row {@code rows[r]} of {@code state}.
     * Rows may repeat (beam branching) and come in any order (beam pruning). Repeated rows must not share
     * storage that a later {@link #step} updates in place.
     */
    S selectRows(S state, int[] rows);

    /**
     * For a piano-roll model, whose {@link #step} rows are its raw outputs (a sigmoid head's logits per key, a
     * NADE's biases): how those outputs distribute a step's set of keys.
     *
     * @throws UnsupportedOperationException for a model with one class per step
     */
    default KeySetDistribution keySets() {
        throw new UnsupportedOperationException("this model predicts one class per step, not a set of keys");
    }

    /** The result of one step: the new state and the logits {@code [batch][numClasses]}. */
    record Output<S>(S state, float[][] logits) {
    }
}
