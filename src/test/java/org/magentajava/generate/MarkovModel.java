package org.magentajava.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real {@link StepModel} with known probabilities for {@link ThreeEventEncoder}: the next event depends on
 * the current one only (rows: current class, columns: next class).
 *
 * <pre>
 *            next: −2    −1    60
 *   from −2        1/2   1/4   1/4
 *   from −1        1/4   1/2   1/4
 *   from 60        1/8   1/8   3/4
 * </pre>
 *
 * Logits are ln p, so softmax at temperature 1 returns these probabilities. The state is the class each row
 * was last fed (−1 = nothing yet); {@link #step} fails if an input's "previous event" part disagrees with
 * its row's state. It logs every call: "S&lt;batch&gt;" for a step, "R&lt;rows&gt;" for a row selection.
 */
final class MarkovModel implements StepModel<int[]> {
    static final double[][] P = {
        {1 / 2.0, 1 / 4.0, 1 / 4.0},
        {1 / 4.0, 1 / 2.0, 1 / 4.0},
        {1 / 8.0, 1 / 8.0, 3 / 4.0},
    };

    final List<String> calls = new ArrayList<>();
    final List<int[]> selections = new ArrayList<>();
    int steps;

    @Override
    public int[] initialState(int batchSize) {
        int[] state = new int[batchSize];
        Arrays.fill(state, -1);
        return state;
    }

    @Override
    public Output<int[]> step(int[] state, float[][] inputs) {
        if (state.length != inputs.length) {
            throw new AssertionError("state batch " + state.length + " != input batch " + inputs.length);
        }
        steps++;
        calls.add("S" + inputs.length);
        int[] next = new int[state.length];
        float[][] logits = new float[inputs.length][];
        for (int r = 0; r < inputs.length; r++) {
            int current = hot(inputs[r], 0);
            int previous = hot(inputs[r], 3);
            if (previous != state[r]) {
                throw new AssertionError("row " + r + " was fed class " + state[r] + " but its input says " + previous);
            }
            next[r] = current;
            logits[r] = new float[3];
            for (int c = 0; c < 3; c++) {
                logits[r][c] = (float) Math.log(P[current][c]);
            }
        }
        return new Output<>(next, logits);
    }

    @Override
    public int[] selectRows(int[] state, int[] rows) {
        calls.add("R" + rows.length);
        selections.add(rows.clone());
        int[] selected = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            selected[i] = state[rows[i]];
        }
        return selected;
    }

    /** The class set in input[offset..offset+3), or −1 when none is. */
    private static int hot(float[] input, int offset) {
        int found = -1;
        for (int c = 0; c < 3; c++) {
            if (input[offset + c] == 1) {
                found = c;
            }
        }
        return found;
    }
}
