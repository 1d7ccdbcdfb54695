package org.magentajava.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.SequenceExamples;
import org.magentajava.io.BadInputException;
import org.magentajava.model.HParams;
import org.magentajava.model.Head;
import org.magentajava.model.LstmNetwork;
import org.magentajava.proto.tf.Feature;
import org.magentajava.proto.tf.FeatureList;
import org.magentajava.proto.tf.FeatureLists;
import org.magentajava.proto.tf.FloatList;
import org.magentajava.proto.tf.Int64List;
import org.magentajava.proto.tf.SequenceExample;
import org.nd4j.linalg.api.buffer.DataType;

/** Multi-hot targets from records through batches, a sigmoid-head network and the frame metrics. */
class MultiHotTrainingTest {
    static final int KEYS = 6;

    @TempDir
    Path dir;

    /** A roll that climbs a triad by one key per step, with a silent step every fourth step. */
    static SequenceExamples.Encoded roll(int length, int offset) {
        float[][] in = new float[length][KEYS];
        boolean[][] y = new boolean[length][KEYS];
        for (int t = 0; t < length; t++) {
            if (t % 4 != 3) {
                for (int k : new int[] {0, 2, 4}) y[t][(k + t + offset) % KEYS] = true;
            }
            if (t > 0) {
                for (int k = 0; k < KEYS; k++) in[t][k] = y[t - 1][k] ? 1f : 0f;
            }
        }
        return SequenceExamples.Encoded.multiHot(in, y);
    }

    static Path write(Path file, List<SequenceExamples.Encoded> rolls) throws IOException {
        List<byte[]> records = new ArrayList<>();
        for (SequenceExamples.Encoded e : rolls) {
            records.add(SequenceExamples.serializeMultiHot(e.inputs(), e.targets()));
        }
        return Melodies.writeRaw(file, records);
    }

    @Test
    void batchesCarryTargetsPadded() {
        Batch b = Batch.of(List.of(roll(2, 0), roll(3, 1)), KEYS);
        assertEquals(KEYS, b.targetWidth());
        assertEquals(2 * 3 * KEYS, b.targets().length);
        boolean[] second = new boolean[KEYS];
        System.arraycopy(b.targets(), (1 * 3 + 0) * KEYS, second, 0, KEYS);
        assertArrayEquals(roll(3, 1).targets()[0], second);
        boolean[] pad = new boolean[KEYS];
        System.arraycopy(b.targets(), (0 * 3 + 2) * KEYS, pad, 0, KEYS);
        assertArrayEquals(new boolean[KEYS], pad);
        SequenceExamples.Encoded oneClass = new SequenceExamples.Encoded(new float[2][KEYS], new int[2]);
        assertThrows(BadInputException.class, () -> Batch.of(List.of(roll(2, 0), oneClass), KEYS));
    }

    /** Frame accuracy pools the key counts of every batch: (5 + 1) / (6 + 4 + 5), not a mean of two ratios. */
    @Test
    void frameCountsPoolOverBatches() {
        Batch two = Batch.of(List.of(roll(2, 0)), KEYS);
        Batch four = Batch.of(List.of(roll(4, 0)), KEYS);
        MetricCounts c = new MetricCounts(0, KEYS)
                .add(two, new StepResult(3.0, new int[2], 3.0, new FrameCounts(1, 2, 1, 5, 1, 1)))
                .add(four, new StepResult(10.0, new int[4], 10.0, new FrameCounts(2, 3, 1, 1, 3, 4)));
        Metrics m = c.metrics();
        assertEquals(13.0 / 6, m.frameNll(), 1e-15);
        assertEquals(m.loss(), m.frameNll(), 0.0);
        assertEquals(6.0 / 15, m.frameAccuracy(), 1e-15);
        assertEquals(3.0 / 6, m.accuracy(), 1e-15);
        assertEquals(2.0 / 5, m.eventAccuracy(), 1e-15);
        assertEquals(1.0 / 1, m.noEventAccuracy(), 1e-15);
        assertTrue(Double.isNaN(m.perClassAccuracy()));
        assertTrue(m.byTag(true).containsKey("metrics/frame_nll"));
        assertFalse(new MetricCounts(0, KEYS).metrics().byTag(true).containsKey("metrics/frame_nll"));
        assertEquals("frame_nll: 2.1667 - frame_accuracy: 0.4000", m.frameText());
    }

