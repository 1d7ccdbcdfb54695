package org.magentajava.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.models.melodyrnn.MelodyGenerator;
import org.magentajava.generate.NetworkStepModel;
import org.magentajava.generate.SearchSettings;
import org.magentajava.io.BadInputException;
import org.magentajava.melody.Melody;
import org.magentajava.model.HParams;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.State;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.proto.GeneratorBundle;
import org.magentajava.proto.GeneratorDetails;
import org.magentajava.proto.NoteSequence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundleTest {
    static final HParams TINY = HParams.parse("rnn_layer_sizes=[12,12],attn_length=4",
            MelodyRnn.ATTENTION_RNN.hparams());

    static LstmNetwork tinyAttention(long seed) {
        var enc = MelodyRnn.ATTENTION_RNN.encoderDecoder();
        return new LstmNetwork(enc.inputSize(), enc.numClasses(), enc.defaultEventLabel(), TINY, seed);
    }

    static NoteSequence generate(LstmNetwork net, long seed) {
        NoteSequence primer = Melody.of(60, -2, 62, -2, 64, -2, 65, -2).toSequence(100, 0, 0, 0.0, 120);
        MelodyGenerator<State> g = new MelodyGenerator<>(new NetworkStepModel(net), MelodyRnn.ATTENTION_RNN);
        return g.generate(new MelodyGenerator.Request(primer, 120, 48, new SearchSettings(1.0, 2, 2, 1)),
                new SplittableRandom(seed)).sequence();
    }

    @Test
    void saveLoadGenerateGivesIdenticalOutputForTheSameSeed(@TempDir Path dir) throws IOException {
        LstmNetwork net = tinyAttention(5);
        Path file = dir.resolve("tiny.mag");
        Bundle.save(new Bundle(MelodyRnn.ATTENTION_RNN, net, "a tiny test model"), file);
        Bundle loaded = Bundle.load(file);
        assertEquals("attention_rnn", loaded.config().name());
        assertEquals("a tiny test model", loaded.description());
        assertEquals(TINY, loaded.network().hparams());
        NoteSequence before = generate(net, 42);
        NoteSequence after = generate(loaded.network(), 42);
        assertEquals(before, after);
        assertTrue(before.getNotesCount() > 4, "the continuation adds notes");
    }

    @Test
    void bundleIsAMagentaGeneratorBundleProto(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tiny.mag");
        Bundle.save(new Bundle(MelodyRnn.ATTENTION_RNN, tinyAttention(1), "d"), file);
        GeneratorBundle proto = GeneratorBundle.parseFrom(Files.readAllBytes(file));
        assertEquals("attention_rnn", proto.getGeneratorDetails().getId());
        assertEquals(1, proto.getCheckpointFileCount());
        assertEquals("d", proto.getBundleDetails().getDescription());
    }

    @Test
    void truncatedBundleIsAClearError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tiny.mag");
        Bundle.save(new Bundle(MelodyRnn.ATTENTION_RNN, tinyAttention(1), ""), file);
        byte[] all = Files.readAllBytes(file);
        for (int cut : new int[]{1, 10, all.length / 2, all.length - 3}) {
            Path t = dir.resolve("cut" + cut + ".mag");
            Files.write(t, Arrays.copyOf(all, cut));
            BadInputException e = assertThrows(BadInputException.class, () -> Bundle.load(t), "cut " + cut);
            assertTrue(e.getMessage().startsWith(t.toString()), e.getMessage());
        }
    }

    @Test
    void foreignFilesAreRejectedWithReasons(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.mag");
        Files.writeString(text, "this is not a bundle at all, just some text\n");
        assertThrows(BadInputException.class, () -> Bundle.load(text));

        Path magenta = dir.resolve("magenta.mag");
        Files.write(magenta, GeneratorBundle.newBuilder()
                .setGeneratorDetails(GeneratorDetails.newBuilder().setId("attention_rnn"))
                .addCheckpointFile(com.google.protobuf.ByteString.copyFromUtf8("\0\0\0\0leveldb table..."))
                .build().toByteArray());
        // Magenta's bundles are imported (importer.MagentaImport); a broken checkpoint inside is one line
        BadInputException tf = assertThrows(BadInputException.class, () -> Bundle.load(magenta));
        assertTrue(tf.getMessage().startsWith(magenta + ": not a readable TensorFlow checkpoint (Unable to open table "
                + "file its checkpoint_file: DATA_LOSS"), tf.getMessage());

        Path drums = dir.resolve("drums.mag");
        Files.write(drums, GeneratorBundle.newBuilder()
                .setGeneratorDetails(GeneratorDetails.newBuilder().setId("drum_kit"))
                .addCheckpointFile(com.google.protobuf.ByteString.copyFromUtf8("x")).build().toByteArray());
        BadInputException id = assertThrows(BadInputException.class, () -> Bundle.load(drums));
        assertTrue(id.getMessage().contains("'drum_kit'"), id.getMessage());
    }

    @Test
    void networkThatDoesNotFitTheConfigIsRejected(@TempDir Path dir) throws IOException {
        var enc = MelodyRnn.BASIC_RNN.encoderDecoder();
        LstmNetwork basic = new LstmNetwork(enc.inputSize(), enc.numClasses(), 0, TINY, 1);
        Path file = dir.resolve("wrong.mag");
        // A basic_rnn-sized network labelled attention_rnn.
        Bundle.save(new Bundle(MelodyRnn.ATTENTION_RNN, basic, ""), file);
        BadInputException e = assertThrows(BadInputException.class, () -> Bundle.load(file));
        assertTrue(e.getMessage().contains("38 inputs"), e.getMessage());
    }
}
