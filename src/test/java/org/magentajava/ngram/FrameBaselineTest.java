package org.magentajava.ngram;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.SequenceExamples;
import org.magentajava.registry.ModelRegistry;
import org.magentajava.train.SkipLog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameBaselineTest {
    private static final int KEYS = 88;

    @TempDir
    Path dir;

    /**
     * The tiny roll of these tests, 4 quarter-note frames: {key 0}, {key 0}, {}, {keys 0, 1}. As records: each
     * frame's input is the frame before (silence before the first).
     */
    static final int[][] ROLL = {{0}, {0}, {}, {0, 1}};

    static boolean[][] frames(int[][] roll) {
        boolean[][] frames = new boolean[roll.length][KEYS];
        for (int t = 0; t < roll.length; t++) {
            for (int k : roll[t]) {
                frames[t][k] = true;
            }
        }
        return frames;
    }

    /** A pianoroll_rnn record of {@code roll}: 88 inputs (the previous frame), 88 label values. */
    static byte[] rollRecord(int[][] roll) {
        boolean[][] now = frames(roll);
        float[][] inputs = new float[now.length][KEYS];
        for (int t = 1; t < now.length; t++) {
            for (int k = 0; k < KEYS; k++) {
                inputs[t][k] = now[t - 1][k] ? 1 : 0;
            }
        }
        return SequenceExamples.serializeMultiHot(inputs, now);
    }

    /**
     * A biaxial_rnn record whose play rows are {@code roll}: 180 inputs (previous play row, previous articulate
     * row, 4 bar bits) and 176 targets (play row, articulate row). The articulate rows and bar bits are set where
     * the play rows are not, so a baseline that read them would see other frames.
     */
    static byte[] noteStateRecord(int[][] roll) {
        boolean[][] play = frames(roll);
        float[][] inputs = new float[play.length][2 * KEYS + 4];
        boolean[][] targets = new boolean[play.length][2 * KEYS];
        for (int t = 0; t < play.length; t++) {
            for (int k = 0; k < KEYS; k++) {
                targets[t][k] = play[t][k];
                if (t > 0) {
                    inputs[t][k] = play[t - 1][k] ? 1 : 0;
                }
            }
            targets[t][KEYS + 40] = true;      // articulate row: key 40, never played
            inputs[t][KEYS + 50] = 1;          // previous articulate row: key 50
            inputs[t][2 * KEYS + t % 4] = 1;   // bar bits
        }
        return SequenceExamples.serializeMultiHot(inputs, targets);
    }

    Path write(String name, List<byte[]> records) throws IOException {
        return org.magentajava.train.Melodies.writeRaw(dir.resolve(name), records);
    }

    static SkipLog skips() {
        return new SkipLog(new PrintStream(OutputStream.nullOutputStream()));
    }

    /**
     * The roll fitted with pseudo-count 1 and scored on itself. Counts (key, previous state: followed, sounded):
     * key 0 silent before: frames 0 and 3, both sounding (2, 2); sounding before: frames 1 and 2 (2, 1).
     * Key 1 silent before at all 4 frames, sounding at frame 3 (4, 1). Keys 2..87 silent before, never sounding
     * (4, 0 each). Pooled silent-before: 2 + 4 + 86·4 = 350 frames, 3 sounding: P0 = 3.5/351, 1 − P0 = 347.5/351;
     * pooled sounding-before: (1 + ½)/(2 + 1) = ½.
     * Probabilities with c = 1: key 0 silent before (2 + P0)/3 = 0.66999, sounding before (1 + ½)/3 = ½; key 1
     * silent before (1 + P0)/5 = 0.20199, so silent with (3 + 347.5/351)/5; keys 2..87 silent with
     * (4 + 347.5/351)/5. NLL over the 4 frames:
     * key 0: −2 ln((2 + P0)/3) = 0.80098, −ln ½ − ln ½ = 1.38629; key 1: −ln((1 + P0)/5) = 1.59952,
     * −3 ln((3 + 347.5/351)/5) = 0.67692; keys 2..87: −344 ln((4 + 347.5/351)/5) = 0.68672;
     * total 5.15044, per frame 1.28761.
     * Accuracy (on when p ≥ ½): key 0 silent before predicted on: 2 TP; sounding before p = ½, on: 1 TP, 1 FP;
     * key 1 predicted off: 1 FN. 3 / (3 + 1 + 1) = 0.6.
     */
    @Test
    void aTinyRollScoredByHand() throws IOException {
        Path file = write("roll.tfrecord", List.of(rollRecord(ROLL)));
        FrameBaseline.Counted counted = new FrameBaseline(ModelRegistry.config("pianoroll_rnn")).read(file, skips());
        assertEquals(1, counted.records());
        assertEquals(4, counted.frames().frames());
        assertEquals(2, counted.frames().followed(0, true));
        assertEquals(1, counted.frames().sounded(0, true));
        assertEquals(4, counted.frames().followed(1, false));
        KeyMarkov model = KeyMarkov.fit(counted.frames(), 1.0);
        double p0 = 3.5 / 351;
        assertEquals(p0, model.pooled(false), 1e-15);
        assertEquals(0.5, model.pooled(true), 1e-15);
        assertEquals((2 + p0) / 3, model.probability(0, false), 1e-15);
        KeyMarkov.FrameScore score = model.score(counted.frames());
        double nll = -2 * Math.log((2 + p0) / 3) + 2 * Math.log(2) - Math.log((1 + p0) / 5)
                - 3 * Math.log((3 + 347.5 / 351) / 5) - 344 * Math.log((4 + 347.5 / 351) / 5);
        assertEquals(nll / 4, score.frameNll(), 1e-12);
        assertEquals(1.28761, score.frameNll(), 1e-5);
        assertEquals(3, score.truePositives());
        assertEquals(1, score.falsePositives());
        assertEquals(1, score.falseNegatives());
        assertEquals(0.6, score.frameAccuracy(), 1e-15);
    }

    /**
     * A key never seen in a state gets the pooled rate, and a rare one lies between its own count and the pooled
     * rate, nearer the pooled rate as the pseudo-count grows.
     */
    @Test
    void anUnseenKeyGetsThePooledRate() throws IOException {
        Path file = write("roll.tfrecord", List.of(rollRecord(ROLL)));
        KeyTransitions counts = new FrameBaseline(ModelRegistry.config("pianoroll_rnn")).read(file, skips()).frames();
        double p0 = 3.5 / 351;
        for (double c : new double[] {0.1, 1, 100}) {
            KeyMarkov model = KeyMarkov.fit(counts, c);
            // key 1 never sounded, so never "sounding before": the pooled ½; key 87 the same
            assertEquals(0.5, model.probability(1, true), 1e-15);
            assertEquals(0.5, model.probability(87, true), 1e-15);
            // key 87 silent before in 4 frames, never sounding: c·P0 / (4 + c), above 0 so a note there costs
            // a finite NLL
            assertEquals(c * p0 / (4 + c), model.probability(87, false), 1e-15);
        }
        // key 1 sounded once in 4: its own rate ¼, pulled toward P0 ≈ 0.01
        assertEquals((1 + 0.1 * p0) / 4.1, KeyMarkov.fit(counts, 0.1).probability(1, false), 1e-15);
        assertEquals((1 + 100 * p0) / 104, KeyMarkov.fit(counts, 100).probability(1, false), 1e-15);
        // a roll sounding a key the training roll never had is scored, not infinite
        Path other = write("other.tfrecord", List.of(rollRecord(new int[][] {{60}, {60}})));
        KeyTransitions eval = new FrameBaseline(ModelRegistry.config("pianoroll_rnn")).read(other, skips()).frames();
        KeyMarkov.FrameScore s = KeyMarkov.fit(counts, 1).score(eval);
        // frame 0: key 60 on after silence, p = P0/5; off after off: key 0 with (0 + 347.5/351)/3, key 1 with
        // (3 + 347.5/351)/5, the 85 others with (4 + 347.5/351)/5; frame 1: key 60 on after on, p = ½, the rest
        // as in frame 0. Total 7.72142 + 2.19711 = 9.91852, per frame 4.95926.
        double q0 = 347.5 / 351;
        double nll = -Math.log(p0 / 5) - Math.log(0.5) - 2 * Math.log(q0 / 3) - 2 * Math.log((3 + q0) / 5)
                - 170 * Math.log((4 + q0) / 5);
        assertEquals(nll / 2, s.frameNll(), 1e-12);
        assertEquals(4.95926, s.frameNll(), 1e-5);
    }

    /** biaxial_rnn's records are read on their play rows: the same frames as the piano roll of those rows. */
    @Test
    void biaxialRecordsAreScoredOnTheirPlayRows() throws IOException {
        int[][] second = {{3, 7}, {3}, {3, 7, 10}, {}, {7}};
        Path roll = write("roll.tfrecord", List.of(rollRecord(ROLL), rollRecord(second)));
        Path states = write("states.tfrecord", List.of(noteStateRecord(ROLL), noteStateRecord(second)));
        KeyTransitions fromRoll = new FrameBaseline(ModelRegistry.config("pianoroll_rnn")).read(roll, skips()).frames();
        KeyTransitions fromStates =
                new FrameBaseline(ModelRegistry.config("biaxial_rnn")).read(states, skips()).frames();
        assertEquals(9, fromStates.frames());
        for (int k = 0; k < KEYS; k++) {
            for (boolean before : new boolean[] {false, true}) {
                assertEquals(fromRoll.followed(k, before), fromStates.followed(k, before), "key " + k);
                assertEquals(fromRoll.sounded(k, before), fromStates.sounded(k, before), "key " + k);
            }
        }
        // key 40 is articulated in every note-state frame but never plays; key 50's articulation is an input
        assertEquals(0, fromStates.sounded(40, false));
        assertEquals(0, fromStates.followed(50, true));
        KeyMarkov model = KeyMarkov.fit(fromRoll, 3);
        assertEquals(model.score(fromRoll), KeyMarkov.fit(fromStates, 3).score(fromStates));
    }

    /** Every 10th usable training record is held out; the choice tries every pseudo-count and takes the best. */
    @Test
    void theTenthRecordIsHeldOutToChooseThePseudoCount() throws IOException {
        List<byte[]> records = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(rollRecord(i == 9 ? new int[][] {{5}, {5}, {5}} : ROLL));
        }
        records.add(rollRecord(ROLL));
        Path train = write("train.tfrecord", records);
        FrameBaseline baseline = new FrameBaseline(ModelRegistry.config("pianoroll_rnn"));
        FrameBaseline.Split split = baseline.readTraining(train, skips());
        assertEquals(10, split.fit().records());
        assertEquals(1, split.dev().records());
        assertEquals(3, split.dev().frames().frames());
        assertEquals(3, split.dev().frames().sounded(5, false) + split.dev().frames().sounded(5, true));
        assertEquals(11, split.all().records());
        assertEquals(43, split.all().frames().frames());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        FrameBaseline.Result r = FrameBaseline.run(split, baseline.read(train, skips()), new PrintStream(log, true));
        assertEquals(FrameBaseline.PSEUDO_COUNTS.size(), r.devScores().size());
        // key 5 never sounds in the fitted records, so the dev roll favours a large pull toward the pooled rates
        double best = r.devScores().stream().mapToDouble(FrameBaseline.DevScore::nll).min().orElseThrow();
        assertEquals(best, r.devScores().stream().filter(d -> d.pseudoCount() == r.model().pseudoCount())
                .findFirst().orElseThrow().nll());
        assertTrue(r.model().pseudoCount() > 1, "chose " + r.model().pseudoCount());
        assertTrue(log.toString().contains("pseudo_count   10000: dev frame_nll "), log.toString());
        assertEquals(KeyMarkov.fit(split.all().frames(), r.model().pseudoCount()).score(split.all().frames()), r.eval());
    }

    /**
     * Scoring from counts sums the same terms as evaluate's loop over frames and keys: random rolls (keys start
     * with probability 0.05 and hold with 0.7, seeded) scored both ways agree to rounding, accuracy counts exactly.
     */
    @Test
    void countsScoreEveryFrameAsALoopOverFramesDoes() throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        List<byte[]> records = new java.util.ArrayList<>();
        List<boolean[][]> rolls = new java.util.ArrayList<>();
        for (int r = 0; r < 5; r++) {
            boolean[][] roll = new boolean[20 + random.nextInt(30)][KEYS];
            for (int t = 0; t < roll.length; t++) {
                for (int k = 0; k < KEYS; k++) {
                    boolean before = t > 0 && roll[t - 1][k];
                    roll[t][k] = random.nextDouble() < (before ? 0.7 : 0.05);
                }
            }
            rolls.add(roll);
            int[][] keys = new int[roll.length][];
            for (int t = 0; t < roll.length; t++) {
                final boolean[] frame = roll[t];
                keys[t] = java.util.stream.IntStream.range(0, KEYS).filter(k -> frame[k]).toArray();
            }
            records.add(rollRecord(keys));
        }
        Path file = write("random.tfrecord", records);
        KeyTransitions counts = new FrameBaseline(ModelRegistry.config("pianoroll_rnn")).read(file, skips()).frames();
        KeyMarkov model = KeyMarkov.fit(counts, 2);
        double nll = 0;
        long frames = 0;
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (boolean[][] roll : rolls) {
            for (int t = 0; t < roll.length; t++, frames++) {
                for (int k = 0; k < KEYS; k++) {
                    double p = model.probability(k, t > 0 && roll[t - 1][k]);
                    nll -= Math.log(roll[t][k] ? p : 1 - p);
                    if (p >= 0.5) {
                        tp += roll[t][k] ? 1 : 0;
                        fp += roll[t][k] ? 0 : 1;
                    } else {
                        fn += roll[t][k] ? 1 : 0;
                    }
                }
            }
        }
        KeyMarkov.FrameScore score = model.score(counts);
        assertEquals(frames, score.frames());
        assertEquals(nll / frames, score.frameNll(), 1e-9);
        assertEquals(tp, score.truePositives());
        assertEquals(fp, score.falsePositives());
        assertEquals(fn, score.falseNegatives());
        assertTrue(tp > 0 && fp > 0 && fn > 0, tp + " " + fp + " " + fn);
    }
}
