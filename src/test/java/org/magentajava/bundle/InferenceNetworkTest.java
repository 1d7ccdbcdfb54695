package org.magentajava.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.generate.InferenceStepModel;
import org.magentajava.generate.NetworkStepModel;
import org.magentajava.generate.Primer;
import org.magentajava.generate.SearchSettings;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.generate.StepModel;
import org.magentajava.io.BadInputException;
import org.magentajava.model.HParams;
import org.magentajava.model.InferenceNetwork;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.NetworkFile;
import org.magentajava.model.NetworkWeights;
import org.magentajava.model.State;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.proto.GeneratorBundle;
import org.magentajava.registry.ModelRegistry;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The plain-Java generation network against the training network (ND4J): the same probabilities at every step
 * to 1e-5, on every shipped bundle and on small random networks with attention, residual connections and input
 * projections, and the same generated music for the same seeds.
 */
class InferenceNetworkTest {
    private static final double TOLERANCE = 1e-5;

    /**
     * The shipped bundles that generate on the plain-Java network (a NADE head samples on the training one, and a
     * family with a network of its own, biaxial_rnn, has no LSTM network file).
     */
    static List<Path> shippedBundles() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("bundles"))) {
            return s.filter(p -> p.toString().endsWith(".mag")).sorted().filter(p -> {
                try {
                    Bundle.Weights w = Bundle.loadWeights(p);
                    return w.network() != null && w.network().head() != org.magentajava.model.Head.NADE;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /**
     * Runs both networks on the same inputs (sparse 0/1 vectors like the encoders' one-hot segments) for
     * {@code steps} steps with a batch of 3, reordering the rows half way (as beam search does); returns the
     * largest probability difference seen.
     */
    static double maxProbabilityDifference(LstmNetwork reference, InferenceNetwork plain, int steps, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int batch = 3;
        State ref = reference.initialState(batch);
        InferenceNetwork.StepState st = plain.initialState(batch);
        double worst = 0;
        for (int t = 0; t < steps; t++) {
            if (t == steps / 2) {
                int[] rows = {2, 0, 0};
                ref = org.magentajava.model.States.select(ref, rows);
                st = plain.selectRows(st, rows);
            }
            float[][] x = new float[batch][plain.inputSize()];
            for (float[] row : x) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = random.nextInt(12) == 0 ? 1f : 0f;
                }
            }
            float[][] p = reference.step(ref, Nd4j.create(x), 1.0).toFloatMatrix();
            float[][] logits = plain.step(st, x);
            for (int b = 0; b < batch; b++) {
                double[] q = plain.probabilities(logits[b], 1.0);
                double sum = 0;
                for (int k = 0; k < q.length; k++) {
                    worst = Math.max(worst, Math.abs(q[k] - p[b][k]));
                    sum += q[k];
                }
                if (plain.head() == org.magentajava.model.Head.SOFTMAX) { // a sigmoid head's keys are independent
                    assertEquals(1.0, sum, 1e-9, "step " + t + " row " + b + " sums to 1");
                }
            }
        }
        return worst;
    }

    @Test
    void everyShippedBundleGivesTheTrainingNetworksProbabilities() throws IOException {
        List<Path> bundles = shippedBundles();
        assertTrue(bundles.size() >= 5, "found " + bundles);
        for (Path file : bundles) {
            Bundle nd4j = Bundle.load(file);
            Bundle.Weights plain = Bundle.loadWeights(file);
            assertEquals(nd4j.config().name(), plain.config().name());
            assertEquals(nd4j.description(), plain.description());
            InferenceNetwork net = InferenceNetwork.of(plain.network());
            double worst = maxProbabilityDifference(nd4j.network(), net, 96, file.toString().hashCode());
            assertTrue(worst < TOLERANCE, file + ": probabilities differ by " + worst);
        }
    }

    static LstmNetwork random(ModelConfig config, String hparams, long seed) {
        var enc = config.encoderDecoder();
        return new LstmNetwork(enc.inputSize(), enc.numClasses(), enc.defaultEventLabel(),
                HParams.parse(hparams, config.hparams()), seed);
    }

    /** Through the file format: what a bundle or checkpoint of this network reads back as. */
    static NetworkWeights roundTrip(LstmNetwork net, boolean optimizerState) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NetworkFile.write(net, out, optimizerState);
        byte[] bytes = out.toByteArray();
        return NetworkWeights.read(new ByteArrayInputStream(bytes), "test", bytes.length);
    }

    @Test
    void smallRandomNetworksWithAttentionResidualsAndProjectionsAgree() throws IOException {
        // Glorot weights this small give near-uniform outputs, so most are scaled up; not the residual stacks,
        // whose sums then grow until the softmax saturates and float rounding decides (both paths alike).
        String[] architectures = {
            "rnn_layer_sizes=[12,10],attn_length=4",
            "rnn_layer_sizes=[9,9,6],attn_length=3,residual_connections=true",
            "rnn_layer_sizes=[16],attn_length=0",
            "rnn_layer_sizes=[7,7],residual_connections=true,attn_length=0",
        };
        double[] scales = {2, 1, 2, 1};
        for (int i = 0; i < architectures.length; i++) {
            LstmNetwork net = random(MelodyRnn.ATTENTION_RNN, architectures[i], 11 + i);
            for (var e : net.parameters().entrySet()) {
                e.getValue().muli(scales[i]);
            }
            InferenceNetwork plain = InferenceNetwork.of(roundTrip(net, i % 2 == 0));
            double worst = maxProbabilityDifference(net, plain, 40, 5 + i);
            assertTrue(worst < TOLERANCE, architectures[i] + ": probabilities differ by " + worst);

            // copying the live network's weights gives the network the file gives, bit for bit
            InferenceNetwork copied = InferenceNetwork.of(NetworkWeights.of(net));
            float[][] x = new float[1][plain.inputSize()];
            x[0][3] = 1;
            var a = plain.initialState(1);
            var b = copied.initialState(1);
            for (int t = 0; t < 6; t++) {
                assertArrayEquals(plain.step(a, x)[0], copied.step(b, x)[0], architectures[i] + " step " + t);
            }

            // the comparison can fail: nudging one weight of the first layer (attention's v where there is one)
            String suffix = net.hparams().attnLength() > 0 ? "attention/attn_v" : "basic_lstm_cell/bias";
            String nudged = net.parameters().keySet().stream().filter(k -> k.endsWith(suffix)).findFirst()
                    .orElseThrow();
            net.parameters().get(nudged).addi(0.5);
            double off = maxProbabilityDifference(net, plain, 40, 5 + i);
            assertTrue(off > 10 * TOLERANCE, architectures[i] + ": a nudged " + nudged + " changed only " + off);
        }
    }

    @Test
    void parameterShapesAreTheTrainingNetworks() throws IOException {
        for (String hp : new String[] {"rnn_layer_sizes=[12,10],attn_length=4",
                "rnn_layer_sizes=[9,9,6],attn_length=3,residual_connections=true", "rnn_layer_sizes=[5,8,8,3]",
                "rnn_layer_sizes=[6,4],residual_connections=true,attn_length=0"}) {
            LstmNetwork net = random(MelodyRnn.ATTENTION_RNN, hp, 1);
            NetworkWeights w = roundTrip(net, true);
            assertEquals(net.hparams(), w.hparams());
            LstmNetwork back = w.toNetwork();
            assertEquals(net.parameters().keySet().stream().toList(), back.parameters().keySet().stream().toList());
            for (Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> e : net.parameters().entrySet()) {
                assertEquals(e.getValue(), back.parameters().get(e.getKey()), hp + " " + e.getKey());
            }
        }
    }

    /** Output {@code seed} of each generator, through the ND4J step model and the plain one. */
    @Test
    void generatedMusicEqualsTheNd4jPathsForTheSameSeeds() throws IOException {
        SearchSettings[] settings = {SearchSettings.SAMPLING, new SearchSettings(1.0, 2, 2, 2)};
        for (Path file : shippedBundles()) {
            TrainedModel model = TrainedModel.load(null, file, null);
            ModelConfig config = model.config();
            Primer primer = Generation.defaultPrimer(model, Path.of("."), 0, Primer.DEFAULT_QPM);
            for (SearchSettings s : settings) {
                for (long seed = 1; seed <= 3; seed++) {
                    SequenceGenerator.Request request = new SequenceGenerator.Request(primer.sequence(), primer.qpm(),
                            96, s, new SequenceGenerator.Options(false, true));
                    SequenceGenerator.Output nd4j = generator(config, new NetworkStepModel(model.network()))
                            .generate(request, Generation.outputRandom(seed, 0));
                    SequenceGenerator.Output plain = generator(config, new InferenceStepModel(model.inferenceNetwork()))
                            .generate(request, Generation.outputRandom(seed, 0));
                    assertEquals(nd4j.sequence(), plain.sequence(), file + " seed " + seed + " " + s);
                    // the log-likelihood sums hundreds of float-rounded log-probabilities: equal to 1e-3 relative
                    assertEquals(logLikelihood(nd4j.summary()), logLikelihood(plain.summary()),
                            1e-3 * Math.abs(logLikelihood(nd4j.summary())) + 1e-3, file + " seed " + seed + " " + s);
                }
            }
        }
    }

    private static double logLikelihood(String summary) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("log-likelihood (-?[0-9.]+)").matcher(summary);
        assertTrue(m.find(), summary);
        return Double.parseDouble(m.group(1));
    }

    private static <S> SequenceGenerator generator(ModelConfig config, StepModel<S> model) {
        return ModelRegistry.family(config).generator(config, model);
    }

    @Test
    void theSameSeedGivesTheSameMidiBytesTwice(@TempDir Path dir) throws IOException {
        Path[] files = {dir.resolve("a.mid"), dir.resolve("b.mid")};
        for (Path out : files) {
            TrainedModel model = TrainedModel.load(null, Path.of("bundles/phrase_rnn.mag"), null);
            Primer primer = Generation.defaultPrimer(model, Path.of("."), 0, Primer.DEFAULT_QPM);
            Generation g = Generation.of(model, primer, 128, SearchSettings.SAMPLING, SequenceGenerator.Options.NONE);
            SequenceGenerator.Output r = g.output(42, 0);
            org.magentajava.generate.GeneratedMidi.write(r.sequence(), r.generatedStart(), out);
        }
        assertArrayEquals(Files.readAllBytes(files[0]), Files.readAllBytes(files[1]));
    }

    @Test
    void loadingWeightsRejectsWhatLoadingTheNetworkRejectsWithTheSameMessage(@TempDir Path dir) throws IOException {
        byte[] good = Files.readAllBytes(Path.of("bundles/basic_rnn.mag"));
        GeneratorBundle proto = GeneratorBundle.parseFrom(good);
        byte[] ckpt = proto.getCheckpointFile(0).toByteArray();
        byte[] nan = ckpt.clone();
        Arrays.fill(nan, nan.length - 4, nan.length - 2, (byte) 0xFF);   // the last bias: a NaN
        byte[] cut = Arrays.copyOf(ckpt, ckpt.length / 2);
        for (byte[] bad : List.of(nan, cut)) {
            Path file = dir.resolve("bad" + bad.length + ".mag");
            Files.write(file, proto.toBuilder().setCheckpointFile(0, com.google.protobuf.ByteString.copyFrom(bad))
                    .build().toByteArray());
            String viaNetwork = assertThrows(BadInputException.class, () -> Bundle.load(file)).getMessage();
            String viaWeights = assertThrows(BadInputException.class, () -> Bundle.loadWeights(file)).getMessage();
            assertEquals(viaNetwork, viaWeights);
            assertTrue(viaWeights.startsWith(file.toString()), viaWeights);
        }
        Path wrongConfig = dir.resolve("wrong.mag");
        Files.write(wrongConfig, proto.toBuilder().setGeneratorDetails(proto.getGeneratorDetails().toBuilder()
                .setId("attention_rnn")).build().toByteArray());
        String message = assertThrows(BadInputException.class, () -> Bundle.loadWeights(wrongConfig)).getMessage();
        assertEquals(wrongConfig + ": network has 38 inputs and 38 outputs, but attention_rnn encodes 74 and 40", message);
    }
}
