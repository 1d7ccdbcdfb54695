package org.magentajava.models.polyphonyrnn;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.magentajava.data.DatasetBuilder;
import org.magentajava.events.OneHotEncoderDecoder;
import org.magentajava.generate.Primer;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.generate.StepModel;
import org.magentajava.io.BadSettingException;
import org.magentajava.models.DatasetSettings;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.ModelFamily;
import org.magentajava.poly.PolyphonicEvent;
import org.magentajava.poly.PolyphonyOneHotEncoding;

/** Magenta's polyphony_rnn: polyphonic event sequences, its one config, dataset pipeline and generator. */
public final class PolyphonyRnn implements ModelFamily {

    public static final String NAME = "polyphony_rnn";

    /**
     * polyphony_rnn's only config: one-hot over the 259 polyphonic events, 4 steps per quarter, batch 64,
     * layers [256,256,256], keep 0.5, clip 5; the full MIDI range, no transposition.
     */
    public static final ModelConfig POLYPHONY = new ModelConfig("polyphony", "Polyphonic RNN", 0, 128, null, 4,
            "batch_size=64,rnn_layer_sizes=[256,256,256],dropout_keep_prob=0.5,"
                    + "attn_length=0,clip_norm=5,learning_rate=0.001,residual_connections=false",
            () -> new OneHotEncoderDecoder(new PolyphonyOneHotEncoding()), NAME);

    public static final PolyphonyRnn FAMILY = new PolyphonyRnn();

    private PolyphonyRnn() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ModelConfig> configs() {
        return List.of(POLYPHONY);
    }

    @Override
    public DatasetNames datasetNames() {
        return new DatasetNames(PolyphonyDataset.TRAINING, PolyphonyDataset.EVAL, "polyphonic track",
                "polyphonic tracks", "events");
    }

    @Override
    public Set<String> datasetSettings() {
        return Set.of(DatasetSettings.POLY_MIN_STEPS, DatasetSettings.POLY_MAX_STEPS);
    }

    @Override
    public DatasetBuilder.Extractor datasetExtractor(ModelConfig config, DatasetSettings s) {
        if (s.polyMinSteps() < 0 || s.polyMaxSteps() < 1) {
            throw new BadSettingException(List.of(DatasetSettings.POLY_MIN_STEPS, DatasetSettings.POLY_MAX_STEPS),
                    "{poly_min_steps} must be non-negative and {poly_max_steps} positive");
        }
        return PolyphonyDataset.extractor(config,
                new PolyphonyDatasetPipeline.Limits(s.polyMinSteps(), s.polyMaxSteps()));
    }

    /** loss_per_step counts STEP_END labels: one per 16th note. */
    @Override
    public int stepLabel() {
        return PolyphonicEvent.STEP_END;
    }

    @Override
    public Optional<String> defaultBundle(ModelConfig config) {
        return Optional.of("bundles/polyphony_rnn.mag");
    }

    @Override
    public Set<String> generatorOptions() {
        return Set.of(SequenceGenerator.Options.PRIMER_MELODY, SequenceGenerator.Options.PRIMER_PITCHES,
                SequenceGenerator.Options.CONDITION_ON_PRIMER, SequenceGenerator.Options.INJECT_PRIMER);
    }

    @Override
    public Optional<String> defaultPrimerFile() {
        return Optional.empty();
    }

    /** polyphony_rnn_generate starts from no notes at all. */
    @Override
    public Primer fallbackPrimer(double qpm) {
        return Primer.silence(qpm, "(none)");
    }

    @Override
    public Primer chordPrimer(int[] pitches, double qpm) {
        return Primer.chord(pitches, qpm);
    }

    @Override
    public <S> SequenceGenerator generator(ModelConfig config, StepModel<S> model) {
        PolyphonyGenerator<S> generator = new PolyphonyGenerator<>(model, config);
        return new SequenceGenerator() {
            @Override
            public String outputNoun() {
                return "polyphonic sequence";
            }

            @Override
            public String outputNounPlural() {
                return "polyphonic sequences";
            }

            @Override
            public void check(Request request) {
                PolyphonyGenerator.checkSection(request.primer(), request.qpm(), request.numSteps(),
                        config.stepsPerQuarter());
            }

            @Override
            public String describe(Request request) {
                return ", condition_on_primer " + request.options().conditionOnPrimer()
                        + ", inject_primer_during_generation " + request.options().injectPrimer();
            }

            @Override
            public Output generate(Request request, RandomGenerator random) {
                PolyphonyGenerator.Result r = generator.generate(new PolyphonyGenerator.Request(request.primer(),
                        request.qpm(), request.numSteps(), request.settings(), request.options().conditionOnPrimer(),
                        request.options().injectPrimer()), random);
                Optional<String> note = r.primerDropped()
                        ? Optional.of("the primer's notes use more than one program, so (as in Magenta) the model "
                                + "ignores them")
                        : Optional.empty();
                return new Output(r.sequence(), r.generatedStart(), String.format(Locale.ROOT,
                        "%d notes, log-likelihood %.3f", r.sequence().getNotesCount(), r.logLikelihood()), note);
            }
        };
    }
}
