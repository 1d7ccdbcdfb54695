package org.magentajava.models.pianorollrnn;

import java.util.List;
import java.util.Locale;
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
import org.magentajava.proto.NoteSequence;
import java.util.random.RandomGenerator;
import org.magentajava.train.MetricCounts;

/**
 * The piano-roll models after Magenta's pianoroll_rnn_nade: each step is the set of sounding keys of the 88-key
 * piano, read as a multi-hot vector, and its probability comes from a sigmoid per key (pianoroll_rnn) or from a
 * NADE over the keys (pianoroll_rnn_nade, rnn-nade_attn); scored by frame NLL, generated frame by frame
 * ({@link PianorollGenerator}).
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
        return DatasetSettings.PIANOROLL_SETTINGS;
    }

    /** @throws org.magentajava.io.BadInputException for settings out of range */
    @Override
    public DatasetBuilder.Extractor datasetExtractor(ModelConfig config, DatasetSettings s) {
        return PianorollDataset.extractor(s.pianoroll());
    }

    /** Every label is one frame. */
    @Override
    public int stepLabel() {
        return MetricCounts.EVERY_LABEL;
    }

    /** The NADE and sigmoid-head bundles, trained on Nottingham (bundles/README.md); none for rnn-nade_attn. */
    @Override
    public Optional<String> defaultBundle(ModelConfig config) {
        return config.name().equals(RNN_NADE_ATTN.name()) ? Optional.empty()
                : Optional.of("bundles/" + config.name() + ".mag");
    }

    @Override
    public Set<String> generatorOptions() {
        return Set.of(SequenceGenerator.Options.PRIMER_MELODY, SequenceGenerator.Options.PRIMER_PITCHES,
                SequenceGenerator.Options.PRIMER_PIANOROLL, SequenceGenerator.Options.STEPS_PER_QUARTER);
    }

    @Override
    public Optional<String> defaultPrimerFile() {
        return Optional.empty();
    }

    /** No primer: the roll starts from silence at step 0 (Magenta refuses an empty primer). */
    @Override
    public Primer fallbackPrimer(double qpm) {
        return Primer.silence(qpm, "(none)");
    }

    /** pianoroll_rnn_nade_generate's --primer_pitches: a chord one quarter note long at velocity 100. */
    @Override
    public Primer chordPrimer(int[] pitches, double qpm) {
        return Primer.chord(pitches, qpm);
    }

    /**
     * --primer_pianoroll: one step per tuple at {@code stepsPerQuarter} (note_seq's PianorollSequence with
     * shift_range, so pitches outside the 88 keys are dropped), rendered at {@code qpm}.
     */
    @Override
    public Primer pianorollPrimer(List<int[]> steps, int stepsPerQuarter, double qpm) {
        PianorollSequence roll = PianorollSequence.ofPitches(steps, stepsPerQuarter, PianorollSequence.MIN_MIDI_PITCH,
                PianorollSequence.MAX_MIDI_PITCH);
        NoteSequence sequence = roll.toSequence(qpm);
        // the roll's length is the primer's, trailing silent steps included
        sequence = sequence.toBuilder().setTotalTime(steps.size() * 60.0 / qpm / stepsPerQuarter).build();
        return new Primer(sequence, qpm, steps.size() + " steps");
    }

    @Override
    public <S> SequenceGenerator generator(ModelConfig config, StepModel<S> model) {
        PianorollGenerator<S> generator = new PianorollGenerator<>(model);
        return new SequenceGenerator() {
            @Override
            public String outputNoun() {
                return "piano roll";
            }

            @Override
            public String outputNounPlural() {
                return "piano rolls";
            }

            @Override
            public void check(Request request) {
                PianorollGenerator.check(request.primer(), request.qpm(), request.numSteps(), spq(request));
            }

            @Override
            public String describe(Request request) {
                return ", " + org.magentajava.util.Words.count(spq(request), "step", "steps") + " per quarter note";
            }

            @Override
            public Output generate(Request request, RandomGenerator random) {
                PianorollGenerator.Result r = generator.generate(new PianorollGenerator.Request(request.primer(),
                        request.qpm(), request.numSteps(), spq(request), request.settings()), random);
                Optional<String> note = r.notesOffPiano() > 0
                        ? Optional.of(r.notesOffPiano() + " primer notes lie outside the piano's 88 keys (MIDI 21..108)"
                                + " and are left out")
                        : Optional.empty();
                int frames = r.roll().numSteps();
                double sounding = 0;
                for (int s = 0; s < frames; s++) sounding += r.roll().keys(s).length;
                return new Output(r.sequence(), r.generatedStart(), String.format(Locale.ROOT,
                        "%d notes, %.1f keys per step, log-likelihood %.3f", r.sequence().getNotesCount(),
                        sounding / Math.max(1, frames), r.logLikelihood()), note);
            }

            private int spq(Request request) {
                int given = request.options().stepsPerQuarter();
                return given > 0 ? given : config.stepsPerQuarter();
            }
        };
    }
}
