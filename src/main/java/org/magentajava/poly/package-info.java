/**
 * Polyphonic music as polyphony_rnn sees it: {@link org.magentajava.poly.PolyphonicEvent}s (one int each, equal
 * to the one-hot class), {@link org.magentajava.poly.PolyphonicSequence} (from a quantized NoteSequence,
 * set_length, to_sequence), {@link org.magentajava.poly.PolyphonyExtractor} with Magenta's counters, and
 * {@link org.magentajava.poly.PolyphonyOneHotEncoding}. The polyphony_rnn family itself (config, dataset
 * pipeline, generator) is in {@link org.magentajava.models.polyphonyrnn}.
 */
package org.magentajava.poly;