    @Test
    void sigmoidNetworkTrainsAndEvaluatesOnRollRecords() throws IOException {
        Random r = new Random(3);
        List<SequenceExamples.Encoded> rolls = new ArrayList<>();
        for (int i = 0; i < 8; i++) rolls.add(roll(6 + r.nextInt(6), i));
        Path train = write(dir.resolve("training_pianoroll_tracks.tfrecord"), rolls);
        HParams hp = HParams.parse("batch_size=4,rnn_layer_sizes=[8],learning_rate=0.05");
        NetworkModel model = new NetworkModel(new LstmNetwork(KEYS, KEYS, 0, hp, 1, DataType.FLOAT, Head.SIGMOID));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        TrainOptions o = TrainOptions.of("pianoroll_rnn", hp.toString(), 4, 0, train, dir.resolve("run"))
                .withNumTrainingSteps(30).withSummaryFrequency(10).withCheckpointEverySeconds(1e9);
        TrainResult result = new Trainer(model, o, new PrintStream(console, true, StandardCharsets.UTF_8)).run();
        assertEquals(30, result.globalStep());
        List<String> csv = Files.readAllLines(dir.resolve("run/train/metrics.csv"));
        assertTrue(csv.get(0).contains(",frame_nll,frame_accuracy,"), csv.get(0));
        double first = Double.parseDouble(csv.get(1).split(",")[2]);
        double last = Double.parseDouble(csv.get(3).split(",")[2]);
        assertTrue(last < first * 0.8, "loss " + first + " -> " + last);

        // evaluation pools every roll; its frame NLL is the network's own mean over all valid steps
        Evaluator.Score score = Evaluator.score(model, train, 3, 0, MetricCounts.EVERY_LABEL, EventClasses.LABELS,
                new SkipLog(new PrintStream(new ByteArrayOutputStream())));
        Metrics m = score.counts().metrics();
        double nll = 0;
        long steps = 0;
        for (SequenceExamples.Encoded e : rolls) {
            org.magentajava.model.Metrics one = model.network().evaluate(org.magentajava.model.Batch.multiHot(
                    new float[][][] {e.inputs()}, new boolean[][][] {e.targets()}, new int[] {e.length()}));
            nll += one.loss() * one.steps();
            steps += one.steps();
        }
        assertEquals(steps, score.counts().steps());
        assertEquals(nll / steps, m.frameNll(), 1e-9);
        assertTrue(m.frameAccuracy() > 0 && m.frameAccuracy() <= 1, "frame accuracy " + m.frameAccuracy());

        NetworkModel softmax = new NetworkModel(new LstmNetwork(KEYS, KEYS, 0, hp, 1));
        SkipLog quiet = new SkipLog(new PrintStream(new ByteArrayOutputStream()));
        BadInputException e = assertThrows(BadInputException.class, () -> Evaluator.score(softmax, train, 3, 0,
                MetricCounts.EVERY_LABEL, EventClasses.LABELS, quiet));
        assertTrue(e.getMessage().contains("piano-roll key sets"), e.getMessage());
    }

