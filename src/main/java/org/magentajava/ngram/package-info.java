/**
 * The n-gram baseline: {@link org.magentajava.ngram.KneserNey}, an interpolated modified Kneser-Ney model over
 * event tokens, and {@link org.magentajava.ngram.NgramBaseline}, which reads a config's SequenceExample files
 * as events, chooses the order on a dev split and scores an eval file per step, as a network's event NLL is.
 */
package org.magentajava.ngram;
