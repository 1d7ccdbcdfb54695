package org.magentajava.models.pianorollrnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.magentajava.generate.KeySetDistribution;
import org.magentajava.generate.SearchSettings;
import org.magentajava.generate.StepModel;
import org.magentajava.io.BadSettingException;
import org.magentajava.pianoroll.PianorollSequence;
import org.magentajava.proto.NoteSequence;

/** Frame-by-frame generation: the section after the primer, the inputs the model reads, and the frame beam. */
class PianorollGeneratorTest {
    static final int KEYS = 88;

    /**
     * Every row's logits put the previous frame one key up (a silent frame: key 39, MIDI 60) at +30 and every
     * other key at −30, so the draws are certain; the inputs the model is fed are recorded.
     */
    static final class ClimbingModel implements StepModel<int[]> {
        final List<float[]> fed = new ArrayList<>();

        @Override
        public int[] initialState(int batchSize) {
            return new int[batchSize];
        }

        @Override
        public Output<int[]> step(int[] state, float[][] inputs) {
            float[][] out = new float[inputs.length][KEYS];
            for (int r = 0; r < inputs.length; r++) {
                fed.add(inputs[r].clone());
                Arrays.fill(out[r], -30f);
                boolean any = false;
                for (int k = 0; k + 1 < KEYS; k++) {
                    if (inputs[r][k] > 0) {
                        out[r][k + 1] = 30f;
                        any = true;
                    }
                }
                if (!any) out[r][39] = 30f;
            }
            return new Output<>(state, out);
        }

        @Override
        public int[] selectRows(int[] state, int[] rows) {
            return new int[rows.length];
        }

        @Override
        public KeySetDistribution keySets() {
            return KeySetDistribution.INDEPENDENT_KEYS;
        }
    }

    static NoteSequence chord(double qpm, int... pitches) {
        return PianorollRnn.FAMILY.chordPrimer(pitches, qpm).sequence();
    }

    @Test
    void continuesAfterTheAlignedPrimerAndItsSilentStep() {
        ClimbingModel model = new ClimbingModel();
        PianorollGenerator<int[]> g = new PianorollGenerator<>(model);
        // a C major chord one quarter long at 4 steps per quarter: steps 0-3, then Magenta's silent step 4
        PianorollGenerator.Result r = g.generate(new PianorollGenerator.Request(chord(120, 60, 64, 67), 120, 9, 4,
                SearchSettings.SAMPLING), new SplittableRandom(1));
        PianorollSequence roll = r.roll();
        assertEquals(9, roll.numSteps());
        for (int s = 0; s < 4; s++) assertArrayEquals(new int[] {39, 43, 46}, roll.keys(s));
        assertArrayEquals(new int[0], roll.keys(4));
        // after silence the model plays key 39, then climbs one key per step
        assertArrayEquals(new int[] {39}, roll.keys(5));
        assertArrayEquals(new int[] {40}, roll.keys(6));
        assertArrayEquals(new int[] {42}, roll.keys(8));
        assertEquals(5 * 0.125, r.generatedStart(), 1e-12);
        // fed: the silent step before the roll, the 5 primer frames, then 3 generated frames (not the last)
        assertEquals(1 + 5 + 3, model.fed.size());
        assertEquals(1f, model.fed.get(1)[43]);
        assertEquals(1f, model.fed.get(6)[39]);
        // generated frames are certain: ln p ≈ 0; the primer's first frame missed keys 43 and 46 (≈ −30 each), and
        // its next three frames (each the chord, predicted one key up) miss 6 keys each
        assertEquals(0, r.logLikelihood(), 1e-9);
        assertEquals(-(2 + 6 * 3 + 3) * 30, r.primerLogLikelihood(), 1e-6);
        // the output plays the primer chord and the climb, at 120 qpm
        NoteSequence out = r.sequence();
        assertEquals(3 + 4, out.getNotesCount());
        assertEquals(9 * 0.125, out.getTotalTime(), 1e-12);
    }

