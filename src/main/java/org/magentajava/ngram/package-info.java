/**
 * The counting baselines a network's figures are compared with. Melody configs:
 * {@link org.magentajava.ngram.KneserNey}, an interpolated modified Kneser-Ney model over event tokens, and
 * {@link org.magentajava.ngram.NgramBaseline}, which reads a config's SequenceExample files as events, chooses the
 * order on a dev split and scores an eval file per step, as a network's event NLL is. Piano-roll configs:
 * {@link org.magentajava.ngram.KeyMarkov}, a per-key first-order Markov model of the frames fitted from
 * {@link org.magentajava.ngram.KeyTransitions} counts, and {@link org.magentajava.ngram.FrameBaseline}, which
 * chooses its pseudo-count on a dev split and scores the frames evaluate scores, as a network's frame NLL is.
 */
package org.magentajava.ngram;
