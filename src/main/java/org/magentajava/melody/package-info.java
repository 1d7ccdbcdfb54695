/**
 * Monophonic melodies as melody_rnn sees them: {@link org.magentajava.melody.Melody} events, extraction from
 * quantized sequences ({@link org.magentajava.melody.MelodyExtractor}) and the melody encodings
 * ({@link org.magentajava.melody.MelodyOneHotEncoding}, {@link org.magentajava.melody.KeyMelodyEncoderDecoder}).
 * The melody_rnn family itself (configs, dataset pipeline, generator) is in
 * {@link org.magentajava.models.melodyrnn}.
 */
package org.magentajava.melody;
