package org.magentajava.cli;

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
import org.magentajava.midi.MidiIo;
import org.magentajava.proto.GeneratorBundle;
import org.magentajava.proto.NoteSequence;
import org.magentajava.train.Checkpoints;

/**
 * The frame rate travels create-dataset -> train -> save-bundle -> generate with no flag: a biaxial model trained
 * on quarter-note frames generates quarter notes; a bundle without the rate generates 16ths as before; an explicit
 * generate rate wins; a resumed run keeps its rate and refuses data of another.
 */
class FrameRateCliTest {
    private static final String TINY = "batch_size=2,time_layer_sizes=[8],note_layer_sizes=[4],segment_length=16";
    @TempDir
    static Path work;
    static Path ns;
    static Path data;
    static Path run;
    static String trainErr;

    @BeforeAll
    static void quarterNoteDatasetAndRun() throws IOException {
        Path midi = Files.createDirectories(work.resolve("midi"));
        for (String t : List.of("hpps37.mid", "morris5.mid")) {
            Files.copy(Path.of("../shared/data/nottingham", t), midi.resolve(t));
        }
        ns = work.resolve("ns.tfrecord");
        assertEquals(0, Cli.run("convert-dir", "--input_dir", midi.toString(), "--output_file", ns.toString()).code());
        Path ds = work.resolve("ds");
        var r = Cli.run("create-dataset", "--config", "biaxial_rnn", "--input", ns.toString(), "--output_dir",
                ds.toString(), "--eval_ratio", "0", "--transposition_range", "0,0", "--steps_per_quarter", "1",
                "--min_steps", "8");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("frames at 1 step per quarter note, recorded in " + ds.resolve(
                "dataset_metadata.txt")), r.err());
        data = ds.resolve("training_note_state_tracks.tfrecord");
        run = work.resolve("run");
        var train = train(run, data, 3);
        assertEquals(0, train.code(), train.err());
        trainErr = train.err();
    }

    private static Cli.Result train(Path runDir, Path file, int steps) {
        return Cli.run("train", "--config", "biaxial_rnn", "--run_dir", runDir.toString(), "--sequence_example_file",
                file.toString(), "--hparams", TINY, "--num_training_steps", String.valueOf(steps),
                "--summary_frequency", "100");
    }

    @Test
    void theDatasetRecordsItsSettingsAndMelodyDatasetsStayMagentas() throws IOException {
        assertEquals(List.of(
                "# magenta-java dataset metadata: the settings create-dataset made this folder's records with.",
                "# train records steps_per_quarter in the run, and the model generates at that rate.",
                "config=biaxial_rnn", "steps_per_quarter=1", "min_steps=8", "max_steps=2048",
                "transposition_range=0,0"), Files.readAllLines(data.resolveSibling("dataset_metadata.txt")));
        assertTrue(trainErr.contains("training_note_state_tracks.tfrecord (frames at 1 step per quarter note, from "
                + "its dataset_metadata.txt)"), trainErr);
        var inspect = Cli.run("inspect", data.toString());
        assertTrue(inspect.out().contains("frame rate: 1 step per quarter note (biaxial_rnn, from dataset_metadata.txt)"),
                inspect.out());
        Path melodies = work.resolve("ds-melody");
        var r = Cli.run("create-dataset", "--config", "basic_rnn", "--input", ns.toString(), "--output_dir",
                melodies.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("per quarter note"), r.err());
        try (Stream<Path> files = Files.list(melodies)) {
            assertEquals(List.of("create_dataset_report.tsv", "eval_melodies.tfrecord", "training_melodies.tfrecord"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void theBundleGeneratesQuarterNotesUnlessToldOtherwise() throws IOException {
        Path bundle = work.resolve("q.mag");
        var save = Cli.run("save-bundle", "--config", "biaxial_rnn", "--run_dir", run.toString(), "--bundle_file",
                bundle.toString());
        assertEquals(0, save.code(), save.err());
        assertTrue(save.err().contains("global step 3 from " + run.resolve("train/model.ckpt-3.mjckpt")
                + ", 1 step per quarter note, "), save.err());
        assertEquals(1, GeneratorBundle.parseFrom(Files.readAllBytes(bundle)).getStepsPerQuarter());

        // at 120 qpm a quarter note is 0.5 s: every note of the piece starts and ends on that grid
        var quarters = generate(bundle, "gen-q");
        assertTrue(quarters.err().contains("generating 1 piece of 16 steps (1 per quarter)"), quarters.err());
        NoteSequence q = onlyOutput(work.resolve("gen-q"));
        assertTrue(q.getNotesCount() > 3, "the generated steps sound keys: " + q.getNotesCount());
        assertTrue(q.getNotesList().stream().allMatch(n -> onGrid(n.getStartTime(), 0.5) && onGrid(n.getEndTime(), 0.5)),
                q.toString());
        assertTrue(q.getNotesList().stream().anyMatch(n -> n.getEndTime() > 4.0), "16 quarter-note steps reach 8 s");

        // an explicit rate wins: 16th notes, off the quarter-note grid
        var sixteenths = generate(bundle, "gen-16", "--steps_per_quarter", "4");
        assertTrue(sixteenths.err().contains("generating 1 piece of 16 steps (4 per quarter)"), sixteenths.err());
        NoteSequence s = onlyOutput(work.resolve("gen-16"));
        assertTrue(s.getNotesList().stream().allMatch(n -> onGrid(n.getStartTime(), 0.125)
                && onGrid(n.getEndTime(), 0.125) && n.getEndTime() <= 2.0 + 1e-9), s.toString());
        assertTrue(s.getNotesList().stream().anyMatch(n -> !onGrid(n.getStartTime(), 0.5)
                || !onGrid(n.getEndTime(), 0.5)), s.toString());

        // the same network without the field, as bundles were before it: the config's 16th notes, as before
        Path old = work.resolve("old.mag");
        Files.write(old, GeneratorBundle.parseFrom(Files.readAllBytes(bundle)).toBuilder().clearStepsPerQuarter()
                .build().toByteArray());
        var before = generate(old, "gen-old");
        assertTrue(before.err().contains("generating 1 piece of 16 steps (4 per quarter)"), before.err());
        assertEquals(s, onlyOutput(work.resolve("gen-old")), "the old bundle writes what the override wrote");

        var inspect = Cli.run("inspect", bundle.toString());
        assertTrue(inspect.out().contains("frame rate:    1 per quarter note (recorded at training; generate uses it)"),
                inspect.out());
        var inspectOld = Cli.run("inspect", old.toString());
        assertTrue(inspectOld.out().contains("frame rate:    not recorded: generate uses biaxial_rnn's default, 4 per "
                + "quarter note"), inspectOld.out());
        var json = Cli.run("inspect", "--json", bundle.toString());
        assertTrue(json.out().contains("\"steps_per_quarter\": 1}"), json.out());
        var evaluate = Cli.run("evaluate", "--bundle_file", bundle.toString(), "--sequence_example_file",
                data.toString());
        assertEquals(0, evaluate.code(), evaluate.err());
        assertTrue(evaluate.out().contains("(biaxial_rnn), trained at 1 step per quarter note"), evaluate.out());
    }

    @Test
    void aResumedRunKeepsItsRateAndRefusesDataOfAnother() throws IOException {
        Path resumed = copyRun("resumed");
        // the same records in a folder without metadata (an older dataset): the run keeps the rate it recorded
        Path bare = Files.createDirectories(work.resolve("bare")).resolve(data.getFileName());
        Files.copy(data, bare);
        var more = train(resumed, bare, 5);
        assertEquals(0, more.code(), more.err());
        assertTrue(more.err().contains("Resuming from"), more.err());
        assertEquals(1, Checkpoints.read(resumed.resolve("train/model.ckpt-5.mjckpt")).header().stepsPerQuarter());

        // metadata of another rate beside the records: resuming, evaluating and the eval job refuse it
        Path q4 = Files.createDirectories(work.resolve("q4")).resolve(data.getFileName());
        Files.copy(data, q4);
        Files.writeString(q4.resolveSibling("dataset_metadata.txt"), "config=biaxial_rnn\nsteps_per_quarter=4\n");
        var mismatch = train(resumed, q4, 7);
        assertEquals(ExitCodes.BAD_INPUT, mismatch.code(), mismatch.err());
        assertTrue(mismatch.err().contains(resumed.resolve("train/model.ckpt-5.mjckpt") + " was trained at 1 step per "
                + "quarter note, but " + q4 + " holds 4 steps per quarter note (its dataset_metadata.txt: "
                + "create-dataset's --steps_per_quarter); resume on a dataset made at 1 step per quarter note, or use "
                + "a new --run_dir to start afresh"), mismatch.err());
        assertFalse(Files.exists(resumed.resolve("train/model.ckpt-7.mjckpt")));
        var evaluate = Cli.run("evaluate", "--run_dir", resumed.toString(), "--sequence_example_file", q4.toString());
        assertEquals(ExitCodes.BAD_INPUT, evaluate.code());
        assertTrue(evaluate.err().contains("holds 4 steps per quarter note (its dataset_metadata.txt: create-dataset's "
                + "--steps_per_quarter); evaluate it on a file of a dataset made at that rate"), evaluate.err());
        var evalJob = Cli.run("train", "--config", "biaxial_rnn", "--run_dir", resumed.toString(),
                "--sequence_example_file", q4.toString(), "--hparams", TINY, "--eval_once");
        assertEquals(ExitCodes.BAD_INPUT, evalJob.code());
        assertTrue(evalJob.err().contains("; evaluate it on the eval file of a dataset made at that rate"),
                evalJob.err());
        var contradict = Cli.run("save-bundle", "--config", "biaxial_rnn", "--run_dir", resumed.toString(),
                "--bundle_file", work.resolve("no.mag").toString(), "--steps_per_quarter", "4");
        assertEquals(ExitCodes.BAD_INPUT, contradict.code());
        assertTrue(contradict.err().contains("model.ckpt-5.mjckpt was trained at 1 step per quarter note (recorded "
                + "from its dataset), not 4; drop --steps_per_quarter"), contradict.err());
        assertFalse(Files.exists(work.resolve("no.mag")));
    }

    @Test
    void aRunWithoutARateTakesOneFromItsDataOrFromSaveBundle() throws IOException {
        // a run started on a dataset without metadata records no rate (checkpoint version 1, as before)
        Path plain = Files.createDirectories(work.resolve("plain")).resolve(data.getFileName());
        Files.copy(data, plain);
        Path old = work.resolve("old-run");
        assertEquals(0, train(old, plain, 2).code());
        Path two = old.resolve("train/model.ckpt-2.mjckpt");
        assertEquals(0, Checkpoints.read(two).header().stepsPerQuarter());
        assertEquals(Checkpoints.VERSION, java.nio.ByteBuffer.wrap(Files.readAllBytes(two)).getInt(4));
        Path unrecorded = work.resolve("unrecorded.mag");
        assertEquals(0, Cli.run("save-bundle", "--config", "biaxial_rnn", "--run_dir", old.toString(),
                "--bundle_file", unrecorded.toString()).code());
        assertEquals(0, GeneratorBundle.parseFrom(Files.readAllBytes(unrecorded)).getStepsPerQuarter());
        // its rate given when saving: the bundle records it
        Path given = work.resolve("given.mag");
        var save = Cli.run("save-bundle", "--config", "biaxial_rnn", "--run_dir", old.toString(), "--bundle_file",
                given.toString(), "--steps_per_quarter", "1");
        assertEquals(0, save.code(), save.err());
        assertEquals(1, GeneratorBundle.parseFrom(Files.readAllBytes(given)).getStepsPerQuarter());
        // resumed on the dataset that has metadata, the run takes its rate from then on
        var resumed = train(old, data, 3);
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(1, Checkpoints.read(old.resolve("train/model.ckpt-3.mjckpt")).header().stepsPerQuarter());
    }

    private static Cli.Result generate(Path bundle, String outDir, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", "--bundle_file", bundle.toString(),
                "--num_outputs", "1", "--num_steps", "16", "--primer_pitches", "[60, 64, 67]", "--seed", "5",
                "--qpm", "120", "--output_dir", work.resolve(outDir).toString()));
        args.addAll(List.of(more));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r;
    }

    private static NoteSequence onlyOutput(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> mids = s.filter(p -> p.toString().endsWith(".mid")).toList();
            assertEquals(1, mids.size());
            return MidiIo.read(mids.get(0)).toBuilder().clearFilename().clearId().build();
        }
    }

    private static boolean onGrid(double seconds, double step) {
        return Math.abs(seconds / step - Math.rint(seconds / step)) < 1e-6;
    }

    /** A copy of the shared run, so that tests which extend it do not see each other. */
    private static Path copyRun(String name) throws IOException {
        Path to = work.resolve(name);
        try (Stream<Path> files = Files.walk(run)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(run.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }
}
