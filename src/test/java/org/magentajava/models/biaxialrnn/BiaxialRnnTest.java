package org.magentajava.models.biaxialrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.magentajava.biaxial.NoteStates;
import org.magentajava.bundle.TrainedModel;
import org.magentajava.generate.Primer;
import org.magentajava.generate.SearchSettings;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.models.ModelFamily;
import org.magentajava.models.TrainedNetwork;
import org.magentajava.proto.NoteSequence;

/** biaxial_rnn through the family contract: its network, hparams, bundles' weights, primers and generator. */
class BiaxialRnnTest {
    private static final BiaxialRnn FAMILY = BiaxialRnn.FAMILY;
    private static final String TINY = "time_layer_sizes=[6,5],note_layer_sizes=[4,3],batch_size=3";

    private static SequenceGenerator.Request request(Primer primer, int numSteps, SearchSettings settings, int spq) {
        return new SequenceGenerator.Request(primer.sequence(), primer.qpm(), numSteps, settings,
                new SequenceGenerator.Options(false, true, spq));
    }

    @Test
    void aNewNetworkParsesItsOwnTypedHparams() {
        ModelFamily.NewNetwork fresh = FAMILY.newNetwork(BiaxialRnn.BIAXIAL_RNN, TINY, 5);
        assertEquals("batch_size=3,time_layer_sizes=[6,5],note_layer_sizes=[4,3],dropout_keep_prob=0.5,clip_norm=5.0,"
                + "learning_rate=0.001,segment_length=128,residual_connections=true", fresh.hparams());
        assertEquals(3, fresh.batchSize());
        assertEquals("", fresh.note());
        assertEquals(180, fresh.model().inputSize());
        assertEquals(176, fresh.model().numClasses());
        assertTrue(fresh.model().multiHot());
        BadInputException unknown = assertThrows(BadInputException.class,
                () -> FAMILY.newNetwork(BiaxialRnn.BIAXIAL_RNN, "rnn_layer_sizes=[8]", 5));
        assertTrue(unknown.getMessage().startsWith("unknown hparam 'rnn_layer_sizes' for biaxial_rnn; valid keys: "
                + "batch_size, time_layer_sizes"), unknown.getMessage());
        assertTrue(FAMILY.ownNetwork());
    }

    @Test
    void bundleWeightsReadBackAsTheSameNetwork() throws IOException {
        BiaxialModel model = (BiaxialModel) FAMILY.newNetwork(BiaxialRnn.BIAXIAL_RNN, TINY, 5).model();
        TrainedNetwork written = new BiaxialTrainedNetwork(model);
        TrainedNetwork read = FAMILY.readNetwork(written.weights(), "b.mag");
        assertEquals(written.hparams(), read.hparams());
        BiaxialModel back = ((BiaxialTrainedNetwork) read).model();
        model.network().parameters().forEach((name, p) ->
                assertEquals(p, back.network().parameters().get(name), name));
        // the optimizer state stays out of a bundle: weights only, as BiaxialModel.write(out, false) writes them
        java.io.ByteArrayOutputStream full = new java.io.ByteArrayOutputStream();
        model.writeState(full);
        assertTrue(written.weights().length < full.size());
        assertEquals("junk.mag: not a biaxial_rnn model", assertThrows(BadInputException.class,
                () -> FAMILY.readNetwork(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "junk.mag")).getMessage());
    }

    @Test
    void restatedHparamsMayChangeTrainingValuesOnly() {
        TrainedNetwork net = new BiaxialTrainedNetwork(BiaxialGeneratorTest.model());
        net.checkHParams("", "run/x");
        net.checkHParams("batch_size=64,learning_rate=0.1,time_layer_sizes=[6,5]", "run/x");
        BadSettingException e = assertThrows(BadSettingException.class,
                () -> net.checkHParams("note_layer_sizes=[4]", "run/x"));
        assertEquals("--hparams \"note_layer_sizes=[4]\" does not match run/x, which has " + net.hparams(),
                e.messageNaming(f -> "--" + f));
        // a trained model holding it answers for it, and refuses the shared network's accessors
        TrainedModel model = new TrainedModel(BiaxialRnn.BIAXIAL_RNN, net, "run/x");
        assertThrows(BadSettingException.class, () -> model.checkHParams("note_layer_sizes=[4]"));
        IllegalStateException shared = assertThrows(IllegalStateException.class, model::network);
        assertEquals("run/x holds a biaxial_rnn network of its own, not the shared LstmNetwork", shared.getMessage());
        assertTrue(model.ownNetwork().isPresent());
    }

    @Test
    void primersAreTheNoteStatesGenerationContinues() {
        BiaxialGenerator g = new BiaxialGenerator(BiaxialGeneratorTest.model(), 4);
        Primer chord = FAMILY.chordPrimer(new int[] {60, 64, 67}, 90);
        assertEquals(BiaxialGeneratorTest.chord(new int[] {60, 64, 67}, 4),
                g.primer(request(chord, 16, SearchSettings.SAMPLING, 0)));
        assertEquals(BiaxialGeneratorTest.chord(new int[] {60, 64, 67}, 2),
                g.primer(request(chord, 16, SearchSettings.SAMPLING, 2)));
        Primer none = FAMILY.fallbackPrimer(120);
        assertEquals("none (from silence)", none.name());
        assertEquals(BiaxialGeneratorTest.silence(4), g.primer(request(none, 16, SearchSettings.SAMPLING, 0)));
        assertEquals("primer pitch 15 is off the piano (MIDI 21..108)", assertThrows(BadInputException.class,
                () -> FAMILY.chordPrimer(new int[] {60, 15}, 120)).getMessage());
        assertThrows(BadInputException.class, () -> FAMILY.chordPrimer(new int[] {109}, 120));
    }

