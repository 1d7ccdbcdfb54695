/**
 * Monophonic melodies as melody_rnn sees them: {@link org.magentajava.melody.Melody} events, extraction from
 * quantized sequences ({@link org.magentajava.melody.MelodyExtractor}), the model encodings behind
 * {@link org.magentajava.melody.EncoderDecoder}, the four {@link org.magentajava.melody.MelodyConfig}s and
 * melody_rnn_create_dataset's per-sequence work in {@link org.magentajava.melody.MelodyDatasetPipeline}.
 * {@link org.magentajava.melody.SequenceEvents} goes the other way: from a SequenceExample's inputs and labels
 * back to the events, and to the classes that stand for each event (for the event NLL). A new encoder works
 * with it as it is; overriding {@link org.magentajava.melody.EncoderDecoder#historyDependentClasses()} only
 * makes it faster.
 */
package org.magentajava.melody;
