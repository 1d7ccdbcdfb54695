package org.magentajava.generate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.events.IncrementalEncoder;
import org.magentajava.events.RepeatBias;

/**
 * Magenta's event generation ({@code EventSequenceRnnModel._generate_events} over
 * {@code magenta.common.beam_search}): sampling, optionally with a beam that is pruned every
 * {@code steps_per_iteration} steps. With beam size and branch factor 1 it is plain sampling.
 *
 * <p>Schedule for N generated events and S steps per iteration: the beam starts as {@code beam_size} copies
 * of the primer with score 0; the first iteration branches and runs {@code ((N − 1) % S) + 1} steps; each of
 * the {@code (N − first) / S} later iterations prunes to the {@code beam_size} best scores (stable) and
 * then branches and runs S steps. Branching repeats the list {@code branch_factor} times (e0, e1, …, e0, e1,
 * …). The best final score wins, the first on ties.
 *
 * <p>One step: feed each entry's newest input, take {@code softmax(logits / T)}, draw a class as
 * {@code numpy.random.choice} does, decode it against the entry's history, append it and add its
 * log-probability to the score. The first step also adds the primer's log-likelihood (identical for every
 * entry). Each entry carries its own {@link IncrementalEncoder} (copied when the beam branches), so the newest
 * input costs O(1) (O(lookback) at most) instead of re-encoding the history: the inputs are those of
 * {@link EncoderDecoder#inputVector}, without its O(length) replay. Unlike Magenta, whose numpy draws are
 * unseeded, every draw comes from the given generator, so a seed reproduces a run; scores are kept in double
 * precision (Magenta's are float32).
 *
 * <p>With an {@link EventInjector} (Magenta's {@code modify_events_callback}), events it returns after the
 * primer or after a sampled event are forced: each takes the place of a draw, is fed to the model and adds
 * its log-probability to the score. Unlike Magenta, where forced events ride along with the sampled one in the
 * same model call, they count toward the requested length (so beam pruning happens every S events, forced
 * ones included); forced events still pending when that length is reached are appended and scored anyway,
 * so a forced group is never cut short.
 */
public final class BeamSearch<S> {
    private final StepModel<S> model;
    private final EncoderDecoder encoder;
    private final SearchSettings settings;
    private final RandomGenerator random;
    private final EventInjector injector;

    public BeamSearch(StepModel<S> model, EncoderDecoder encoder, SearchSettings settings, RandomGenerator random) {
        this(model, encoder, settings, random, null);
    }

    /** @param injector forces events after the primer and after each sampled event; null for none */
    public BeamSearch(StepModel<S> model, EncoderDecoder encoder, SearchSettings settings, RandomGenerator random,
            EventInjector injector) {
        this.model = model;
        this.encoder = encoder;
        this.settings = settings;
        this.random = random;
        this.injector = injector;
    }

    /**
     * Extends {@code primer} to {@code totalLength} events (Magenta's {@code num_steps} argument, which
     * counts the primer).
     *
     * @throws IllegalArgumentException if the primer is empty or already {@code totalLength} long; Magenta
     *     returns such a primer unchanged, but {@link GenerationSection} never asks for it
     */
    public GeneratedEvents generate(int[] primer, int totalLength) {
        if (primer.length == 0) {
            throw new IllegalArgumentException("the primer must not be empty");
        }
        if (primer.length >= totalLength) {
            throw new IllegalArgumentException(
                    "primer of " + primer.length + " events leaves nothing to generate up to " + totalLength);
        }
        int numSteps = totalLength - primer.length;
        int perIteration = settings.stepsPerIteration();
        int firstIterationSteps = (numSteps - 1) % perIteration + 1;
        int iterations = (numSteps - firstIterationSteps) / perIteration;

        Beam<S> beam = primedBeam(primer);
        beam.run(firstIterationSteps);
        for (int i = 0; i < iterations; i++) {
            beam.pruneAndBranch();
            beam.run(perIteration);
        }
        beam.drainForced();
        return beam.best();
    }

    /**
     * Feeds the primer once through a batch of one, summing the log-likelihood of events 1..len−1, and
     * gives every live entry a copy of the resulting state and encoder. The last output is the distribution
     * of the first generated event, shared by all entries.
     */
    private Beam<S> primedBeam(int[] primer) {
        double temperature = settings.temperature();
        IncrementalEncoder history = encoder.newIncrementalEncoder();
        S state = model.initialState(1);
        double primerLogLikelihood = 0;
        Softmax next = null;
        for (int position = 0; position < primer.length; position++) {
            history.append(primer[position]);
            if (next != null) {
                primerLogLikelihood += next.logProbability(history.label());
            }
            StepModel.Output<S> out = model.step(state, new float[][] {history.input()});
            state = out.state();
            next = Softmax.of(corrected(out.logits()[0], history, settings.repeatBias()), temperature);
        }
        // beam_size copies of the primer, each branched branch_factor times: all identical.
        int live = settings.liveEntries();
        IncrementalEncoder[] histories = new IncrementalEncoder[live];
        histories[0] = history;
        for (int e = 1; e < live; e++) {
            histories[e] = history.copy();
        }
        Softmax[] firstStep = new Softmax[live];
        Arrays.fill(firstStep, next);
        Beam<S> beam = new Beam<>(this, histories, model.selectRows(state, new int[live]), firstStep,
                primerLogLikelihood);
        if (injector != null) {
            int[] forced = injector.inject(primer, primer.length);
            Arrays.fill(beam.forced, forced);
        }
        return beam;
    }

