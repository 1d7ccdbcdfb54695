package org.magentajava.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.io.BadInputException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BestCheckpointTest {
    @TempDir
    Path dir;

    static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void keepsTheLowestEventNllAndOneCopy() throws IOException {
        Path train = Files.createDirectories(dir.resolve("train"));
        Path eval = dir.resolve("eval.tfrecord");
        assertTrue(BestCheckpoint.offer(train, 5, new byte[] {5}, 1.0, eval).isPresent());
        assertTrue(BestCheckpoint.offer(train, 10, new byte[] {10}, 0.9, eval).isPresent());
        assertTrue(BestCheckpoint.offer(train, 15, new byte[] {15}, 0.95, eval).isEmpty());
        assertTrue(BestCheckpoint.offer(train, 20, new byte[] {20}, 0.9, eval).isEmpty()); // a tie keeps the older
        assertTrue(BestCheckpoint.offer(train, 25, new byte[] {25}, Double.NaN, eval).isEmpty());
        BestCheckpoint.Best best = BestCheckpoint.read(train).orElseThrow();
        assertEquals(10, best.globalStep());
        assertEquals(0.9, best.eventNll());
        assertArrayEquals(new byte[] {10}, Files.readAllBytes(best.checkpoint()));
        assertEquals(List.of("best.txt", "model.ckpt-10.mjckpt"), names(train.resolve("best")));
        assertEquals("model.ckpt-10.mjckpt\t0.9\t" + eval + "\n", Files.readString(train.resolve("best/best.txt")));
    }

    @Test
    void checkpointRotationNeverDeletesTheBest() throws IOException {
        Path runDir = dir.resolve("run");
        Path train = Melodies.write(dir.resolve("t.tfrecord"), Melodies.range(13));
        List<EvalResult> results;
        // every step a checkpoint, two kept; the eval file is the training file
        TrainOptions o = TrainOptions.of("basic_rnn", "batch_size=3", 3, Melodies.NO_EVENT, train, runDir)
                .withNumTrainingSteps(2).withCheckpointEverySeconds(1e9).withNumCheckpoints(2);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        SoftmaxRegressionModel model = new SoftmaxRegressionModel(Melodies.INPUT_SIZE, Melodies.NUM_CLASSES, 0.5);
        new Trainer(model, o, quiet).run();
        EvalOptions eo = EvalOptions.of("basic_rnn", "batch_size=3", 3, Melodies.NO_EVENT, train, runDir);
        try (Evaluator ev = new Evaluator(new SoftmaxRegressionModel(Melodies.INPUT_SIZE, Melodies.NUM_CLASSES, 0.5),
                eo, quiet)) {
            ev.evaluateLatest();
            for (long steps = 4; steps <= 8; steps += 2) {
                new Trainer(model, o.withNumTrainingSteps(steps), quiet).run();
                ev.evaluateLatest();
            }
        }
        BestCheckpoint.Best best = BestCheckpoint.read(runDir.resolve("train")).orElseThrow();
        List<String> rows = Files.readAllLines(runDir.resolve("eval/metrics.csv"));
        double lowest = Double.POSITIVE_INFINITY;
        long lowestStep = -1;
        for (String row : rows.subList(1, rows.size())) {
            double nll = Double.parseDouble(row.split(",")[10]);
            if (nll < lowest) {
                lowest = nll;
                lowestStep = Long.parseLong(row.split(",")[0]);
            }
        }
        assertEquals(4, rows.size() - 1);
        assertEquals(lowestStep, best.globalStep());
        assertEquals(lowest, best.eventNll());
        assertTrue(Files.exists(best.checkpoint()));
        assertEquals(2, Checkpoints.list(runDir.resolve("train")).size());
    }

    @Test
    void aBrokenMarkerIsAClearError() throws IOException {
        Path train = Files.createDirectories(dir.resolve("train/best")).getParent();
        Files.writeString(train.resolve("best/best.txt"), "model.ckpt-3.mjckpt\t0.5\n");
        BadInputException e = assertThrows(BadInputException.class, () -> BestCheckpoint.read(train));
        assertTrue(e.getMessage().contains("does not name a checkpoint"), e.getMessage());
    }
}
