/**
 * Piano-roll models' representation: note_seq's {@link org.magentajava.pianoroll.PianorollSequence} (88 keys
 * from MIDI 21, the set of sounding keys per quantized step) and
 * {@link org.magentajava.pianoroll.PianorollEncoderDecoder} (multi-hot inputs and targets), Magenta's
 * pianoroll pipeline ({@link org.magentajava.pianoroll.PianorollExtractor},
 * {@link org.magentajava.pianoroll.PianorollDatasetPipeline}) and the configs
 * ({@link org.magentajava.pianoroll.PianorollConfig}). Depends on notes, melody (pipeline stages and
 * statistics) and poly (transposition) only.
 */
package org.magentajava.pianoroll;
