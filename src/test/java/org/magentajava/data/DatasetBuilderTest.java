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

    @Test
    void theDevSplitIsCarvedFromTrainingAndLeavesEvalAlone() {
        int train = 0;
        int dev = 0;
        for (int i = 0; i < 2000; i++) {
            String id = "/id/midi/c/" + i;
            DatasetBuilder.Split split = DatasetBuilder.splitOf(id, 7, 0.1, 0.2);
            // The same ids are eval with or without a dev split; dev ids are training ids without one.
            assertEquals(DatasetBuilder.isEval(id, 7, 0.1), split == DatasetBuilder.Split.EVAL, id);
            assertEquals(DatasetBuilder.isEval(id, 7, 0.1) ? DatasetBuilder.Split.EVAL : DatasetBuilder.Split.TRAIN,
                    DatasetBuilder.splitOf(id, 7, 0.1, 0));
            train += split == DatasetBuilder.Split.TRAIN ? 1 : 0;
            dev += split == DatasetBuilder.Split.DEV ? 1 : 0;
        }
        assertTrue(dev > 340 && dev < 460, "about 20% of 2000 ids: " + dev);
        assertTrue(train > 1300 && train < 1500, "about 70% of 2000 ids: " + train);
    }

    @Test
    void devRatioWritesADevFileFromTheTrainingFiles(@TempDir Path dir) throws IOException {
        Path in = input(dir, -1, false);
        DatasetBuilder.Summary plain = build(in, dir.resolve("plain"), 0.25, 1);
        DatasetBuilder.Summary withDev = DatasetBuilder.run(new DatasetBuilder.Options(in, dir.resolve("dev"), 0.25,
                0, 1, MelodyDataset.TRAINING, MelodyDataset.EVAL, 0.5), MelodyDataset.extractor(MelodyRnn.BASIC_RNN,
                ExtractionParams.createDataset()), null);
        assertArrayEquals(Files.readAllBytes(dir.resolve("plain/eval_melodies.tfrecord")),
                Files.readAllBytes(dir.resolve("dev/eval_melodies.tfrecord")));
        assertEquals(plain.evalExamples(), withDev.evalExamples());
        assertEquals(plain.trainExamples(), withDev.trainExamples() + withDev.devExamples());
        assertEquals(plain.trainSteps(), withDev.trainSteps() + withDev.devSteps());
        assertTrue(withDev.devExamples() > 0, "at least one of the tunes hashes into [0.25, 0.75)");
        assertEquals(withDev.devExamples(), records(dir.resolve("dev/dev_melodies.tfrecord")));
        assertFalse(Files.exists(dir.resolve("plain/dev_melodies.tfrecord")), "no dev file without --dev_ratio");
        assertTrue(Files.readString(dir.resolve("dev/create_dataset_report.tsv")).contains("\tdev\t"));
    }

    private static long records(Path file) throws IOException {
        long n = 0;
        try (TfRecordReader reader = TfRecordReader.open(file)) {
            while (reader.next() != null) {
                n++;
            }
        }
        return n;
    }
}
