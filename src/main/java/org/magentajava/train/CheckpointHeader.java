package org.magentajava.train;

/**
 * The plain-data part of a checkpoint, written before the model's opaque state.
 *
 * @param configName      the --config the run was started with
 * @param hparams         the hparams string the run was started with
 * @param inputSize       the model's input width
 * @param numClasses      the model's class count
 * @param globalStep      training steps completed
 * @param position        where the shuffled data stream stands after globalStep batches
 * @param stepsPerQuarter the frame rate of the run's dataset (its {@code data.DatasetMetadata}), 0 when the dataset
 *                        recorded none: the config's default rate
 */
public record CheckpointHeader(String configName, String hparams, int inputSize, int numClasses, long globalStep,
                               DataPosition position, int stepsPerQuarter) {
    public CheckpointHeader {
        if (stepsPerQuarter < 0) {
            throw new IllegalArgumentException("steps per quarter must be 0 (not recorded) or positive, got "
                    + stepsPerQuarter);
        }
    }

    /** A header of a run whose dataset recorded no frame rate. */
    public CheckpointHeader(String configName, String hparams, int inputSize, int numClasses, long globalStep,
                            DataPosition position) {
        this(configName, hparams, inputSize, numClasses, globalStep, position, 0);
    }
}
