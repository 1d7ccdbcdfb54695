package org.magentajava.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.models.DatasetSettings;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.ModelFamily;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.models.pianorollrnn.PianorollRnn;
import org.magentajava.models.polyphonyrnn.PolyphonyRnn;
import org.magentajava.poly.PolyphonicEvent;
import org.magentajava.train.MetricCounts;

class ModelRegistryTest {

    @Test
    void configsByNameInFamilyOrder() {
        assertEquals(List.of("basic_rnn", "mono_rnn", "lookback_rnn", "attention_rnn", "phrase_rnn", "polyphony",
                "pianoroll_rnn", "pianoroll_rnn_nade", "rnn-nade_attn", "biaxial_rnn"), ModelRegistry.configs().stream().map(ModelConfig::name).toList());
        assertEquals(List.of("melody_rnn", "polyphony_rnn", "pianoroll_rnn", "biaxial_rnn"),
                ModelRegistry.families().stream().map(ModelFamily::name).toList());
        assertSame(MelodyRnn.ATTENTION_RNN, ModelRegistry.config("attention_rnn"));
        assertSame(PolyphonyRnn.FAMILY, ModelRegistry.family(ModelRegistry.config("polyphony")));
        assertSame(MelodyRnn.FAMILY, ModelRegistry.family(ModelRegistry.config("mono_rnn")));
        assertSame(PianorollRnn.FAMILY, ModelRegistry.family(ModelRegistry.config("pianoroll_rnn")));
        // a config built outside the registry still finds its family by name
        assertSame(MelodyRnn.FAMILY, ModelRegistry.family(MelodyRnn.forEncoderName("key", "my_rnn", "")));
    }

    @Test
    void unknownConfigNamesEveryValidOne() {
        BadInputException e = assertThrows(BadInputException.class, () -> ModelRegistry.config("polyphonic"));
        assertEquals("unknown config 'polyphonic'; valid configs: basic_rnn, mono_rnn, lookback_rnn, attention_rnn, "
                + "phrase_rnn, polyphony, pianoroll_rnn, pianoroll_rnn_nade, rnn-nade_attn, biaxial_rnn", e.getMessage());
        ModelConfig orphan = new ModelConfig("x", "", 0, 128, null, 4, "", MelodyRnn.BASIC_RNN.encoderFactory(), "jazz");
        assertThrows(IllegalArgumentException.class, () -> ModelRegistry.family(orphan));
    }

    @Test
    void whatEachFamilyDeclares() {
        ModelFamily melody = MelodyRnn.FAMILY;
        ModelFamily poly = PolyphonyRnn.FAMILY;
        assertEquals(new ModelFamily.DatasetNames("training_melodies", "eval_melodies", "melody", "melodies", "steps"),
                melody.datasetNames());
        assertEquals("training_poly_tracks", poly.datasetNames().training());
        assertEquals(MetricCounts.EVERY_LABEL, melody.stepLabel());
        assertEquals(PolyphonicEvent.STEP_END, poly.stepLabel());
        assertEquals(Optional.of("bundles/phrase_rnn.mag"), melody.defaultBundle(ModelRegistry.config("phrase_rnn")));
        assertEquals(Optional.of("bundles/basic_rnn.mag"), melody.defaultBundle(ModelRegistry.config("basic_rnn")));
        assertEquals(Optional.empty(), melody.defaultBundle(ModelRegistry.config("mono_rnn")));
        assertEquals(Optional.of("bundles/polyphony_rnn.mag"), poly.defaultBundle(ModelRegistry.config("polyphony")));
        assertEquals(Optional.of("primers/twinkle.mid"), melody.defaultPrimerFile());
        assertEquals(Optional.empty(), poly.defaultPrimerFile());
        assertEquals("[60]", melody.fallbackPrimer(120).name());
        assertEquals(60, melody.fallbackPrimer(120).sequence().getNotes(0).getPitch());
        assertEquals(0, poly.fallbackPrimer(90).sequence().getNotesCount());
        assertEquals(3, poly.chordPrimer(new int[] {60, 64, 67}, 120).sequence().getNotesCount());
        assertThrows(IllegalStateException.class, () -> melody.chordPrimer(new int[] {60}, 120));
        assertTrue(poly.generatorOptions().contains(SequenceGenerator.Options.INJECT_PRIMER));
        assertEquals(java.util.Set.of(SequenceGenerator.Options.PRIMER_MELODY), melody.generatorOptions());
        assertTrue(melody.melodic());
        assertTrue(!poly.melodic());
        // every extraction setting is read by some family (the piano-roll ones by both piano-roll families), and
        // the families name no others
        java.util.Set<String> declared = new java.util.HashSet<>();
        for (ModelFamily f : ModelRegistry.families()) {
            assertTrue(DatasetSettings.NAMES.containsAll(f.datasetSettings()), f.name());
            declared.addAll(f.datasetSettings());
        }
        assertEquals(java.util.Set.copyOf(DatasetSettings.NAMES), declared);
    }

