package org.magentajava.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.melody.ExtractionParams;
import org.magentajava.midi.MidiIo;
import org.magentajava.models.melodyrnn.MelodyDataset;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.proto.NoteSequence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetBuilderTest {
    static final List<String> TUNES = List.of("ashover1.mid", "ashover2.mid", "jigs10.mid", "hpps1.mid");

    static byte[] record(String tune) {
        NoteSequence ns = MidiIo.read(Path.of("../shared/data/nottingham", tune)).toBuilder()
                .setId(ConvertDir.sequenceId("nottingham", tune)).setFilename(tune).build();
        return ns.toByteArray();
    }

    /** A TFRecord of the tunes; the record at {@code corruptIndex} gets a flipped payload byte (-1: none). */
    static Path input(Path dir, int corruptIndex, boolean junkRecord) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        List<Integer> payloadStarts = new ArrayList<>();
        try (TfRecordWriter w = new TfRecordWriter(bos)) {
            for (String t : TUNES) {
                w.flush();
                payloadStarts.add(bos.size() + TfRecords.HEADER_BYTES);
                w.write(record(t));
            }
            if (junkRecord) {
                w.write(new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            }
        }
        byte[] bytes = bos.toByteArray();
        if (corruptIndex >= 0) {
            bytes[payloadStarts.get(corruptIndex) + 5] ^= 0x10;
        }
        Path file = Files.createDirectories(dir).resolve("ns.tfrecord");
        Files.write(file, bytes);
        return file;
    }

    static DatasetBuilder.Summary build(Path in, Path out, double evalRatio, int threads) throws IOException {
        return DatasetBuilder.run(new DatasetBuilder.Options(in, out, evalRatio, 0, threads, MelodyDataset.TRAINING,
                MelodyDataset.EVAL), MelodyDataset.extractor(MelodyRnn.BASIC_RNN, ExtractionParams.createDataset()),
                null);
    }

    @Test
    void splitIsADeterministicHashOfTheIdAndSeed() {
        String id = ConvertDir.sequenceId("nottingham", "ashover1.mid");
        assertEquals(DatasetBuilder.isEval(id, 0, 0.5), DatasetBuilder.isEval(id, 0, 0.5));
        assertFalse(DatasetBuilder.isEval(id, 0, 0.0));
        assertTrue(DatasetBuilder.isEval(id, 0, 1.0));
        int eval = 0;
        for (int i = 0; i < 2000; i++) {
            eval += DatasetBuilder.isEval("/id/midi/c/" + i, 7, 0.1) ? 1 : 0;
        }
        assertTrue(eval > 150 && eval < 250, "about 10% of 2000 ids: " + eval);
    }

    @Test
    void outputIsIdenticalWhateverTheThreadCount(@TempDir Path dir) throws IOException {
        Path in = input(dir, -1, false);
        build(in, dir.resolve("one"), 0.5, 1);
        build(in, dir.resolve("three"), 0.5, 3);
        for (String f : List.of("training_melodies.tfrecord", "eval_melodies.tfrecord", "create_dataset_report.tsv")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(f)),
                    Files.readAllBytes(dir.resolve("three").resolve(f)), f);
        }
    }

    @Test
    void corruptAndUndecodableRecordsAreSkippedAndNothingElseIsLost(@TempDir Path dir) throws IOException {
        DatasetBuilder.Summary clean = build(input(dir.resolve("a"), -1, false), dir.resolve("clean"), 0, 2);
        DatasetBuilder.Summary broken = build(input(dir.resolve("b"), 1, true), dir.resolve("broken"), 0, 2);
        assertEquals(4, clean.sequences());
        assertEquals(3, broken.sequences(), "the other three tunes are all used");
        assertEquals(2, broken.badRecords());
        assertTrue(broken.badRecordMessages().get(0).contains("data CRC mismatch"), broken.badRecordMessages().toString());
        assertTrue(broken.badRecordMessages().get(1).contains("not a NoteSequence"), broken.badRecordMessages().toString());
        List<String> report = Files.readAllLines(dir.resolve("broken/create_dataset_report.tsv"));
        assertEquals("record\tfilename\tsplit\texamples\tsteps\tnote", report.get(0));
        assertEquals(4, report.size(), "header + the three good sequences");
        assertFalse(report.stream().anyMatch(l -> l.contains("ashover2.mid")), "the corrupt record is not reported as data");
        assertTrue(clean.trainExamples() > broken.trainExamples());
    }
}
