package org.magentajava.train;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordReader;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.io.SettingNames;
import org.magentajava.proto.tf.Event;
import org.magentajava.proto.tf.SessionLog;
import org.magentajava.proto.tf.Summary;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {
    @TempDir
    Path dir;
    Path data;
    Path runDir;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    /** Advances one second per reading, so "every 3 seconds" means every 3 steps. */
    static final class StepClock implements LongSupplier {
        long t;

        @Override
        public long getAsLong() {
            return t += 1_000_000_000L;
        }
    }

    /** Delegates to the real model, records each step's loss, and can die like a killed process. */
    static final class RecordingModel implements TrainableModel {
        final SoftmaxRegressionModel inner;
        final List<Double> losses = new ArrayList<>();
        final int crashOnCall;
        Runnable afterStep = () -> { };

        RecordingModel(int crashOnCall, double lr) {
            this.inner = new SoftmaxRegressionModel(Melodies.INPUT_SIZE, Melodies.NUM_CLASSES, lr);
            this.crashOnCall = crashOnCall;
        }

        @Override
        public int inputSize() {
            return inner.inputSize();
        }

        @Override
        public int numClasses() {
            return inner.numClasses();
        }

        @Override
        public StepResult trainStep(Batch batch) {
            if (losses.size() + 1 == crashOnCall) {
                throw new IllegalStateException("simulated crash");
            }
            StepResult r = inner.trainStep(batch);
            losses.add(r.lossSum() / batch.validSteps());
            afterStep.run();
            return r;
        }

        @Override
        public StepResult evaluate(Batch batch) {
            return inner.evaluate(batch);
        }

        @Override
        public void writeState(OutputStream o) throws IOException {
            inner.writeState(o);
        }

        @Override
        public void readState(InputStream in) throws IOException {
            inner.readState(in);
        }
    }

    @BeforeEach
    void data() throws IOException {
        data = Melodies.write(dir.resolve("training_melodies.tfrecord"), Melodies.range(13));
        runDir = dir.resolve("run");
    }

    TrainOptions options(long steps) {
        return TrainOptions.of("basic_rnn", "batch_size=4,learning_rate=0.5", 4, Melodies.NO_EVENT, data, runDir)
                .withNumTrainingSteps(steps).withSummaryFrequency(1).withCheckpointEverySeconds(3)
                .withShuffleCapacity(5).withSeed(11);
    }

    TrainResult train(RecordingModel model, TrainOptions options) throws IOException {
        return new Trainer(model, options, out, new StepClock()).run();
    }

    @Test
    void killedRunResumesWithTheSameStepsAndLosses() throws IOException {
        Path reference = dir.resolve("reference");
        RecordingModel uninterrupted = new RecordingModel(0, 0.5);
        TrainOptions refOptions = new TrainOptions("basic_rnn", "batch_size=4,learning_rate=0.5", 4, Melodies.NO_EVENT,
                data, reference, 20, 1, 10, 3, 11, 5, MetricCounts.EVERY_LABEL, null);
        TrainResult full = train(uninterrupted, refOptions);
        assertEquals(20, full.globalStep());

        RecordingModel crashing = new RecordingModel(8, 0.5); // dies during step 8; checkpoints at 3 and 6
        assertThrows(IllegalStateException.class, () -> train(crashing, options(20)));
        assertEquals(List.of(3L, 6L), checkpointSteps());
        assertEquals(uninterrupted.losses.subList(0, 7), crashing.losses);

        RecordingModel resumed = new RecordingModel(0, 0.5);
        TrainResult r = train(resumed, options(20));
        assertEquals(6, r.startStep());
        assertEquals(20, r.globalStep());
        assertEquals(uninterrupted.losses.subList(6, 20), resumed.losses, "same batches, same model state");
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("Resuming from "));
        assertArrayEquals(Checkpoints.read(Checkpoints.path(reference.resolve("train"), 20)).modelState(),
                Checkpoints.read(Checkpoints.path(runDir.resolve("train"), 20)).modelState());
        // the model really learns on these batches
        double early = uninterrupted.losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
        double late = uninterrupted.losses.subList(15, 20).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(late < early * 0.8, early + " -> " + late);

        // metrics.csv: one header, each step once (row 7 of the killed run was dropped and recomputed)
        List<String> lines = Files.readAllLines(runDir.resolve("train/metrics.csv"));
        assertEquals("step,wall_time,loss,perplexity,accuracy,event_accuracy,no_event_accuracy,loss_per_step,"
                + "perplexity_per_step,global_step_sec", lines.get(0));
        assertEquals(1, lines.stream().filter(l -> l.startsWith("step,")).count());
        List<Long> steps = lines.subList(1, lines.size()).stream().map(l -> Long.parseLong(l.split(",")[0])).toList();
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList(), steps);
        assertEquals(uninterrupted.losses.get(12), Double.parseDouble(lines.get(13).split(",")[2]));
    }

    private List<Long> checkpointSteps() throws IOException {
        return Checkpoints.list(runDir.resolve("train")).stream().map(Checkpoints::stepOf).toList();
    }

    @Test
    void keepsOnlyTheNewestCheckpoints() throws IOException {
        train(new RecordingModel(0, 0.5), options(17).withNumCheckpoints(3));
        // every 3 steps: 3 6 9 12 15, then the final one at 17
        assertEquals(List.of(12L, 15L, 17L), checkpointSteps());
        try (Stream<Path> files = Files.list(runDir.resolve("train"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
        Checkpoints.Loaded c = Checkpoints.read(Checkpoints.path(runDir.resolve("train"), 17));
        assertEquals(new CheckpointHeader("basic_rnn", "batch_size=4,learning_rate=0.5", 5, 4, 17,
                new DataPosition(11, 5, 3)), c.header()); // 17 * 4 = 68 examples = 5 epochs of 13 + 3
    }

    @Test
    void corruptCheckpointIsReported() throws IOException {
        train(new RecordingModel(0, 0.5), options(2));
        Path ckpt = Checkpoints.path(runDir.resolve("train"), 2);
        byte[] bytes = Files.readAllBytes(ckpt);
        bytes[bytes.length - 10] ^= 1;
        Files.write(ckpt, bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> train(new RecordingModel(0, 0.5), options(4)));
        assertTrue(e.getMessage().contains("CRC mismatch") && e.getMessage().contains(ckpt.getFileName().toString()),
                e.getMessage());
    }

    @Test
    void resumingWithAnotherConfigOrHparamsIsRefusedButReorderedHparamsAreFine() throws IOException {
        train(new RecordingModel(0, 0.5), options(2));
        TrainOptions o = options(4);
        TrainOptions otherConfig = new TrainOptions("lookback_rnn", o.hparams(), 4, o.noEventLabel(),
                data, runDir, 4, 1, 10, 3, 11, 5, MetricCounts.EVERY_LABEL, null);
        BadInputException e = assertThrows(BadInputException.class, () -> train(new RecordingModel(0, 0.5), otherConfig));
        assertTrue(e.getMessage().contains("with config basic_rnn, not lookback_rnn; pass the original value to "
                + "continue that run, or use a new run_dir to start afresh"), e.getMessage());
        // the CLI spells the same settings as its flags
        String cli = ((BadSettingException) e).messageNaming(f -> "--" + f);
        assertTrue(cli.contains("with --config basic_rnn, not lookback_rnn") && cli.contains("a new --run_dir"), cli);

        TrainOptions otherHparams = new TrainOptions("basic_rnn", "batch_size=4, learning_rate=0.25", 4,
                o.noEventLabel(), data, runDir, 4, 1, 10, 3, 11, 5, MetricCounts.EVERY_LABEL, null);
        e = assertThrows(BadInputException.class, () -> train(new RecordingModel(0, 0.5), otherHparams));
        assertTrue(e.getMessage().contains("learning_rate is 0.5 in the checkpoint but 0.25 now"), e.getMessage());

        TrainOptions reordered = new TrainOptions("basic_rnn", "learning_rate=0.5, batch_size=4", 4,
                o.noEventLabel(), data, runDir, 4, 1, 10, 3, 11, 5, MetricCounts.EVERY_LABEL, null);
        assertEquals(4, train(new RecordingModel(0, 0.5), reordered).globalStep());
    }

    @Test
    void eventFileHoldsVersionThenMagentaTaggedSummaries() throws IOException {
        RecordingModel model = new RecordingModel(0, 0.5);
        train(model, options(10).withSummaryFrequency(5));
        Path eventFile;
        try (Stream<Path> files = Files.list(runDir.resolve("train"))) {
            eventFile = files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).findFirst()
                    .orElseThrow();
        }
        assertTrue(eventFile.getFileName().toString().matches("events\\.out\\.tfevents\\.\\d{10}\\..+"));
        List<Event> events = new ArrayList<>();
        try (TfRecordReader r = TfRecordReader.open(eventFile)) {
            for (byte[] b = r.next(); b != null; b = r.next()) {
                events.add(Event.parseFrom(b));
            }
        }
        assertEquals("brain.Event:2", events.get(0).getFileVersion());
        assertTrue(events.get(0).getWallTime() > 1.6e9);
        assertEquals(SessionLog.SessionStatus.START, events.get(1).getSessionLog().getStatus());
        assertEquals(4, events.size());
        assertEquals(List.of(5L, 10L), events.subList(2, 4).stream().map(Event::getStep).toList());
        Summary s = events.get(3).getSummary();
        assertEquals(List.of("loss", "metrics/perplexity", "metrics/accuracy", "metrics/event_accuracy",
                        "metrics/no_event_accuracy", "metrics/loss_per_step", "metrics/perplexity_per_step",
                        "global_step/sec"),
                s.getValueList().stream().map(Summary.Value::getTag).toList());
        float loss = s.getValue(0).getSimpleValue();
        assertEquals((float) (double) model.losses.get(9), loss);
        assertEquals((float) Math.exp(model.losses.get(9)), s.getValue(1).getSimpleValue(), 1e-5);
        assertEquals(1.0f, s.getValue(7).getSimpleValue(), 1e-6); // the step clock: one step per second
    }

    @Test
    void consoleLinesNameSettingsAsTheFrontEndSpellsThem() throws IOException {
        SettingNames flags = f -> "--" + f;
        new Trainer(new RecordingModel(0, 0.5), options(2), out, flags, new StepClock()).run();
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("Training complete (reached --num_training_steps 2)"),
                console.toString(StandardCharsets.UTF_8));
        console.reset();
        TrainResult again = new Trainer(new RecordingModel(0, 0.5), options(2), out, flags, new StepClock()).run();
        assertEquals(0, again.stepsRun());
        assertEquals("Already at global step 2 (--num_training_steps 2); nothing to train.",
                console.toString(StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void consoleShowsMagentaLineWithRatesEtaAndFinalSummary() throws IOException {
        train(new RecordingModel(0, 0.5), options(20).withSummaryFrequency(10));
        String text = console.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("(?s).*Global Step: 10 - Loss: \\d+\\.\\d{3} - Perplexity: \\d+\\.\\d{3} - "
                + "Accuracy: \\d\\.\\d{3} - 1\\.00 steps/s - 4\\.0 examples/s - ETA 0:00:10\n.*"), text);
        assertTrue(text.contains("Training complete (reached num_training_steps 20): 20 steps to global step 20"), text);
        // before the first summary, the first step's time gives an estimate (the step clock: 1 s per step)
        assertTrue(text.contains("Starting training loop at global step 0...\nFirst step: 1.0 s; 19 steps to go, "
                + "about 0:00:19 at that rate (ETA; warm-up makes the first step slower); the summary every 10 steps "
                + "updates the rate.\nGlobal Step: 10"), text);
        assertTrue(text.contains("latest model.ckpt-20.mjckpt, keeping 10"), text);
    }

    @Test
    void stopRequestEndsAnOpenEndedRunWithACheckpoint() throws IOException {
        RecordingModel model = new RecordingModel(0, 0.5);
        Trainer trainer = new Trainer(model, options(0).withCheckpointEverySeconds(1000), out, new StepClock());
        model.afterStep = () -> {
            if (model.losses.size() == 5) {
                trainer.requestStop();
            }
        };
        TrainResult r = trainer.run();
        assertEquals(5, r.globalStep());
        assertEquals(List.of(5L), checkpointSteps());
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("stop requested"));
    }

    @Test
    void nanLossStopsWithAClearMessage() throws IOException {
        List<SequenceExamples.Encoded> melodies = new ArrayList<>(Melodies.range(8));
        melodies.replaceAll(m -> {
            float[][] in = m.inputs();
            in[0][0] = Float.NaN;
            return m;
        });
        Melodies.write(data, melodies);
        NanLossException e = assertThrows(NanLossException.class, () -> train(new RecordingModel(0, 0.5), options(5)));
        assertEquals(1, e.step());
        assertTrue(e.getMessage().contains("loss became NaN at global step 1") && e.getMessage().contains("learning_rate"),
                e.getMessage());
        assertEquals(List.of(), checkpointSteps(), "no checkpoint of a diverged model");
    }

    @Test
    void metricCountsFollowMagentaDefinitions() {
        // labels: seq0 = [1, 2], seq1 = [0, 1, 3]; no-event label 1
        Batch b = new Batch(2, 3, 1, new float[6], new int[]{1, 2, 0, 0, 1, 3}, new int[]{2, 3});
        int[] predictions = {1, 0, 3, 0, 2, 3}; // hits: (0,0) (1,0) (1,2); (0,2) is padding
        Metrics m = new MetricCounts(1, 4).add(b, new StepResult(10.0, predictions)).metrics();
        assertEquals(2.0, m.loss(), 1e-12);
        assertEquals(Math.exp(2.0), m.perplexity(), 1e-12);
        assertEquals(3 / 5.0, m.accuracy(), 1e-12);
        assertEquals(2 / 3.0, m.eventAccuracy(), 1e-12); // labels 2, 0, 3: hits on 0 and 3
        assertEquals(1 / 2.0, m.noEventAccuracy(), 1e-12); // labels 1, 1: hit on the first
        assertEquals(m.loss(), m.lossPerStep(), 1e-12);
        assertEquals((1 + 0.5 + 0 + 1) / 4, m.perClassAccuracy(), 1e-12);
    }

    @Test
    void polyphonyLossPerStepCountsOnlyStepEndLabels() {
        // Same batch, step label 1 (as STEP_END is for polyphony): 2 of the 5 labels end a step.
        Batch b = new Batch(2, 3, 1, new float[6], new int[]{1, 2, 0, 0, 1, 3}, new int[]{2, 3});
        MetricCounts counts = new MetricCounts(1, 4, 1).add(b, new StepResult(10.0, new int[6]));
        assertEquals(5, counts.steps());
        assertEquals(2, counts.musicalSteps());
        assertEquals(2.0, counts.metrics().loss(), 1e-12);
        assertEquals(5.0, counts.metrics().lossPerStep(), 1e-12);
        TrainOptions polyphony = options(4).withStepLabel(2);
        assertEquals(2, polyphony.stepLabel());
        assertEquals(2, polyphony.withSeed(9).withShuffleCapacity(3).stepLabel(), "withers keep the step label");
        assertEquals(MetricCounts.EVERY_LABEL, options(4).stepLabel());
    }

    @Test
    void checkpointStateRoundTrips() throws IOException {
        SoftmaxRegressionModel a = new SoftmaxRegressionModel(5, 4, 0.5);
        Batch batch = Batch.of(Melodies.range(4), 5);
        a.trainStep(batch);
        CheckpointHeader h = new CheckpointHeader("c", "x=[1,2],y=3", 5, 4, 1, new DataPosition(9, 0, 4));
        Path file = Checkpoints.save(dir.resolve("ckpts"), h, a, 0);
        Checkpoints.Loaded loaded = Checkpoints.read(file);
        assertEquals(h, loaded.header());
        SoftmaxRegressionModel b = new SoftmaxRegressionModel(5, 4, 0.5);
        b.readState(new ByteArrayInputStream(loaded.modelState()));
        assertEquals(a.trainStep(batch).lossSum(), b.trainStep(batch).lossSum());
    }
}
