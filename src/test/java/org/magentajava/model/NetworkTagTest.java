package org.magentajava.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.bundle.Bundle;
import org.magentajava.importer.MagentaImport;
import org.magentajava.io.BadInputException;
import org.magentajava.models.pianorollrnn.PianorollRnn;
import org.magentajava.proto.GeneratorBundle;
import org.magentajava.proto.GeneratorDetails;
import org.nd4j.linalg.api.buffer.DataType;

import com.google.protobuf.ByteString;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NetworkTagTest {
    static final HParams TINY = HParams.parse("rnn_layer_sizes=[4]");

    static byte[] written(Head head) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NetworkFile.write(new LstmNetwork(5, 3, 0, TINY, 1, DataType.FLOAT, head), bytes, false);
        return bytes.toByteArray();
    }

    @Test
    void everyFileOpensWithTheTagOfWhatItHolds() throws IOException {
        assertEquals(0x4D4A4E31, NetworkTag.LSTM_SOFTMAX.magic());
        assertEquals(0x4D4A4E32, NetworkTag.LSTM_WITH_HEAD.magic());
        assertEquals(0x4D4A4258, NetworkTag.BIAXIAL.magic());
        assertEquals(Optional.of(NetworkTag.LSTM_SOFTMAX), NetworkTag.of(written(Head.SOFTMAX)));
        assertEquals(Optional.of(NetworkTag.LSTM_WITH_HEAD), NetworkTag.of(written(Head.SIGMOID)));
        assertEquals(Optional.empty(), NetworkTag.of(new byte[] {'M', 'J', 'N'}));
        assertEquals(Optional.empty(), NetworkTag.of("MJCK".getBytes()), "a checkpoint is not a network file");
    }

    @Test
    void aFileOfAnotherKindIsOneLineSayingWhatItHolds() throws IOException {
        byte[] biaxial = {'M', 'J', 'B', 'X', 0, 0, 0, 1};
        BadInputException e = assertThrows(BadInputException.class,
                () -> NetworkFile.read(new ByteArrayInputStream(biaxial), "run/model.bin"));
        assertEquals("run/model.bin: holds a biaxial_rnn network (MJBX), not an LSTM network", e.getMessage());

        e = assertThrows(BadInputException.class,
                () -> NetworkFile.read(new ByteArrayInputStream("PK\u0003\u0004....".getBytes()), "x.zip"));
        assertEquals("x.zip: not a magenta-java network file", e.getMessage());

        ByteArrayOutputStream future = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(future);
        out.writeInt(NetworkTag.LSTM_WITH_HEAD.magic());
        out.writeUTF("mixture");
        e = assertThrows(BadInputException.class,
                () -> NetworkFile.read(new ByteArrayInputStream(future.toByteArray()), "new.bin"));
        assertEquals("new.bin: holds an LSTM network with a 'mixture' head, which this version of magenta-java "
                + "cannot read", e.getMessage());
    }

    @Test
    void bundlesOfEveryTagAreOursNotMagentasCheckpoints(@TempDir Path dir) throws IOException {
        // a bundle holding another kind of network: named, not handed to TensorFlow's checkpoint reader
        Path biaxial = dir.resolve("biaxial.mag");
        Files.write(biaxial, bundle("pianoroll_rnn", new byte[] {'M', 'J', 'B', 'X', 0, 0, 0, 1}).toByteArray());
        BadInputException e = assertThrows(BadInputException.class, () -> Bundle.load(biaxial));
        assertEquals(biaxial + ": holds a biaxial_rnn network (MJBX), not an LSTM network", e.getMessage());

        // import recognises a sigmoid-head (MJN2) bundle as ours too, as it did MJN1 ones
        Path ours = dir.resolve("pianoroll.mag");
        Bundle.save(new Bundle(PianorollRnn.PIANOROLL_RNN, new LstmNetwork(PianorollRnn.PIANOROLL_RNN.inputSize(),
                PianorollRnn.PIANOROLL_RNN.outputSize(), 0, TINY, 1, DataType.FLOAT, Head.SIGMOID), ""), ours);
        e = assertThrows(BadInputException.class, () -> MagentaImport.load(ours, null, null));
        assertEquals(ours + ": already a magenta-java bundle (written by save-bundle or import); generate, evaluate "
                + "and inspect take it as it is", e.getMessage());
    }

    private static GeneratorBundle bundle(String id, byte[] checkpoint) {
        return GeneratorBundle.newBuilder().setGeneratorDetails(GeneratorDetails.newBuilder().setId(id))
                .addCheckpointFile(ByteString.copyFrom(checkpoint)).build();
    }
}
