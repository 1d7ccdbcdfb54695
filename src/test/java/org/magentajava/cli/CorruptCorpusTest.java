package org.magentajava.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.TfRecordReader;
import org.magentajava.proto.NoteSequence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared Nottingham files, some intact and some mutated (truncated, bytes flipped, header zeroed, garbage
 * appended), in one folder: convert-dir converts every intact file exactly as it converts it alone, accounts for
 * every mutated file (converted, or named on one "failed:" line with a reason), and exits as documented.
 */
class CorruptCorpusTest {
    static final Path NOTTINGHAM = Path.of("../shared/data/nottingham");
    static final long SEED = 8;
    static final Pattern FAILED = Pattern.compile("^failed: ([^:]+): ([^:]+): .+$", Pattern.MULTILINE);

    enum Mutation { TRUNCATED, FLIPPED, HEADER_ZEROED, GARBAGE_APPENDED }

    /** Every 12th tune (about 74), sorted, so the selection is stable. */
    static List<Path> tunes() throws IOException {
        try (Stream<Path> s = Files.list(NOTTINGHAM)) {
            List<Path> all = s.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
            List<Path> picked = new ArrayList<>();
            for (int i = 0; i < all.size(); i += 12) {
                picked.add(all.get(i));
            }
            return picked;
        }
    }

    static byte[] mutate(byte[] b, Mutation m, SplittableRandom rnd) {
        switch (m) {
            case TRUNCATED -> {
                return Arrays.copyOf(b, 14 + rnd.nextInt(b.length - 20)); // inside the tracks
            }
            case FLIPPED -> {
                byte[] c = b.clone();
                for (int i = 0; i < 1 + rnd.nextInt(8); i++) {
                    c[rnd.nextInt(c.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return c;
            }
            case HEADER_ZEROED -> {
                byte[] c = b.clone();
                Arrays.fill(c, 0, 14, (byte) 0);
                return c;
            }
            default -> {
                byte[] tail = new byte[1 + rnd.nextInt(4096)];
                rnd.nextBytes(tail);
                byte[] c = Arrays.copyOf(b, b.length + tail.length);
                System.arraycopy(tail, 0, c, b.length, tail.length);
                return c;
            }
        }
    }

    static Map<String, byte[]> records(Path tfrecord) throws IOException {
        Map<String, byte[]> byFile = new TreeMap<>();
        try (TfRecordReader r = TfRecordReader.open(tfrecord)) {
            for (byte[] rec = r.next(); rec != null; rec = r.next()) {
                byFile.put(NoteSequence.parseFrom(rec).getFilename(), rec);
            }
        }
        return byFile;
    }

    @Test
    void intactFilesConvertIdenticallyAndEveryBrokenOneIsNamedWithAReason(@TempDir Path tmp) throws IOException {
        // The same folder name twice, so that collection_name and ids agree between the two runs.
        Path clean = Files.createDirectories(tmp.resolve("clean/corpus"));
        Path mixed = Files.createDirectories(tmp.resolve("mixed/corpus"));
        SplittableRandom rnd = new SplittableRandom(SEED);
        Map<String, Mutation> mutated = new LinkedHashMap<>();
        List<String> intact = new ArrayList<>();
        Mutation[] kinds = Mutation.values();
        int i = 0;
        for (Path tune : tunes()) {
            String name = tune.getFileName().toString();
            byte[] bytes = Files.readAllBytes(tune);
            Files.write(clean.resolve(name), bytes);
            if (i % 2 == 0) {
                Files.write(mixed.resolve(name), bytes);
                intact.add(name);
            } else {
                Mutation m = kinds[(i / 2) % kinds.length];
                Files.write(mixed.resolve(name), mutate(bytes, m, rnd));
                mutated.put(name, m);
            }
            i++;
        }
        Files.writeString(mixed.resolve("README.txt"), "not MIDI, skipped\n");

        Path cleanOut = tmp.resolve("clean.tfrecord");
        Path mixedOut = tmp.resolve("mixed.tfrecord");
        Cli.Result c = Cli.run("convert-dir", "--input_dir", clean.toString(), "--output_file", cleanOut.toString());
        Cli.Result m = Cli.run("convert-dir", "--input_dir", mixed.toString(), "--output_file", mixedOut.toString(),
                "--num_threads", "2");
        assertEquals(ExitCodes.OK, c.code(), c.err());
        assertEquals(ExitCodes.OK, m.code(), m.err());
        assertFalse(m.err().contains("Exception") || m.err().contains("\tat "), "no stack trace: " + m.err());

        Map<String, byte[]> reference = records(cleanOut);
        Map<String, byte[]> got = records(mixedOut);
        for (String name : intact) {
            assertTrue(got.containsKey(name), name + " intact but not converted");
            assertArrayEquals(reference.get(name), got.get(name), name + " converted differently");
        }
        Map<String, String> failed = new TreeMap<>();
        Matcher fm = FAILED.matcher(m.err());
        while (fm.find()) {
            failed.put(fm.group(1), fm.group(2));
        }
        for (Map.Entry<String, Mutation> e : mutated.entrySet()) {
            String name = e.getKey();
            boolean converted = got.containsKey(name);
            assertTrue(converted != failed.containsKey(name), name + " (" + e.getValue() + ") must be either converted or"
                    + " failed, once: " + m.err());
            if (e.getValue() == Mutation.TRUNCATED || e.getValue() == Mutation.HEADER_ZEROED) {
                assertTrue(failed.containsKey(name), name + " (" + e.getValue() + ") cannot be valid MIDI");
            }
            if (e.getValue() == Mutation.GARBAGE_APPENDED) {
                // mido reads the header's number of tracks and ignores what follows, and so do we.
                assertArrayEquals(reference.get(name), got.get(name), name + " with garbage appended");
            }
        }
        assertEquals(intact.size() + mutated.size(), got.size() + failed.size());
        for (String reason : failed.values()) {
            assertFalse(reason.isBlank() || reason.contains("unexpected") || reason.contains("internal"), reason);
        }
        assertTrue(m.err().contains("skipped 1 non-MIDI file; failed " + failed.size()), m.err());
        Map<String, Integer> reasons = new TreeMap<>();
        failed.values().forEach(reason -> reasons.merge(reason, 1, Integer::sum));
        System.out.printf("corrupt corpus: %d intact, %d mutated (%d failed with a reason %s, %d still valid MIDI)%n",
                intact.size(), mutated.size(), failed.size(), reasons, mutated.size() - failed.size());
    }

    @Test
    void aFolderOfOnlyBrokenFilesExitsOneAndWritesNothing(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("broken"));
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<Path> tunes = tunes().subList(0, 8);
        for (int i = 0; i < tunes.size(); i++) {
            Mutation m = i % 2 == 0 ? Mutation.TRUNCATED : Mutation.HEADER_ZEROED;
            Files.write(dir.resolve(tunes.get(i).getFileName()), mutate(Files.readAllBytes(tunes.get(i)), m, rnd));
        }
        Path out = tmp.resolve("out.tfrecord");
        Cli.Result r = Cli.run("convert-dir", "--input_dir", dir.toString(), "--output_file", out.toString());
        assertEquals(ExitCodes.NOTHING_DONE, r.code(), r.err());
        assertEquals(8, FAILED.matcher(r.err()).results().count(), r.err());
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(dir), s.toList(), "no temporary file left behind");
        }
    }
}
