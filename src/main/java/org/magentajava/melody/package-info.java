/**
 * Monophonic melodies as melody_rnn sees them: {@link org.magentajava.melody.Melody} events, extraction from
 * quantized sequences ({@link org.magentajava.melody.MelodyExtractor}) and the melody encodings
 * ({@link org.magentajava.melody.MelodyOneHotEncoding}, {@link org.magentajava.melody.KeyMelodyEncoderDecoder}).
 * {@link org.magentajava.events.SequenceEvents} goes from a SequenceExample's inputs and labels back to the
 * events, and to the classes that stand for each event (for the event NLL). The melody_rnn family itself (configs, dataset pipeline, generator) is in
 * {@link org.magentajava.models.melodyrnn}.
 */
package org.magentajava.melody;
