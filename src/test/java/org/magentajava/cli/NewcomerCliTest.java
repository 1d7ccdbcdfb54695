package org.magentajava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** What a new user trips over first: wrong file kinds, Magenta's spellings, messages and help text. */
class NewcomerCliTest {
    @TempDir
    static Path work;
    static Path midi;
    static Path noteSequences;
    static Path basicDataset;

    @BeforeAll
    static void smallCorpus() throws IOException {
        midi = Files.createDirectories(work.resolve("midi"));
        for (String t : List.of("ashover1.mid", "ashover2.mid", "jigs10.mid", "hpps1.mid")) {
            Files.copy(Path.of("../shared/data/nottingham", t), midi.resolve(t));
        }
        noteSequences = work.resolve("ns.tfrecord");
        ok(Cli.run("convert-dir", "--input_dir", midi.toString(), "--output_file", noteSequences.toString()));
        ok(Cli.run("create-dataset", "--config", "basic_rnn", "--input", noteSequences.toString(), "--output_dir",
                work.resolve("ds").toString(), "--eval_ratio", "0"));
        basicDataset = work.resolve("ds/training_melodies.tfrecord");
    }

    static Cli.Result ok(Cli.Result r) {
        assertEquals(0, r.code(), r.err());
        return r;
    }

    /** One error line (and nothing per record), with the exit code given. */
    static String oneError(Cli.Result r, int code) {
        assertEquals(code, r.code(), r.err());
        // (the fuzz tests' Jazzer agent, when it ran earlier in this JVM, logs "INFO: Instrumented ..." lines)
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("Run '") && !l.startsWith("INFO: ")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: "), r.err());
        assertFalse(lines.get(0).contains("Exception"), r.err());
        return lines.get(0);
    }

    // --- item 3: the kind of file is recognised once ---

    @Test
    void trainOnNoteSequencesSaysWhatTheFileIsAndWhichCommandMakesADataset() {
        String line = oneError(Cli.run("train", "--config", "attention_rnn", "--run_dir",
                work.resolve("run-ns").toString(), "--sequence_example_file", noteSequences.toString(),
                "--num_training_steps", "1"), ExitCodes.BAD_INPUT);
        assertEquals("error: " + noteSequences + " holds NoteSequences (as convert-dir writes them), not a training "
                + "dataset; make one with: scripts/melody create-dataset --config attention_rnn --input "
                + noteSequences + " --output_dir DIR", line);
        assertFalse(Files.exists(work.resolve("run-ns")), "nothing written");
    }

    @Test
    void evaluateOnAnotherConfigsDatasetNamesBothConfigsAndNoFlagItLacks() {
        String line = oneError(Cli.run("evaluate", "--bundle_file", "bundles/attention_rnn.mag",
                "--sequence_example_file", basicDataset.toString()), ExitCodes.BAD_INPUT);
        assertEquals("error: " + basicDataset + " holds a basic_rnn dataset (SequenceExamples from create-dataset, 38 "
                + "inputs per step), but attention_rnn takes 74 inputs per step; make attention_rnn's dataset with: "
                + "scripts/melody create-dataset --config attention_rnn --input notesequences.tfrecord --output_dir DIR",
                line);
        assertFalse(line.contains("--hparams"), line);
    }

    @Test
    void createDatasetOnASequenceExampleFileWritesNothing() {
        Path out = work.resolve("ds-from-ds");
        String line = oneError(Cli.run("create-dataset", "--config", "basic_rnn", "--input", basicDataset.toString(),
                "--output_dir", out.toString()), ExitCodes.BAD_INPUT);
        assertTrue(line.contains("holds a basic_rnn dataset") && line.contains("create-dataset reads NoteSequences")
                && line.contains("scripts/melody convert-dir --input_dir"), line);
        assertFalse(Files.exists(out), "no 0-byte files");
    }

    @Test
    void plotOfASequenceExampleFileNamesTheFileWithTheBadInputCode() {
        String line = oneError(Cli.run("plot", basicDataset.toString(), "--output",
                work.resolve("x.html").toString()), ExitCodes.BAD_INPUT);
        assertTrue(line.startsWith("error: " + basicDataset + " holds a basic_rnn dataset"), line);
    }

