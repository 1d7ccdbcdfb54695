package org.magentajava.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.DatasetBuilder;
import org.magentajava.data.TfRecordWriter;
import org.magentajava.generate.GeneratedMidi;
import org.magentajava.io.BadInputException;
import org.magentajava.midi.MidiIo;
import org.magentajava.notes.TestSequences;
import org.magentajava.proto.NoteSequence;

class MelodyCorpusTest {

    /** Eight bars of eighth notes at 120 qpm in 4/4 (a step is 0.125 s), pitches cycling over six notes. */
    static NoteSequence tune(int index, int shift) {
        NoteSequence.Builder ns = TestSequences.sequence(120, 4, 4);
        int[] pitches = {60, 62, 64, 65, 67, 69};
        for (int i = 0; i < 64; i++) {
            TestSequences.addTrack(ns, 0, TestSequences.note(pitches[i % 6] + shift, 100, i * 0.25, i * 0.25 + 0.25));
        }
        return ns.setId("/id/midi/test/" + index).setFilename("tune" + index + ".mid").build();
    }

    static void writeTfRecord(Path file, List<NoteSequence> sequences) throws Exception {
        try (OutputStream out = Files.newOutputStream(file); TfRecordWriter w = new TfRecordWriter(out)) {
            for (NoteSequence ns : sequences) {
                w.write(ns.toByteArray());
            }
        }
    }

    @Test
    void noteSequenceSplitsPartitionTheFileAsCreateDatasetDoes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tunes.tfrecord");
        List<NoteSequence> tunes = java.util.stream.IntStream.range(0, 20).mapToObj(i -> tune(i, i % 3)).toList();
        writeTfRecord(file, tunes);
        CorpusOptions options = new CorpusOptions(CorpusOptions.Split.ALL, 0.3, 7, null);
        MelodyCorpus all = MelodyCorpus.read(file, options);
        MelodyCorpus eval = MelodyCorpus.read(file, options.withSplit(CorpusOptions.Split.EVAL));
        MelodyCorpus train = MelodyCorpus.read(file, options.withSplit(CorpusOptions.Split.TRAIN));
        assertEquals(20, all.melodies().size());
        assertEquals(20, eval.melodies().size() + train.melodies().size());
        assertTrue(eval.melodies().size() > 0 && train.melodies().size() > 0);
        for (SourcedMelody m : eval.melodies()) {
            int index = Integer.parseInt(m.source().replaceAll("\\D", ""));
            assertTrue(DatasetBuilder.isEval("/id/midi/test/" + index, 7, 0.3), m.source());
        }
        // the extracted melody: 64 eighth notes, 8 bars; the final NOTE_OFF is implied by the end
        SourcedMelody first = all.melodies().get(0);
        assertEquals("tune0.mid", first.source());
        assertEquals(64, first.notes().size());
        assertEquals(128, first.length());
        assertEquals(16, first.stepsPerBar());
        assertTrue(eval.describe(options.withSplit(CorpusOptions.Split.EVAL)).contains("(eval split)"));

        // With create-dataset's --dev_ratio the dev split comes out of train; eval stays the same.
        CorpusOptions withDev = new CorpusOptions(CorpusOptions.Split.ALL, 0.3, 0.4, 7, null);
        MelodyCorpus dev = MelodyCorpus.read(file, withDev.withSplit(CorpusOptions.Split.DEV));
        MelodyCorpus trainLeft = MelodyCorpus.read(file, withDev.withSplit(CorpusOptions.Split.TRAIN));
        assertEquals(eval.melodies().size(), MelodyCorpus.read(file, withDev.withSplit(CorpusOptions.Split.EVAL))
                .melodies().size());
        assertEquals(train.melodies().size(), dev.melodies().size() + trainLeft.melodies().size());
        assertTrue(dev.melodies().size() > 0, "about 8 of the 20 tunes hash into [0.3, 0.7)");
        for (SourcedMelody m : dev.melodies()) {
            int index = Integer.parseInt(m.source().replaceAll("\\D", ""));
            assertEquals(DatasetBuilder.Split.DEV, DatasetBuilder.splitOf("/id/midi/test/" + index, 7, 0.3, 0.4));
        }
    }

    @Test
    void generatedMidiIsAnalyzedFromItsMarker(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("gen");
        Files.createDirectories(folder.resolve("sub"));
        // the marker at 2 s is step 16 at 120 qpm
        GeneratedMidi.write(tune(1, 0), 2.0, folder.resolve("a.mid"));
        MidiIo.write(tune(2, 0), folder.resolve("sub/b.midi"));
        Files.writeString(folder.resolve("notes.txt"), "not MIDI");
        MelodyCorpus corpus = MelodyCorpus.read(folder, CorpusOptions.all());
        assertEquals(2, corpus.sources());
        assertEquals("a.mid", corpus.melodies().get(0).source());
        assertEquals(16, corpus.melodies().get(0).fromStep());
        assertEquals(56, corpus.melodies().get(0).notes().size());
        assertEquals("sub/b.midi", corpus.melodies().get(1).source());
        assertEquals(0, corpus.melodies().get(1).fromStep());
        MelodyCorpus skipped = MelodyCorpus.read(folder, new CorpusOptions(CorpusOptions.Split.ALL, 0.1, 0, 8));
        assertEquals(8, skipped.melodies().get(0).fromStep());
        assertEquals(8, skipped.melodies().get(1).fromStep());
    }

    @Test
    void badCorporaAreOneLineErrors(@TempDir Path dir) throws Exception {
        BadInputException missing = assertThrows(BadInputException.class,
                () -> MelodyCorpus.read(dir.resolve("nope.tfrecord"), CorpusOptions.all()));
        assertTrue(missing.getMessage().contains("nope.tfrecord"), missing.getMessage());
        BadInputException empty = assertThrows(BadInputException.class,
                () -> MelodyCorpus.read(dir, CorpusOptions.all()));
        assertTrue(empty.getMessage().contains("no .mid"), empty.getMessage());
        Files.createDirectories(dir.resolve("m"));
        MidiIo.write(tune(1, 0), dir.resolve("m/a.mid"));
        BadInputException split = assertThrows(BadInputException.class,
                () -> MelodyCorpus.read(dir.resolve("m"), CorpusOptions.all().withSplit(CorpusOptions.Split.EVAL)));
        assertTrue(split.getMessage().contains("NoteSequence TFRecords only"), split.getMessage());
        Path broken = dir.resolve("m/broken.mid");
        Files.write(broken, new byte[] {'M', 'T', 'h', 'd', 0, 0});
        MelodyCorpus withBroken = MelodyCorpus.read(dir.resolve("m"), CorpusOptions.all());
        assertEquals(1, withBroken.melodies().size());
        assertEquals(1, withBroken.problems().size());
        assertTrue(withBroken.problems().get(0).contains("broken.mid"), withBroken.problems().get(0));
    }
}
