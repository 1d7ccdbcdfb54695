/**
 * Dataset pipeline stages shared by the model families: the quantizer stage and Magenta's pipeline
 * {@link org.magentajava.pipeline.Statistics} (counters and histograms, printed at the end of create-dataset).
 */
package org.magentajava.pipeline;
