package org.magentajava.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineCommandTest {
    @TempDir
    static Path work;

    @BeforeAll
    static void datasets() throws IOException {
        Path midi = Files.createDirectories(work.resolve("midi"));
        for (int i = 1; i <= 16; i++) {
            Path tune = Path.of("../shared/data/nottingham", "ashover" + i + ".mid");
            if (Files.exists(tune)) {
                Files.copy(tune, midi.resolve(tune.getFileName()));
            }
        }
        Path ns = work.resolve("ns.tfrecord");
        assertEquals(0, Cli.run("convert-dir", "--input_dir", midi.toString(), "--output_file", ns.toString()).code());
        for (String config : new String[] {"attention_rnn", "basic_rnn"}) {
            var ds = Cli.run("create-dataset", "--config", config, "--input", ns.toString(), "--output_dir",
                    work.resolve(config).toString(), "--eval_ratio", "0");
            assertEquals(0, ds.code(), ds.err());
        }
    }

    static double eventNll(String out) {
        Matcher m = Pattern.compile("(?m)^event_nll: +([0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theSameMelodiesGiveTheSameBaselineWhateverTheirEncoding() {
        Path attention = work.resolve("attention_rnn/training_melodies.tfrecord");
        Path basic = work.resolve("basic_rnn/training_melodies.tfrecord");
        var a = Cli.run("baseline", "--config", "attention_rnn", "--train", attention.toString(), "--eval",
                attention.toString(), "--max_order", "6");
        assertEquals(0, a.code(), a.err());
        assertTrue(a.err().contains("order  6: dev_nll "), a.err());
        assertTrue(a.out().contains("\nevent_perplexity:  "), a.out());
        var b = Cli.run("baseline", "--config", "basic_rnn", "--train", basic.toString(), "--eval", basic.toString(),
                "--max-order", "6");
        assertEquals(0, b.code(), b.err());
        // lookback labels decode to the same notes as one-hot ones: the same events, the same n-gram
        assertEquals(eventNll(a.out()), eventNll(b.out()));
        Matcher argmax = Pattern.compile("(?m)^event_argmax_accuracy: ([0-9.]+)").matcher(a.out());
        assertTrue(argmax.find(), a.out());
        assertTrue(b.out().contains("event_argmax_accuracy: " + argmax.group(1) + " "), b.out());
    }

    @Test
    void anotherConfigsFileIsOneClearLine() {
        Path attention = work.resolve("attention_rnn/training_melodies.tfrecord");
        var r = Cli.run("baseline", "--config", "basic_rnn", "--train", attention.toString(), "--eval",
                attention.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().contains(attention + ": record 0 at byte 0 does not encode events of this config (inputs"
                + " have 74 values per step, the encoder 38); was the file made with another --config?"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        var poly = Cli.run("baseline", "--config", "polyphony", "--train", attention.toString(), "--eval",
                attention.toString());
        assertEquals(ExitCodes.BAD_INPUT, poly.code());
        assertTrue(poly.err().contains("baseline is for the melody configs"), poly.err());
    }
}
