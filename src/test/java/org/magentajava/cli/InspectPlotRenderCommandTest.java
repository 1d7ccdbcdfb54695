package org.magentajava.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectPlotRenderCommandTest {
    static final Path TUNE = Path.of("../shared/data/nottingham/ashover1.mid");

    static Cli.Result run(String... args) {
        return Cli.run(args);
    }

    @Test
    void inspectMidiShowsTempoMeterAndInstruments() {
        Cli.Result r = run("inspect", TUNE.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ticks per quarter: 1024"), r.out());
        assertTrue(r.out().contains("time signature:    3/4"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("0\\s+0\\s+no\\s+\\d+ \\d+-\\d+")), r.out());
    }

    @Test
    void inspectSequenceExamplesGivesCountsAndLabelHistogramAsJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.tfrecord");
        try (OutputStream os = Files.newOutputStream(file); TfRecordWriter w = new TfRecordWriter(os)) {
            w.write(SequenceExamples.serialize(new float[][]{{1, 0}, {0, 1}, {1, 0}}, new int[]{1, 0, 1}));
            w.write(SequenceExamples.serialize(new float[][]{{0, 1}}, new int[]{1}));
        }
        Cli.Result r = run("inspect", file.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"sequence_examples\": 2, \"steps\": 4, \"min_length\": 1, \"max_length\": 3"),
                r.out());
        assertTrue(r.out().contains("\"label_histogram\": {\"0\": 1, \"1\": 3}"), r.out());
    }

    @Test
    void inspectOfACorruptRecordNamesTheOffset(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.tfrecord");
        Files.write(file, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
        Cli.Result r = run("inspect", file.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().contains("corrupt TFRecord at byte 0"), r.err());
    }

    @Test
    void plotWritesAnHtmlPianoRollWithOneRectanglePerNote(@TempDir Path dir) throws IOException {
        Path html = dir.resolve("tune.html");
        Cli.Result r = run("plot", TUNE.toString(), "--output", html.toString());
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(html);
        int rects = text.split("class=\"note", -1).length - 1;
        assertEquals(158, rects, "ashover1.mid has 158 notes");
    }

    @Test
    void renderWritesAWavFile(@TempDir Path dir) throws IOException {
        Path wav = dir.resolve("scale.wav");
        Cli.Result r = run("render", "primers/scale.mid", "--output", wav.toString(), "--sample_rate", "22050");
        assertEquals(0, r.code(), r.err());
        byte[] bytes = Files.readAllBytes(wav);
        assertEquals("RIFF", new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(bytes.length > 22050 * 4 * 2, "at least 2 s of 16-bit stereo");
    }
}
