package org.magentajava.models.melodyrnn;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.magentajava.data.DatasetBuilder;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.events.LookbackEncoderDecoder;
import org.magentajava.events.OneHotEncoderDecoder;
import org.magentajava.generate.GenerationSection;
import org.magentajava.generate.Primer;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.generate.StepModel;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.melody.ExtractionParams;
import org.magentajava.melody.KeyMelodyEncoderDecoder;
import org.magentajava.melody.Melody;
import org.magentajava.melody.MelodyOneHotEncoding;
import org.magentajava.events.PhraseEncoderDecoder;
import org.magentajava.models.DatasetSettings;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.ModelFamily;
import org.magentajava.train.MetricCounts;

/** Magenta's melody_rnn: monophonic melodies, its four default configs, dataset pipeline and generator. */
public final class MelodyRnn implements ModelFamily {

    public static final int DEFAULT_MIN_NOTE = 48;
    public static final int DEFAULT_MAX_NOTE = 84;
    public static final int DEFAULT_TRANSPOSE_TO_KEY = 0;
    public static final int DEFAULT_STEPS_PER_QUARTER = 4;
    public static final String NAME = "melody_rnn";

    public static final ModelConfig BASIC_RNN = config("basic_rnn", "Melody RNN with one-hot encoding.",
            DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE, DEFAULT_TRANSPOSE_TO_KEY, ModelConfig.hparams(128, 0.5, 0, 5),
            () -> oneHot(DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE));

    public static final ModelConfig MONO_RNN = config("mono_rnn", "Monophonic RNN with one-hot encoding.",
            0, 128, null, ModelConfig.hparams(128, 0.5, 0, 5), () -> oneHot(0, 128));

    public static final ModelConfig LOOKBACK_RNN = config("lookback_rnn", "Melody RNN with lookback encoding.",
            DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE, DEFAULT_TRANSPOSE_TO_KEY, ModelConfig.hparams(128, 0.5, 0, 5),
            () -> lookback(DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE));

    public static final ModelConfig ATTENTION_RNN = config("attention_rnn",
            "Melody RNN with lookback encoding and attention.", DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE,
            DEFAULT_TRANSPOSE_TO_KEY, ModelConfig.hparams(128, 0.5, 40, 3),
            () -> new KeyMelodyEncoderDecoder(DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE));

    /**
     * Not in Magenta: lookback of 1, 2, 4 and 8 bars in the melody's own meter ({@link PhraseEncoderDecoder}), so
     * the network can see and repeat whole phrases: 208 inputs, 42 classes for 48..84.
     */
    public static final ModelConfig PHRASE_RNN = config("phrase_rnn",
            "Melody RNN with lookback of 1, 2, 4 and 8 bars in the melody's meter.", DEFAULT_MIN_NOTE,
            DEFAULT_MAX_NOTE, DEFAULT_TRANSPOSE_TO_KEY, ModelConfig.hparams(64, 0.75, 0, 5),
            () -> new PhraseEncoderDecoder(new MelodyOneHotEncoding(DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE)));

    /** The encoder names of --melody_encoder_decoder. */
    public static final List<String> ENCODER_NAMES = List.of("onehot", "lookback", "key");

    public static final MelodyRnn FAMILY = new MelodyRnn();

    private static final Set<String> DATASET_SETTINGS = Set.of(DatasetSettings.MIN_BARS,
            DatasetSettings.MAX_STEPS_TRUNCATE, DatasetSettings.MAX_STEPS_DISCARD, DatasetSettings.MIN_UNIQUE_PITCHES,
            DatasetSettings.GAP_BARS, DatasetSettings.IGNORE_POLYPHONIC_NOTES, DatasetSettings.PAD_END,
            DatasetSettings.FILTER_DRUMS);

    private MelodyRnn() {
    }

