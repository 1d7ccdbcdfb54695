package org.magentajava.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.generate.GeneratedMidi;
import org.magentajava.io.BadInputException;
import org.magentajava.notes.TestSequences;
import org.magentajava.proto.NoteSequence;

class PieceCorpusTest {

    /** A two-voice piece at 120 qpm: a bass note per half note under the eighth notes of {@link MelodyCorpusTest#tune}. */
    static NoteSequence twoVoices() {
        NoteSequence.Builder ns = MelodyCorpusTest.tune(0, 0).toBuilder();
        for (int i = 0; i < 16; i++) {
            TestSequences.addTrack(ns, 1, TestSequences.note(48, 80, i, i + 1.0));
        }
        return ns.build();
    }

    @Test
    void aGeneratedFileIsAnalyzedFromItsMarkerOnTheChosenGrid(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gen.mid");
        GeneratedMidi.write(twoVoices(), 1.0, file); // the continuation starts at 1 s: beat 2
        PieceCorpus quarters = PieceCorpus.read(file, CorpusOptions.all(), 1);
        PolyphonicPiece p = quarters.pieces().get(0);
        // 16 s = 32 quarter notes, but quantizing rounds the last eighth note (at 31.5 quarters) up to step 32,
        // and a note shorter than a step lasts one: 33 steps; the tune's 64 eighth notes and 16 bass notes
        assertEquals(33, p.length());
        assertEquals(80, p.notes().size());
        assertEquals(2, p.fromStep());
        assertTrue(p.simultaneousNotes());
        assertEquals(8, PieceCorpus.read(file, CorpusOptions.all(), 4).pieces().get(0).fromStep());
        // --skip_primer_steps counts 16th notes whatever the grid: 4 of them are one quarter note
        CorpusOptions skip = new CorpusOptions(CorpusOptions.Split.ALL, 0.1, 0, 4);
        assertEquals(1, PieceCorpus.read(file, skip, 1).pieces().get(0).fromStep());
        assertTrue(quarters.describe(CorpusOptions.all()).endsWith("1 MIDI files, 1 piece"),
                quarters.describe(CorpusOptions.all()));
    }

    @Test
    void noteSequencesFollowCreateDatasetsSplitAndAMelodyHasNoSimultaneousNotes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tunes.tfrecord");
        List<NoteSequence> tunes = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> MelodyCorpusTest.tune(i, 0)).toList();
        MelodyCorpusTest.writeTfRecord(file, tunes);
        CorpusOptions options = new CorpusOptions(CorpusOptions.Split.ALL, 0.3, 7, null);
        PieceCorpus eval = PieceCorpus.read(file, options.withSplit(CorpusOptions.Split.EVAL), 1);
        PieceCorpus train = PieceCorpus.read(file, options.withSplit(CorpusOptions.Split.TRAIN), 1);
        assertEquals(MelodyCorpus.read(file, options.withSplit(CorpusOptions.Split.EVAL)).melodies().size(),
                eval.pieces().size());
        assertEquals(20, eval.pieces().size() + train.pieces().size());
        assertFalse(train.hasSimultaneousNotes());
        // at one step per quarter note the off-beat eighth rounds onto the next beat (Magenta's quantizer), so
        // steps 1..31 hold two notes and steps 0 and 32 one: 64 notes over 33 steps
        assertEquals(64.0 / 33, PolyphonyAnalysis.of(train.pieces()).meanNotesPerStep(), 1e-12);
    }

    @Test
    void aMissingPathIsOneLine(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> PieceCorpus.read(dir.resolve("absent.tfrecord"), CorpusOptions.all(), 1));
        assertTrue(e.getMessage().endsWith("absent.tfrecord: no such file or folder"), e.getMessage());
    }
}