    /** The logits with the model's repeat correction after {@code history} (a copy; the step model's are left alone). */
    private static float[] corrected(float[] logits, IncrementalEncoder history, RepeatBias bias) {
        if (bias.isNone()) {
            return logits;
        }
        float[] out = logits.clone();
        bias.adjust(out, history);
        return out;
    }

    /** The live entries: each one's history in its own incremental encoder, scores, and one batched state. */
    private static final class Beam<S> {
        private final BeamSearch<S> search;
        private IncrementalEncoder[] histories;
        private S state;
        private double[] scores;
        /** Distributions of the next event, computed but not yet sampled (only before the first step). */
        private Softmax[] pending;
        /** Added to every score on the first step, then 0. */
        private double primerLogLikelihood;
        /** Per entry: events to force before the next draw (shared arrays, never modified), and how many are used. */
        private int[][] forced;
        private int[] forcedUsed;

        Beam(BeamSearch<S> search, IncrementalEncoder[] histories, S state, Softmax[] pending,
                double primerLogLikelihood) {
            this.search = search;
            this.histories = histories;
            this.state = state;
            this.scores = new double[histories.length];
            this.pending = pending;
            this.primerLogLikelihood = primerLogLikelihood;
            this.forced = new int[histories.length][];
            Arrays.fill(forced, EventInjector.NONE);
            this.forcedUsed = new int[histories.length];
        }

        private boolean hasForced(int e) {
            return forcedUsed[e] < forced[e].length;
        }

        /** Appends entry e's next forced event, scored under {@code softmax}. */
        private void appendForced(int e, Softmax softmax) {
            histories[e].append(forced[e][forcedUsed[e]++]);
            scores[e] += primerLogLikelihood + softmax.logProbability(histories[e].label());
        }

        void run(int steps) {
            for (int s = 0; s < steps; s++) {
                Softmax[] next = pending != null ? pending : feedNewestEvents();
                pending = null;
                for (int e = 0; e < histories.length; e++) {
                    if (hasForced(e)) {
                        appendForced(e, next[e]);
                        continue;
                    }
                    int classIndex = next[e].sample(search.random);
                    histories[e].appendClass(classIndex);
                    scores[e] += primerLogLikelihood + next[e].logProbability(classIndex);
                    if (search.injector != null) {
                        forced[e] = search.injector.inject(histories[e].historyArray(), histories[e].length());
                        forcedUsed[e] = 0;
                    }
                }
                primerLogLikelihood = 0;
            }
        }

        /** heapq.nlargest(beam_size) by score (stable), then the list repeated branch_factor times. */
        void pruneAndBranch() {
            int beamSize = search.settings.beamSize();
            int[] kept = bestFirst().limit(beamSize).toArray();
            int[] rows = new int[beamSize * search.settings.branchFactor()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = kept[i % beamSize];
            }
            IncrementalEncoder[] nextHistories = new IncrementalEncoder[rows.length];
            double[] nextScores = new double[rows.length];
            int[][] nextForced = new int[rows.length][];
            int[] nextForcedUsed = new int[rows.length];
            boolean identity = rows.length == histories.length;
            boolean[] taken = new boolean[histories.length];
            for (int i = 0; i < rows.length; i++) {
                // The first copy of an entry keeps its encoder; further copies (branches) get their own.
                nextHistories[i] = taken[rows[i]] ? histories[rows[i]].copy() : histories[rows[i]];
                taken[rows[i]] = true;
                nextScores[i] = scores[rows[i]];
                nextForced[i] = forced[rows[i]];
                nextForcedUsed[i] = forcedUsed[rows[i]];
                identity &= rows[i] == i;
            }
            histories = nextHistories;
            scores = nextScores;
            forced = nextForced;
            forcedUsed = nextForcedUsed;
            if (!identity) {
                state = search.model.selectRows(state, rows);
            }
        }

        /**
         * Entry indexes by descending score; equal scores keep their order (Python's stable sort). Compared
         * with {@code <} like Python, so −0.0 and 0.0 tie.
         */
        private IntStream bestFirst() {
            Comparator<Integer> descending = (a, b) -> scores[a] > scores[b] ? -1 : scores[a] < scores[b] ? 1 : 0;
            return IntStream.range(0, scores.length).boxed().sorted(descending).mapToInt(Integer::intValue);
        }

        /**
         * Appends and scores the forced events still pending at the requested length, feeding every entry in
         * lockstep; an entry that has none left keeps its history (the state it is fed afterwards is never used).
         */
        void drainForced() {
            boolean any = false;
            for (int e = 0; e < histories.length; e++) {
                any |= hasForced(e);
            }
            while (any) {
                Softmax[] next = pending != null ? pending : feedNewestEvents();
                pending = null;
                any = false;
                for (int e = 0; e < histories.length; e++) {
                    if (hasForced(e)) {
                        appendForced(e, next[e]);
                        any |= hasForced(e);
                    }
                }
                primerLogLikelihood = 0;
            }
        }

        /** Feeds each entry's newest event and returns the next distributions. */
        private Softmax[] feedNewestEvents() {
            float[][] inputs = new float[histories.length][];
            for (int e = 0; e < histories.length; e++) {
                inputs[e] = histories[e].input();
            }
            StepModel.Output<S> out = search.model.step(state, inputs);
            state = out.state();
            Softmax[] next = new Softmax[histories.length];
            for (int e = 0; e < histories.length; e++) {
                next[e] = Softmax.of(corrected(out.logits()[e], histories[e], search.settings.repeatBias()),
                        search.settings.temperature());
            }
            return next;
        }

        GeneratedEvents best() {
            int winner = bestFirst().findFirst().orElseThrow();
            return new GeneratedEvents(histories[winner].events(), scores[winner], scores.clone());
        }
    }
}