    /**
     * The config melody_rnn builds for --melody_encoder_decoder (onehot | lookback | key): 48..84, key 0 and
     * only the base hyperparameters, under the given generator id.
     */
    public static ModelConfig forEncoderName(String encoderName, String generatorId, String description) {
        Supplier<EncoderDecoder> factory = switch (encoderName) {
            case "onehot" -> () -> oneHot(DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE);
            case "lookback" -> () -> lookback(DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE);
            case "key" -> () -> new KeyMelodyEncoderDecoder(DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE);
            default -> throw new BadInputException("unknown melody encoder '" + encoderName + "'; valid encoders: "
                    + String.join(", ", ENCODER_NAMES));
        };
        return config(generatorId == null ? "" : generatorId, description == null ? "" : description,
                DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE, DEFAULT_TRANSPOSE_TO_KEY, ModelConfig.BASE_HPARAMS, factory);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ModelConfig> configs() {
        return List.of(BASIC_RNN, MONO_RNN, LOOKBACK_RNN, ATTENTION_RNN, PHRASE_RNN);
    }

    @Override
    public DatasetNames datasetNames() {
        return new DatasetNames(MelodyDataset.TRAINING, MelodyDataset.EVAL, "melody", "melodies", "steps");
    }

    @Override
    public Set<String> datasetSettings() {
        return DATASET_SETTINGS;
    }

    @Override
    public DatasetBuilder.Extractor datasetExtractor(ModelConfig config, DatasetSettings s) {
        if (s.minBars() < 0 || s.maxStepsTruncate() < 0 || s.maxStepsDiscard() < 0 || s.minUniquePitches() < 0
                || !(s.gapBars() > 0)) {
            throw new BadSettingException(List.of(DatasetSettings.GAP_BARS, DatasetSettings.MIN_BARS,
                    DatasetSettings.MAX_STEPS_TRUNCATE, DatasetSettings.MAX_STEPS_DISCARD,
                    DatasetSettings.MIN_UNIQUE_PITCHES), "extraction limits must be non-negative and {gap_bars} positive");
        }
        ExtractionParams params = new ExtractionParams(0, s.minBars(),
                s.maxStepsTruncate() == 0 ? null : s.maxStepsTruncate(),
                s.maxStepsDiscard() == 0 ? null : s.maxStepsDiscard(), s.gapBars(), s.minUniquePitches(),
                s.ignorePolyphonicNotes(), s.padEnd(), s.filterDrums());
        return MelodyDataset.extractor(config, params);
    }

    @Override
    public boolean melodic() {
        return true;
    }

    /** Every label is one 16th-note step. */
    @Override
    public int stepLabel() {
        return MetricCounts.EVERY_LABEL;
    }

    @Override
    public Optional<String> defaultBundle(ModelConfig config) {
        // bundles/README.md: every melody config but mono_rnn ships one
        return config.name().equals(MONO_RNN.name()) ? Optional.empty() : Optional.of("bundles/" + config.name() + ".mag");
    }

    @Override
    public Set<String> generatorOptions() {
        return Set.of(SequenceGenerator.Options.PRIMER_MELODY);
    }

    @Override
    public Optional<String> defaultPrimerFile() {
        return Optional.of("primers/twinkle.mid");
    }

    /** melody_rnn_generate's default primer: one middle C. */
    @Override
    public Primer fallbackPrimer(double qpm) {
        return new Primer(Melody.of(60).toSequence(100, 0, 0, 0.0, qpm), qpm, "[60]");
    }

    @Override
    public <S> SequenceGenerator generator(ModelConfig config, StepModel<S> model) {
        MelodyGenerator<S> generator = new MelodyGenerator<>(model, config);
        return new SequenceGenerator() {
            @Override
            public String outputNoun() {
                return "melody";
            }

            @Override
            public String outputNounPlural() {
                return "melodies";
            }

            @Override
            public void check(Request request) {
                GenerationSection.after(MelodyGenerator.primerEnd(request.primer()), request.qpm(),
                        request.numSteps(), GenerationSection.STEPS_PER_QUARTER);
            }

            @Override
            public String describe(Request request) {
                return "";
            }

            @Override
            public Output generate(Request request, RandomGenerator random) {
                MelodyGenerator.Result r = generator.generate(new MelodyGenerator.Request(request.primer(),
                        request.qpm(), request.numSteps(), request.settings()), random);
                Optional<String> note = r.primerMelodies() > 1
                        ? Optional.of("the primer has " + r.primerMelodies()
                                + " melodies (one per instrument); using the first")
                        : Optional.empty();
                return new Output(r.sequence(), r.generatedStart(),
                        String.format(Locale.ROOT, "log-likelihood %.3f", r.logLikelihood()), note);
            }
        };
    }

    private static ModelConfig config(String name, String description, int minNote, int maxNote,
            Integer transposeToKey, String hparams, Supplier<EncoderDecoder> encoder) {
        return new ModelConfig(name, description, minNote, maxNote, transposeToKey, DEFAULT_STEPS_PER_QUARTER,
                hparams, encoder, NAME);
    }

    private static EncoderDecoder oneHot(int min, int max) {
        return new OneHotEncoderDecoder(new MelodyOneHotEncoding(min, max));
    }

    private static EncoderDecoder lookback(int min, int max) {
        return new LookbackEncoderDecoder(new MelodyOneHotEncoding(min, max));
    }
}