    /**
     * Rolls whose every step is one of two chords, {0, 2, 4} or {1, 3, 5}, by a coin: each key alone is a coin
     * too, so independent sigmoids cannot beat 6 ln 2 = 4.16 nats per step, while a NADE, which sees the lower
     * keys, can reach ln 2 = 0.69. Trained the same way, the NADE must end far below the sigmoid head's floor.
     */
    @Test
    void nadeLearnsWhatIndependentKeysCannot() throws IOException {
        Path train = coinChords(dir.resolve("coin_chords.tfrecord"), new Random(5));
        Path heldOut = coinChords(dir.resolve("coin_chords_eval.tfrecord"), new Random(6));
        HParams hp = HParams.parse("batch_size=8,rnn_layer_sizes=[8],learning_rate=0.05");
        double[] nll = new double[2];
        Head[] heads = {Head.SIGMOID, Head.NADE};
        for (int h = 0; h < 2; h++) {
            HParams hpHead = heads[h] == Head.NADE ? hp.with("nade_hidden_units=8") : hp;
            NetworkModel model = new NetworkModel(new LstmNetwork(KEYS, KEYS, 0, hpHead, 2, DataType.FLOAT, heads[h]));
            TrainOptions o = TrainOptions.of("pianoroll_rnn", hpHead.toString(), 8, 0, train, dir.resolve("run" + h))
                    .withNumTrainingSteps(80).withSummaryFrequency(80).withCheckpointEverySeconds(1e9);
            new Trainer(model, o, new PrintStream(new ByteArrayOutputStream())).run();
            nll[h] = Evaluator.score(model, heldOut, 8, 0, MetricCounts.EVERY_LABEL, EventClasses.LABELS,
                    new SkipLog(new PrintStream(new ByteArrayOutputStream()))).counts().metrics().frameNll();
        }
        assertTrue(nll[0] > 6 * Math.log(2) - 0.1, "sigmoid head " + nll[0]);
        assertTrue(nll[1] < 1.5, "NADE " + nll[1] + ", sigmoid head " + nll[0]);
    }

