package org.magentajava.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.magentajava.io.AtomicOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.io.BadInputException;

class OutputNamesTest {
    private static final ZonedDateTime NOW = ZonedDateTime.of(2025, 1, 31, 14, 25, 1, 0, ZoneId.of("UTC"));

    @TempDir
    Path dir;

    @Test
    void numbersArePaddedToTheDigitsOfTheCount() {
        assertEquals("2025-01-31_142501_01.mid", name(0, 10));
        assertEquals("2025-01-31_142501_10.mid", name(9, 10));
        assertEquals("2025-01-31_142501_1.mid", name(0, 1));
        assertEquals("2025-01-31_142501_9.mid", name(8, 9));
        assertEquals("2025-01-31_142501_007.mid", name(6, 100));
    }

    @Test
    void usesTheClocksLocalTime() throws IOException {
        // 13:25:01 UTC is 14:25:01 in Berlin in winter: the name shows wall-clock time, as strftime does.
        Clock berlin = Clock.fixed(Instant.parse("2025-01-31T13:25:01Z"), ZoneId.of("Europe/Berlin"));
        List<Path> paths = paths(OutputNames.claim(dir, berlin, 2));
        assertEquals(List.of(dir.resolve("2025-01-31_142501_1.mid"), dir.resolve("2025-01-31_142501_2.mid")), paths);
    }

    @Test
    void anExistingNameMovesTheWholeRunToANewPrefix() throws IOException {
        Files.createFile(dir.resolve("2025-01-31_142501_02.mid"));
        List<Path> paths = paths(OutputNames.claim(dir, NOW, 10));
        assertEquals(dir.resolve("2025-01-31_142501-2_01.mid"), paths.get(0));
        assertEquals(dir.resolve("2025-01-31_142501-2_10.mid"), paths.get(9));

        Files.createFile(dir.resolve("2025-01-31_142501-2_10.mid"));
        assertEquals(dir.resolve("2025-01-31_142501-3_01.mid"), paths(OutputNames.claim(dir, NOW, 10)).get(0));
    }

    @Test
    void unrelatedFilesDoNotMatter() throws IOException {
        Files.createFile(dir.resolve("2025-01-31_142501_03.mid")); // outside a batch of 2
        assertEquals(dir.resolve("2025-01-31_142501_1.mid"), paths(OutputNames.claim(dir, NOW, 2)).get(0));
    }

    @Test
    void countEdgeCases() throws IOException {
        assertEquals(List.of(), paths(OutputNames.claim(dir, NOW, 0)));
        assertThrows(BadInputException.class, () -> OutputNames.claim(dir, NOW, -1));
    }

    @Test
    void aHeldClaimSendsAConcurrentRunToTheNextPrefixAndReleasingItLeavesNoTrace() throws IOException {
        try (OutputNames.Claim first = OutputNames.claim(dir, NOW, 2)) {
            // nothing is written yet, but the prefix is taken
            assertEquals(dir.resolve("2025-01-31_142501-2_1.mid"), paths(OutputNames.claim(dir, NOW, 2)).get(0));
            assertEquals(dir.resolve("2025-01-31_142501_1.mid"), first.paths().get(0));
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList());
        }
    }

    /**
     * Six writers name their batches at the same instant (all name before any writes: the worst interleaving)
     * and then write: every file must survive with its own bytes. Before names were claimed, all six chose
     * 2025-01-31_142501_1..3 and 15 of 18 files were lost.
     */
    @Test
    void concurrentRunsIntoOneFolderLoseNoFile() throws Exception {
        int runs = 6;
        int outputs = 3;
        CyclicBarrier named = new CyclicBarrier(runs);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            List<Future<List<Path>>> results = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                int run = r;
                results.add(pool.submit(() -> {
                    try (OutputNames.Claim claim = OutputNames.claim(dir, NOW, outputs)) {
                        named.await(10, TimeUnit.SECONDS);
                        for (int i = 0; i < outputs; i++) {
                            AtomicOutput.writeNew(claim.paths().get(i), ("run " + run + " output " + i).getBytes());
                        }
                        return claim.paths();
                    }
                }));
            }
            Set<Path> all = new HashSet<>();
            for (int r = 0; r < runs; r++) {
                List<Path> paths = results.get(r).get(30, TimeUnit.SECONDS);
                for (int i = 0; i < outputs; i++) {
                    assertEquals("run " + r + " output " + i, Files.readString(paths.get(i)));
                    assertTrue(all.add(paths.get(i)), "two runs got " + paths.get(i));
                }
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(runs * outputs, files.count(), "files in the folder (no claim left behind)");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFileThatAppearsAfterTheNamesWereChosenIsNeverReplaced() throws IOException {
        try (OutputNames.Claim claim = OutputNames.claim(dir, NOW, 1)) {
            Path name = claim.paths().get(0);
            Files.writeString(name, "someone else's");
            assertThrows(FileAlreadyExistsException.class, () -> AtomicOutput.writeNew(name, new byte[] {1, 2}));
            assertEquals("someone else's", Files.readString(name));
        }
    }

    private static List<Path> paths(OutputNames.Claim claim) throws IOException {
        claim.close();
        return claim.paths();
    }

    private static String name(int index, int count) {
        return OutputNames.fileName("2025-01-31_142501", index, count);
    }
}
