package org.magentajava.train;

import java.nio.file.Path;

/**
 * How a training job ended.
 *
 * @param startStep      global step it started (or resumed) at
 * @param globalStep     global step it stopped at
 * @param wallSeconds    time spent in the loop
 * @param lastMetrics    metrics of the last step run, null when no step ran
 * @param lastCheckpoint newest checkpoint in the train dir, null when none
 * @param skippedRecords unusable records met (each counted once)
 */
public record TrainResult(long startStep, long globalStep, double wallSeconds, Metrics lastMetrics,
                          Path lastCheckpoint, long skippedRecords) {
    public long stepsRun() {
        return globalStep - startStep;
    }
}
