package org.magentajava.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.SequenceExamples;
import org.magentajava.io.BadInputException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

class DataPipelineTest {
    @TempDir
    Path dir;

    @Test
    void batchPadsToLongestSequenceWithLengths() {
        SequenceExamples.Encoded a = new SequenceExamples.Encoded(new float[][]{{1, 2}, {3, 4}}, new int[]{5, 6});
        SequenceExamples.Encoded b = new SequenceExamples.Encoded(new float[][]{{7, 8}, {9, 10}, {11, 12}},
                new int[]{1, 2, 3});
        SequenceExamples.Encoded c = new SequenceExamples.Encoded(new float[][]{{13, 14}}, new int[]{4});
        Batch batch = Batch.of(List.of(a, b, c), 2);
        assertEquals(3, batch.batchSize());
        assertEquals(3, batch.maxLength());
        assertArrayEquals(new int[]{2, 3, 1}, batch.lengths());
        assertArrayEquals(new float[]{1, 2, 3, 4, 0, 0, 7, 8, 9, 10, 11, 12, 13, 14, 0, 0, 0, 0}, batch.inputs());
        assertArrayEquals(new int[]{5, 6, 0, 1, 2, 3, 4, 0, 0}, batch.labels());
        assertEquals(6, batch.validSteps());
        assertEquals(11f, batch.input(1, 2, 0));
    }