    // --- item 6: Magenta's spellings ---

    @Test
    void polyphonyScriptNamesRunTheCommandsWithThePolyphonyConfig() {
        Path out = work.resolve("poly-ds");
        Cli.Result r = Cli.run("polyphony_rnn_create_dataset", "--input", noteSequences.toString(), "--output_dir",
                out.toString(), "--eval_ratio", "0");
        assertTrue(r.code() == 0 || r.code() == 1, r.err());
        assertTrue(Files.exists(out.resolve("training_poly_tracks.tfrecord")), r.err());
        Cli.Result gen = ok(Cli.run("polyphony_rnn_generate", "--output_dir", work.resolve("poly-gen").toString(),
                "--num_outputs", "1", "--num_steps", "16", "--seed", "3"));
        assertTrue(gen.err().contains("(polyphony)"), gen.err());
        // an explicit --config still wins, so the mismatch is reported rather than overridden
        Cli.Result mismatch = Cli.run("polyphony_rnn_train", "-config=basic_rnn", "--run_dir",
                work.resolve("never").toString(), "--sequence_example_file", basicDataset.toString(),
                "--num_training_steps", "-1");
        assertEquals(ExitCodes.USAGE, mismatch.code(), mismatch.err());
    }

    @Test
    void abslNoFlagAndOneDashSpellingsWork() throws IOException {
        Path out = work.resolve("one-dash.tfrecord");
        Cli.Result r = ok(Cli.run("convert-dir", "-input_dir", midi.toString(), "-output_file=" + out, "--norecursive",
                "-num_threads", "1"));
        assertTrue(r.err().contains("converted 4 of 4 MIDI files"), r.err());
        assertTrue(Files.size(out) > 0);
        // a switch (arity 0) and a flag with a value, both turned off absl's way
        Cli.Result gen = ok(Cli.run("generate", "--bundle_file", "bundles/basic_rnn.mag", "--output_dir",
                work.resolve("gen-noplot").toString(), "-num_outputs=1", "--num_steps", "32", "--plot", "--noplot",
                "--norender", "--primer_melody", "60 -2 62"));
        assertTrue(gen.err().contains("generating 1 melody of 32 steps"), gen.err());
        try (Stream<Path> files = Files.list(work.resolve("gen-noplot"))) {
            assertEquals(List.of(".mid"), files.map(p -> p.toString().substring(p.toString().lastIndexOf('.'))).toList());
        }
        assertEquals(List.of("create-dataset", "--config", "polyphony", "--nopad_end=x"), List.of(Spellings.normalize(
                MelodyCli.newCommandLine(), new String[] {"polyphony_rnn_create_dataset", "--nopad_end=x"})));
        assertEquals(List.of("train", "--eval=false", "-2", "--eval-once"), List.of(Spellings.normalize(
                MelodyCli.newCommandLine(), new String[] {"train", "--noeval", "-2", "-eval-once"})));
        assertEquals(List.of("train", "--config", "pianoroll_rnn_nade", "--run_dir", "r"), List.of(Spellings.normalize(
                MelodyCli.newCommandLine(), new String[] {"pianoroll_rnn_nade_train", "--run_dir", "r"})));
        // a generate that names its model takes the model's config (rnn-nade_attn, say)
        assertEquals(List.of("generate", "--bundle_file=b.mag"), List.of(Spellings.normalize(
                MelodyCli.newCommandLine(), new String[] {"pianoroll_rnn_nade_generate", "--bundle_file=b.mag"})));
        // the value of a flag is never rewritten, even when it looks like one
        assertEquals(List.of("generate", "--bundle_description", "-seed"), List.of(Spellings.normalize(
                MelodyCli.newCommandLine(), new String[] {"generate", "-bundle_description", "-seed"})));
    }

    // --- item 7: exit codes and messages ---

