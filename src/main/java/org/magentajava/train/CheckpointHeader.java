package org.magentajava.train;

/**
 * The plain-data part of a checkpoint, written before the model's opaque state.
 *
 * @param configName the --config the run was started with
 * @param hparams    the hparams string the run was started with
 * @param inputSize  the model's input width
 * @param numClasses the model's class count
 * @param globalStep training steps completed
 * @param position   where the shuffled data stream stands after globalStep batches
 */
public record CheckpointHeader(String configName, String hparams, int inputSize, int numClasses, long globalStep,
                               DataPosition position) {
}
