package org.magentajava.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.generate.BeamSearch;
import org.magentajava.generate.EventInjector;
import org.magentajava.generate.GeneratedEvents;
import org.magentajava.generate.SearchSettings;
import org.magentajava.generate.StepModel;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.models.polyphonyrnn.PolyphonyRnn;
import org.magentajava.poly.PolyphonicEvent;
import org.magentajava.registry.ModelRegistry;

/**
 * The beam's entries carry incremental encoders instead of re-encoding their history each step: every input the
 * step model is fed must equal what {@link EncoderDecoder#inputVector} gives by replaying the winner's history
 * from scratch, for every config's encoder, through pruning, branching and forced events.
 */
class IncrementalBeamTest {

    private static final SearchSettings BEAM = new SearchSettings(1.0, 3, 2, 2);

    static Stream<Arguments> encoders() {
        int[] melodyPrimer = {60, -2, 62, -1, -2, 64, 67, -2, -2, 65};
        int[] polyPrimer = {PolyphonicEvent.START, PolyphonicEvent.newNote(60), PolyphonicEvent.newNote(64),
                PolyphonicEvent.STEP_END, PolyphonicEvent.continuedNote(60), PolyphonicEvent.STEP_END};
        List<Arguments> all = new ArrayList<>();
        for (ModelConfig config : ModelRegistry.configs()) {
            if (config.multiHot()) {
                continue; // no classes, no beam: pianoroll_rnn has no generator yet
            }
            int[] primer = config.family().equals(PolyphonyRnn.NAME) ? polyPrimer : melodyPrimer;
            all.add(Arguments.of(config.name(), config.encoderDecoder(), primer));
        }
        all.add(Arguments.of("phrase_rnn in 3/4", MelodyRnn.PHRASE_RNN.encoderDecoder().forStepsPerBar(12),
                melodyPrimer));
        all.add(Arguments.of("key encoder", MelodyRnn.forEncoderName("key", null, null).encoderDecoder(),
                melodyPrimer));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encoders")
    void everyFedInputEqualsTheReplayedOne(String name, EncoderDecoder encoder, int[] primer) {
        for (long seed = 1; seed <= 4; seed++) {
            RecordingModel model = new RecordingModel(encoder.numClasses(), seed);
            GeneratedEvents out = new BeamSearch<>(model, encoder, BEAM, new SplittableRandom(seed))
                    .generate(primer, primer.length + 61);
            assertEquals(primer.length + 61, out.events().length);
            assertArrayEquals(primer, Arrays.copyOf(out.events(), primer.length));
            assertFedInputsReplay(encoder, out, model.last);
        }
    }

    /** polyphony_rnn with a forced chord after every STEP_END, so drainForced runs entries of unequal length. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void forcedEventsAreEncodedLikeSampledOnes(long seed) {
        EncoderDecoder encoder = PolyphonyRnn.POLYPHONY.encoderDecoder();
        int[] chord = {PolyphonicEvent.newNote(60), PolyphonicEvent.newNote(67)};
        EventInjector injector = (events, length) ->
                events[length - 1] == PolyphonicEvent.STEP_END ? chord : EventInjector.NONE;
        RecordingModel model = new RecordingModel(encoder.numClasses(), seed);
        int[] primer = {PolyphonicEvent.START};
        GeneratedEvents out = new BeamSearch<>(model, encoder, BEAM, new SplittableRandom(seed), injector)
                .generate(primer, 80);
        assertTrue(out.events().length >= 80);
        assertFedInputsReplay(encoder, out, model.last);
    }

    static Stream<Long> seeds() {
        return Stream.of(1L, 2L, 3L, 4L, 5L);
    }

    /**
     * The winner's row fed events 0..n−2 in order; in drainForced a row with nothing left to force is fed its
     * newest event again, so any further inputs repeat event n−1's.
     */
    private static void assertFedInputsReplay(EncoderDecoder encoder, GeneratedEvents out, List<List<float[]>> rows) {
        int winner = 0;
        for (int e = 1; e < out.finalScores().length; e++) {
            if (out.finalScores()[e] > out.finalScores()[winner]) {
                winner = e;
            }
        }
        int[] events = out.events();
        List<float[]> fed = rows.get(winner);
        assertTrue(fed.size() >= events.length - 1, "fed " + fed.size() + " inputs for " + events.length + " events");
        for (int p = 0; p < fed.size(); p++) {
            int position = Math.min(p, events.length - 1);
            assertArrayEquals(encoder.inputVector(events, position), fed.get(p), "input " + p);
        }
    }

    /**
     * A step model whose state is every input each row was fed. Its logits are a pseudo-random function of the
     * row's newest input and how many it has seen, so entries diverge and pruning reorders them.
     */
    private static final class RecordingModel implements StepModel<List<List<float[]>>> {
        private final int numClasses;
        private final long seed;
        List<List<float[]>> last;

        RecordingModel(int numClasses, long seed) {
            this.numClasses = numClasses;
            this.seed = seed;
        }

        @Override
        public List<List<float[]>> initialState(int batchSize) {
            List<List<float[]>> rows = new ArrayList<>();
            for (int r = 0; r < batchSize; r++) {
                rows.add(new ArrayList<>());
            }
            return rows;
        }

        @Override
        public Output<List<List<float[]>>> step(List<List<float[]>> state, float[][] inputs) {
            float[][] logits = new float[inputs.length][numClasses];
            for (int r = 0; r < inputs.length; r++) {
                List<float[]> row = state.get(r);
                row.add(inputs[r].clone());
                long mix = seed * 31 + Arrays.hashCode(inputs[r]) * 17L + row.size();
                SplittableRandom random = new SplittableRandom(mix);
                for (int k = 0; k < numClasses; k++) {
                    logits[r][k] = (float) (4 * random.nextDouble());
                }
            }
            last = state;
            return new Output<>(state, logits);
        }

        @Override
        public List<List<float[]>> selectRows(List<List<float[]>> state, int[] rows) {
            List<List<float[]>> selected = new ArrayList<>();
            for (int row : rows) {
                selected.add(new ArrayList<>(state.get(row)));
            }
            last = selected;
            return selected;
        }
    }
}
