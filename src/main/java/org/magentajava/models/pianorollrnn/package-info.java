/**
 * pianoroll_rnn: {@link org.magentajava.models.pianorollrnn.PianorollRnn} (the family and its config, with
 * multi-hot targets) and the pianoroll pipeline's per-sequence work
 * ({@link org.magentajava.models.pianorollrnn.PianorollDatasetPipeline},
 * {@link org.magentajava.models.pianorollrnn.PianorollDataset}). No generator yet.
 */
package org.magentajava.models.pianorollrnn;
