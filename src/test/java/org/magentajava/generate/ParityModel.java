package org.magentajava.generate;

import org.magentajava.events.EncoderDecoder;

/**
 * A {@link StepModel} whose distribution depends on the whole history through its state: the parity of the
 * number of 60s fed so far. With even parity it uses {@link MarkovModel#P}'s row for the current event,
 * with odd parity that row reversed. A search that hands a row the wrong state scores events with the wrong
 * distribution, which rescoring the winner from scratch exposes.
 */
final class ParityModel implements StepModel<boolean[]> {
    int steps;

    @Override
    public boolean[] initialState(int batchSize) {
        return new boolean[batchSize];
    }

    @Override
    public Output<boolean[]> step(boolean[] odd, float[][] inputs) {
        steps++;
        boolean[] next = new boolean[odd.length];
        float[][] logits = new float[inputs.length][3];
        for (int r = 0; r < inputs.length; r++) {
            int current = inputs[r][0] == 1 ? 0 : inputs[r][1] == 1 ? 1 : 2;
            next[r] = odd[r] ^ (current == 2);
            for (int c = 0; c < 3; c++) {
                logits[r][c] = (float) Math.log(MarkovModel.P[current][next[r] ? 2 - c : c]);
            }
        }
        return new Output<>(next, logits);
    }

    @Override
    public boolean[] selectRows(boolean[] odd, int[] rows) {
        boolean[] selected = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            selected[i] = odd[rows[i]];
        }
        return selected;
    }

    /** Log-likelihood of events 1..n−1 fed from scratch at batch 1, the way Magenta scores a primer. */
    double logLikelihood(EncoderDecoder codec, int[] events, double temperature) {
        boolean[] state = initialState(1);
        double sum = 0;
        for (int p = 0; p + 1 < events.length; p++) {
            Output<boolean[]> out = step(state, new float[][] {codec.inputVector(events, p)});
            state = out.state();
            sum += Softmax.of(out.logits()[0], temperature).logProbability(codec.label(events, p + 1));
        }
        return sum;
    }
}