    @Test
    void theGeneratorIsTheNoteByNoteSamplerBehindTheSharedRequest() {
        BiaxialModel model = BiaxialGeneratorTest.model();
        BiaxialGenerator g = new BiaxialGenerator(model, 4);
        SearchSettings warm = new SearchSettings(0.8, 1, 1, 1);
        SequenceGenerator.Request r = request(FAMILY.chordPrimer(new int[] {60, 64}, 120), 12, warm, 0);
        g.check(r);
        SequenceGenerator.Output out = g.generate(r, new SplittableRandom(9));
        BiaxialGenerator.Result direct = g.generate(BiaxialGeneratorTest.chord(new int[] {60, 64}, 4), 12, 0.8,
                new SplittableRandom(9));
        assertEquals(direct.states().toSequence(120), out.sequence());
        // 4 primer steps at 4 per quarter and 120 qpm: the generated part starts at half a second
        assertEquals(0.5, out.generatedStart(), 1e-12);
        assertTrue(out.summary().matches(out.sequence().getNotesCount() + " notes, log-likelihood "
                + String.format(java.util.Locale.ROOT, "%.1f", direct.logLikelihood())
                + " over 8 generated steps, [0-9]+\\.[0-9] s"), out.summary());
        assertEquals(Optional.empty(), out.note());
        assertEquals("12 steps (4 per quarter)", g.length(r));
        assertEquals(", temperature 0.8", g.describe(r));
        assertEquals("pieces", g.outputNounPlural());
        // output i draws from the shared independent stream per output, not output 0's shifted by i
        RandomGenerator second = g.outputRandom(5, 2);
        SplittableRandom expected = SequenceGenerator.mixedRandom(5, 2);
        assertEquals(expected.nextLong(), second.nextLong());
    }

    /** The library's generation facade drives the family's own network, with the shared per-output streams. */
    @Test
    void generationServesATrainedModelOfItsOwnNetwork() {
        BiaxialModel model = BiaxialGeneratorTest.model();
        TrainedModel trained = new TrainedModel(BiaxialRnn.BIAXIAL_RNN, new BiaxialTrainedNetwork(model), "run/x");
        org.magentajava.bundle.Generation g = org.magentajava.bundle.Generation.of(trained,
                org.magentajava.bundle.Generation.chordPrimer(trained, "[60, 67]", 100), 10, SearchSettings.SAMPLING,
                new SequenceGenerator.Options(false, true, 2));
        assertEquals("10 steps (2 per quarter)", g.length());
        assertEquals("pieces", g.outputNoun(true));
        BiaxialGenerator.Result direct = new BiaxialGenerator(model).generate(
                BiaxialGeneratorTest.chord(new int[] {60, 67}, 2), 10, 1.0,
                SequenceGenerator.mixedRandom(11, 1));
        assertEquals(direct.states().toSequence(100), g.output(11, 1).sequence());
        // a piano-roll primer is not for it, in its own words
        BadSettingException roll = assertThrows(BadSettingException.class,
                () -> org.magentajava.bundle.Generation.pianorollPrimer(trained, "[(60,)]", 0, 120));
        assertTrue(roll.getMessage().startsWith("biaxial_rnn samples note by note"), roll.getMessage());
    }

    @Test
    void beamSearchMelodyPrimersAndLongPrimersAreRefusedInOneLine() {
        BiaxialGenerator g = new BiaxialGenerator(BiaxialGeneratorTest.model(), 4);
        Primer chord = FAMILY.chordPrimer(new int[] {60}, 120);
        BadSettingException beam = assertThrows(BadSettingException.class,
                () -> g.check(request(chord, 16, new SearchSettings(1.0, 2, 1, 1), 0)));
        String noteByNote = "biaxial_rnn samples note by note: it takes --primer_midi or --primer_pitches, "
                + "--temperature and --seed, not --primer_melody, the polyphony primer options or beam search";
        assertEquals(noteByNote, beam.messageNaming(f -> "--" + f));
        BadSettingException melody = assertThrows(BadSettingException.class,
                () -> FAMILY.checkGeneratorOptions(List.of(SequenceGenerator.Options.PRIMER_MELODY)));
        assertEquals(noteByNote, melody.messageNaming(f -> "--" + f));
        assertThrows(BadSettingException.class,
                () -> FAMILY.checkGeneratorOptions(List.of(SequenceGenerator.Options.INJECT_PRIMER)));
        FAMILY.checkGeneratorOptions(List.of(SequenceGenerator.Options.PRIMER_PITCHES,
                SequenceGenerator.Options.STEPS_PER_QUARTER));
        BadSettingException tooLong = assertThrows(BadSettingException.class,
                () -> g.check(request(chord, 2, SearchSettings.SAMPLING, 0)));
        assertEquals("the primer is 4 steps long, more than --num_steps 2; pass --num_steps 6 or a shorter primer",
                tooLong.messageNaming(f -> "--" + f));
        assertEquals(java.util.Optional.of("bundles/biaxial_rnn.mag"), FAMILY.defaultBundle(BiaxialRnn.BIAXIAL_RNN));
        assertThrows(UnsupportedOperationException.class, () -> FAMILY.generator(BiaxialRnn.BIAXIAL_RNN,
                (org.magentajava.generate.StepModel<Object>) null));
        NoteSequence empty = FAMILY.fallbackPrimer(120).sequence();
        assertEquals(0, empty.getNotesCount());
    }
}