    /** create-dataset's defaults, and another valid value of each setting that changes what its family extracts. */
    private static DatasetSettings settings(java.util.Set<String> changed) {
        java.util.function.Predicate<String> c = changed::contains;
        return new DatasetSettings(c.test("min_bars") ? 2 : 7, c.test("max_steps_truncate") ? 64 : 512,
                c.test("max_steps_discard") ? 100 : 0, c.test("min_unique_pitches") ? 2 : 5,
                c.test("gap_bars") ? 0.5 : 1.0, c.test("ignore_polyphonic_notes"), c.test("pad_end"),
                !c.test("filter_drums"), c.test("poly_min_steps") ? 10 : 80, c.test("poly_max_steps") ? 100 : 512,
                c.test("steps_per_quarter") ? 2 : 4, c.test("min_steps") ? 8 : 80, c.test("max_steps") ? 64 : 2048,
                c.test("transposition_range") ? 0 : -4, c.test("transposition_range") ? 0 : 4);
    }

    /** Each extraction's examples (as hashes, to keep a failure readable), step count, statistics and note. */
    private static List<Object> extract(ModelFamily family, DatasetSettings settings,
            List<org.magentajava.proto.NoteSequence> tunes) {
        ModelConfig config = family.configs().get(0);
        List<Object> out = new java.util.ArrayList<>();
        for (org.magentajava.proto.NoteSequence tune : tunes) {
            org.magentajava.data.DatasetBuilder.Extraction e = family.datasetExtractor(config, settings).extract(tune);
            out.add(List.of(e.examples().stream().map(java.util.Arrays::hashCode).toList(), e.steps(),
                    e.statistics().counters().toString(), String.valueOf(e.note())));
        }
        return out;
    }

    /**
     * A family reads only the settings it declares (the CLI refuses the others, so they would be silently
     * ignored otherwise): changing every other one changes nothing it extracts, while changing its own does.
     */
    @Test
    void familiesReadOnlyTheSettingsTheyDeclare() {
        List<org.magentajava.proto.NoteSequence> tunes = java.util.stream.Stream.of("hpps37.mid", "morris5.mid",
                "ashover1.mid").map(t -> org.magentajava.midi.MidiIo.read(
                java.nio.file.Path.of("../shared/data/nottingham", t))).toList();
        for (ModelFamily family : ModelRegistry.families()) {
            java.util.Set<String> others = new java.util.HashSet<>(DatasetSettings.NAMES);
            others.removeAll(family.datasetSettings());
            List<Object> defaults = extract(family, settings(java.util.Set.of()), tunes);
            assertEquals(defaults, extract(family, settings(others), tunes), family.name());
            assertTrue(!defaults.equals(extract(family, settings(family.datasetSettings()), tunes)), family.name());
        }
    }

    @Test
    void familiesCheckTheirOwnSettings() {
        DatasetSettings bad = new DatasetSettings(7, 512, 0, 5, 0.0, false, false, true, -1, 512, 4, 80, 2048, 4, -4);
        BadInputException m = assertThrows(BadInputException.class,
                () -> MelodyRnn.FAMILY.datasetExtractor(MelodyRnn.BASIC_RNN, bad));
        assertEquals("extraction limits must be non-negative and gap_bars positive", m.getMessage());
        assertEquals("gap_bars", ((BadSettingException) m).fields().get(0));
        BadInputException p = assertThrows(BadInputException.class,
                () -> PolyphonyRnn.FAMILY.datasetExtractor(PolyphonyRnn.POLYPHONY, bad));
        assertEquals("--poly_min_steps must be non-negative and --poly_max_steps positive",
                ((BadSettingException) p).messageNaming(f -> "--" + f));
        BadInputException r = assertThrows(BadInputException.class,
                () -> PianorollRnn.FAMILY.datasetExtractor(PianorollRnn.PIANOROLL_RNN, bad));
        assertEquals("transposition range must be LO,HI with -127 <= LO <= HI <= 127, got 4,-4", r.getMessage());
    }