    private static Path coinChords(Path file, Random r) throws IOException {
        List<SequenceExamples.Encoded> rolls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int length = 12;
            float[][] in = new float[length][KEYS];
            boolean[][] y = new boolean[length][KEYS];
            for (int t = 0; t < length; t++) {
                int first = r.nextBoolean() ? 0 : 1;
                for (int k = first; k < KEYS; k += 2) y[t][k] = true;
                if (t > 0) for (int k = 0; k < KEYS; k++) in[t][k] = y[t - 1][k] ? 1f : 0f;
            }
            rolls.add(SequenceExamples.Encoded.multiHot(in, y));
        }
        return write(file, rolls);
    }

    /** A roll of another width, or a one-class record with two label values, is skipped like other bad records. */
    @Test
    void recordsOfAnotherWidthAreSkipped() throws IOException {
        SequenceExamples.Encoded good = roll(3, 0);
        byte[] narrow = SequenceExamples.serializeMultiHot(good.inputs(), new boolean[3][3]);
        byte[] twoLabels = twoLabelRecord(good.inputs());
        Path file = Melodies.writeRaw(dir.resolve("mixed.tfrecord"), List.of(narrow,
                SequenceExamples.serializeMultiHot(good.inputs(), good.targets()), twoLabels));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SkipLog skips = new SkipLog(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (RecordSource source = new RecordSource(file, KEYS, KEYS, skips)) {
            assertArrayEquals(good.targets(), source.next().targets());
            assertNull(source.next());
        }
        assertEquals(2, skips.skipped());
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("its steps have 3 label values but the model predicts 6 classes or keys"), text);
        assertTrue(text.contains("its steps have 2 label values but the model predicts 6 classes or keys"), text);
    }

    /**
     * The first batch's key log-odds, counted by hand: over the 5 valid steps of roll(2, 0) and roll(3, 1), keys
     * 0, 2, 4 sound twice and keys 1, 3, 5 three times; add-one smoothing gives log(3/4) and log(4/3).
     */
    @Test
    void targetLogOddsCountValidStepsOnly() {
        Batch b = Batch.of(List.of(roll(2, 0), roll(3, 1)), KEYS);
        double[] expected = new double[KEYS];
        for (int k = 0; k < KEYS; k++) expected[k] = k % 2 == 0 ? Math.log(3.0 / 4) : Math.log(4.0 / 3);
        assertArrayEquals(expected, b.targetLogOdds(), 1e-15);
        assertNull(Batch.of(List.of(new SequenceExamples.Encoded(new float[2][KEYS], new int[2])), KEYS).targetLogOdds());
    }

    /**
     * With every weight zero a sigmoid head predicts key k at sigmoid(bias_k), and so does a NADE head (its
     * b_dec, the last KEYS of the linear layer's outputs): priming on a batch makes the frame NLL of that
     * batch the sum of the keys' smoothed binary entropies, by hand.
     */
    @Test
    void primingSetsTheKeyBiasesOfBothHeads() {
        Batch b = Batch.of(List.of(roll(2, 0), roll(3, 1)), KEYS);
        double p0 = 3.0 / 7; // keys 0, 2, 4: on at 2 of 5 steps, smoothed (2 + 1) / (5 + 2)
        double p1 = 4.0 / 7; // keys 1, 3, 5: on at 3 of 5
        double expected = 3 * -(2 * Math.log(p0) + 3 * Math.log(1 - p0)) / 5
                + 3 * -(3 * Math.log(p1) + 2 * Math.log(1 - p1)) / 5;
        HParams hp = HParams.parse("batch_size=2,rnn_layer_sizes=[4]");
        for (Head head : new Head[] {Head.SIGMOID, Head.NADE}) {
            HParams h = head == Head.NADE ? hp.with("nade_hidden_units=3") : hp;
            NetworkModel model = new NetworkModel(new LstmNetwork(KEYS, KEYS, 0, h, 1, DataType.DOUBLE, head));
            model.network().parameters().values().forEach(v -> v.assign(0));
            double before = model.evaluate(b).lossSum() / 5;
            assertEquals(KEYS * Math.log(2), before, 1e-9, head + " at zero biases");
            model.prime(b);
            assertEquals(expected, model.evaluate(b).lossSum() / 5, 1e-9, head.toString());
        }
    }

    /** The trainer primes a fresh run once, before its first step, and never a resumed one. */
    @Test
    void onlyAFreshRunIsPrimed() throws IOException {
        Path train = write(dir.resolve("rolls.tfrecord"), List.of(roll(5, 0), roll(7, 2)));
        HParams hp = HParams.parse("batch_size=2,rnn_layer_sizes=[4]");
        int[] primed = new int[2];
        for (int run = 0; run < 2; run++) {
            int r = run;
            NetworkModel inner = new NetworkModel(new LstmNetwork(KEYS, KEYS, 0, hp, 1, DataType.FLOAT, Head.SIGMOID));
            TrainableModel counting = new TrainableModel() {
                public int inputSize() { return inner.inputSize(); }
                public int numClasses() { return inner.numClasses(); }
                public boolean multiHot() { return true; }
                public void prime(Batch first) { primed[r]++; inner.prime(first); }
                public StepResult trainStep(Batch batch) { return inner.trainStep(batch); }
                public StepResult evaluate(Batch batch) { return inner.evaluate(batch); }
                public void writeState(java.io.OutputStream out) throws IOException { inner.writeState(out); }
                public void readState(java.io.InputStream in) throws IOException { inner.readState(in); }
            };
            TrainOptions o = TrainOptions.of("pianoroll_rnn", hp.toString(), 2, 0, train, dir.resolve("run"))
                    .withNumTrainingSteps(3 * (run + 1)).withSummaryFrequency(10).withCheckpointEverySeconds(1e9);
            assertEquals(3 * (run + 1), new Trainer(counting, o, new PrintStream(new ByteArrayOutputStream())).run()
                    .globalStep());
        }
        assertArrayEquals(new int[] {1, 0}, primed);
    }

    /** A melody-style record whose every step carries the two labels 1 and 0. */
    private static byte[] twoLabelRecord(float[][] inputs) {
        FeatureList.Builder in = FeatureList.newBuilder();
        FeatureList.Builder out = FeatureList.newBuilder();
        for (float[] row : inputs) {
            FloatList.Builder fl = FloatList.newBuilder();
            for (float v : row) {
                fl.addValue(v);
            }
            in.addFeature(Feature.newBuilder().setFloatList(fl));
            out.addFeature(Feature.newBuilder().setInt64List(
                    Int64List.newBuilder().addValue(1).addValue(0)));
        }
        return SequenceExample.newBuilder().setFeatureLists(
                FeatureLists.newBuilder().putFeatureList("inputs", in.build())
                        .putFeatureList("labels", out.build())).build().toByteArray();
    }
}
