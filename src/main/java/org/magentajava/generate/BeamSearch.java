package org.magentajava.generate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

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
 * entry). Unlike Magenta, whose numpy draws are unseeded, every draw comes from the given generator, so a
 * seed reproduces a run; scores are kept in double precision (Magenta's are float32).
 */
public final class BeamSearch<S> {
    private final StepModel<S> model;
    private final EventCodec codec;
    private final SearchSettings settings;
    private final RandomGenerator random;

    public BeamSearch(StepModel<S> model, EventCodec codec, SearchSettings settings, RandomGenerator random) {
        this.model = model;
        this.codec = codec;
        this.settings = settings;
        this.random = random;
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

        Beam<S> beam = primedBeam(primer, totalLength);
        beam.run(firstIterationSteps);
        for (int i = 0; i < iterations; i++) {
            beam.pruneAndBranch();
            beam.run(perIteration);
        }
        return beam.best();
    }

    /**
     * Feeds the primer once through a batch of one, summing the log-likelihood of events 1..len−1, and
     * gives every live entry a copy of the resulting state. The last output is the distribution of the first
     * generated event, shared by all entries.
     */
    private Beam<S> primedBeam(int[] primer, int totalLength) {
        double temperature = settings.temperature();
        S state = model.initialState(1);
        double primerLogLikelihood = 0;
        Softmax next = null;
        for (int position = 0; position < primer.length; position++) {
            StepModel.Output<S> out = model.step(state, new float[][] {codec.input(primer, position)});
            state = out.state();
            Softmax softmax = Softmax.of(out.logits()[0], temperature);
            if (position + 1 < primer.length) {
                primerLogLikelihood += softmax.logProbability(codec.label(primer, position + 1));
            } else {
                next = softmax;
            }
        }
        // beam_size copies of the primer, each branched branch_factor times: all identical.
        int live = settings.liveEntries();
        int[][] events = new int[live][];
        for (int e = 0; e < live; e++) {
            events[e] = Arrays.copyOf(primer, totalLength);
        }
        Softmax[] firstStep = new Softmax[live];
        Arrays.fill(firstStep, next);
        return new Beam<>(this, events, primer.length, model.selectRows(state, new int[live]),
                firstStep, primerLogLikelihood);
    }

    /** The live entries: histories in arrays of the final length, scores, and one batched state. */
    private static final class Beam<S> {
        private final BeamSearch<S> search;
        private int[][] events;
        private int length;
        private S state;
        private double[] scores;
        /** Distributions of the next event, computed but not yet sampled (only before the first step). */
        private Softmax[] pending;
        /** Added to every score on the first step, then 0. */
        private double primerLogLikelihood;

        Beam(BeamSearch<S> search, int[][] events, int length, S state, Softmax[] pending,
                double primerLogLikelihood) {
            this.search = search;
            this.events = events;
            this.length = length;
            this.state = state;
            this.scores = new double[events.length];
            this.pending = pending;
            this.primerLogLikelihood = primerLogLikelihood;
        }

        void run(int steps) {
            for (int s = 0; s < steps; s++) {
                Softmax[] next = pending != null ? pending : feedNewestEvents();
                pending = null;
                for (int e = 0; e < events.length; e++) {
                    int classIndex = next[e].sample(search.random);
                    events[e][length] = search.codec.eventForClass(classIndex, events[e], length);
                    scores[e] += primerLogLikelihood + next[e].logProbability(classIndex);
                }
                primerLogLikelihood = 0;
                length++;
            }
        }

        private Softmax[] feedNewestEvents() {
            float[][] inputs = new float[events.length][];
            for (int e = 0; e < events.length; e++) {
                inputs[e] = search.codec.input(events[e], length - 1);
            }
            StepModel.Output<S> out = search.model.step(state, inputs);
            state = out.state();
            Softmax[] next = new Softmax[events.length];
            for (int e = 0; e < events.length; e++) {
                next[e] = Softmax.of(out.logits()[e], search.settings.temperature());
            }
            return next;
        }

        /** heapq.nlargest(beam_size) by score (stable), then the list repeated branch_factor times. */
        void pruneAndBranch() {
            int beamSize = search.settings.beamSize();
            int[] kept = bestFirst().limit(beamSize).toArray();
            int[] rows = new int[beamSize * search.settings.branchFactor()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = kept[i % beamSize];
            }
            int[][] nextEvents = new int[rows.length][];
            double[] nextScores = new double[rows.length];
            boolean identity = rows.length == events.length;
            boolean[] taken = new boolean[events.length];
            for (int i = 0; i < rows.length; i++) {
                // The first copy of an entry keeps its array; further copies (branches) get their own.
                nextEvents[i] = taken[rows[i]] ? events[rows[i]].clone() : events[rows[i]];
                taken[rows[i]] = true;
                nextScores[i] = scores[rows[i]];
                identity &= rows[i] == i;
            }
            events = nextEvents;
            scores = nextScores;
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

        GeneratedEvents best() {
            int winner = bestFirst().findFirst().orElseThrow();
            return new GeneratedEvents(events[winner].clone(), scores[winner], scores.clone());
        }
    }
}
