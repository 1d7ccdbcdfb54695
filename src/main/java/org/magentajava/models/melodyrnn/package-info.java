/**
 * Magenta's melody_rnn: {@link org.magentajava.models.melodyrnn.MelodyRnn} (the family and its four configs),
 * melody_rnn_create_dataset's per-sequence work ({@link org.magentajava.models.melodyrnn.MelodyDatasetPipeline})
 * and melody_rnn_generate's generation ({@link org.magentajava.models.melodyrnn.MelodyGenerator}).
 */
package org.magentajava.models.melodyrnn;
