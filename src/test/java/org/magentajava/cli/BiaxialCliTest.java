package org.magentajava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.midi.MidiIo;
import org.magentajava.proto.NoteSequence;

/** biaxial_rnn through every command: dataset, train, evaluate, save-bundle, generate, and mistakes. */
class BiaxialCliTest {
    private static final String TINY = "batch_size=2,time_layer_sizes=[8],note_layer_sizes=[4],segment_length=16";
    @TempDir
    static Path work;
    static Path data;
    static Path run;

    @BeforeAll
    static void datasetAndRun() throws IOException {
        Path midi = Files.createDirectories(work.resolve("midi"));
        for (String t : List.of("hpps37.mid", "morris5.mid")) {
            Files.copy(Path.of("../shared/data/nottingham", t), midi.resolve(t));
        }
        Path ns = work.resolve("ns.tfrecord");
        assertEquals(0, Cli.run("convert-dir", "--input_dir", midi.toString(), "--output_file", ns.toString()).code());
        Path ds = work.resolve("ds");
        var r = Cli.run("create-dataset", "--config", "biaxial_rnn", "--input", ns.toString(), "--output_dir",
                ds.toString(), "--eval_ratio", "0", "--transposition_range", "0,1", "--steps_per_quarter", "1",
                "--min_steps", "8");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("wrote 4 training + 0 eval note-state rolls"), r.err());
        assertTrue(r.err().contains("biaxial_rnn, input size 180"), r.err());
        data = ds.resolve("training_note_state_tracks.tfrecord");
        run = work.resolve("run");
        var train = Cli.run("train", "--config", "biaxial_rnn", "--run_dir", run.toString(),
                "--sequence_example_file", data.toString(), "--hparams", TINY, "--num_training_steps", "3",
                "--summary_frequency", "3");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.err().contains("training biaxial_rnn with batch_size=2,time_layer_sizes=[8],"
                + "note_layer_sizes=[4],dropout_keep_prob=0.5"), train.err());
        assertTrue(train.err().contains("Global Step: 3 - Loss: "), train.err());
        assertTrue(train.err().contains("Last step: frame_nll "), train.err());
    }

    @Test
    void evaluatePrintsFrameAndArticulationFigures() {
        var eval = Cli.run("evaluate", "--run_dir", run.toString(), "--sequence_example_file", data.toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("(biaxial_rnn)"), eval.out());
        assertTrue(eval.out().contains("(4 note-state rolls, "), eval.out());
        double frame = figure(eval.out(), "frame_nll:");
        double articulation = figure(eval.out(), "articulation_nll:");
        // primed at the first batch's play rate, three steps start near the keys' base rate, far below the
        // 88 coin flips (88 ln 2 = 61.0 nats) of zero biases
        assertTrue(frame > 1 && frame < 20, eval.out());
        assertTrue(articulation > 0 && articulation < 10, eval.out());
        assertTrue(eval.out().contains("frame_accuracy:"), eval.out());
        var once = Cli.run("train", "--config", "biaxial_rnn", "--run_dir", run.toString(), "--sequence_example_file",
                data.toString(), "--eval_once", "--hparams", TINY);
        assertEquals(0, once.code(), once.err());
        assertTrue(once.err().contains(String.format(java.util.Locale.ROOT, "frame_nll: %.4f", frame)), once.err());
    }

    @Test
    void bundleGeneratesPiecesWithThePrimerKept() throws IOException {
        Path bundle = work.resolve("biaxial.mag");
        var save = Cli.run("save-bundle", "--config", "biaxial_rnn", "--run_dir", run.toString(), "--bundle_file",
                bundle.toString());
        assertEquals(0, save.code(), save.err());
        Path out = work.resolve("gen");
        var inspect = Cli.run("inspect", bundle.toString());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("config:        biaxial_rnn"), inspect.out());
        assertTrue(inspect.out().contains("hparams:       batch_size=2,time_layer_sizes=[8],note_layer_sizes=[4]"),
                inspect.out());
        // the dataset was made at quarter notes: the bundle says so, and generates at that rate
        assertTrue(inspect.out().contains("frame rate:    1 per quarter note (recorded at training"), inspect.out());
        var gen = Cli.run("generate", "--bundle_file", bundle.toString(), "--num_outputs", "2", "--num_steps", "16",
                "--primer_pitches", "[60, 64, 67]", "--seed", "5", "--output_dir", out.toString(), "--temperature",
                "0.5");
        assertEquals(0, gen.code(), gen.err());
        assertTrue(gen.err().contains("generating 2 pieces of 16 steps (1 per quarter)"), gen.err());
        List<Path> mids;
        try (Stream<Path> s = Files.list(out)) {
            mids = s.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        }
        assertEquals(2, mids.size());
        NoteSequence first = MidiIo.read(mids.get(0));
        // the chord primer opens the piece: C, E and G struck together at 0
        assertEquals(List.of(60, 64, 67), first.getNotesList().stream().filter(n -> n.getStartTime() == 0)
                .map(NoteSequence.Note::getPitch).sorted().toList());
        var again = Cli.run("generate", "--bundle_file", bundle.toString(), "--num_outputs", "1", "--num_steps", "16",
                "--primer_pitches", "[60, 64, 67]", "--seed", "5", "--output_dir", work.resolve("gen2").toString(),
                "--temperature", "0.5");
        assertEquals(0, again.code(), again.err());
        String firstLine = gen.err().lines().filter(l -> l.startsWith("wrote")).findFirst().orElseThrow();
        String againLine = again.err().lines().filter(l -> l.startsWith("wrote")).findFirst().orElseThrow();
        // the same seed gives the same piece
        assertEquals(firstLine.substring(firstLine.indexOf('(')).replaceAll(", [0-9.]+ s\\)", ")"),
                againLine.substring(againLine.indexOf('(')).replaceAll(", [0-9.]+ s\\)", ")"));
    }

    @Test
    void mistakesAreOneLine() {
        var melodyPrimer = Cli.run("generate", "--run_dir", run.toString(), "--primer_melody", "[60]");
        assertEquals(ExitCodes.BAD_INPUT, melodyPrimer.code());
        assertTrue(melodyPrimer.err().contains("biaxial_rnn samples note by note"), melodyPrimer.err());
        // the config alone uses the shipped bundle, at the quarter-note frames it was trained on
        var shipped = Cli.run("generate", "--config", "biaxial_rnn", "--num_steps", "6", "--num_outputs", "1",
                "--output_dir", work.resolve("shipped").toString());
        assertEquals(0, shipped.code(), shipped.err());
        assertTrue(shipped.err().contains("biaxial_rnn.mag") && shipped.err().contains("(1 per quarter)"),
                shipped.err());
        var longPrimer = Cli.run("generate", "--run_dir", run.toString(), "--primer_pitches", "[60]",
                "--num_steps", "2", "--steps_per_quarter", "4");
        assertEquals(ExitCodes.BAD_INPUT, longPrimer.code());
        assertTrue(longPrimer.err().contains("the primer is 4 steps long, more than --num_steps 2"), longPrimer.err());
        var hparams = Cli.run("train", "--config", "biaxial_rnn", "--run_dir", work.resolve("r2").toString(),
                "--sequence_example_file", data.toString(), "--hparams", "rnn_layer_sizes=[8]");
        assertEquals(ExitCodes.BAD_INPUT, hparams.code());
        assertTrue(hparams.err().contains("unknown hparam 'rnn_layer_sizes' for biaxial_rnn; valid keys: batch_size, "
                + "time_layer_sizes"), hparams.err());
        var otherConfig = Cli.run("save-bundle", "--config", "attention_rnn", "--run_dir", run.toString(),
                "--bundle_file", work.resolve("x.mag").toString());
        assertEquals(ExitCodes.BAD_INPUT, otherConfig.code());
        assertTrue(otherConfig.err().contains("was trained with --config biaxial_rnn, not attention_rnn"),
                otherConfig.err());
    }

    private static double figure(String out, String name) {
        return Double.parseDouble(out.lines().filter(l -> l.startsWith(name)).findFirst().orElseThrow()
                .split("\\s+")[1]);
    }
}
