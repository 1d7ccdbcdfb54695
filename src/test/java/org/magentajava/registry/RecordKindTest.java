package org.magentajava.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.data.TfRecordWriter;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.proto.NoteSequence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RecordKindTest {
    @TempDir
    Path dir;

    @Test
    void noteSequencesGivenForTrainingNameTheJobThatMakesADatasetInTheLibrarysTerms() throws IOException {
        Path file = dir.resolve("ns.tfrecord");
        try (OutputStream out = Files.newOutputStream(file); TfRecordWriter w = new TfRecordWriter(out)) {
            w.write(NoteSequence.newBuilder().setId("tune").build().toByteArray());
        }
        assertDoesNotThrow(() -> RecordKind.requireNoteSequences(file, "plot"));
        RecordKind.WrongKindException e = assertThrows(RecordKind.WrongKindException.class,
                () -> RecordKind.requireSequenceExamples(file, MelodyRnn.BASIC_RNN));
        assertEquals(file + " holds NoteSequences (as convert-dir writes them), not a training dataset; make one with: "
                + "create-dataset with config basic_rnn, input " + file + ", output_dir DIR", e.getMessage());
        assertEquals("create-dataset", e.remedy().job());
        assertEquals(List.of(new RecordKind.Remedy.Setting("config", "basic_rnn"),
                new RecordKind.Remedy.Setting("input", file.toString()),
                new RecordKind.Remedy.Setting("output_dir", "DIR")), e.remedy().settings());
        // a front end writes the remedy its own way
        assertEquals(file + " holds NoteSequences (as convert-dir writes them), not a training dataset; make one with: "
                + "[create-dataset]", e.messageWith(r -> "[" + r.job() + "]"));
    }
}
