package org.magentajava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.DatasetBuilder;
import org.magentajava.data.TfRecordWriter;
import org.magentajava.generate.GeneratedMidi;
import org.magentajava.notes.TestSequences;
import org.magentajava.proto.NoteSequence;

class AnalyzeCommandTest {

    @TempDir
    static Path dir;
    static Path corpus;
    static Path generated;
    /** A training-split tune that the "generated" melody copies. */
    static int copiedTune;

    private static final int[] SCALE = {0, 2, 4, 5, 7, 9, 11, 12};

    /** {pitch, duration in steps} pairs of tune {@code index}: random scale notes, seeded by the index. */
    static int[][] notes(int index, int count) {
        Random r = new Random(1000 + index);
        int[][] notes = new int[count][];
        for (int i = 0; i < count; i++) {
            notes[i] = new int[] {60 + SCALE[r.nextInt(SCALE.length)], 1 + r.nextInt(4)};
        }
        return notes;
    }

    /** A 4/4 sequence at 120 qpm (a step is 0.125 s) playing the notes back to back. */
    static NoteSequence sequence(int[][] notes, int transpose) {
        NoteSequence.Builder ns = TestSequences.sequence(120, 4, 4);
        double t = 0;
        for (int[] n : notes) {
            TestSequences.addTrack(ns, 0, TestSequences.note(n[0] + transpose, 100, t, t + n[1] * 0.125));
            t += n[1] * 0.125;
        }
        return ns.build();
    }

    @BeforeAll
    static void corpora() throws Exception {
        corpus = dir.resolve("tunes.tfrecord");
        try (OutputStream out = Files.newOutputStream(corpus); TfRecordWriter w = new TfRecordWriter(out)) {
            for (int i = 0; i < 20; i++) {
                w.write(sequence(notes(i, 60), 0).toBuilder().setId("/id/midi/t/" + i).setFilename("tune" + i + ".mid")
                        .build().toByteArray());
            }
        }
        copiedTune = 0;
        while (DatasetBuilder.isEval("/id/midi/t/" + copiedTune, 7, 0.3)) {
            copiedTune++;
        }
        // a "generated" file: 8 primer steps, then notes 10..29 of the training tune up a fourth, then others
        generated = dir.resolve("gen");
        List<int[]> melody = new ArrayList<>();
        melody.add(new int[] {50, 8});
        int[][] source = notes(copiedTune, 60);
        for (int i = 10; i < 30; i++) {
            melody.add(source[i]);
        }
        for (int[] n : notes(999, 20)) {
            melody.add(new int[] {n[0] - 5, n[1]}); // offsets the +5 below: new material
        }
        GeneratedMidi.write(sequence(melody.toArray(new int[0][]), 5), 1.0, generated.resolve("gen_00.mid"));
        GeneratedMidi.write(sequence(notes(500, 60), 0), 1.0, generated.resolve("gen_01.mid"));
    }

    private static JsonObject json(String out) {
        return JsonParser.parseString(out).getAsJsonObject();
    }

    @Test
    void referenceSplitIsCreateDatasetsSplit() throws Exception {
        Path ds = dir.resolve("ds");
        Cli.Result made = Cli.run("create-dataset", "--config", "basic_rnn", "--input", corpus.toString(),
                "--output_dir", ds.toString(), "--eval_ratio", "0.3", "--seed", "7");
        assertEquals(0, made.code(), made.err());
        long evalExamples = Files.readAllLines(ds.resolve("create_dataset_report.tsv")).stream().skip(1)
                .map(l -> l.split("\t")).filter(f -> f[2].equals("eval")).mapToLong(f -> Long.parseLong(f[3])).sum();
        assertTrue(evalExamples > 0);
        Cli.Result r = Cli.run("analyze", "--input", generated.toString(), "--reference", corpus.toString(),
                "--reference_split", "eval", "--eval_ratio", "0.3", "--seed", "7", "--json", "-");
        assertEquals(0, r.code(), r.err());
        JsonObject reference = json(r.out()).getAsJsonObject("reference");
        assertEquals(evalExamples, reference.get("melodies").getAsLong());
        assertTrue(r.err().contains("repeated pitch"), "the table goes to stderr with --json -");
    }

