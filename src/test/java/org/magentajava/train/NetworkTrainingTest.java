package org.magentajava.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordWriter;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.melodyrnn.MelodyDatasetPipeline;
import org.magentajava.midi.MidiIo;
import org.magentajava.model.HParams;
import org.magentajava.models.melodyrnn.MelodyRnn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real LSTM network trained by the real training job on melodies from the Nottingham corpus. */
class NetworkTrainingTest {
    static final ModelConfig CONFIG = MelodyRnn.LOOKBACK_RNN;
    static final String TINY = "batch_size=2,rnn_layer_sizes=[24],dropout_keep_prob=1.0,learning_rate=0.01";

    @TempDir
    static Path dir;
    static Path examples;

    @BeforeAll
    static void writeMelodies() throws IOException {
        examples = dir.resolve("training_melodies.tfrecord");
        int count = 0;
        try (OutputStream os = Files.newOutputStream(examples); TfRecordWriter w = new TfRecordWriter(os)) {
            for (String tune : List.of("ashover1.mid", "jigs10.mid")) {
                var r = MelodyDatasetPipeline.process(MidiIo.read(Path.of("../shared/data/nottingham", tune)), CONFIG);
                for (var m : r.melodies()) {
                    // The first 64 steps keep the test fast; the whole tunes would only take longer.
                    int n = Math.min(64, m.labels().length);
                    w.write(SequenceExamples.serialize(java.util.Arrays.copyOf(m.inputs(), n),
                            java.util.Arrays.copyOf(m.labels(), n)));
                    count++;
                }
            }
        }
        assertTrue(count >= 2, "need at least one batch of melodies, got " + count);
    }

    static NetworkModel model(long seed) {
        EncoderDecoder enc = CONFIG.encoderDecoder();
        return NetworkModel.create(enc.inputSize(), enc.numClasses(), enc.defaultEventLabel(),
                HParams.parse(TINY, CONFIG.hparams()), seed);
    }

    static TrainOptions options(Path runDir, long steps) {
        HParams hp = HParams.parse(TINY, CONFIG.hparams());
        return TrainOptions.of(CONFIG.name(), hp.toString(), hp.batchSize(), CONFIG.encoderDecoder().defaultEventLabel(),
                examples, runDir).withNumTrainingSteps(steps).withSummaryFrequency(5).withCheckpointEverySeconds(0)
                .withSeed(4);
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    @Test
    void aTinyModelOverfitsAHandfulOfMelodies() throws IOException {
        NetworkModel m = model(1);
        TrainResult first = new Trainer(m, options(dir.resolve("fit"), 1), quiet()).run();
        double initial = first.lastMetrics().loss();
        TrainResult last = new Trainer(m, options(dir.resolve("fit"), 150), quiet()).run();
        assertEquals(150, last.globalStep());
        assertTrue(last.lastMetrics().loss() < 0.5 * initial,
                "loss " + last.lastMetrics().loss() + " should fall well below the initial " + initial);
        assertTrue(last.lastMetrics().accuracy() > 0.6, "accuracy " + last.lastMetrics().accuracy());
    }

    @Test
    void killedRunResumesAtTheCheckpointStepWithTheSameLosses(@TempDir Path runs) throws IOException {
        // Uninterrupted: 12 steps.
        TrainResult straight = new Trainer(model(7), options(runs.resolve("a"), 12), quiet()).run();
        // Interrupted after 8 steps (the process ends; only the checkpoint survives), then restarted.
        new Trainer(model(7), options(runs.resolve("b"), 8), quiet()).run();
        TrainResult resumed = new Trainer(model(99), options(runs.resolve("b"), 12), quiet()).run();
        assertEquals(8, resumed.startStep(), "continues from the last checkpoint");
        assertEquals(12, resumed.globalStep());
        assertEquals(straight.lastMetrics().loss(), resumed.lastMetrics().loss(), 1e-6,
                "weights, Adam state and data order all restored");
    }
}