    @Test
    void badNumbersAreUsageErrorsNamingTheFlagAndTheRange() {
        assertEquals("error: --num_training_steps must be at least 0 (0 = run until interrupted), got -5",
                oneError(Cli.run("train", "--config", "basic_rnn", "--run_dir", work.resolve("never").toString(),
                        "--sequence_example_file", basicDataset.toString(), "--num_training_steps", "-5"),
                        ExitCodes.USAGE));
        assertEquals("error: --eval_ratio must be between 0 and 1, got 1.5", oneError(Cli.run("create-dataset",
                "--config", "basic_rnn", "--input", noteSequences.toString(), "--output_dir",
                work.resolve("never").toString(), "--eval_ratio", "1.5"), ExitCodes.USAGE));
        assertEquals("error: --temperature must be greater than 0, got 0", oneError(Cli.run("generate",
                "--temperature", "0"), ExitCodes.USAGE));
        assertFalse(Files.exists(work.resolve("never")));
    }

    @Test
    void aTypoGetsTheNearestFlag() {
        assertEquals("error: unknown flag --num_ouputs; did you mean --num_outputs?",
                oneError(Cli.run("generate", "--num_ouputs", "1"), ExitCodes.USAGE));
        assertEquals("error: unknown flag --input-dri; did you mean --input_dir?",
                oneError(Cli.run("convert-dir", "--input-dri=x", "--output_file", "y"), ExitCodes.USAGE));
        assertEquals("error: unknown flag --zzzzzz", oneError(Cli.run("generate", "--zzzzzz"), ExitCodes.USAGE));
    }

    @Test
    void anUnquotedPrimerListGetsAHintToQuoteIt() {
        assertEquals("error: --primer_melody [60, -2, 62] reached the program as several words; put the list in "
                        + "quotes: --primer_melody \"[60, -2, 62]\"",
                oneError(Cli.run("generate", "--primer_melody", "[60,", "-2,", "62]"), ExitCodes.USAGE));
    }

    @Test
    void convertDirSuggestsRecursiveWhenTheMidiFilesAreInSubfolders() throws IOException {
        Path top = Files.createDirectories(work.resolve("nested/a/b"));
        Files.copy(midi.resolve("jigs10.mid"), top.resolve("jigs10.mid"));
        Path out = work.resolve("nested.tfrecord");
        Cli.Result r = Cli.run("convert-dir", "--input_dir", work.resolve("nested").toString(), "--output_file",
                out.toString());
        assertEquals(ExitCodes.NOTHING_DONE, r.code(), r.err());
        String line = r.err().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertEquals("error: " + work.resolve("nested") + " has no MIDI files at its top level, but 1 MIDI file in "
                + "subfolders; add --recursive to convert it; " + out + " not written", line);
    }

    @Test
    void aMissingFileIsNamedWithoutJavaWords() {
        Path missing = work.resolve("missing.mid");
        assertEquals("error: " + missing + ": unreadable: no such file or directory",
                oneError(Cli.run("plot", missing.toString()), ExitCodes.BAD_INPUT));
    }

    @Test
    void anOutputThatCannotBeCreatedIsTheIoCodeInEveryCommand() throws IOException {
        Path file = Files.writeString(work.resolve("a-file"), "x");
        assertEquals(ExitCodes.IO_ERROR, Cli.run("create-dataset", "--config", "basic_rnn", "--input",
                noteSequences.toString(), "--output_dir", file.resolve("ds").toString()).code());
        assertEquals(ExitCodes.IO_ERROR, Cli.run("convert-dir", "--input_dir", midi.toString(), "--output_file",
                file.resolve("o.tfrecord").toString()).code());
    }

    // --- item 8: help ---

    static final Pattern WORD = Pattern.compile("\\S+");

