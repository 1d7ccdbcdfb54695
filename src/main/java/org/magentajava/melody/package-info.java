/**
 * Monophonic melodies as melody_rnn sees them: {@link org.magentajava.melody.Melody} events, extraction from
 * quantized sequences ({@link org.magentajava.melody.MelodyExtractor}), the model encodings behind
 * {@link org.magentajava.events.EncoderDecoder}, the four {@link org.magentajava.melody.MelodyConfig}s and
 * melody_rnn_create_dataset's per-sequence work in {@link org.magentajava.models.melodyrnn.MelodyDatasetPipeline}.
 */
package org.magentajava.melody;