    @Test
    void noPrimerStartsFromSilenceAtStepZero() {
        NoteSequence empty = PianorollRnn.FAMILY.fallbackPrimer(90).sequence();
        PianorollGenerator.Result r = new PianorollGenerator<>(new ClimbingModel()).generate(
                new PianorollGenerator.Request(empty, 90, 3, 1, SearchSettings.SAMPLING), new SplittableRandom(1));
        assertEquals(3, r.roll().numSteps());
        assertArrayEquals(new int[] {39}, r.roll().keys(0));
        assertArrayEquals(new int[] {41}, r.roll().keys(2));
        assertEquals(0.0, r.generatedStart());
        // at one step per quarter and 90 qpm a step is 2/3 s
        assertEquals(2.0, r.sequence().getTotalTime(), 1e-12);
    }

    @Test
    void aSectionWithinThePrimerNamesTheNumStepsThatWorks() {
        BadSettingException e = assertThrows(BadSettingException.class,
                () -> PianorollGenerator.check(chord(120, 60), 120, 5, 4));
        assertEquals("after the primer, generation would start at step 5 (at 4 per quarter note), so num_steps 5 "
                + "leaves nothing to generate; use num_steps 6 or more", e.getMessage());
    }

    /** A model that ignores history: keys 0-3 by a fair coin each, the rest silent. */
    static final class CoinModel implements StepModel<int[]> {
        @Override
        public int[] initialState(int batchSize) {
            return new int[batchSize];
        }

        @Override
        public Output<int[]> step(int[] state, float[][] inputs) {
            float[][] out = new float[inputs.length][KEYS];
            for (float[] row : out) {
                Arrays.fill(row, -40f);
                Arrays.fill(row, 0, 4, 0f);
                row[0] = 1.5f; // key 0 mostly on, so the frames' likelihoods differ
            }
            return new Output<>(state, out);
        }

        @Override
        public int[] selectRows(int[] state, int[] rows) {
            return new int[rows.length];
        }

        @Override
        public KeySetDistribution keySets() {
            return KeySetDistribution.INDEPENDENT_KEYS;
        }
    }

    /**
     * One iteration of 6 steps over beam 3 × branch 2: six rolls drawn side by side (entry by entry within each
     * step, from one generator), and the best-scoring one returned. Replaying the draws finds the same roll.
     */
    @Test
    void theBeamKeepsTheMostLikelyRoll() {
        SearchSettings beam = new SearchSettings(1.0, 3, 2, 6);
        NoteSequence empty = PianorollRnn.FAMILY.fallbackPrimer(120).sequence();
        PianorollGenerator.Result r = new PianorollGenerator<>(new CoinModel()).generate(
                new PianorollGenerator.Request(empty, 120, 6, 4, beam), new SplittableRandom(11));

        SplittableRandom replay = new SplittableRandom(11);
        float[] row = new CoinModel().step(new int[1], new float[1][KEYS]).logits()[0];
        double[] scores = new double[6];
        int[][][] frames = new int[6][6][];
        boolean[] keys = new boolean[KEYS];
        for (int s = 0; s < 6; s++) {
            for (int e = 0; e < 6; e++) {
                scores[e] += KeySetDistribution.INDEPENDENT_KEYS.sample(row, 1.0, replay, keys);
                frames[e][s] = PianorollSequence.keysOf(keys);
            }
        }
        int best = 0;
        for (int e = 1; e < 6; e++) if (scores[e] > scores[best]) best = e;
        assertEquals(scores[best], r.logLikelihood(), 1e-12);
        for (int s = 0; s < 6; s++) assertArrayEquals(frames[best][s], r.roll().keys(s), "step " + s);
        long distinct = Arrays.stream(scores).distinct().count();
        assertTrue(distinct > 1, "the six rolls should differ");

    }
}
