package org.magentajava.train;

import java.nio.file.Path;

/** One checkpoint evaluated over the eval file: metrics streamed over {@code batches} full batches. */
public record EvalResult(Path checkpoint, long globalStep, Metrics metrics, long examples, long batches) {
}
