package org.magentajava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordReader;
import org.magentajava.proto.tf.SequenceExample;

/** A benchmark pickle through convert-pianoroll and create-dataset: the records hold the file's frames. */
class ConvertPianorollCliTest {
    @TempDir
    Path work;

    @Test
    void picklesFramesComeBackAsTheRecordsFrames() throws IOException {
        Path pickle = work.resolve("bench.pickle");
        Files.write(pickle, HexFormat.of().parseHex(org.magentajava.data.PickleTestVectors.P2));
        Path ns = work.resolve("ns");
        var r = Cli.run("convert-pianoroll", "--input", pickle.toString(), "--output_dir", ns.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("train.tfrecord (2 pieces, 5 frames)"), r.err());
        assertTrue(r.err().contains("test.tfrecord (1 pieces, 3 frames)"), r.err());
        var again = Cli.run("convert-pianoroll", "--input", pickle.toString(), "--output_dir", ns.toString());
        assertEquals(ExitCodes.BAD_INPUT, again.code());
        assertTrue(again.err().contains("--output_dir already holds"), again.err());

        Path ds = work.resolve("ds");
        var c = Cli.run("create-dataset", "--config", "pianoroll_rnn_nade", "--input", ns.resolve("train.tfrecord").toString(),
                "--output_dir", ds.toString(), "--steps_per_quarter", "1", "--min_steps", "0",
                "--transposition_range", "0,0", "--eval_ratio", "0");
        assertEquals(0, c.code(), c.err());
        List<SequenceExamples.Encoded> rolls = new ArrayList<>();
        try (TfRecordReader rd = TfRecordReader.open(ds.resolve("training_pianoroll_tracks.tfrecord"))) {
            for (byte[] rec = rd.next(); rec != null; rec = rd.next()) {
                rolls.add(SequenceExamples.decode(SequenceExample.parseFrom(rec)));
            }
        }
        // train: [(60,64,67),(60,64),(62,),()] and [(72,)]; key k is MIDI 21 + k. The trailing silent frame goes,
        // as Magenta's pipeline ends a piece where its last note ends (note_seq's time-change split)
        assertEquals(2, rolls.size());
        SequenceExamples.Encoded first = rolls.get(0).length() == 3 ? rolls.get(0) : rolls.get(1);
        SequenceExamples.Encoded second = first == rolls.get(0) ? rolls.get(1) : rolls.get(0);
        int[][] want = {{60, 64, 67}, {60, 64}, {62}};
        assertEquals(3, first.length());
        for (int t = 0; t < 3; t++) {
            List<Integer> on = new ArrayList<>();
            for (int k = 0; k < 88; k++) if (first.targets()[t][k]) on.add(21 + k);
            assertEquals(java.util.Arrays.stream(want[t]).boxed().toList(), on, "frame " + t);
        }
        assertEquals(1, second.length());
        assertTrue(second.targets()[0][72 - 21]);
        assertFalse(Files.exists(ns.resolve("train.tfrecord.tmp")));
    }

    @Test
    void aFileThatIsNotABenchmarkIsNamedInOneLine() throws IOException {
        Path bad = work.resolve("notes.pickle");
        Files.writeString(bad, "hello");
        var r = Cli.run("convert-pianoroll", "--input", bad.toString(), "--output_dir", work.resolve("o").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().contains(bad + ": "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(work.resolve("o")));
    }
}
