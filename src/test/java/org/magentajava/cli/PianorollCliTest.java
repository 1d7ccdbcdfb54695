package org.magentajava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordReader;
import org.magentajava.proto.tf.SequenceExample;

/** pianoroll_rnn through the CLI: the dataset with Magenta's names and flags, and mistakes. */
class PianorollCliTest {
    @TempDir
    static Path work;
    static Path ns;

    @BeforeAll
    static void convertTwoTunes() throws IOException {
        Path midi = Files.createDirectories(work.resolve("midi"));
        for (String t : List.of("hpps37.mid", "morris5.mid")) {
            Files.copy(Path.of("../shared/data/nottingham", t), midi.resolve(t));
        }
        ns = work.resolve("ns.tfrecord");
        assertEquals(0, Cli.run("convert-dir", "--input_dir", midi.toString(), "--output_file", ns.toString()).code());
    }

    private static List<SequenceExamples.Encoded> read(Path file) throws IOException {
        List<SequenceExamples.Encoded> out = new java.util.ArrayList<>();
        try (TfRecordReader r = TfRecordReader.open(file)) {
            for (byte[] rec = r.next(); rec != null; rec = r.next()) {
                out.add(SequenceExamples.decode(SequenceExample.parseFrom(rec)));
            }
        }
        return out;
    }

