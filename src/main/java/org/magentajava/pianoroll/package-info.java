/**
 * The piano-roll concept: note_seq's {@link org.magentajava.pianoroll.PianorollSequence} (88 keys from MIDI 21,
 * the set of sounding keys per quantized step), {@link org.magentajava.pianoroll.PianorollEncoderDecoder}
 * (multi-hot inputs and targets), {@link org.magentajava.pianoroll.PianorollExtractor} and
 * {@link org.magentajava.pianoroll.PianorollDatasetStages} (the pipeline stages the piano-roll families share).
 * Depends on notes, io, pipeline and proto only; the model family and its dataset pipeline are in
 * {@code org.magentajava.models.pianorollrnn}.
 */
package org.magentajava.pianoroll;
