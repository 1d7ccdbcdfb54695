package org.magentajava.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
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
    void usesTheClocksLocalTime() {
        // 13:25:01 UTC is 14:25:01 in Berlin in winter: the name shows wall-clock time, as strftime does.
        Clock berlin = Clock.fixed(Instant.parse("2025-01-31T13:25:01Z"), ZoneId.of("Europe/Berlin"));
        List<Path> paths = OutputNames.choose(dir, berlin, 2);
        assertEquals(List.of(dir.resolve("2025-01-31_142501_1.mid"), dir.resolve("2025-01-31_142501_2.mid")), paths);
    }

    @Test
    void anExistingNameMovesTheWholeRunToANewPrefix() throws IOException {
        Files.createFile(dir.resolve("2025-01-31_142501_02.mid"));
        List<Path> paths = OutputNames.choose(dir, NOW, 10);
        assertEquals(dir.resolve("2025-01-31_142501-2_01.mid"), paths.get(0));
        assertEquals(dir.resolve("2025-01-31_142501-2_10.mid"), paths.get(9));

        Files.createFile(dir.resolve("2025-01-31_142501-2_10.mid"));
        assertEquals(dir.resolve("2025-01-31_142501-3_01.mid"), OutputNames.choose(dir, NOW, 10).get(0));
    }

    @Test
    void unrelatedFilesDoNotMatter() throws IOException {
        Files.createFile(dir.resolve("2025-01-31_142501_03.mid")); // outside a batch of 2
        assertEquals(dir.resolve("2025-01-31_142501_1.mid"), OutputNames.choose(dir, NOW, 2).get(0));
    }

    @Test
    void countEdgeCases() {
        assertEquals(List.of(), OutputNames.choose(dir, NOW, 0));
        assertThrows(BadInputException.class, () -> OutputNames.choose(dir, NOW, -1));
    }

    private static String name(int index, int count) {
        return OutputNames.fileName("2025-01-31_142501", index, count);
    }
}
