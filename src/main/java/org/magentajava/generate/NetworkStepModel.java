package org.magentajava.generate;

import java.util.random.RandomGenerator;
import org.magentajava.model.Head;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.Nade;
import org.magentajava.model.State;
import org.magentajava.model.States;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The LSTM network as the search's step model. The network returns probabilities; their logarithms serve as
 * logits, which is exact: softmax(log p / T) = softmax(logits / T) because log p differs from the logits by a
 * per-row constant. A piano-roll network (sigmoid or NADE head) gives its output layer's raw values instead,
 * which {@link #keySets()} reads.
 */
public record NetworkStepModel(LstmNetwork network) implements StepModel<State> {

    @Override
    public State initialState(int batchSize) {
        return network.initialState(batchSize);
    }

    @Override
    public Output<State> step(State state, float[][] inputs) {
        if (network.head() != Head.SOFTMAX) {
            return new Output<>(state, network.stepOutputs(state, inputs));
        }
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

    @Override
    public KeySetDistribution keySets() {
        return switch (network.head()) {
            case SIGMOID -> KeySetDistribution.INDEPENDENT_KEYS;
            case NADE -> nade(network.nade());
            case SOFTMAX -> StepModel.super.keySets();
        };
    }

    private static KeySetDistribution nade(Nade nade) {
        return new KeySetDistribution() {
            @Override
            public double logLikelihood(float[] outputs, boolean[] keys) {
                return nade.logLikelihood(outputs, 0, keys);
            }

            @Override
            public double sample(float[] outputs, double temperature, RandomGenerator random, boolean[] keys) {
                return nade.sample(outputs, 0, temperature, random, keys);
            }
        };
    }
}
