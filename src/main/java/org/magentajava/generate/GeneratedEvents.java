package org.magentajava.generate;

/**
 * The winner of a beam search.
 *
 * @param events        the primer followed by the generated events
 * @param logLikelihood its score: the primer's log-likelihood plus the log-probability of every generated
 *                      event, all under the search temperature (what Magenta logs as "Beam search yields
 *                      sequence with log-likelihood")
 * @param finalScores   the score of every entry alive at the end, in beam order (the winner is the first
 *                      maximum)
 */
public record GeneratedEvents(int[] events, double logLikelihood, double[] finalScores) {
}
