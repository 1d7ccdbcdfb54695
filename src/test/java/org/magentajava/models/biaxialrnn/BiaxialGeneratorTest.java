package org.magentajava.models.biaxialrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.magentajava.biaxial.NoteStates;
import org.magentajava.data.SequenceExamples;
import org.magentajava.pianoroll.EncodedRoll;
import org.magentajava.train.Batch;

class BiaxialGeneratorTest {
    private static final String TINY = "time_layer_sizes=[6,5],note_layer_sizes=[4,3],batch_size=1";

    /** A chord struck at step 0 and held for a quarter note, in 4/4: the states a chord primer stands for. */
    static NoteStates chord(int[] pitches, int stepsPerQuarter) {
        boolean[][] play = new boolean[stepsPerQuarter][88];
        boolean[][] art = new boolean[stepsPerQuarter][88];
        for (int p : pitches) {
            art[0][p - 21] = true;
            for (int t = 0; t < stepsPerQuarter; t++) play[t][p - 21] = true;
        }
        return NoteStates.of(play, art, 21, stepsPerQuarter, 4.0 * stepsPerQuarter);
    }

    /** No steps, in 4/4. */
    static NoteStates silence(int stepsPerQuarter) {
        return NoteStates.of(new boolean[0][], new boolean[0][], 21, stepsPerQuarter, 4.0 * stepsPerQuarter);
    }

    static BiaxialModel model() {
        BiaxialModel m = BiaxialModel.create(BiaxialHParams.parse(TINY, BiaxialHParams.DEFAULTS.toString()), 7);
        // a bias towards silence keeps the samples sparse, as music is
        m.network().parameters().get(BiaxialNetwork.OUT_B).putScalar(0, -3.0);
        return m;
    }

    /** The model's NLL (play + articulate) of every step of {@code states}, through the training-side network. */
    private static double nll(BiaxialModel m, NoteStates states) {
        EncodedRoll r = BiaxialModel.pianoKeys().encode(states);
        m.resetScores();
        double play = m.evaluate(Batch.of(List.of(SequenceExamples.Encoded.multiHot(r.inputs(), r.targets())), 180))
                .lossSum();
        return play + m.articulationNll();
    }

    @Test
    void theSamplerScoresWhatTheNetworkScores() {
        BiaxialModel m = model();
        NoteStates primer = chord(new int[] {60, 64, 67}, 4);
        BiaxialGenerator.Result r = new BiaxialGenerator(m).generate(primer, 12, 1.0, new SplittableRandom(3));
        assertEquals(4, r.generatedStart());
        assertEquals(12, r.states().numSteps());
        // the primer is kept, and the sampled steps' log-likelihood is the network's NLL of them
        for (int t = 0; t < 4; t++) {
            for (int k = 0; k < 88; k++) {
                assertEquals(primer.play(t, k), r.states().play(t, k));
                assertEquals(primer.articulate(t, k), r.states().articulate(t, k));
            }
        }
        double generated = nll(m, r.states()) - nll(m, primer);
        assertEquals(generated, -r.logLikelihood(), 1e-3 * generated);
        int notes = 0;
        for (int t = 4; t < 12; t++) {
            for (int k = 0; k < 88; k++) {
                assertFalse(r.states().articulate(t, k) && !r.states().play(t, k));
                if (r.states().play(t, k) && !r.states().play(t - 1, k)) {
                    assertTrue(r.states().articulate(t, k), "a note after silence is struck");
                }
                notes += r.states().articulate(t, k) ? 1 : 0;
            }
        }
        assertTrue(notes > 0, "something was sampled");
    }

    @Test
    void theSeedDecidesTheOutput() {
        BiaxialGenerator g = new BiaxialGenerator(model());
        NoteStates silence = silence(4);
        NoteStates a = g.generate(silence, 8, 1.0, new SplittableRandom(1)).states();
        assertEquals(a, g.generate(silence, 8, 1.0, new SplittableRandom(1)).states());
        assertNotEquals(a, g.generate(silence, 8, 1.0, new SplittableRandom(2)).states());
        // a cold temperature follows the bias: nothing plays
        NoteStates cold = g.generate(silence, 8, 0.01, new SplittableRandom(1)).states();
        for (int t = 0; t < 8; t++) {
            for (int k = 0; k < 88; k++) assertFalse(cold.play(t, k));
        }
        assertThrows(IllegalArgumentException.class, () -> g.generate(chord(new int[] {60}, 4), 3,
                1.0, new SplittableRandom(1)));
    }
}
