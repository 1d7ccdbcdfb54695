package org.magentajava.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.SequenceExamples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code baseline} for the piano-roll configs, on hand-built record files. */
class FrameBaselineCliTest {
    private static final int KEYS = 88;

    @TempDir
    Path dir;

    /** A pianoroll_rnn record of frames given as their sounding keys (inputs: the frame before, silence first). */
    static byte[] rollRecord(int[][] roll) {
        float[][] inputs = new float[roll.length][KEYS];
        boolean[][] now = new boolean[roll.length][KEYS];
        for (int t = 0; t < roll.length; t++) {
            for (int k : roll[t]) {
                now[t][k] = true;
                if (t + 1 < roll.length) {
                    inputs[t + 1][k] = 1;
                }
            }
        }
        return SequenceExamples.serializeMultiHot(inputs, now);
    }

    Path write(String name, List<byte[]> records) throws IOException {
        return org.magentajava.train.Melodies.writeRaw(dir.resolve(name), records);
    }

    /**
     * Ten copies of the roll {key 0}, {key 0}, {}, {keys 0, 1}; the 10th is held out. Held-out copy and fitted
     * copies agree, so the smallest pseudo-count, 0.1, fits best (it leaves the own rates, which are right, and
     * the never-sounding keys nearest 0). Refitted on the 10 copies (FrameBaselineTest's counts times ten): pooled
     * after silence P0 = 30.5/3501, 1 − P0 = 3470.5/3501; after sounding 10.5/21 = ½. Per copy of the roll:
     * key 0 after silence, sounding twice: −2 ln((20 + 0.1·P0)/20.1) = 0.00989; after sounding, once each way:
     * −2 ln((10 + 0.05)/20.1) = 1.38629; key 1 after silence, sounding once in 4: −ln((10 + 0.1·P0)/40.1)
     * − 3 ln((30 + 0.1·3470.5/3501)/40.1) = 1.38870 + 0.86064; keys 2..87 silent: −344 ln((40 + 0.1·3470.5/3501)/40.1)
     * = 0.00747. Sum 3.65300 over 4 frames: 0.9133 per frame, the same for both eval copies. Accuracy 3 / 5, as
     * FrameBaselineTest works out.
     */
    @Test
    void printsTheFrameFiguresAsEvaluateDoes() throws IOException {
        int[][] roll = {{0}, {0}, {}, {0, 1}};
        List<byte[]> copies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            copies.add(rollRecord(roll));
        }
        Path train = write("training_pianoroll_tracks.tfrecord", copies);
        // an eval file with one record of another width between two good ones: skipped as evaluate skips it
        Path eval = write("eval_pianoroll_tracks.tfrecord", List.of(rollRecord(roll),
                SequenceExamples.serialize(new float[][] {{1, 0, 0}}, new int[] {0}), rollRecord(roll)));
        var r = Cli.run("baseline", "--config", "pianoroll_rnn", "--train", train.toString(), "--eval",
                eval.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("train:             " + train + " (10 piano rolls, 40 steps; pseudo_count chosen on"
                + " 1 record held out, 4 steps)\n"), r.out());
        assertTrue(r.out().contains("data:              " + eval + " (2 piano rolls, 8 steps)\n"), r.out());
        String nll = r.out().lines().filter(l -> l.startsWith("frame_nll:         ")).findFirst().orElseThrow();
        assertTrue(nll.startsWith("frame_nll:         0.9133 (nats per step: -log p of each step's set of 88 keys; "),
                nll);
        assertTrue(r.out().startsWith("baseline:          per-key first-order Markov model of 88 keys (pianoroll_rnn),"
                + " pseudo_count 0.1 toward the keys' pooled rates\n"), r.out());
        assertTrue(r.out().contains("\nframe_accuracy:    0.6000 (TP / (TP + FP + FN) over all keys)\n"), r.out());
        assertTrue(r.err().contains("pseudo_count     0.1: dev frame_nll "), r.err());
        assertTrue(r.err().contains("warning: " + eval + ": record 1 at byte "), r.err());
        assertTrue(r.err().contains("warning: 1 unusable records skipped"), r.err());
    }

    @Test
    void anotherConfigsFileIsOneClearLine() throws IOException {
        Path roll = write("roll.tfrecord", List.of(rollRecord(new int[][] {{0}, {1}})));
        var r = Cli.run("baseline", "--config", "biaxial_rnn", "--train", roll.toString(), "--eval", roll.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().contains(roll + " holds a pianoroll_rnn dataset (SequenceExamples from create-dataset, 88"
                + " inputs per step), but biaxial_rnn takes 180 inputs per step; make biaxial_rnn's dataset with: "),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        var order = Cli.run("baseline", "--config", "pianoroll_rnn_nade", "--train", roll.toString(), "--eval",
                roll.toString(), "--max_order", "4");
        assertEquals(ExitCodes.BAD_INPUT, order.code());
        assertEquals("error: --max_order is for the melody configs' n-gram; pianoroll_rnn_nade's baseline has no order",
                order.err().strip());
        var few = Cli.run("baseline", "--config", "rnn-nade_attn", "--train", roll.toString(), "--eval",
                roll.toString());
        assertEquals(ExitCodes.BAD_INPUT, few.code());
        assertEquals(1, few.err().strip().lines().count(), few.err());
        assertTrue(few.err().contains("the training file needs at least 10 usable records"), few.err());
    }
}