    @Test
    void helpNeverSplitsAWordAndStatesEachDefaultOnce() {
        CommandLine top = MelodyCli.newCommandLine();
        List<CommandLine> commands = new ArrayList<>(List.of(top));
        commands.addAll(top.getSubcommands().values());
        for (CommandLine cl : commands) {
            String help = cl.getUsageMessage();
            List<String> words = WORD.matcher(help).results().map(m -> m.group()).toList();
            List<String> texts = new ArrayList<>(List.of(String.join(" ", cl.getCommandSpec().usageMessage()
                    .description()).replace("%n", " ")));
            for (CommandLine sub : cl.getSubcommands().values()) {
                texts.add(String.join(" ", sub.getCommandSpec().usageMessage().description()).replace("%n", " "));
            }
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (!o.hidden()) {
                    texts.add(HelpLayout.description(o, cl.getCommandSpec()).replace('\u00A0', ' '));
                }
            }
            for (String text : texts) {
                for (String w : WORD.matcher(text).results().map(m -> m.group()).toList()) {
                    assertTrue(words.contains(w), cl.getCommandName() + ": \"" + w + "\" split in\n" + help);
                }
            }
            assertFalse(help.contains("Default:"), help);
            assertFalse(help.matches("(?s).*\\(default: \\).*"), help);
            assertFalse(help.matches("(?s).*<[a-z][A-Za-z]*>.*"), "picocli's field-name labels: " + help);
        }
        String convert = top.getSubcommands().get("convert-dir").getUsageMessage();
        assertTrue(convert.contains("Also convert files in subdirectories. (default: false)"), convert);
        assertTrue(convert.contains("Worker threads (default: all cores).\n"), convert);
        String inspect = top.getSubcommands().get("inspect").getUsageMessage();
        assertTrue(inspect.contains(".mag bundle"), inspect);
    }

    @Test
    void negatableFlagsTakeAbslsNoFormAndShowBothFormsInTheHelp() {
        assertEquals("--[no]plot", Spellings.negativeSynopsis("--plot"));
        assertEquals("--[no-]condition-on-primer", Spellings.negativeSynopsis("--condition-on-primer"));
        assertEquals("-h", Spellings.negativeSynopsis("-h"));
        // picocli itself knows the negative forms (Spellings need not rewrite them)
        for (String[] given : new String[][] {{"--nocondition_on_primer"}, {"--no-condition-on-primer"},
                {"--condition_on_primer=false"}}) {
            CommandLine top = MelodyCli.newCommandLine();
            top.parseArgs(Stream.concat(Stream.of("generate"), Stream.of(given)).toArray(String[]::new));
            GenerateCommand generate = top.getSubcommands().get("generate").getCommand();
            assertEquals(Boolean.FALSE, generate.conditionOnPrimer, given[0]);
            assertEquals(null, generate.injectPrimer, "not given: the family's default applies");
        }
        CommandLine top = MelodyCli.newCommandLine();
        String help = top.getSubcommands().get("generate").getUsageMessage();
        assertTrue(help.contains("\n  --[no]condition_on_primer, --[no-]condition-on-primer[=BOOL]\n"), help);
        assertTrue(help.contains("\n  --[no]inject_primer_during_generation,\n  --[no-]inject-primer-during-generation"
                + "[=BOOL]\n"), "a names line too long for 80 columns takes one name a line: " + help);
        for (CommandLine cl : top.getSubcommands().values()) {
            for (String line : cl.getUsageMessage().split("\n")) {
                assertTrue(line.length() <= HelpLayout.WIDTH, cl.getCommandName() + ": " + line);
            }
        }
    }

    @Test
    void evaluateTakesExactlyOneModel() {
        for (String[] models : new String[][] {{}, {"--run_dir", "r", "--bundle-file", "b.mag"}}) {
            Cli.Result r = Cli.run(Stream.concat(Stream.of("evaluate", "--sequence_example_file", "x.tfrecord"),
                    Stream.of(models)).toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, r.code(), r.err());
            assertEquals("error: give exactly one of --run_dir, --checkpoint_file and --bundle_file",
                    r.err().lines().findFirst().orElseThrow(), String.join(" ", models));
        }
    }

    @Test
    void everyCommandPrintsTheVersion() {
        for (String command : List.of("generate", "train", "convert-dir", "inspect")) {
            Cli.Result r = ok(Cli.run(command, "-V"));
            assertEquals("magenta-java 0.1.0", r.out().strip(), command);
        }
    }
}
