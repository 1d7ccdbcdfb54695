package org.magentajava.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.proto.NoteSequence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvertDirTest {
    static final Path NOTTINGHAM = Path.of("../shared/data/nottingham");
    static final List<String> TUNES = List.of("ashover1.mid", "ashover2.mid", "jigs10.mid", "reelsa-c1.mid",
            "waltzes1.mid");

    @TempDir
    static Path corpus;

    @BeforeAll
    static void buildCorpus() throws IOException {
        for (String t : TUNES) {
            Files.copy(NOTTINGHAM.resolve(t), corpus.resolve(t));
        }
        byte[] good = Files.readAllBytes(NOTTINGHAM.resolve("ashover1.mid"));
        Files.write(corpus.resolve("truncated.mid"), Arrays.copyOf(good, good.length / 2));
        byte[] noise = new byte[500];
        new Random(3).nextBytes(noise);
        Files.write(corpus.resolve("noise.midi"), noise);
        Files.write(corpus.resolve("EMPTY.MID"), new byte[0]);
        Files.writeString(corpus.resolve("readme.txt"), "not music");
        Files.createDirectories(corpus.resolve("sub"));
        Files.copy(NOTTINGHAM.resolve("hpps1.mid"), corpus.resolve("sub/hpps1.mid"));
    }

    private static List<NoteSequence> readAll(Path file) throws IOException {
        List<NoteSequence> out = new ArrayList<>();
        try (TfRecordReader r = TfRecordReader.open(file)) {
            for (byte[] rec = r.next(); rec != null; rec = r.next()) {
                out.add(NoteSequence.parseFrom(rec));
            }
        }
        return out;
    }

    @Test
    void convertsGoodFilesSkipsOthersAndNamesEveryFailure(@TempDir Path out) throws IOException {
        Path file = out.resolve("ns.tfrecord");
        ConvertDir.Summary s = ConvertDir.run(new ConvertDir.Options(corpus, file, false, 2), "corpus", null);
        assertEquals(8, s.total());
        assertEquals(5, s.converted());
        assertEquals(1, s.skipped(), "readme.txt");
        assertEquals(List.of("EMPTY.MID", "noise.midi", "truncated.mid"),
                s.failures().stream().map(ConvertDir.Failure::file).toList());
        for (ConvertDir.Failure f : s.failures()) {
            assertTrue(f.message().contains(f.file()), f.message());
        }
        List<NoteSequence> seqs = readAll(file);
        assertEquals(TUNES, seqs.stream().map(NoteSequence::getFilename).toList());
        for (NoteSequence ns : seqs) {
            assertEquals("corpus", ns.getCollectionName());
            assertEquals(ConvertDir.sequenceId("corpus", ns.getFilename()), ns.getId());
            assertTrue(ns.getNotesCount() > 20);
            assertEquals(1024, ns.getTicksPerQuarter());
        }
    }

    @Test
    void outputIsIdenticalWhateverTheThreadCount(@TempDir Path out) throws IOException {
        ConvertDir.run(new ConvertDir.Options(corpus, out.resolve("one.tfrecord"), true, 1), "c", null);
        ConvertDir.run(new ConvertDir.Options(corpus, out.resolve("two.tfrecord"), true, 3), "c", null);
        assertArrayEquals(Files.readAllBytes(out.resolve("one.tfrecord")),
                Files.readAllBytes(out.resolve("two.tfrecord")));
    }

    @Test
    void recursiveUsesSlashSeparatedRelativeFilenames(@TempDir Path out) throws IOException {
        Path file = out.resolve("ns.tfrecord");
        ConvertDir.Summary s = ConvertDir.run(new ConvertDir.Options(corpus, file, true, 2), "corpus", null);
        assertEquals(6, s.converted());
        List<String> names = readAll(file).stream().map(NoteSequence::getFilename).toList();
        assertEquals(List.of("ashover1.mid", "ashover2.mid", "jigs10.mid", "reelsa-c1.mid", "sub/hpps1.mid",
                "waltzes1.mid"), names, "sorted by relative path, '/' separated");
    }

    @Test
    void magentaIdIsSha1OfTheFilename() {
        // Expected hashes computed independently (sha1sum of the UTF-8 filename).
        assertEquals("/id/midi/nottingham/a034132ff31c1c630b510302fac2713f4e4e3114", ConvertDir.sequenceId("nottingham", "ashover1.mid"));
        assertEquals("/id/midi//da39a3ee5e6b4b0d3255bfef95601890afd80709", ConvertDir.sequenceId("", ""));
    }

    @Test
    void collectionNameFollowsMagentaBasenameRule() {
        assertEquals("nottingham", ConvertDir.collectionName("../shared/data/nottingham"));
        assertEquals("", ConvertDir.collectionName("../shared/data/nottingham/"));
    }

    @Test
    void noConvertibleFileWritesNothing(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("bad.mid"), new byte[]{1, 2, 3});
        Path file = dir.resolve("out/ns.tfrecord");
        ConvertDir.Summary s = ConvertDir.run(new ConvertDir.Options(dir, file, false, 1), "d", null);
        assertEquals(0, s.converted());
        assertFalse(Files.exists(file));
        try (var listing = Files.list(dir.resolve("out"))) {
            assertEquals(0, listing.count(), "no temporary file left behind");
        }
    }
}
