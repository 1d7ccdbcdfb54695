package org.magentajava.models.biaxialrnn;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.magentajava.data.DatasetBuilder;
import org.magentajava.generate.Primer;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.generate.StepModel;
import org.magentajava.models.DatasetSettings;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.ModelFamily;
import org.magentajava.pianoroll.PianorollSequence;
import org.magentajava.train.MetricCounts;

/**
 * Daniel Johnson's biaxial RNN (BALSTM in "Generating Polyphonic Music Using Tied Parallel Networks", 2017), not
 * in Magenta: an LSTM stack along time run once per key with weights tied across keys, then an LSTM stack along
 * the keys of each step, predicting whether each key plays and whether it is struck. It reads the piano-roll
 * pipeline's data as {@link org.magentajava.biaxial.NoteStates}. Its network, training and generation are its
 * own ({@link BiaxialNetwork}, {@link BiaxialModel}, {@link BiaxialGenerator}), not the shared LSTM and beam
 * search; {@link #generates()} is false for the shared generator, which cannot drive it.
 */
public final class BiaxialRnn implements ModelFamily {

    public static final String NAME = "biaxial_rnn";

    /** 88 keys from MIDI 21 at 4 steps per quarter; Johnson's sizes: time axis 2 × 300, note axis 100 and 50. */
    public static final ModelConfig BIAXIAL_RNN = new ModelConfig(NAME,
            "Biaxial RNN: time-axis LSTMs tied across keys, note-axis LSTMs across each step's keys.",
            PianorollSequence.MIN_MIDI_PITCH, PianorollSequence.MIN_MIDI_PITCH + PianorollSequence.PIANO_KEYS, null, 4,
            BiaxialHParams.DEFAULTS.toString(), null, NAME, ModelConfig.Targets.NOTE_STATES);

    public static final BiaxialRnn FAMILY = new BiaxialRnn();

    private static final String OWN_GENERATOR = NAME + " generates through its own generator (BiaxialGenerator)";

    private BiaxialRnn() {
    }

    /** Whether {@code config} is this family's (the commands hand such models to this package). */
    public static boolean isBiaxial(ModelConfig config) {
        return NAME.equals(config.family());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ModelConfig> configs() {
        return List.of(BIAXIAL_RNN);
    }

    @Override
    public DatasetNames datasetNames() {
        return new DatasetNames(BiaxialDataset.TRAINING, BiaxialDataset.EVAL, "note-state roll", "note-state rolls",
                "steps");
    }

    @Override
    public Set<String> datasetSettings() {
        return DatasetSettings.PIANOROLL_SETTINGS;
    }

    /** @throws org.magentajava.io.BadInputException for settings out of range */
    @Override
    public DatasetBuilder.Extractor datasetExtractor(ModelConfig config, DatasetSettings s) {
        return BiaxialDataset.extractor(new BiaxialDatasetPipeline.Settings(s.stepsPerQuarter(), s.minSteps(),
                s.maxSteps(), s.minTransposition(), s.maxTransposition()));
    }

    @Override
    public int stepLabel() {
        return MetricCounts.EVERY_LABEL;
    }

    @Override
    public boolean generates() {
        return false;
    }

    @Override
    public String defaultBundle() {
        throw new UnsupportedOperationException(OWN_GENERATOR);
    }

    @Override
    public Set<String> generatorOptions() {
        return Set.of();
    }

    @Override
    public Optional<String> defaultPrimerFile() {
        return Optional.empty();
    }

    @Override
    public Primer fallbackPrimer(double qpm) {
        throw new UnsupportedOperationException(OWN_GENERATOR);
    }

    @Override
    public <S> SequenceGenerator generator(ModelConfig config, StepModel<S> model) {
        throw new UnsupportedOperationException(OWN_GENERATOR);
    }
}
