/**
 * Musical statistics of a set of melodies beside a reference corpus (pitch-class entropy, scale consistency,
 * repeated pitches, note lengths, bar repetition), polyphonic statistics of whole pieces (notes per step, key,
 * chord qualities, voice motion), and a detector for runs copied from a training corpus in any transposition.
 * Used by {@code melody analyze}; no I/O except in {@link org.magentajava.analysis.MelodyCorpus},
 * {@link org.magentajava.analysis.PieceCorpus} and the report writers.
 */
package org.magentajava.analysis;
