package org.magentajava.train;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordReader;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.proto.tf.Event;
import org.magentajava.proto.tf.Summary;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class EvaluatorTest {
    @TempDir
    Path dir;
    Path runDir;
    Path evalFile;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @BeforeEach
    void trainSomething() throws IOException {
        runDir = dir.resolve("run");
        Path train = Melodies.write(dir.resolve("training_melodies.tfrecord"), Melodies.range(13));
        TrainOptions o = TrainOptions.of("basic_rnn", "batch_size=3", 3, Melodies.NO_EVENT, train, runDir)
                .withNumTrainingSteps(6).withCheckpointEverySeconds(1e9);
        new Trainer(new SoftmaxRegressionModel(Melodies.INPUT_SIZE, Melodies.NUM_CLASSES, 0.5), o,
                new PrintStream(new ByteArrayOutputStream())).run();
        List<SequenceExamples.Encoded> eval = new ArrayList<>();
        for (int id = 20; id < 27; id++) {
            eval.add(Melodies.melody(id));
        }
        evalFile = Melodies.write(dir.resolve("eval_melodies.tfrecord"), eval);
    }

    EvalOptions options(int batch) {
        return EvalOptions.of("basic_rnn", "batch_size=3", batch, Melodies.NO_EVENT, evalFile, runDir)
                .withPolling(0.02, 0.2);
    }

    SoftmaxRegressionModel model() {
        return new SoftmaxRegressionModel(Melodies.INPUT_SIZE, Melodies.NUM_CLASSES, 0.5);
    }

    @Test
    void onceEvaluatesTheLatestCheckpointOverEveryRecordAndWritesRunDirEval() throws IOException {
        EvalResult r;
        try (Evaluator ev = new Evaluator(model(), options(3), out)) {
            r = ev.evaluateLatest();
        }
        assertEquals(6, r.globalStep());
        assertEquals(3, r.batches()); // 7 records, batch 3: the last batch has one (Magenta would drop it)
        assertEquals(7, r.examples());

        // the same numbers, melody by melody, straight from the checkpointed model
        SoftmaxRegressionModel m = model();
        m.readState(new ByteArrayInputStream(Checkpoints.read(r.checkpoint()).modelState()));
        MetricCounts byOne = new MetricCounts(Melodies.NO_EVENT, Melodies.NUM_CLASSES);
        for (int id = 20; id < 27; id++) {
            Batch single = Batch.of(List.of(Melodies.melody(id)), Melodies.INPUT_SIZE);
            byOne.add(single, m.evaluate(single));
        }
        Metrics expected = byOne.metrics();
        assertEquals(expected.loss(), r.metrics().loss(), 1e-9);
        assertEquals(expected.accuracy(), r.metrics().accuracy(), 1e-12);
        assertEquals(expected.eventAccuracy(), r.metrics().eventAccuracy(), 1e-12);
        assertEquals(expected.perClassAccuracy(), r.metrics().perClassAccuracy(), 1e-12);

        List<String> csv = Files.readAllLines(runDir.resolve("eval/metrics.csv"));
        assertEquals(2, csv.size());
        assertTrue(csv.get(0).endsWith(",perplexity_per_step,per_class_accuracy,event_nll,event_perplexity,"
                + "event_argmax_accuracy"), csv.get(0));
        // one-hot labels are their events: the event NLL is the loss, the event argmax accuracy the accuracy
        assertEquals(r.metrics().loss(), Double.parseDouble(csv.get(1).split(",")[10]));
        assertEquals(r.metrics().accuracy(), Double.parseDouble(csv.get(1).split(",")[12]), 1e-6);
        assertTrue(csv.get(1).startsWith("6,"));
        assertEquals(r.metrics().loss(), Double.parseDouble(csv.get(1).split(",")[2]));

        Path events;
        try (Stream<Path> files = Files.list(runDir.resolve("eval"))) {
            events = files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).findFirst()
                    .orElseThrow();
        }
        List<Event> read = new ArrayList<>();
        try (TfRecordReader reader = TfRecordReader.open(events)) {
            for (byte[] b = reader.next(); b != null; b = reader.next()) {
                read.add(Event.parseFrom(b));
            }
        }
        assertEquals("brain.Event:2", read.get(0).getFileVersion());
        assertEquals(6, read.get(1).getStep());
        List<String> tags = read.get(1).getSummary().getValueList().stream().map(Summary.Value::getTag).toList();
        assertEquals("loss", tags.get(0));
        assertTrue(tags.contains("metrics/per_class_accuracy") && tags.contains("metrics/no_event_accuracy"));
        assertTrue(tags.contains("metrics/event_nll") && tags.contains("metrics/event_perplexity"), tags.toString());
        String text = console.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Eval Global Step: 6 - Loss: "), text);
        assertTrue(text.contains(" - event_nll: " + String.format(java.util.Locale.ROOT, "%.4f", r.metrics().loss())
                + " - event_perplexity: "), text);
        assertEquals(1, text.split("Eval Global Step", -1).length - 1, text);
    }

    /** Batches that pad past the row budget are evaluated in equal pieces with the same counts and loss. */
    @Test
    void longBatchesAreEvaluatedInEqualPiecesWithTheSameMetrics() throws IOException {
        List<SequenceExamples.Encoded> eval = new ArrayList<>();
        for (int id = 30; id < 54; id++) eval.add(Melodies.melody(id)); // 24 melodies of 1..6 steps
        Path file = Melodies.write(dir.resolve("pieces.tfrecord"), eval);
        SoftmaxRegressionModel m = model();
        SkipLog skips = new SkipLog(out);
        Evaluator.Score whole = Evaluator.score(m, file, 12, Melodies.NO_EVENT, MetricCounts.EVERY_LABEL, EventClasses.LABELS, skips);
        List<Integer> sizes = new ArrayList<>();
        TrainableModel recording = new TrainableModel() {
            public int inputSize() { return m.inputSize(); }
            public int numClasses() { return m.numClasses(); }
            public StepResult trainStep(Batch b) { throw new AssertionError("evaluation must not train"); }
            public StepResult evaluate(Batch b) {
                sizes.add(b.batchSize());
                assertTrue((long) b.batchSize() * b.maxLength() <= 20 || b.batchSize() == 1, "rows " + b.batchSize()
                        + " x " + b.maxLength());
                return m.evaluate(b);
            }
            public void writeState(java.io.OutputStream o) { }
            public void readState(java.io.InputStream i) { }
        };
        Evaluator.Score pieces = Evaluator.score(recording, file, 12, Melodies.NO_EVENT, MetricCounts.EVERY_LABEL, EventClasses.LABELS,
                skips, 20);
        // 12 melodies of up to 6 steps in at most 20 rows: pieces of 3 (a divisor of 12), equal in size
        assertEquals(List.of(3, 3, 3, 3, 3, 3, 3, 3), sizes);
        assertEquals(whole.batches(), pieces.batches());
        assertEquals(whole.examples(), pieces.examples());
        assertEquals(whole.counts().steps(), pieces.counts().steps());
        assertEquals(whole.counts().lossSum(), pieces.counts().lossSum(), 1e-9 * Math.abs(whole.counts().lossSum()));
        assertEquals(whole.counts().metrics().accuracy(), pieces.counts().metrics().accuracy(), 0);
        assertEquals(whole.counts().metrics().perClassAccuracy(), pieces.counts().metrics().perClassAccuracy());
    }

    @Test
    void watchEvaluatesEachNewCheckpointOnceAndTimesOut() throws IOException {
        try (Evaluator ev = new Evaluator(model(), options(3), out)) {
            List<EvalResult> done = ev.watch();
            assertEquals(List.of(6L), done.stream().map(EvalResult::globalStep).toList());
        }
        // a restarted watcher knows step 6 is done (from eval/metrics.csv)
        try (Evaluator ev = new Evaluator(model(), options(3), out)) {
            assertEquals(List.of(), ev.watch());
        }
        assertEquals(2, Files.readAllLines(runDir.resolve("eval/metrics.csv")).size());
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("No new checkpoint for"));
    }

    @Test
    void evalSetSmallerThanABatchIsEvaluatedWhole() throws IOException {
        EvalResult byThree;
        try (Evaluator ev = new Evaluator(model(), options(3), out)) {
            byThree = ev.evaluate(Checkpoints.latest(runDir.resolve("train")).orElseThrow());
        }
        try (Evaluator ev = new Evaluator(model(), options(8), out)) {
            // 7 records, batch 8: Magenta's eval job and the previous version refused this
            EvalResult r = ev.evaluate(Checkpoints.latest(runDir.resolve("train")).orElseThrow());
            assertEquals(1, r.batches());
            assertEquals(7, r.examples());
            assertEquals(byThree.metrics().loss(), r.metrics().loss(), 1e-12);
        }
    }

    @Test
    void noCheckpointOrNoUsableRecordIsAClearError() throws IOException {
        EvalOptions empty = EvalOptions.of("basic_rnn", "batch_size=3", 3, 1, evalFile, dir.resolve("elsewhere"));
        try (Evaluator ev = new Evaluator(model(), empty, out)) {
            BadInputException e = assertThrows(BadInputException.class, ev::evaluateLatest);
            assertTrue(e.getMessage().contains("no checkpoint to evaluate"), e.getMessage());
        }
        Path nothing = Melodies.write(dir.resolve("empty.tfrecord"), List.of());
        EvalOptions o = EvalOptions.of("basic_rnn", "batch_size=3", 3, 1, nothing, runDir);
        try (Evaluator ev = new Evaluator(model(), o, out)) {
            BadInputException e = assertThrows(BadInputException.class, ev::evaluateLatest);
            assertTrue(e.getMessage().contains("empty.tfrecord: no usable record to evaluate"), e.getMessage());
        }
        // a failed evaluation leaves no header-only metrics.csv behind
        assertFalse(Files.exists(runDir.resolve("eval/metrics.csv")));
    }

    @Test
    void evalHparamsThatOnlySteerTrainingAreNotRefused() throws IOException {
        EvalOptions o = EvalOptions.of("basic_rnn", "batch_size=64,dropout_keep_prob=0.5,learning_rate=0.1,clip_norm=1",
                64, Melodies.NO_EVENT, evalFile, runDir);
        try (Evaluator ev = new Evaluator(model(), o, out)) {
            assertEquals(7, ev.evaluateLatest().examples());
        }
        EvalOptions other = EvalOptions.of("basic_rnn", "batch_size=3,rnn_layer_sizes=[64]", 3, Melodies.NO_EVENT,
                evalFile, runDir);
        try (Evaluator ev = new Evaluator(model(), other, out)) {
            BadInputException e = assertThrows(BadInputException.class, ev::evaluateLatest);
            assertTrue(e.getMessage().contains("has a different network: rnn_layer_sizes is unset in the checkpoint"
                    + " but [64] now"), e.getMessage());
        }
    }

    @Test
    void evaluatingARecordedStepAgainAddsNoSecondRow() throws IOException {
        try (Evaluator ev = new Evaluator(model(), options(3), out)) {
            ev.evaluateLatest();
        }
        try (Evaluator ev = new Evaluator(model(), options(3), out)) {
            ev.evaluateLatest();
        }
        assertEquals(2, Files.readAllLines(runDir.resolve("eval/metrics.csv")).size());
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("metrics.csv, not added again)"));
    }

    @Test
    void theWatcherSaysWhatItWaitsForAndHowLong() throws IOException {
        EvalOptions o = options(3).withPolling(0.01, 1.4);
        try (Evaluator ev = new Evaluator(model(), o, out)) {
            ev.watch();
        }
        String text = console.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Waiting for checkpoints in " + runDir.resolve("train") + " (looking every 0:00:00, "
                + "stopping after 0:00:01 without a new one)..."), text);
        assertTrue(text.contains("Waiting for the next checkpoint (stopping after 0:00:01 without a new one)..."), text);
        // the wait was silent before it ended: say that it ended and why
        assertTrue(text.contains("No new checkpoint for 0:00:01; evaluation done."), text);
    }

    @Test
    void anOlderEvalMetricsFileGainsTheNewColumns() throws IOException {
        Path csv = Files.createDirectories(runDir.resolve("eval")).resolve("metrics.csv");
        Files.writeString(csv, "step,wall_time,loss,perplexity,accuracy,event_accuracy,no_event_accuracy,"
                + "loss_per_step,perplexity_per_step,per_class_accuracy\n2,1.000,1.0,2.7,0.5,0.5,0.5,1.0,2.7,0.5\n");
        try (Evaluator ev = new Evaluator(model(), options(3), out)) {
            ev.evaluateLatest();
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).endsWith(",per_class_accuracy,event_nll,event_perplexity,event_argmax_accuracy"),
                lines.get(0));
        assertEquals("2,1.000,1.0,2.7,0.5,0.5,0.5,1.0,2.7,0.5,,,", lines.get(1));
        assertTrue(lines.get(2).startsWith("6,"));
    }

    @Test
    void checkpointFromAnotherConfigIsRefused() {
        EvalOptions o = new EvalOptions("attention_rnn", "batch_size=3", 3, 1, evalFile, runDir, 1, 1,
                EventClasses.LABELS, MetricCounts.EVERY_LABEL);
        Evaluator ev = new Evaluator(model(), o, out);
        BadInputException e = assertThrows(BadInputException.class, ev::evaluateLatest);
        assertTrue(e.getMessage().contains("with config basic_rnn, not attention_rnn; evaluate it with config basic_rnn"),
                e.getMessage());
        assertEquals(List.of("config"), ((BadSettingException) e).fields());
    }
}
