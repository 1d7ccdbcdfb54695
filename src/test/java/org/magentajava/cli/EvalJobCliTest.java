package org.magentajava.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's eval job on a dataset smaller than the batch, with an eval-time batch_size, and what it keeps:
 * event_nll in every report, and the best checkpoint for evaluate and save-bundle.
 */
class EvalJobCliTest {
    static final String TINY = "batch_size=2,rnn_layer_sizes=[16],attn_length=4";

    @TempDir
    static Path work;
    static Path run;
    static Path data;

    @BeforeAll
    static void trainATinyRun() throws IOException {
        Path midi = Files.createDirectories(work.resolve("midi"));
        for (String t : List.of("ashover1.mid", "ashover2.mid", "jigs10.mid")) {
            Files.copy(Path.of("../shared/data/nottingham", t), midi.resolve(t));
        }
        Path ns = work.resolve("ns.tfrecord");
        assertEquals(0, Cli.run("convert-dir", "--input_dir", midi.toString(), "--output_file", ns.toString()).code());
        assertEquals(0, Cli.run("create-dataset", "--config", "attention_rnn", "--input", ns.toString(), "--output_dir",
                work.resolve("ds").toString(), "--eval_ratio", "0").code());
        data = work.resolve("ds/training_melodies.tfrecord");
        run = work.resolve("run");
        var train = Cli.run("train", "--config", "attention_rnn", "--run_dir", run.toString(),
                "--sequence_example_file", data.toString(), "--hparams", TINY, "--num_training_steps", "2",
                "--checkpoint_every_seconds", "1e9");
        assertEquals(0, train.code(), train.err());
    }

    static double eventNll(String text) {
        Matcher m = Pattern.compile("event_nll: +([0-9.]+)").matcher(text);
        assertTrue(m.find(), text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void evalOnceWithALargerEvalBatchPrintsOnceAndAddsOneRow() throws IOException {
        // a handful of melodies, batch 64: fewer records than the batch, and a batch_size the run did not use
        var once = Cli.run("train", "--config", "attention_rnn", "--run_dir", run.toString(), "--sequence_example_file",
                data.toString(), "--hparams", "batch_size=64,rnn_layer_sizes=[16],attn_length=4", "--eval_once");
        assertEquals(0, once.code(), once.err());
        assertEquals(1, once.err().split("Global Step: 2", -1).length - 1, once.err());
        assertTrue(once.err().contains(" - event_nll: "), once.err());
        assertTrue(once.err().contains("best so far, kept as " + run.resolve("train/best/model.ckpt-2.mjckpt")),
                once.err());
        List<String> rows = Files.readAllLines(run.resolve("eval/metrics.csv"));
        assertEquals(2, rows.size(), rows.toString());

        // evaluate on the best checkpoint reports the same event NLL
        var eval = Cli.run("evaluate", "--run_dir", run.toString(), "--checkpoint", "best", "--sequence_example_file",
                data.toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains(run.resolve("train/best/model.ckpt-2.mjckpt").toString()), eval.out());
        assertEquals(eventNll(once.err()), eventNll(eval.out()), 1e-4);
        String csvNll = rows.get(1).split(",")[10];
        assertEquals(String.format(Locale.ROOT, "%.4f", Double.parseDouble(csvNll)),
                String.format(Locale.ROOT, "%.4f", eventNll(eval.out())));

        var save = Cli.run("save-bundle", "--config", "attention_rnn", "--run_dir", run.toString(), "--checkpoint",
                "best", "--bundle_file", work.resolve("best.mag").toString());
        assertEquals(0, save.code(), save.err());
        assertTrue(save.err().contains("global step 2 from " + run.resolve("train/best/model.ckpt-2.mjckpt")),
                save.err());
        var fromBundle = Cli.run("evaluate", "--bundle_file", work.resolve("best.mag").toString(),
                "--sequence_example_file", data.toString());
        assertEquals(eventNll(eval.out()), eventNll(fromBundle.out()), 0);
    }

    @Test
    void aMissingBestOrStepIsOneClearLine() {
        Path other = work.resolve("other");
        var train = Cli.run("train", "--config", "attention_rnn", "--run_dir", other.toString(),
                "--sequence_example_file", data.toString(), "--hparams", TINY, "--num_training_steps", "1");
        assertEquals(0, train.code(), train.err());
        var best = Cli.run("save-bundle", "--config", "attention_rnn", "--run_dir", other.toString(), "--checkpoint",
                "best", "--bundle_file", work.resolve("x.mag").toString());
        assertEquals(ExitCodes.BAD_INPUT, best.code());
        assertTrue(best.err().contains("no best checkpoint recorded yet; run the eval job"), best.err());
        var step = Cli.run("evaluate", "--run_dir", other.toString(), "--checkpoint", "7", "--sequence_example_file",
                data.toString());
        assertEquals(ExitCodes.BAD_INPUT, step.code());
        assertTrue(step.err().contains("no checkpoint at global step 7 (kept: [1])"), step.err());

        // Magenta's generate --save_generator_bundle saves the latest checkpoint as save-bundle does
        Path saved = work.resolve("from-generate.mag");
        var viaGenerate = Cli.run("generate", "--config", "attention_rnn", "--run_dir", other.toString(),
                "--bundle_file", saved.toString(), "--save_generator_bundle", "--bundle_description", "one step");
        assertEquals(0, viaGenerate.code(), viaGenerate.err());
        assertTrue(viaGenerate.err().startsWith("wrote " + saved + " (attention_rnn, global step 1 from "
                + other.resolve("train/model.ckpt-1.mjckpt") + ", "), viaGenerate.err());
        var wrongConfig = Cli.run("generate", "--config", "basic_rnn", "--run_dir", other.toString(),
                "--bundle_file", work.resolve("never.mag").toString(), "--save_generator_bundle");
        assertEquals(ExitCodes.BAD_INPUT, wrongConfig.code());
        assertEquals("error: " + other.resolve("train/model.ckpt-1.mjckpt") + " was trained with --config attention_rnn,"
                + " not basic_rnn", wrongConfig.err().strip());
    }
}
