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
    private final EventCodec codec;
    private final SearchSettings settings;
    private final RandomGenerator random;
    private final EventInjector injector;

    public BeamSearch(StepModel<S> model, EventCodec codec, SearchSettings settings, RandomGenerator random) {
        this(model, codec, settings, random, null);
    }

    /** @param injector forces events after the primer and after each sampled event; null for none */
    public BeamSearch(StepModel<S> model, EventCodec codec, SearchSettings settings, RandomGenerator random,
            EventInjector injector) {
        this.model = model;
        this.codec = codec;
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

        Beam<S> beam = primedBeam(primer, totalLength);
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
        Beam<S> beam = new Beam<>(this, events, primer.length, model.selectRows(state, new int[live]),
                firstStep, primerLogLikelihood);
        if (injector != null) {
            int[] forced = injector.inject(primer, primer.length);
            Arrays.fill(beam.forced, forced);
        }
        return beam;
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
        /** Per entry: events to force before the next draw (shared arrays, never modified), and how many are used. */
        private int[][] forced;
        private int[] forcedUsed;
        /** Per entry, only after {@link #drainForced}: the history length when it differs between entries. */
        private int[] lengths;

        Beam(BeamSearch<S> search, int[][] events, int length, S state, Softmax[] pending,
                double primerLogLikelihood) {
            this.search = search;
            this.events = events;
            this.length = length;
            this.state = state;
            this.scores = new double[events.length];
            this.pending = pending;
            this.primerLogLikelihood = primerLogLikelihood;
            this.forced = new int[events.length][];
            Arrays.fill(forced, EventInjector.NONE);
            this.forcedUsed = new int[events.length];
        }

        private boolean hasForced(int e) {
            return forcedUsed[e] < forced[e].length;
        }

        /** Appends entry e's next forced event at {@code position}, scored under {@code softmax}. */
        private void appendForced(int e, int position, Softmax softmax) {
            int event = forced[e][forcedUsed[e]++];
            events[e][position] = event;
            int classIndex = search.codec.label(events[e], position);
            scores[e] += primerLogLikelihood + softmax.logProbability(classIndex);
        }

        void run(int steps) {
            for (int s = 0; s < steps; s++) {
                Softmax[] next = pending != null ? pending : feedNewestEvents();
                pending = null;
                for (int e = 0; e < events.length; e++) {
                    if (hasForced(e)) {
                        appendForced(e, length, next[e]);
                        continue;
                    }
                    int classIndex = next[e].sample(search.random);
                    events[e][length] = search.codec.eventForClass(classIndex, events[e], length);
                    scores[e] += primerLogLikelihood + next[e].logProbability(classIndex);
                    if (search.injector != null) {
                        forced[e] = search.injector.inject(events[e], length + 1);
                        forcedUsed[e] = 0;
                    }
                }
                primerLogLikelihood = 0;
                length++;
            }
        }

        private Softmax[] feedNewestEvents() {
            int[] newest = new int[events.length];
            Arrays.fill(newest, length);
            return feed(newest);
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
            int[][] nextForced = new int[rows.length][];
            int[] nextForcedUsed = new int[rows.length];
            boolean identity = rows.length == events.length;
            boolean[] taken = new boolean[events.length];
            for (int i = 0; i < rows.length; i++) {
                // The first copy of an entry keeps its array; further copies (branches) get their own.
                nextEvents[i] = taken[rows[i]] ? events[rows[i]].clone() : events[rows[i]];
                taken[rows[i]] = true;
                nextScores[i] = scores[rows[i]];
                nextForced[i] = forced[rows[i]];
                nextForcedUsed[i] = forcedUsed[rows[i]];
                identity &= rows[i] == i;
            }
            events = nextEvents;
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
            lengths = new int[events.length];
            Arrays.fill(lengths, length);
            boolean any = false;
            for (int e = 0; e < events.length; e++) {
                any |= hasForced(e);
            }
            while (any) {
                Softmax[] next = pending != null ? pending : feed(lengths);
                pending = null;
                any = false;
                for (int e = 0; e < events.length; e++) {
                    if (hasForced(e)) {
                        if (lengths[e] == events[e].length) {
                            events[e] = Arrays.copyOf(events[e], events[e].length + forced[e].length);
                        }
                        appendForced(e, lengths[e], next[e]);
                        lengths[e]++;
                        any |= hasForced(e);
                    }
                }
                primerLogLikelihood = 0;
            }
        }

        /** Feeds each entry's event at {@code lengths[e] − 1} and returns the next distributions. */
        private Softmax[] feed(int[] newest) {
            float[][] inputs = new float[events.length][];
            for (int e = 0; e < events.length; e++) {
                inputs[e] = search.codec.input(events[e], newest[e] - 1);
            }
            StepModel.Output<S> out = search.model.step(state, inputs);
            state = out.state();
            Softmax[] next = new Softmax[events.length];
            for (int e = 0; e < events.length; e++) {
                next[e] = Softmax.of(out.logits()[e], search.settings.temperature());
            }
            return next;
        }

        GeneratedEvents best() {
            int winner = bestFirst().findFirst().orElseThrow();
            int n = lengths == null ? length : lengths[winner];
            return new GeneratedEvents(Arrays.copyOf(events[winner], n), scores[winner], scores.clone());
        }
    }
}
