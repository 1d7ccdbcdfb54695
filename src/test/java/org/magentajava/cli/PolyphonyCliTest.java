package org.magentajava.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.bundle.Generation;
import org.magentajava.midi.MidiIo;
import org.magentajava.proto.NoteSequence;

/** polyphony_rnn through the CLI: dataset, training, bundle, generation with Magenta's flags, and mistakes. */
class PolyphonyCliTest {
    /** A tiny network; the high learning rate makes STEP_END likely after a few steps, so generation is quick. */
    static final String TINY = "batch_size=2,rnn_layer_sizes=[8],learning_rate=0.05";

    @TempDir
    static Path work;
    static Path bundle;

    @BeforeAll
    static void trainATinyPolyphonyBundle() throws IOException {
        Path midi = Files.createDirectories(work.resolve("midi"));
        for (String t : List.of("hpps37.mid", "morris5.mid")) {
            Files.copy(Path.of("../shared/data/nottingham", t), midi.resolve(t));
        }
        Path ns = work.resolve("ns.tfrecord");
        assertEquals(0, Cli.run("convert-dir", "--input_dir", midi.toString(), "--output_file", ns.toString()).code());
        var ds = Cli.run("create-dataset", "--config", "polyphony", "--input", ns.toString(), "--output_dir",
                work.resolve("ds").toString(), "--eval_ratio", "0");
        assertEquals(0, ds.code(), ds.err());
        assertTrue(ds.err().contains("wrote 18 training + 0 eval polyphonic tracks"), ds.err());
        assertTrue(ds.err().contains("TranspositionPipeline_training_transpositions_generated: 18"),
                ds.err());
        assertTrue(ds.err().contains("PolyExtractor_training_polyphonic_tracks_discarded_too_long: 0"),
                ds.err());
        assertTrue(Files.exists(work.resolve("ds/training_poly_tracks.tfrecord")));
        assertTrue(Files.exists(work.resolve("ds/eval_poly_tracks.tfrecord")));
        var train = Cli.run("train", "--config", "polyphony", "--run_dir", work.resolve("run").toString(),
                "--sequence_example_file", work.resolve("ds/training_poly_tracks.tfrecord").toString(),
                "--hparams", TINY, "--num_training_steps", "6", "--summary_frequency", "3", "--shuffle_capacity", "4");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.err().contains("Global Step: 6"), train.err());
        bundle = work.resolve("poly.mag");
        var save = Cli.run("save-bundle", "--config", "polyphony", "--run_dir", work.resolve("run").toString(),
                "--bundle_file", bundle.toString());
        assertEquals(0, save.code(), save.err());
    }

    static List<Path> mids(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        }
    }

    static Cli.Result generate(Path out, String... extra) {
        List<String> more = List.of(extra);
        Stream<String> steps = more.contains("--num_steps") ? Stream.of() : Stream.of("--num_steps", "32");
        String[] args = Stream.of(Stream.of("generate", "--bundle_file", bundle.toString(), "--output_dir",
                out.toString(), "--num_outputs", "1", "--seed", "5"), steps, more.stream()).flatMap(s -> s)
                .toArray(String[]::new);
        return Cli.run(args);
    }

    @Test
    void primerPitchesAreHarmonisedReproducibly() throws IOException {
        Path a = work.resolve("chord-a");
        Path b = work.resolve("chord-b");
        for (Path out : List.of(a, b)) {
            var r = generate(out, "--primer_pitches", "[67, 64, 60]", "--beam_size", "2");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("polyphony"), r.err());
        }
        assertArrayEquals(Files.readAllBytes(mids(a).get(0)), Files.readAllBytes(mids(b).get(0)));
        NoteSequence ns = MidiIo.read(mids(a).get(0));
        List<Integer> firstChord = ns.getNotesList().stream().filter(n -> n.getStartTime() == 0)
                .map(NoteSequence.Note::getPitch).sorted().toList();
        assertEquals(List.of(60, 64, 67), firstChord, "the primer chord");
        long replayed = ns.getNotesList().stream().filter(n -> Math.abs(n.getStartTime() - 0.625) < 1e-3
                && List.of(60, 64, 67).contains(n.getPitch())).count();
        assertTrue(replayed >= 3, "the chord is injected again at step 5 (the model may add to it)");
        assertTrue(ns.getTotalTime() <= 4.0 + 1e-3, "32 steps at 120 qpm");
    }

    @Test
    void magentasBooleanFlagSpellingsAreAccepted() throws IOException {
        String[][] spellings = {
                {"--noinject_primer_during_generation"},
                {"--inject_primer_during_generation=false", "--condition_on_primer"},
                {"--no-inject-primer-during-generation", "--condition-on-primer=true"},
                {"--nocondition_on_primer", "--primer_melody", "[60, -2, 62, -2]"},
                {"--primer_midi", "primers/twinkle.mid", "--condition_on_primer=false", "--num_steps", "48"},
        };
        int i = 0;
        for (String[] flags : spellings) {
            Path out = work.resolve("flags-" + i++);
            var r = generate(out, flags);
            assertEquals(0, r.code(), String.join(" ", flags) + ": " + r.err());
            assertEquals(1, mids(out).size());
        }
        var r = generate(work.resolve("flags-x"), "--noinject_primer_during_generation");
        assertTrue(r.err().contains("inject_primer_during_generation false"), r.err());
    }

    @Test
    void generateFromTheRunDirectory() throws IOException {
        Path out = work.resolve("gen-run");
        var r = Cli.run("generate", "--config", "polyphony", "--run_dir", work.resolve("run").toString(),
                "--output_dir", out.toString(), "--num_outputs", "2", "--num_steps", "24", "--seed", "1");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, mids(out).size());
    }

    @Test
    void evaluateWorksOnPolyphonyData() {
        var r = Cli.run("evaluate", "--bundle_file", bundle.toString(), "--sequence_example_file",
                work.resolve("ds/training_poly_tracks.tfrecord").toString(), "--batch_size", "4");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("accuracy:"), r.out());
    }

    @Test
    void extractionFlagsOfTheOtherModelKindAreRejectedNotIgnored() {
        Path ns = work.resolve("ns.tfrecord");
        var melodyFlag = Cli.run("create-dataset", "--config", "polyphony", "--input", ns.toString(), "--output_dir",
                work.resolve("ds-x").toString(), "--min-bars", "3");
        assertEquals(ExitCodes.USAGE, melodyFlag.code(), melodyFlag.err());
        assertTrue(melodyFlag.err().startsWith("error: --min_bars does not apply to --config polyphony"),
                melodyFlag.err());
        var polyFlag = Cli.run("create-dataset", "--config", "basic_rnn", "--input", ns.toString(), "--output_dir",
                work.resolve("ds-y").toString(), "--poly_max_steps", "300");
        assertEquals(ExitCodes.USAGE, polyFlag.code(), polyFlag.err());
        assertTrue(polyFlag.err().contains("--poly_max_steps does not apply to --config basic_rnn"), polyFlag.err());
        assertFalse(Files.exists(work.resolve("ds-x")));
        assertFalse(Files.exists(work.resolve("ds-y")));
    }

    @Test
    void userMistakesAreOneLineErrors() {
        String[][] cases = {
                {"--primer_pitches", "[67, 64, x]"},
                {"--primer_pitches", "[60, 128]"},
                {"--primer_pitches", "[]"},
                {"--primer_pitches", "[60]", "--primer_melody", "[60]"},
                {"--condition_on_primer", "--nocondition_on_primer"},
                {"--inject_primer_during_generation=maybe"},
                {"--config", "attention_rnn"},
                {"--num_steps", "4", "--primer_pitches", "[60]"},
        };
        for (String[] extra : cases) {
            var r = generate(work.resolve("never"), extra);
            assertTrue(r.code() == ExitCodes.BAD_INPUT || r.code() == ExitCodes.USAGE,
                    String.join(" ", extra) + ": " + r.code() + " " + r.err());
            assertTrue(r.err().startsWith("error: ") || r.code() == ExitCodes.USAGE, r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertFalse(Files.exists(work.resolve("never")), "nothing written on a failed run");
    }

    @Test
    void polyphonyFlagsNeedAPolyphonyModel() throws IOException {
        var r = Cli.run("generate", "--bundle_file", "bundles/basic_rnn.mag", "--output_dir",
                work.resolve("never2").toString(), "--primer_pitches", "[60, 64]");
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("--primer_pitches needs a polyphony_rnn or pianoroll_rnn or biaxial_rnn model"), r.err());
        var wrongConfig = Cli.run("create-dataset", "--config", "polyphonic", "--input", "x", "--output_dir",
                work.resolve("never2").toString());
        assertEquals(ExitCodes.BAD_INPUT, wrongConfig.code(), wrongConfig.err());
        assertTrue(wrongConfig.err().contains("polyphony"), wrongConfig.err());
    }

    @Test
    void outputsOfOneRunDrawIndependentNumbers() {
        // Seeding with baseSeed + i × SplittableRandom's own increment gave output i output 0's draws shifted by i.
        java.util.SplittableRandom a = Generation.outputRandom(7, 0);
        java.util.SplittableRandom b = Generation.outputRandom(7, 1);
        long[] first = a.longs(8).toArray();
        long[] second = b.longs(9).toArray();
        for (int shift = 0; shift < 2; shift++) {
            assertFalse(java.util.Arrays.equals(first, java.util.Arrays.copyOfRange(second, shift, shift + 8)));
        }
        assertEquals(Generation.outputRandom(7, 3).nextLong(), Generation.outputRandom(7, 3).nextLong());
    }
}