    private List<Integer> ids(ShuffledExamples s, int n) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Melodies.idOf(s.next()));
        }
        return out;
    }

    private ShuffledExamples stream(Path file, DataPosition start, SkipLog skips) throws Exception {
        return new ShuffledExamples(file, Melodies.INPUT_SIZE, Melodies.NUM_CLASSES, 4, start, skips);
    }

    @Test
    void shuffleIsDeterministicPerSeedAndCoversEveryRecordOncePerEpoch() throws Exception {
        Path file = Melodies.write(dir.resolve("t.tfrecord"), Melodies.range(10));
        SkipLog skips = new SkipLog(new PrintStream(new ByteArrayOutputStream()));
        List<Integer> first;
        List<Integer> again;
        List<Integer> other;
        try (ShuffledExamples s = stream(file, DataPosition.start(7), skips)) {
            first = ids(s, 30);
            assertEquals(new DataPosition(7, 2, 10), s.position());
        }
        try (ShuffledExamples s = stream(file, DataPosition.start(7), skips)) {
            again = ids(s, 30);
        }
        try (ShuffledExamples s = stream(file, DataPosition.start(8), skips)) {
            other = ids(s, 30);
        }
        assertEquals(first, again);
        assertNotEquals(first, other);
        List<Integer> fileOrder = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        for (int e = 0; e < 3; e++) {
            List<Integer> epoch = first.subList(e * 10, e * 10 + 10);
            assertEquals(new TreeSet<>(fileOrder), new TreeSet<>(epoch), "epoch " + e);
            assertEquals(10, epoch.size());
        }
        assertNotEquals(first.subList(0, 10), fileOrder);
        assertNotEquals(first.subList(0, 10), first.subList(10, 20), "epochs are reshuffled");
        assertEquals(0, skips.skipped());
    }

    @Test
    void equalInputRowsAreSharedBetweenExamplesWithoutChangingThem() throws Exception {
        float[][] a = {{1, 0, 0}, {0, 1, 0}, {1, 0, 0}};
        float[][] b = {{0, 1, 0}, {0.5f, 0, 0.25f}, {1, 0, 0}};
        Path file = Melodies.writeRaw(dir.resolve("rows.tfrecord"), List.of(
                org.magentajava.data.SequenceExamples.serialize(a, new int[] {0, 1, 2}),
                org.magentajava.data.SequenceExamples.serialize(b, new int[] {2, 1, 0})));
        SkipLog skips = new SkipLog(new PrintStream(new ByteArrayOutputStream()));
        try (RecordSource source = new RecordSource(file, 3, 3, skips)) {
            var first = source.next();
            var second = source.next();
            assertArrayEquals(a, first.inputs());
            assertArrayEquals(b, second.inputs());
            assertSame(first.inputs()[0], first.inputs()[2]);
            assertSame(first.inputs()[0], second.inputs()[2]);
            assertSame(first.inputs()[1], second.inputs()[0]);
            assertArrayEquals(new int[] {2, 1, 0}, second.labels());
            assertNull(source.next());
        }
    }

    @Test
    void resumingFromAPositionContinuesTheSameSequence() throws Exception {
        Path file = Melodies.write(dir.resolve("t.tfrecord"), Melodies.range(10));
        SkipLog skips = new SkipLog(new PrintStream(new ByteArrayOutputStream()));
        List<Integer> whole;
        try (ShuffledExamples s = stream(file, DataPosition.start(3), skips)) {
            whole = ids(s, 25);
        }
        try (ShuffledExamples s = stream(file, new DataPosition(3, 1, 4), skips)) {
            assertEquals(whole.subList(14, 25), ids(s, 11));
        }
    }

    @Test
    void corruptAndUnusableRecordsAreSkippedCountedAndReportedOnce() throws Exception {
        List<byte[]> records = new ArrayList<>();
        for (SequenceExamples.Encoded m : Melodies.range(6)) {
            records.add(Melodies.bytes(m));
        }
        records.set(3, new byte[]{(byte) 0xff, 1, 2}); // valid framing, not a SequenceExample
        SequenceExamples.Encoded wide = new SequenceExamples.Encoded(new float[][]{{1, 2}}, new int[]{0});
        records.add(Melodies.bytes(wide)); // wrong input width for the model
        Path file = Melodies.writeRaw(dir.resolve("bad.tfrecord"), records);
        // flip a payload byte of record 1: its data CRC no longer matches
        byte[] all = java.nio.file.Files.readAllBytes(file);
        int flip = (int) Melodies.offsetOf(records, 1) + 12 + 2;
        all[flip] ^= 0x55;
        java.nio.file.Files.write(file, all);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SkipLog skips = new SkipLog(new PrintStream(log, true, StandardCharsets.UTF_8));
        List<Integer> seen;
        try (ShuffledExamples s = stream(file, DataPosition.start(1), skips)) {
            seen = ids(s, 12); // three epochs of the 4 usable records
        }
        assertEquals(List.of(0, 2, 4, 5), seen.subList(0, 4).stream().sorted().toList());
        assertEquals(3, skips.skipped());
        String text = log.toString(StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        assertEquals(3, lines.length, text);
        assertTrue(lines[0].contains(file.toString()) && lines[0].contains("byte " + Melodies.offsetOf(records, 1))
                && lines[0].contains("data CRC mismatch"), lines[0]);
        assertTrue(lines[1].contains("record 3 at byte " + Melodies.offsetOf(records, 3)) && lines[1].contains("not a SequenceExample"),
                lines[1]);
        assertTrue(lines[2].contains("record 6 at byte " + Melodies.offsetOf(records, 6))
                && lines[2].contains("have 2 inputs but the model takes 5"), lines[2]);
    }

    @Test
    void truncatedTailEndsThePassButKeepsEarlierRecords() throws Exception {
        Path file = Melodies.write(dir.resolve("t.tfrecord"), Melodies.range(3));
        byte[] all = java.nio.file.Files.readAllBytes(file);
        java.nio.file.Files.write(file, Arrays.copyOf(all, all.length - 5));
        SkipLog skips = new SkipLog(new PrintStream(new ByteArrayOutputStream()));
        try (RecordSource src = new RecordSource(file, Melodies.INPUT_SIZE, Melodies.NUM_CLASSES, skips)) {
            assertEquals(0, Melodies.idOf(src.next()));
            assertEquals(1, Melodies.idOf(src.next()));
            assertNull(src.next());
        }
        assertEquals(1, skips.skipped());
        assertTrue(skips.first().contains("rest of the file skipped"), skips.first());
    }

    @Test
    void fileWithNothingUsableIsAClearError() throws Exception {
        Path file = Melodies.writeRaw(dir.resolve("junk.tfrecord"), List.of(new byte[]{(byte) 0xff, 1}));
        SkipLog skips = new SkipLog(new PrintStream(new ByteArrayOutputStream()));
        try (ShuffledExamples s = stream(file, DataPosition.start(0), skips)) {
            BadInputException e = assertThrows(BadInputException.class, s::next);
            assertTrue(e.getMessage().contains("no usable training records") && e.getMessage().contains("junk.tfrecord"),
                    e.getMessage());
        }
    }
}
