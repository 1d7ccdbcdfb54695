package org.magentajava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;

class DatasetMetadataTest {
    @TempDir
    Path dir;

    @Test
    void writesKeyValueLinesAndReadsThemBackBesideAnyFileOfTheFolder() throws IOException {
        Map<String, String> others = new LinkedHashMap<>();
        others.put("min_steps", "0");
        others.put("transposition_range", "-4,4");
        others.put("steps_per_quarter", "9"); // the rate given first wins
        DatasetMetadata m = DatasetMetadata.of("pianoroll_rnn_nade", 1, others);
        assertEquals("# magenta-java dataset metadata: the settings create-dataset made this folder's records with.\n"
                + "# train records steps_per_quarter in the run, and the model generates at that rate.\n"
                + "config=pianoroll_rnn_nade\nsteps_per_quarter=1\nmin_steps=0\ntransposition_range=-4,4\n", m.text());
        m.write(dir);
        Optional<DatasetMetadata> back = DatasetMetadata.beside(dir.resolve("train_part.tfrecord"));
        assertEquals(Optional.of(m), back);
        assertEquals(1, back.get().stepsPerQuarter());
        assertEquals("pianoroll_rnn_nade", back.get().config());
        assertEquals(Optional.empty(), DatasetMetadata.beside(dir.resolve("sub/x.tfrecord")));
    }

    @Test
    void handWrittenFilesMayHaveCommentsBlanksSpacesAndKeysOfTheirOwn() {
        DatasetMetadata m = DatasetMetadata.parse(List.of("# made by hand", "", " config = biaxial_rnn ",
                "steps_per_quarter=2", "source=my midi files"), "x/dataset_metadata.txt");
        assertEquals(2, m.stepsPerQuarter());
        assertEquals("my midi files", m.settings().get("source"));
    }

    @Test
    void aFileThatCannotBeUsedIsOneLineNamingItAndTheProblem() {
        String f = "ds/dataset_metadata.txt";
        assertEquals(f + ": line 2 is not key=value: 'steps_per_quarter 1'", assertThrows(BadInputException.class,
                () -> DatasetMetadata.parse(List.of("config=x", "steps_per_quarter 1"), f)).getMessage());
        assertEquals(f + ": line 3 gives config a second time", assertThrows(BadInputException.class,
                () -> DatasetMetadata.parse(List.of("config=x", "steps_per_quarter=1", "config=y"), f)).getMessage());
        assertEquals(f + ": not usable dataset metadata: no steps_per_quarter given", assertThrows(
                BadInputException.class, () -> DatasetMetadata.parse(List.of("config=x"), f)).getMessage());
        assertEquals(f + ": not usable dataset metadata: no config given", assertThrows(
                BadInputException.class, () -> DatasetMetadata.parse(List.of("steps_per_quarter=4"), f)).getMessage());
        for (String bad : List.of("0", "-1", "four", "1.5")) {
            assertEquals(f + ": not usable dataset metadata: steps_per_quarter must be a positive integer, got '"
                    + bad + "'", assertThrows(BadInputException.class, () -> DatasetMetadata.parse(
                    List.of("config=x", "steps_per_quarter=" + bad), f)).getMessage());
        }
    }

    @Test
    void aModelAndDataOfDifferentRatesAreRefusedUnlessOneRecordedNone() {
        Path data = Path.of("ds/eval.tfrecord");
        DatasetMetadata.checkRate("m.mag", 1, data, 1, "");
        DatasetMetadata.checkRate("m.mag", 0, data, 4, "");
        DatasetMetadata.checkRate("m.mag", 1, data, 0, "");
        BadSettingException e = assertThrows(BadSettingException.class,
                () -> DatasetMetadata.checkRate("m.mag", 1, data, 4, "; use a new {run_dir}", "run_dir"));
        assertEquals(List.of("steps_per_quarter", "run_dir"), e.fields());
        assertEquals("m.mag was trained at 1 step per quarter note, but ds/eval.tfrecord holds 4 steps per quarter "
                + "note (its dataset_metadata.txt: create-dataset's --steps_per_quarter); use a new --run_dir",
                e.messageNaming(f -> "--" + f));
        assertTrue(e.getMessage().contains("create-dataset's steps_per_quarter); use a new run_dir"), e.getMessage());
    }
}
