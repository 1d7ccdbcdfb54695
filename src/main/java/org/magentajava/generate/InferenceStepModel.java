package org.magentajava.generate;

import org.magentajava.model.Head;
import org.magentajava.model.InferenceNetwork;

/**
 * The trained network as the search's step model, on the plain-Java {@link InferenceNetwork}: what generate uses,
 * so that a run never starts ND4J. Its logits are the network's own (the search takes the softmax, or for a
 * sigmoid head reads them per key).
 */
public record InferenceStepModel(InferenceNetwork network) implements StepModel<InferenceNetwork.StepState> {

    @Override
    public InferenceNetwork.StepState initialState(int batchSize) {
        return network.initialState(batchSize);
    }

    @Override
    public Output<InferenceNetwork.StepState> step(InferenceNetwork.StepState state, float[][] inputs) {
        return new Output<>(state, network.step(state, inputs));
    }

    @Override
    public KeySetDistribution keySets() {
        // the outputs are the linear layer's raw values: per-key logits for a sigmoid head (NADE heads run on
        // NetworkStepModel)
        return network.head() == Head.SIGMOID ? KeySetDistribution.INDEPENDENT_KEYS : StepModel.super.keySets();
    }

    @Override
    public InferenceNetwork.StepState selectRows(InferenceNetwork.StepState state, int[] rows) {
        return network.selectRows(state, rows);
    }
}
