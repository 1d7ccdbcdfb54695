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
        // primed at the first batch's key frequencies, four steps start near the base rate, far below the
        // 88 sigmoids of 0.5 (88 ln 2 = 61.0 nats) of zero biases
        double nll = Double.parseDouble(eval.out().lines().filter(l -> l.startsWith("frame_nll:")).findFirst()
                .orElseThrow().split("\\s+")[1]);
        assertTrue(nll > 0.5 && nll < 15, eval.out());
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

        // the sigmoid model generates: keys drawn independently, one roll per output
        Path outDir = work.resolve("generated");
        var gen = Cli.run("generate", "--run_dir", run.toString(), "--output_dir", outDir.toString(),
                "--primer_pitches", "[60, 64, 67]", "--num_steps", "16", "--num_outputs", "1", "--seed", "1");
        assertEquals(0, gen.code(), gen.err());
        assertTrue(gen.err().contains("generating 1 piano roll of 16 steps with "), gen.err());
        assertEquals(1, Files.list(outDir).filter(f -> f.toString().endsWith(".mid")).count());
    }

    /**
     * pianoroll_rnn_nade end to end: train, evaluate, bundle, and generate from each primer kind, reproducibly,
     * with a beam; the mistakes are one line each.
     */
    @Test
    void nadeTrainsEvaluatesAndGenerates() throws IOException {
        Path ds = work.resolve("ds-nade");
        var r = Cli.run("create-dataset", "--config", "pianoroll_rnn_nade", "--input", ns.toString(), "--output_dir",
                ds.toString(), "--eval_ratio", "0", "--transposition_range", "0,0", "--min_steps", "16",
                "--steps_per_quarter", "1");
        assertEquals(0, r.code(), r.err());
        Path data = ds.resolve("training_pianoroll_tracks.tfrecord");
        Path run = work.resolve("run-nade");
        var train = Cli.run("train", "--config", "pianoroll_rnn_nade", "--run_dir", run.toString(),
                "--sequence_example_file", data.toString(),
                "--hparams", "batch_size=2,rnn_layer_sizes=[8],nade_hidden_units=6", "--num_training_steps", "3");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.err().contains("nade_hidden_units=6"), train.err());
        var eval = Cli.run("evaluate", "--run_dir", run.toString(), "--sequence_example_file", data.toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("(pianoroll_rnn_nade)") && eval.out().contains("frame_nll: ")
                && eval.out().contains("frame_accuracy: "), eval.out());
        Path bundle = work.resolve("nade.mag");
        assertEquals(0, Cli.run("save-bundle", "--config", "pianoroll_rnn_nade", "--run_dir", run.toString(),
                "--bundle_file", bundle.toString()).code());
        var inspect = Cli.run("inspect", bundle.toString());
        assertTrue(inspect.out().contains("NADE of 6 hidden units"), inspect.out());
        assertTrue(inspect.out().contains("nade/w_dec_t"), inspect.out());

        Path a = work.resolve("gen-a");
        Path b = work.resolve("gen-b");
        for (Path out : List.of(a, b)) {
            var gen = Cli.run("generate", "--bundle_file", bundle.toString(), "--output_dir", out.toString(),
                    "--primer_pianoroll", "[(60, 64, 67), (), (62,)]", "--num_steps", "12", "--num_outputs", "2",
                    "--seed", "3", "--beam_size", "2", "--branch_factor", "2", "--plot");
            assertEquals(0, gen.code(), gen.err());
            // the dataset was made at quarter notes and the bundle records it: the roll primer counts quarters too
            assertTrue(gen.err().contains("1 step per quarter note"), gen.err());
        }
        List<Path> first = Files.list(a).filter(f -> f.toString().endsWith(".mid")).sorted().toList();
        List<Path> second = Files.list(b).filter(f -> f.toString().endsWith(".mid")).sorted().toList();
        assertEquals(2, first.size());
        assertEquals(2, Files.list(a).filter(f -> f.toString().endsWith(".html")).count());
        for (int i = 0; i < 2; i++) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(first.get(i)), Files.readAllBytes(second.get(i))),
                    "the same seed writes the same roll");
        }
        // the primer roll comes first: the C major chord on step 0, at 120 qpm a quarter (0.5 s) per step
        var sequence = org.magentajava.midi.MidiIo.read(first.get(0));
        List<Integer> atZero = sequence.getNotesList().stream().filter(n -> n.getStartTime() == 0)
                .map(n -> n.getPitch()).sorted().toList();
        assertEquals(List.of(60, 64, 67), atZero);
        assertTrue(sequence.getNotesList().stream().anyMatch(n -> n.getPitch() == 62
                && Math.abs(n.getStartTime() - 1.0) < 1e-6), "the primer's third step");
        assertTrue(sequence.getTotalTime() <= 12 * 0.5 + 1e-6, "12 steps at most: " + sequence.getTotalTime());

        for (String[] primer : List.of(new String[] {"--primer_pitches", "[60, 64, 67]"},
                new String[] {"--primer_midi", "../shared/data/nottingham/hpps37.mid", "--primer_bars", "1"},
                new String[] {"--primer_melody", "[60, -2, 62]"})) {
            List<String> args = new java.util.ArrayList<>(List.of("generate", "--bundle_file", bundle.toString(),
                    "--output_dir", work.resolve("gen-" + primer[0].substring(2)).toString(), "--num_steps", "40",
                    "--num_outputs", "1", "--seed", "5"));
            args.addAll(List.of(primer));
            var gen = Cli.run(args.toArray(String[]::new));
            assertEquals(0, gen.code(), primer[0] + ": " + gen.err());
        }

        var badRoll = Cli.run("generate", "--bundle_file", bundle.toString(), "--primer_pianoroll", "[(60,), (6x)]",
                "--output_dir", work.resolve("none").toString());
        assertEquals(ExitCodes.BAD_INPUT, badRoll.code());
        assertTrue(badRoll.err().contains("--primer_pianoroll: 'x' at position 11"), badRoll.err());
        var polyOnly = Cli.run("generate", "--bundle_file", bundle.toString(), "--condition_on_primer",
                "--output_dir", work.resolve("none").toString());
        assertEquals(ExitCodes.BAD_INPUT, polyOnly.code());
        assertTrue(polyOnly.err().contains("--condition_on_primer needs a polyphony_rnn model"), polyOnly.err());
        var two = Cli.run("generate", "--bundle_file", bundle.toString(), "--primer_pitches", "[60]",
                "--primer_pianoroll", "[(60,)]", "--output_dir", work.resolve("none").toString());
        assertEquals(ExitCodes.USAGE, two.code(), "two primers are a flag mistake (an exclusive group)");
        assertTrue(two.err().contains("give at most one of --primer_pitches, --primer_pianoroll"), two.err());
        // the shipped bundle is the config's default model
        var shipped = Cli.run("generate", "--config", "pianoroll_rnn_nade", "--primer_pitches", "[67, 64, 60]",
                "--num_steps", "24", "--num_outputs", "1", "--seed", "1", "--output_dir",
                work.resolve("gen-shipped").toString());
        assertEquals(0, shipped.code(), shipped.err());
        assertTrue(shipped.err().contains("bundles/pianoroll_rnn_nade.mag (pianoroll_rnn_nade)"), shipped.err());
        // each config its own shipped bundle; rnn-nade_attn ships none and says so
        var sigmoid = Cli.run("generate", "--config", "pianoroll_rnn", "--primer_pitches", "[67, 64, 60]",
                "--num_steps", "24", "--num_outputs", "1", "--seed", "1", "--output_dir",
                work.resolve("gen-sigmoid").toString());
        assertEquals(0, sigmoid.code(), sigmoid.err());
        assertTrue(sigmoid.err().contains("bundles/pianoroll_rnn.mag (pianoroll_rnn)"), sigmoid.err());
        var other = Cli.run("generate", "--config", "rnn-nade_attn", "--output_dir", work.resolve("none").toString());
        assertEquals(ExitCodes.BAD_INPUT, other.code());
        assertTrue(other.err().contains("rnn-nade_attn ships no bundle"), other.err());
        var width = Cli.run("generate", "--bundle_file", bundle.toString(), "--hparams", "nade_hidden_units=7",
                "--output_dir", work.resolve("none").toString());
        assertEquals(ExitCodes.BAD_INPUT, width.code());
        assertTrue(width.err().contains("which has rnn_layer_sizes=[8], attn_length=0, residual_connections=false, "
                + "nade_hidden_units=6"), width.err());
        assertTrue(!Files.exists(work.resolve("none")));
    }
}