    @Test
    void pianorollConfigsHaveMultiHotTargetsAndMagentasHparams() {
        ModelConfig roll = ModelRegistry.config("pianoroll_rnn");
        assertTrue(roll.multiHot());
        assertEquals(88, roll.inputSize());
        assertEquals(88, roll.outputSize());
        assertEquals(0, roll.noEventLabel());
        IllegalStateException noEncoder = assertThrows(IllegalStateException.class, roll::encoderDecoder);
        assertEquals("pianoroll_rnn has multi-hot targets, not one class per step: no EncoderDecoder",
                noEncoder.getMessage());
        ModelFamily family = PianorollRnn.FAMILY;
        assertEquals(new ModelFamily.DatasetNames("training_pianoroll_tracks", "eval_pianoroll_tracks", "piano roll",
                "piano rolls", "steps"), family.datasetNames());
        assertEquals(MetricCounts.EVERY_LABEL, family.stepLabel());
        assertTrue(family.generates());
        assertEquals(java.util.Set.of("primer_melody", "primer_pitches", "primer_pianoroll", "steps_per_quarter"),
                family.generatorOptions());
        assertEquals(Optional.of("bundles/pianoroll_rnn_nade.mag"), family.defaultBundle(PianorollRnn.PIANOROLL_RNN_NADE));
        assertEquals(Optional.of("bundles/pianoroll_rnn.mag"), family.defaultBundle(PianorollRnn.PIANOROLL_RNN));
        assertEquals(Optional.empty(), family.defaultBundle(PianorollRnn.RNN_NADE_ATTN));
        assertEquals(0, family.fallbackPrimer(120).sequence().getNotesCount());
        // Magenta's rnn-nade and rnn-nade_attn defaults
        org.magentajava.model.HParams nade = org.magentajava.model.HParams.parse("",
                ModelRegistry.config("pianoroll_rnn_nade").hparams());
        assertEquals(List.of(128, 128, 128), nade.rnnLayerSizes());
        assertEquals(128, nade.nadeHiddenUnits());
        assertEquals(64, nade.batchSize());
        assertEquals(0.5, nade.dropoutKeepProb());
        assertEquals(5.0, nade.clipNorm());
        assertEquals(0.001, nade.learningRate());
        org.magentajava.model.HParams attn = org.magentajava.model.HParams.parse("",
                ModelRegistry.config("rnn-nade_attn").hparams());
        assertEquals(List.of(128, 128), attn.rnnLayerSizes());
        assertEquals(32, attn.attnLength());
        assertEquals(48, attn.batchSize());
        assertEquals(128, attn.nadeHiddenUnits());
        assertEquals(ModelConfig.Targets.MULTI_HOT_NADE, ModelRegistry.config("rnn-nade_attn").targets());
        assertSame(family, ModelRegistry.family(ModelRegistry.config("rnn-nade_attn")));
        assertEquals(0, org.magentajava.model.HParams.parse("", roll.hparams()).nadeHiddenUnits());
        // one-class configs keep their encoder's sizes
        assertEquals(MelodyRnn.ATTENTION_RNN.encoderDecoder().inputSize(), MelodyRnn.ATTENTION_RNN.inputSize());
        assertEquals(MelodyRnn.ATTENTION_RNN.encoderDecoder().numClasses(), MelodyRnn.ATTENTION_RNN.outputSize());
        assertTrue(!MelodyRnn.ATTENTION_RNN.multiHot());
        // a multi-hot config with an encoder, or a one-class config without one, is refused
        assertThrows(IllegalArgumentException.class, () -> new ModelConfig("x", "", 21, 109, null, 4, "",
                MelodyRnn.BASIC_RNN.encoderFactory(), "pianoroll_rnn", ModelConfig.Targets.MULTI_HOT));
        assertThrows(IllegalArgumentException.class, () -> new ModelConfig("x", "", 21, 109, null, 4, "", null,
                "melody_rnn"));
    }
}