    @Test
    void datasetHoldsOneMultiHotRollPerTransposition() throws IOException {
        Path out = work.resolve("ds");
        var r = Cli.run("create-dataset", "--config", "pianoroll_rnn", "--input", ns.toString(), "--output_dir",
                out.toString(), "--eval_ratio", "0", "--transposition_range", "-1,1", "--steps_per_quarter", "1",
                "--min_steps", "8");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("wrote 6 training + 0 eval piano rolls"), r.err());
        assertTrue(r.err().contains("input size 88, 88 keys"), r.err());
        assertTrue(r.err().contains("TranspositionPipeline_training_transpositions_generated: 6"), r.err());
        List<SequenceExamples.Encoded> rolls = read(out.resolve("training_pianoroll_tracks.tfrecord"));
        assertEquals(6, rolls.size());
        for (SequenceExamples.Encoded e : rolls) {
            assertTrue(e.isMultiHot());
            assertEquals(88, e.targetWidth());
            assertEquals(88, e.inputSize());
            for (int t = 1; t < e.length(); t++) {
                for (int k = 0; k < 88; k++) {
                    assertEquals(e.targets()[t - 1][k] ? 1f : 0f, e.inputs()[t][k], "input is the previous step");
                }
            }
        }
        // the same tune one semitone apart: the keys shift by one
        SequenceExamples.Encoded down = rolls.get(0);
        SequenceExamples.Encoded same = rolls.get(1);
        assertEquals(down.length(), same.length());
        for (int k = 1; k < 88; k++) {
            assertEquals(down.targets()[3][k - 1], same.targets()[3][k]);
        }
        assertTrue(Files.exists(out.resolve("eval_pianoroll_tracks.tfrecord")));
    }

    @Test
    void flagsOfOtherConfigsAreRefused() {
        var melodyFlag = Cli.run("create-dataset", "--config", "pianoroll_rnn", "--input", ns.toString(),
                "--output_dir", work.resolve("x").toString(), "--min_bars", "3");
        assertEquals(ExitCodes.USAGE, melodyFlag.code());
        assertTrue(melodyFlag.err().contains("--min_bars does not apply to --config pianoroll_rnn"), melodyFlag.err());
        var rollFlag = Cli.run("create-dataset", "--config", "basic_rnn", "--input", ns.toString(),
                "--output_dir", work.resolve("y").toString(), "--min_steps", "3");
        assertEquals(ExitCodes.USAGE, rollFlag.code());
        assertTrue(rollFlag.err().contains("--min_steps does not apply to --config basic_rnn"), rollFlag.err());
        var range = Cli.run("create-dataset", "--config", "pianoroll_rnn", "--input", ns.toString(),
                "--output_dir", work.resolve("z").toString(), "--transposition_range", "4");
        assertEquals(ExitCodes.USAGE, range.code());
        assertTrue(range.err().contains("--transposition_range must be LO,HI"), range.err());
        var reversed = Cli.run("create-dataset", "--config", "pianoroll_rnn", "--input", ns.toString(),
                "--output_dir", work.resolve("w").toString(), "--transposition_range", "2,-2");
        assertEquals(ExitCodes.BAD_INPUT, reversed.code());
        assertTrue(reversed.err().contains("transposition range must be LO,HI"), reversed.err());
    }

    @Test
    void trainAndEvaluateReportFrameFigures() throws IOException {
        Path ds = work.resolve("ds-e2e");
        var r = Cli.run("create-dataset", "--config", "pianoroll_rnn", "--input", ns.toString(), "--output_dir",
                ds.toString(), "--eval_ratio", "0", "--transposition_range", "0,0", "--min_steps", "16");
        assertEquals(0, r.code(), r.err());
        Path data = ds.resolve("training_pianoroll_tracks.tfrecord");
        Path run = work.resolve("run");
        var train = Cli.run("train", "--config", "pianoroll_rnn", "--run_dir", run.toString(),
                "--sequence_example_file", data.toString(), "--hparams", "batch_size=2,rnn_layer_sizes=[8]",
                "--num_training_steps", "4", "--summary_frequency", "2");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.err().contains("Global Step: 4 - Loss: "), train.err());
        assertTrue(train.err().contains(" - Frame Accuracy: "), train.err());
        assertTrue(train.err().contains("Last step: frame_nll "), train.err());
        assertTrue(!train.err().contains("perplexity"), train.err());
        assertTrue(Files.readAllLines(run.resolve("train/metrics.csv")).get(0).contains("frame_nll,frame_accuracy"));

        var eval = Cli.run("evaluate", "--run_dir", run.toString(), "--sequence_example_file", data.toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("(2 piano rolls, "), eval.out());
        // four steps from 88 sigmoids of 0.5 (88 ln 2 = 61.0 nats) cannot get far
        double nll = Double.parseDouble(eval.out().lines().filter(l -> l.startsWith("frame_nll:")).findFirst()
                .orElseThrow().split("\\s+")[1]);
        assertTrue(nll > 30 && nll < 61, eval.out());
        assertTrue(eval.out().contains("frame_accuracy:"), eval.out());

        var wrong = Cli.run("evaluate", "--run_dir", run.toString(), "--config", "basic_rnn",
                "--sequence_example_file", data.toString());
        assertEquals(ExitCodes.BAD_INPUT, wrong.code());
        assertTrue(wrong.err().contains("holds a pianoroll_rnn model, but --config is basic_rnn"), wrong.err());
        var melodyData = Cli.run("train", "--config", "basic_rnn", "--run_dir", work.resolve("run2").toString(),
                "--sequence_example_file", data.toString(), "--num_training_steps", "1");
        assertEquals(ExitCodes.BAD_INPUT, melodyData.code());

        // a bundle holds the sigmoid network and evaluates to the same figures as the run
        Path bundle = work.resolve("roll.mag");
        var save = Cli.run("save-bundle", "--config", "pianoroll_rnn", "--run_dir", run.toString(), "--bundle_file",
                bundle.toString());
        assertEquals(0, save.code(), save.err());
        var fromBundle = Cli.run("evaluate", "--bundle_file", bundle.toString(), "--sequence_example_file",
                data.toString());
        assertEquals(0, fromBundle.code(), fromBundle.err());
        assertEquals(eval.out().lines().filter(l -> l.startsWith("frame_")).toList(),
                fromBundle.out().lines().filter(l -> l.startsWith("frame_")).toList());

        // no generator yet: one line, exit 2, nothing written, whether the config or a run names the model
        Path outDir = work.resolve("generated");
        for (var gen : List.of(
                Cli.run("generate", "--run_dir", run.toString(), "--output_dir", outDir.toString()),
                Cli.run("generate", "--config", "pianoroll_rnn", "--output_dir", outDir.toString()),
                Cli.run("generate", "--bundle_file", bundle.toString(), "--output_dir", outDir.toString()))) {
            assertEquals(ExitCodes.BAD_INPUT, gen.code(), gen.err());
            assertEquals("pianoroll_rnn generation is not built yet", gen.err().strip().lines().reduce((x, y) -> y)
                    .orElseThrow().replaceFirst("^[^:]*: ", ""), gen.err());
        }
        assertTrue(!Files.exists(outDir));
    }
}