    @Test
    void jsonHasEveryFigureAndTheCopyNamesItsTune() throws Exception {
        Path jsonFile = dir.resolve("out/report.json");
        Cli.Result r = Cli.run("analyze", "--input", generated.toString(), "--reference", corpus.toString(),
                "--reference_split", "eval", "--training_corpus", corpus.toString(), "--training_split", "train",
                "--eval_ratio", "0.3", "--seed", "7", "--json", jsonFile.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pitch-class entropy"), r.out());
        JsonObject root = json(Files.readString(jsonFile));
        for (String set : List.of("input", "reference")) {
            JsonObject s = root.getAsJsonObject(set);
            for (String key : List.of("description", "melodies", "notes", "pitch_class_entropy", "pitch_range",
                    "scale_consistency", "repeated_pitch_share", "empty_beat_rate", "note_lengths", "bar_repetition",
                    "scale_degrees", "copies")) {
                assertTrue(s.has(key), set + " lacks " + key);
            }
            assertEquals(List.of("1", "2", "3", "4", "6", "8", "12", "16", "other"),
                    List.copyOf(s.getAsJsonObject("note_lengths").keySet()));
            assertEquals(List.of("lag_1", "lag_2", "lag_4", "lag_8", "any_earlier"),
                    List.copyOf(s.getAsJsonObject("bar_repetition").keySet()));
        }
        assertTrue(root.has("note_length_tv_distance"));
        assertTrue(root.getAsJsonObject("difference").has("repeated_pitch_share"));
        JsonObject input = root.getAsJsonObject("input");
        assertEquals(2, input.get("melodies").getAsInt());
        // gen_00 copies 20 notes of the training tune, transposed up 5
        JsonObject longest = input.getAsJsonObject("copies").getAsJsonObject("longest");
        assertEquals("tune" + copiedTune + ".mid", longest.get("tune").getAsString());
        assertEquals("gen_00.mid", longest.get("melody").getAsString());
        assertEquals(5, longest.get("transposition").getAsInt());
        assertTrue(longest.get("notes").getAsInt() >= 20, longest.toString());
        assertTrue(longest.get("notes").getAsInt() <= 22, longest.toString());
        assertTrue(r.out().contains("tune" + copiedTune + ".mid"), r.out());
    }

    @Test
    void teacherForcedRepeatShareOfAShippedBundle() {
        Cli.Result r = Cli.run("analyze", "--input", generated.toString(), "--reference", corpus.toString(),
                "--bundle_file", "bundles/lookback_rnn.mag", "--json", "-");
        assertEquals(0, r.code(), r.err());
        JsonObject root = json(r.out());
        JsonObject tf = root.getAsJsonObject("teacher_forced_repeats");
        assertEquals("bundles/lookback_rnn.mag (lookback_rnn)", tf.get("model").getAsString());
        assertEquals(20, tf.get("melodies").getAsInt());
        // over the same note-ons, the data's share is the reference's repeated-pitch share
        assertEquals(root.getAsJsonObject("reference").get("repeated_pitch_share").getAsDouble(),
                tf.get("data_repeat_share").getAsDouble(), 1e-6);
        double model = tf.get("model_repeat_share").getAsDouble();
        assertTrue(model > 0.02 && model < 0.5, "model share " + model);
        assertTrue(r.err().contains("teacher-forced repeat share of bundles/lookback_rnn.mag"), r.err());
    }

    @Test
    void htmlReportIsSelfContainedAndNeverOverwritten() throws Exception {
        Path html = dir.resolve("report.html");
        Cli.Result r = Cli.run("analyze", "--input", generated.toString(), "--reference", corpus.toString(),
                "--html_report", html.toString(), "--training_corpus", corpus.toString());
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertEquals(4, page.split("<svg ", -1).length - 1, "four charts");
        for (String external : List.of("<script", "src=", "href=", "url(", "@import", "<link")) {
            assertFalse(page.contains(external), "HTML contains " + external);
        }
        assertTrue(page.contains("Note lengths") && page.contains("Bars equal to the bar"));
        Cli.Result again = Cli.run("analyze", "--input", generated.toString(), "--reference", corpus.toString(),
                "--html_report", html.toString());
        assertEquals(ExitCodes.BAD_INPUT, again.code());
        assertTrue(again.err().contains("already exists"), again.err());
        assertEquals(page, Files.readString(html));
    }

    @Test
    void badFlagsAndInputsAreOneLine() {
        Cli.Result split = Cli.run("analyze", "--input", generated.toString(), "--reference", corpus.toString(),
                "--reference_split", "validation");
        assertEquals(ExitCodes.BAD_INPUT, split.code());
        assertEquals(1, split.err().strip().lines().count(), split.err());
        assertTrue(split.err().contains("--reference_split must be eval, dev, train or all"), split.err());
        Cli.Result missing = Cli.run("analyze", "--input", dir.resolve("absent").toString(), "--reference",
                corpus.toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("absent: no such file or folder"), missing.err());
        Cli.Result midiSplit = Cli.run("analyze", "--input", generated.toString(), "--input_split", "eval",
                "--reference", corpus.toString());
        assertEquals(ExitCodes.BAD_INPUT, midiSplit.code());
        Cli.Result negative = Cli.run("analyze", "--input", generated.toString(), "--reference", corpus.toString(),
                "--skip_primer_steps", "-3");
        assertEquals(ExitCodes.BAD_INPUT, negative.code());
        Cli.Result usage = Cli.run("analyze", "--input", generated.toString());
        assertEquals(ExitCodes.USAGE, usage.code());
    }

    /**
     * Melody (instrument 0) C5 D5 E5 F5 in quarter notes over chords (instrument 1) C E G for two beats, then
     * F A C: at one step per quarter note C E G C5 | C E G D5 | F A C E5 | F A C F5.
     */
    static Path chordsFile() throws Exception {
        Path folder = dir.resolve("chords");
        Path file = folder.resolve("chords.mid");
        if (!Files.exists(file)) {
            NoteSequence.Builder ns = TestSequences.sequence(120, 4, 4);
            int[] melody = {72, 74, 76, 77};
            for (int i = 0; i < melody.length; i++) {
                TestSequences.addTrack(ns, 0, TestSequences.note(melody[i], 100, 0.5 * i, 0.5 * i + 0.5));
            }
            for (int p : new int[] {60, 64, 67}) {
                TestSequences.addTrack(ns, 1, TestSequences.note(p, 80, 0, 1.0));
            }
            for (int p : new int[] {65, 69, 72}) {
                TestSequences.addTrack(ns, 1, TestSequences.note(p, 80, 1.0, 2.0));
            }
            Files.createDirectories(folder);
            org.magentajava.midi.MidiIo.write(ns.build(), file);
        }
        return folder;
    }

    @Test
    void chordsBringThePolyphonicSectionWithHandCountedFigures() throws Exception {
        Cli.Result r = Cli.run("analyze", "--input", chordsFile().toString(), "--reference", corpus.toString(),
                "--json", "-");
        assertEquals(0, r.code(), r.err());
        JsonObject poly = json(r.out()).getAsJsonObject("polyphony");
        assertEquals(1, poly.get("steps_per_quarter").getAsInt());
        JsonObject in = poly.getAsJsonObject("input");
        assertEquals(1, in.get("pieces").getAsInt());
        assertEquals(4, in.get("steps").getAsInt());
        assertEquals(4.0, in.get("mean_notes_per_step").getAsDouble(), 0);
        assertEquals(1.0, in.getAsJsonObject("notes_per_step").get("4").getAsDouble(), 0);
        assertEquals(1.0, in.get("two_to_four_share").getAsDouble(), 0);
        assertEquals(10, in.get("notes").getAsInt());
        assertEquals(1.0, in.get("in_key_share").getAsDouble(), 0);
        // C major, C E G D (not triadic), F major 7th, F major
        JsonObject q = in.getAsJsonObject("chord_qualities");
        assertEquals(0.5, q.get("major").getAsDouble(), 0);
        assertEquals(0.25, q.get("major_7th").getAsDouble(), 0);
        assertEquals(0.25, q.get("other").getAsDouble(), 0);
        assertEquals(0.75, in.get("triadic_share").getAsDouble(), 0);
        // C E G held under the melody, then all four notes move to F A C E5, then F A C held: 2 partial, 1 block
        assertEquals(3, in.get("changes").getAsInt());
        assertEquals(2.0 / 3, in.get("partial_change_share").getAsDouble(), 1e-6);
        assertEquals(1.0 / 3, in.get("block_change_share").getAsDouble(), 1e-6);
        // middles E G, E G, A C, A C: they move once in three step pairs
        assertEquals(1.0 / 3, in.get("middle_voice_motion").getAsDouble(), 1e-6);
        JsonObject ref = poly.getAsJsonObject("reference");
        assertEquals(20, ref.get("pieces").getAsInt());
        assertTrue(poly.getAsJsonObject("difference").has("middle_voice_motion"));
        assertTrue(r.err().contains("polyphonic statistics, every voice at 1 step per quarter note"), r.err());
        assertTrue(r.err().contains("partial changes (some notes hold)"), r.err());
    }

    @Test
    void melodiesLeaveThePolyphonicSectionOutUnlessAsked() throws Exception {
        Cli.Result melodies = Cli.run("analyze", "--input", generated.toString(), "--reference", corpus.toString(),
                "--json", "-");
        assertEquals(0, melodies.code(), melodies.err());
        assertFalse(json(melodies.out()).has("polyphony"));
        assertFalse(melodies.err().contains("polyphonic statistics"), melodies.err());
        Cli.Result asked = Cli.run("analyze", "--input", generated.toString(), "--reference", corpus.toString(),
                "--polyphonic", "--steps_per_quarter", "4", "--json", "-");
        assertEquals(0, asked.code(), asked.err());
        JsonObject poly = json(asked.out()).getAsJsonObject("polyphony");
        assertEquals(4, poly.get("steps_per_quarter").getAsInt());
        // one note at a time: every sounding step holds one pitch class, and nothing ever holds
        JsonObject in = poly.getAsJsonObject("input");
        assertEquals(1.0, in.getAsJsonObject("chord_qualities").get("single").getAsDouble(), 0);
        assertEquals(0.0, in.get("partial_change_share").getAsDouble(), 0);
        assertTrue(in.get("middle_voice_motion").isJsonNull());
        Cli.Result off = Cli.run("analyze", "--input", chordsFile().toString(), "--reference", corpus.toString(),
                "--nopolyphonic", "--json", "-");
        assertEquals(0, off.code(), off.err());
        assertFalse(json(off.out()).has("polyphony"));
        Cli.Result zero = Cli.run("analyze", "--input", chordsFile().toString(), "--reference", corpus.toString(),
                "--steps_per_quarter", "0");
        assertEquals(ExitCodes.USAGE, zero.code());
        assertTrue(zero.err().contains("--steps_per_quarter must be at least 1, got 0"), zero.err());
    }

    @Test
    void htmlReportDrawsThePolyphonicSection() throws Exception {
        Path html = dir.resolve("poly.html");
        Cli.Result r = Cli.run("analyze", "--input", chordsFile().toString(), "--reference", corpus.toString(),
                "--html_report", html.toString());
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(html);
        assertEquals(7, page.split("<svg ", -1).length - 1, "four melody charts and three polyphony charts");
        assertTrue(page.contains("Notes sounding per step") && page.contains("Chord quality of the sounding steps"));
        assertTrue(page.contains("<td>chord: major 7th</td><td>25.0%</td>"), page);
    }
}
