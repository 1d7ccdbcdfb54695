/**
 * Magenta's polyphony_rnn: {@link org.magentajava.poly.PolyphonicEvent}s (one int each, equal to the one-hot
 * class), {@link org.magentajava.poly.PolyphonicSequence} (from a quantized NoteSequence, set_length,
 * to_sequence), {@link org.magentajava.poly.PolyphonyExtractor} with Magenta's counters,
 * polyphony_rnn_create_dataset's per-sequence work in {@link org.magentajava.models.polyphonyrnn.PolyphonyDatasetPipeline},
 * and generation in {@link org.magentajava.models.polyphonyrnn.PolyphonyGenerator} with
 * {@link org.magentajava.models.polyphonyrnn.PrimerInjection}. The encoder is the melody side's
 * {@link org.magentajava.events.OneHotEncoderDecoder} over {@link org.magentajava.poly.PolyphonyOneHotEncoding};
 * network, training, beam search and bundles are shared with the melody models.
 */
package org.magentajava.poly;
