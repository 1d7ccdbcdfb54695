package org.magentajava.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.midi.MidiIo;
import org.magentajava.proto.NoteSequence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole user journey through the CLI: MIDI folder -> dataset -> training -> bundle -> generated MIDI. */
class EndToEndTest {
    static final String TINY = "batch_size=2,rnn_layer_sizes=[16],attn_length=4";

    @TempDir
    static Path work;
    static Path bundle;

    static Cli.Result run(String... args) {
        return Cli.run(args);
    }

    @BeforeAll
    static void trainATinyBundle() throws IOException {
        Path midi = Files.createDirectories(work.resolve("midi"));
        for (String t : List.of("ashover1.mid", "ashover2.mid", "jigs10.mid", "hpps1.mid")) {
            Files.copy(Path.of("../shared/data/nottingham", t), midi.resolve(t));
        }
        Path ns = work.resolve("ns.tfrecord");
        assertEquals(0, run("convert-dir", "--input_dir", midi.toString(), "--output_file", ns.toString()).code());
        var ds = run("create-dataset", "--config", "attention_rnn", "--input", ns.toString(), "--output_dir",
                work.resolve("ds").toString(), "--eval_ratio", "0");
        assertEquals(0, ds.code(), ds.err());
        // Magenta names statistics <stage>_<mode>_<name>, mode being "training" or "eval"
        assertTrue(ds.err().contains("\nMelodyExtractor_training_melodies_discarded_too_short: "), ds.err());
        assertFalse(ds.err().contains("training_melodies_melodies"), ds.err());
        var train = run("train", "--config", "attention_rnn", "--run_dir", work.resolve("run").toString(),
                "--sequence_example_file", work.resolve("ds/training_melodies.tfrecord").toString(),
                "--hparams", TINY, "--num_training_steps", "3", "--summary_frequency", "1");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.err().contains("Global Step: 3"), train.err());
        bundle = work.resolve("tiny.mag");
        var save = run("save-bundle", "--config", "attention_rnn", "--run_dir", work.resolve("run").toString(),
                "--bundle_file", bundle.toString());
        assertEquals(0, save.code(), save.err());
    }

    static List<Path> mids(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        }
    }

    @Test
    void generatesReproduciblyFromABundle() throws IOException {
        Path a = work.resolve("gen-a");
        Path b = work.resolve("gen-b");
        for (Path out : List.of(a, b)) {
            var r = run("generate", "--bundle_file", bundle.toString(), "--output_dir", out.toString(),
                    "--num_outputs", "2", "--num_steps", "48", "--seed", "17", "--beam_size", "2",
                    "--primer_melody", "[60, -2, 62, -2, 64, -2]");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("log-likelihood"), r.err());
        }
        List<Path> first = mids(a);
        assertEquals(2, first.size());
        assertTrue(first.get(0).getFileName().toString().matches("\\d{4}-\\d\\d-\\d\\d_\\d{6}_1\\.mid"));
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(Files.readAllBytes(first.get(i)), Files.readAllBytes(mids(b).get(i)));
        }
        NoteSequence ns = MidiIo.read(first.get(0));
        assertEquals(60, ns.getNotes(0).getPitch());
        assertEquals(6.0, ns.getTotalTime(), 6.0, "48 steps at 120 qpm is at most 6 s");
    }

    @Test
    void generateFromTheRunDirectoryToo() throws IOException {
        Path out = work.resolve("gen-run");
        var r = run("generate", "--config", "attention_rnn", "--run_dir", work.resolve("run").toString(),
                "--output_dir", out.toString(), "--num_outputs", "1", "--num_steps", "40", "--seed", "1",
                "--primer_midi", "primers/arpeggio.mid");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, mids(out).size());
        // the run's checkpoint and the bundle saved from it are one network: the same music for the same seed
        Path fromBundle = work.resolve("gen-run-bundle");
        var b = run("generate", "--bundle_file", bundle.toString(), "--output_dir", fromBundle.toString(),
                "--num_outputs", "1", "--num_steps", "40", "--seed", "1", "--primer_midi", "primers/arpeggio.mid");
        assertEquals(0, b.code(), b.err());
        assertArrayEquals(Files.readAllBytes(mids(out).get(0)), Files.readAllBytes(mids(fromBundle).get(0)));
    }

    @Test
    void primerBarsCutsAMidiPrimerToItsOpeningBars() throws IOException {
        Path whole = work.resolve("bars-all");
        Path one = work.resolve("bars-1");
        for (Path out : List.of(whole, one)) {
            var r = run("generate", "--bundle_file", bundle.toString(), "--output_dir", out.toString(),
                    "--num_outputs", "1", "--num_steps", "64", "--seed", "5", "--primer_midi", "primers/twinkle.mid",
                    "--primer_bars", out == one ? "1" : "0");
            assertEquals(0, r.code(), r.err());
        }
        NoteSequence twinkle = MidiIo.read(Path.of("primers/twinkle.mid"));
        NoteSequence kept = MidiIo.read(mids(one).get(0));
        // The first bar (2 s at 120 qpm) of the primer comes back as it was; what follows is generated.
        long primerNotesInBar = twinkle.getNotesList().stream().filter(n -> n.getStartTime() < 2.0).count();
        assertTrue(primerNotesInBar < twinkle.getNotesCount(), "twinkle.mid is longer than a bar");
        for (int i = 0; i < primerNotesInBar; i++) {
            assertEquals(twinkle.getNotes(i).getPitch(), kept.getNotes(i).getPitch());
        }
        assertTrue(MidiIo.read(mids(whole).get(0)).getNotes((int) primerNotesInBar).getPitch()
                == twinkle.getNotes((int) primerNotesInBar).getPitch(), "without --primer_bars the whole primer is kept");
        var bad = run("generate", "--bundle_file", bundle.toString(), "--output_dir", work.resolve("bars-bad").toString(),
                "--primer_midi", "primers/twinkle.mid", "--primer_bars", "-1");
        assertEquals(64, bad.code(), bad.err());
    }

    @Test
    void curlyQuotedPrimerIsAccepted() throws IOException {
        var r = run("generate", "--bundle_file", bundle.toString(), "--output_dir", work.resolve("curly").toString(),
                "--num_outputs", "1", "--num_steps", "32", "--seed", "3", "--primer_melody", "“[60, −2, 64, −2]”");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void userMistakesAreOneLineErrors() {
        String[][] cases = {
                {"--config", "basic_rnn"},
                {"--primer_melody", "[60, x, 62]"},
                {"--hparams", "rnn_layer_sizes=[64,64]"},
                {"--num_steps", "4", "--primer_melody", "[60,-2,62,-2,64,-2,65,-2]"},
        };  // a flag value out of range (--temperature 0) is a usage error: NewcomerCliTest
        for (String[] extra : cases) {
            String[] args = Stream.concat(Stream.of("generate", "--bundle_file", bundle.toString(), "--output_dir",
                    work.resolve("never").toString()), Stream.of(extra)).toArray(String[]::new);
            var r = run(args);
            assertEquals(ExitCodes.BAD_INPUT, r.code(), String.join(" ", extra) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertFalse(Files.exists(work.resolve("never")), "nothing written on a failed run");
        // two primers is a flag mistake (an exclusive group of flags), named before anything is loaded
        var two = run("generate", "--bundle_file", bundle.toString(), "--output_dir", work.resolve("never").toString(),
                "--primer-melody", "[60]", "--primer_midi", "primers/scale.mid");
        assertEquals(ExitCodes.USAGE, two.code(), two.err());
        assertEquals("error: give at most one of --primer_pitches, --primer_pianoroll, --primer_melody and "
                + "--primer_midi", two.err().lines().findFirst().orElseThrow());
        assertFalse(Files.exists(work.resolve("never")));
    }

    @Test
    void evaluateReportsMagentasMetricsOverTheWholeFile() {
        Cli.Result r = run("evaluate", "--bundle_file", bundle.toString(), "--sequence_example_file",
                work.resolve("ds/training_melodies.tfrecord").toString(), "--batch_size", "3");
        assertEquals(0, r.code(), r.err());
        String text = r.out();
        for (String metric : List.of("loss:", "perplexity:", "accuracy:", "event_accuracy:", "no_event_accuracy:")) {
            assertTrue(text.contains(metric), text);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+) melodies").matcher(text);
        assertTrue(m.find(), text);
        assertTrue(Integer.parseInt(m.group(1)) >= 4, "partial last batch included: " + text);
    }

    @Test
    void resumingWithOtherHparamsIsRefused() {
        var r = run("train", "--config", "attention_rnn", "--run_dir", work.resolve("run").toString(),
                "--sequence_example_file", work.resolve("ds/training_melodies.tfrecord").toString(),
                "--hparams", "batch_size=2,rnn_layer_sizes=[32],attn_length=4", "--num_training_steps", "5");
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("rnn_layer_sizes"), r.err());
    }
}
