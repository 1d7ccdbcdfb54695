/**
 * Magenta's polyphony_rnn: {@link org.magentajava.models.polyphonyrnn.PolyphonyRnn} (the family and its config),
 * polyphony_rnn_create_dataset's per-sequence work
 * ({@link org.magentajava.models.polyphonyrnn.PolyphonyDatasetPipeline}) and generation in
 * {@link org.magentajava.models.polyphonyrnn.PolyphonyGenerator} with
 * {@link org.magentajava.models.polyphonyrnn.PrimerInjection}. Network, training, beam search and bundles are
 * shared with the other families.
 */
package org.magentajava.models.polyphonyrnn;
