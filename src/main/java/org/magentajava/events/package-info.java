/**
 * note_seq's generic event encoders: {@link org.magentajava.events.EncoderDecoder} (events to input vectors and
 * class labels, and back), one-hot and lookback encodings over any {@link org.magentajava.events.OneHotEncoding},
 * and {@link org.magentajava.events.IncrementalEncoder}s that encode one appended event at a time. Knows no
 * melody or polyphony; those packages plug their encodings in.
 */
package org.magentajava.events;
