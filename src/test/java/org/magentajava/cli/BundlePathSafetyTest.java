package org.magentajava.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.bundle.Bundle;
import org.magentajava.model.HParams;
import org.magentajava.model.LstmNetwork;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.proto.GeneratorBundle;
import org.magentajava.proto.GeneratorDetails;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nothing in a bundle decides where generate writes: only --output_dir does. */
class BundlePathSafetyTest {
    static final String ESCAPE = "../../escaped/../../../tmp/evil\n/etc/passwd";

    static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    static Path hostileBundle(Path file) throws IOException {
        var enc = MelodyRnn.BASIC_RNN.encoderDecoder();
        LstmNetwork net = new LstmNetwork(enc.inputSize(), enc.numClasses(), enc.defaultEventLabel(),
                HParams.parse("rnn_layer_sizes=[4]", MelodyRnn.BASIC_RNN.hparams()), 1);
        Bundle.save(new Bundle(MelodyRnn.BASIC_RNN, net, ESCAPE), file);
        // The generator description too (save writes the config's; a hand-made bundle can say anything).
        GeneratorBundle proto = GeneratorBundle.parseFrom(Files.readAllBytes(file));
        Files.write(file, proto.toBuilder().setGeneratorDetails(proto.getGeneratorDetails().toBuilder()
                .setDescription(ESCAPE)).build().toByteArray());
        return file;
    }

    @Test
    void generateWritesOnlyUnderOutputDirWhateverTheBundleSays(@TempDir Path root) throws IOException {
        Path work = Files.createDirectories(root.resolve("a/b/c"));
        Path bundle = hostileBundle(work.resolve("hostile.mag"));
        Path out = work.resolve("out");
        Cli.Result r = Cli.run("generate", "--bundle_file", bundle.toString(), "--output_dir", out.toString(),
                "--num_outputs", "2", "--num_steps", "16", "--primer_melody", "[60, -2, 62]", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        List<Path> files = filesUnder(root);
        assertEquals(3, files.size(), files.toString());
        assertTrue(files.contains(Path.of("a/b/c/hostile.mag")), files.toString());
        for (Path f : files) {
            if (!f.endsWith("hostile.mag")) {
                assertTrue(f.startsWith("a/b/c/out") && f.toString().endsWith(".mid"), f.toString());
            }
        }
    }

    @Test
    void aGeneratorIdThatIsAPathIsRejectedAndNothingIsWritten(@TempDir Path root) throws IOException {
        Path bundle = hostileBundle(root.resolve("hostile.mag"));
        GeneratorBundle proto = GeneratorBundle.parseFrom(Files.readAllBytes(bundle));
        Files.write(bundle, proto.toBuilder().setGeneratorDetails(GeneratorDetails.newBuilder().setId("../../basic_rnn"))
                .build().toByteArray());
        Cli.Result r = Cli.run("generate", "--bundle_file", bundle.toString(), "--output_dir",
                root.resolve("out").toString(), "--num_outputs", "1", "--num_steps", "16");
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("not a known config"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(List.of(Path.of("hostile.mag")), filesUnder(root));
    }
}
