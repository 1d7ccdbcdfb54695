package org.magentajava.models.pianorollrnn;

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
 * A piano-roll LSTM after Magenta's pianoroll_rnn_nade: each step is the set of sounding keys of the 88-key
 * piano, learnt with multi-hot targets and a sigmoid per key (no NADE yet), scored by frame NLL. It trains and
 * evaluates; it does not generate yet ({@link #generates()} is false).
 */
public final class PianorollRnn implements ModelFamily {

    public static final String NAME = "pianoroll_rnn";

    /**
     * The one config: 88 keys from MIDI 21, 4 steps per quarter, an LSTM stack of three layers of 128 (Magenta's
     * rnn-nade stack), dropout keep 0.5, clip 5.
     */
    public static final ModelConfig PIANOROLL_RNN = new ModelConfig(NAME, "Piano-roll LSTM with a sigmoid per key.",
            PianorollSequence.MIN_MIDI_PITCH, PianorollSequence.MIN_MIDI_PITCH + PianorollSequence.PIANO_KEYS, null, 4,
            "batch_size=64,rnn_layer_sizes=[128,128,128],dropout_keep_prob=0.5,attn_length=0,clip_norm=5,"
                    + "learning_rate=0.001,residual_connections=false",
            null, NAME, ModelConfig.Targets.MULTI_HOT);

    /**
     * Magenta's rnn-nade: the same LSTM stack whose last layer gives, per step, the biases of a NADE of 128 hidden
     * units over the 88 keys (exact frame NLL, ancestral sampling of a whole frame).
     */
    public static final ModelConfig PIANOROLL_RNN_NADE = new ModelConfig("pianoroll_rnn_nade", "RNN-NADE",
            PianorollSequence.MIN_MIDI_PITCH, PianorollSequence.MIN_MIDI_PITCH + PianorollSequence.PIANO_KEYS, null, 4,
            "batch_size=64,rnn_layer_sizes=[128,128,128],dropout_keep_prob=0.5,attn_length=0,clip_norm=5,"
                    + "learning_rate=0.001,residual_connections=false,nade_hidden_units=128",
            null, NAME, ModelConfig.Targets.MULTI_HOT_NADE);

    /** Magenta's rnn-nade_attn: two layers of 128, attention over the last 32 outputs on layer 0, batch 48. */
    public static final ModelConfig RNN_NADE_ATTN = new ModelConfig("rnn-nade_attn", "RNN-NADE with attention.",
            PianorollSequence.MIN_MIDI_PITCH, PianorollSequence.MIN_MIDI_PITCH + PianorollSequence.PIANO_KEYS, null, 4,
            "batch_size=48,rnn_layer_sizes=[128,128],dropout_keep_prob=0.5,attn_length=32,clip_norm=5,"
                    + "learning_rate=0.001,residual_connections=false,nade_hidden_units=128",
            null, NAME, ModelConfig.Targets.MULTI_HOT_NADE);

    public static final PianorollRnn FAMILY = new PianorollRnn();

    private static final String NO_GENERATOR = NAME + " generation is not built yet";

    private PianorollRnn() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ModelConfig> configs() {
        return List.of(PIANOROLL_RNN, PIANOROLL_RNN_NADE, RNN_NADE_ATTN);
    }

    @Override
    public DatasetNames datasetNames() {
        return new DatasetNames(PianorollDataset.TRAINING, PianorollDataset.EVAL, "piano roll", "piano rolls",
                "steps");
    }

    @Override
    public Set<String> datasetSettings() {
        return Set.of(DatasetSettings.STEPS_PER_QUARTER, DatasetSettings.MIN_STEPS, DatasetSettings.MAX_STEPS,
                DatasetSettings.TRANSPOSITION_RANGE);
    }

    /** @throws org.magentajava.io.BadInputException for settings out of range */
    @Override
    public DatasetBuilder.Extractor datasetExtractor(ModelConfig config, DatasetSettings s) {
        return PianorollDataset.extractor(new PianorollDatasetPipeline.Settings(s.stepsPerQuarter(), s.minSteps(),
                s.maxSteps(), s.minTransposition(), s.maxTransposition()));
    }

    /** Every label is one frame. */
    @Override
    public int stepLabel() {
        return MetricCounts.EVERY_LABEL;
    }

    @Override
    public boolean generates() {
        return false;
    }

    /** No bundle ships: a piano-roll model cannot generate yet. */
    @Override
    public String defaultBundle() {
        throw new UnsupportedOperationException(NO_GENERATOR);
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
        throw new UnsupportedOperationException(NO_GENERATOR);
    }

    @Override
    public <S> SequenceGenerator generator(ModelConfig config, StepModel<S> model) {
        throw new UnsupportedOperationException(NO_GENERATOR);
    }
}
