package org.magentajava.generate;

import org.magentajava.model.LstmNetwork;
import org.magentajava.model.State;
import org.magentajava.model.States;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The LSTM network as the search's step model. The network returns probabilities; their logarithms serve as
 * logits, which is exact: softmax(log p / T) = softmax(logits / T) because log p differs from the logits by a
 * per-row constant.
 */
public record NetworkStepModel(LstmNetwork network) implements StepModel<State> {

    @Override
    public State initialState(int batchSize) {
        return network.initialState(batchSize);
    }

    @Override
    public Output<State> step(State state, float[][] inputs) {
        INDArray probs = network.step(state, Nd4j.create(inputs), 1.0);
        float[][] p = probs.toFloatMatrix();
        for (float[] row : p) {
            for (int k = 0; k < row.length; k++) {
                row[k] = (float) Math.log(row[k]);
            }
        }
        return new Output<>(state, p);
    }

    @Override
    public State selectRows(State state, int[] rows) {
        return States.select(state, rows);
    }
}
