package org.magentajava.models.biaxialrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.magentajava.biaxial.NoteStates;
import org.magentajava.data.SequenceExamples;
import org.magentajava.io.BadInputException;
import org.magentajava.pianoroll.EncodedRoll;
import org.magentajava.train.Batch;
import org.magentajava.train.StepResult;

class BiaxialModelTest {
    private static final String TINY = "time_layer_sizes=[6,5],note_layer_sizes=[4,3],batch_size=2";

    /** A C major arpeggio over a held C3, struck again every 4 steps, with {@code steps} steps. */
    static NoteStates arpeggio(int steps, int shift) {
        boolean[][] play = new boolean[steps][88];
        boolean[][] art = new boolean[steps][88];
        int[] chord = {60, 64, 67, 72};
        for (int t = 0; t < steps; t++) {
            int k = chord[t % 4] + shift - 21;
            play[t][k] = art[t][k] = true;
            play[t][48 + shift - 21] = true;
            art[t][48 + shift - 21] = t % 4 == 0;
        }
        return NoteStates.of(play, art, 21, 4, 16);
    }

    static Batch batch(int... lengths) {
        List<SequenceExamples.Encoded> seqs = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            EncodedRoll r = BiaxialModel.pianoKeys().encode(arpeggio(lengths[i], i));
            seqs.add(SequenceExamples.Encoded.multiHot(r.inputs(), r.targets()));
        }
        return Batch.of(seqs, 180);
    }

    private static BiaxialModel model(String hparams, long seed) {
        return BiaxialModel.create(BiaxialHParams.parse(hparams, BiaxialHParams.DEFAULTS.toString()), seed);
    }

    @Test
    void windowsCarryTheStateSoEvaluationDoesNotDependOnTheirLength() {
        Batch b = batch(11, 7, 9);
        BiaxialModel whole = model(TINY + ",segment_length=64", 4);
        BiaxialModel windows = model(TINY + ",segment_length=3", 4);
        StepResult a = whole.evaluate(b);
        StepResult c = windows.evaluate(b);
        assertEquals(a.lossSum(), c.lossSum(), 1e-4 * Math.abs(a.lossSum()));
        assertEquals(whole.articulationNll(), windows.articulationNll(), 1e-4 * whole.articulationNll());
        assertEquals(27, whole.articulationSteps());
        assertEquals(a.frames(), c.frames());
    }

    /**
     * Priming on two arpeggios of 4 and 8 steps (12 steps, 2 keys sounding per step: 24 plays among 1,056 key
     * cells; 15 of the plays struck, the 12 chord tones and C3 at steps 0, 0 and 4): with every weight zero the
     * network then predicts play at 25/1,058 and articulate at 16/26 everywhere, whose NLLs are counted by hand.
     */
    @Test
    void primingStartsTheOutputsAtTheBatchRates() {
        Batch b = batch(4, 8);
        BiaxialModel m = model(TINY, 3);
        m.network().parameters().values().forEach(v -> v.assign(0));
        m.prime(b);
        double p = 25.0 / 1058;
        double q = 16.0 / 26;
        double play = -(24 * Math.log(p) + 1032 * Math.log(1 - p));
        double articulate = -(15 * Math.log(q) + 9 * Math.log(1 - q));
        assertEquals(play, m.evaluate(b).lossSum(), 1e-5 * play);
        assertEquals(articulate, m.articulationNll(), 1e-5 * articulate);
        assertEquals(12, m.articulationSteps());
    }

    @Test
    void trainingLearnsARepeatedFigure() {
        BiaxialModel m = model(TINY + ",learning_rate=0.02,dropout_keep_prob=1.0", 1);
        Batch b = batch(16, 16);
        double before = m.evaluate(b).lossSum() / 32;
        for (int i = 0; i < 60; i++) m.trainStep(b);
        double after = m.evaluate(b).lossSum() / 32;
        assertTrue(before > 40 && after < before / 4, before + " -> " + after);
    }

    @Test
    void stateRoundTripsAndResumesIdentically() throws IOException {
        BiaxialModel m = model(TINY + ",segment_length=8", 2);
        Batch b = batch(12, 10);
        m.trainStep(b);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        m.writeState(saved);
        BiaxialModel resumed = model(TINY + ",segment_length=8", 99);
        resumed.readState(new ByteArrayInputStream(saved.toByteArray()));
        // same weights, Adam slots and window draws: the next step and its loss are the same
        assertEquals(m.trainStep(b).lossSum(), resumed.trainStep(b).lossSum(), 0.0);
        assertEquals(m.evaluate(b).lossSum(), resumed.evaluate(b).lossSum(), 0.0);
        BadInputException other = assertThrows(BadInputException.class, () -> model("time_layer_sizes=[7]", 0)
                .readState(new ByteArrayInputStream(saved.toByteArray())));
        assertTrue(other.getMessage().startsWith("checkpoint has batch_size=2,time_layer_sizes=[6,5]"),
                other.getMessage());
        byte[] cut = java.util.Arrays.copyOf(saved.toByteArray(), 200);
        assertEquals("x.mag: truncated biaxial_rnn model", assertThrows(BadInputException.class,
                () -> BiaxialModel.read(new ByteArrayInputStream(cut), "x.mag")).getMessage());
    }

    @Test
    void otherRecordsAreRefused() {
        Random r = new Random(1);
        float[][] in = new float[3][88];
        boolean[][] y = new boolean[3][88];
        y[1][r.nextInt(88)] = true;
        Batch roll = Batch.of(List.of(SequenceExamples.Encoded.multiHot(in, y)), 88);
        BadInputException e = assertThrows(BadInputException.class, () -> model(TINY, 0).evaluate(roll));
        assertTrue(e.getMessage().startsWith("the records are not biaxial_rnn note states"), e.getMessage());
    }
}
