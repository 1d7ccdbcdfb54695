package org.magentajava.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.magentajava.generate.InferenceStepModel;
import org.magentajava.generate.NetworkStepModel;
import org.magentajava.generate.Primer;
import org.magentajava.generate.PrimerMelody;
import org.magentajava.generate.PrimerPianoroll;
import org.magentajava.generate.SearchSettings;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.io.BadSettingException;
import org.magentajava.models.ModelFamily;
import org.magentajava.registry.ModelRegistry;

/**
 * Generation from a loaded model, the library's way in: a {@link TrainedModel}, a {@link Primer} and the
 * settings make a checked request; {@link #output} then generates output i of a run from the run's base seed,
 * the same music for the same seed and i however many outputs are asked for.
 *
 * <pre>{@code
 * TrainedModel model = TrainedModel.load(null, Path.of("bundles/attention_rnn.mag"), null);
 * Primer primer = Primer.fromMelodyString("[60, -2, 62, -2]", Primer.DEFAULT_QPM);
 * Generation g = Generation.of(model, primer, 128, SearchSettings.SAMPLING, SequenceGenerator.Options.NONE);
 * NoteSequence first = g.output(42, 0).sequence();
 * }</pre>
 *
 * Problems with the settings are {@link BadSettingException}s naming the field ("num_steps", "primer melody").
 */
public final class Generation {
    private final SequenceGenerator generator;
    private final SequenceGenerator.Request request;

    private Generation(SequenceGenerator generator, SequenceGenerator.Request request) {
        this.generator = generator;
        this.request = request;
    }

    /**
     * A generation of {@code numSteps} steps counted from the start of the primer: 16th notes for the melody and
     * polyphony models, for the piano-roll and biaxial ones the frame rate of {@code options}, else the one the
     * model recorded at training ({@link TrainedModel#stepsPerQuarter()}).
     *
     * @throws BadSettingException when the request cannot generate anything (e.g. num_steps within the primer)
     */
    public static Generation of(TrainedModel model, Primer primer, int numSteps, SearchSettings settings,
            SequenceGenerator.Options options) {
        ModelFamily family = ModelRegistry.family(model.config());
        // a family's own network makes its own generator; the shared one runs plain Java when it can
        SequenceGenerator generator = model.ownNetwork().isPresent()
                ? model.ownNetwork().get().generator(model.config())
                : model.hasInferenceNetwork()
                ? family.generator(model.config(), new InferenceStepModel(model.inferenceNetwork()))
                : family.generator(model.config(), new NetworkStepModel(model.network()));
        // a calibrated bundle is sampled and scored with its repeat correction, a model that recorded its frame
        // rate generates at it unless the options name one
        SequenceGenerator.Request request = new SequenceGenerator.Request(primer.sequence(), primer.qpm(), numSteps,
                settings.withRepeatBias(model.repeatBias()), atModelRate(model, options));
        generator.check(request);
        return new Generation(generator, request);
    }

    /**
     * {@code options} at the frame rate {@code model} recorded when they name none (their steps per quarter 0) and
     * its family reads one; else unchanged, so an explicit rate wins.
     */
    static SequenceGenerator.Options atModelRate(TrainedModel model, SequenceGenerator.Options options) {
        if (options.stepsPerQuarter() > 0 || model.recordedStepsPerQuarter().isEmpty()
                || !ModelRegistry.family(model.config()).generatorOptions()
                .contains(SequenceGenerator.Options.STEPS_PER_QUARTER)) {
            return options;
        }
        return new SequenceGenerator.Options(options.conditionOnPrimer(), options.injectPrimer(),
                model.recordedStepsPerQuarter().getAsInt());
    }

    /** Output {@code i} of a run seeded with {@code baseSeed}. */
    public SequenceGenerator.Output output(long baseSeed, int i) {
        return generator.generate(request, generator.outputRandom(baseSeed, i));
    }

    /** Output i's random numbers for the shared network's generators ({@link SequenceGenerator#mixedRandom}). */
    public static SplittableRandom outputRandom(long baseSeed, int i) {
        return SequenceGenerator.mixedRandom(baseSeed, i);
    }

    /** The length of each output as the run's first line gives it ("128 steps"). */
    public String length() {
        return generator.length(request);
    }

    /** What one output is called ("melody"), or several ({@code plural}: "melodies"). */
    public String outputNoun(boolean plural) {
        return plural ? generator.outputNounPlural() : generator.outputNoun();
    }

    /** The family's settings of this request, for a summary line ("" when it has none). */
    public String describe() {
        return generator.describe(request);
    }

    /**
     * The primer when none is given: the first {@code bars} bars (0 = all) of the family's default primer file
     * under {@code home} if it has one and it exists (its tempo overriding {@code qpm}), else the family's
     * built-in default.
     */
    public static Primer defaultPrimer(TrainedModel model, Path home, int bars, double qpm) {
        ModelFamily family = ModelRegistry.family(model.config());
        Optional<Path> file = family.defaultPrimerFile().map(home::resolve).filter(Files::isRegularFile);
        return file.isPresent() ? Primer.fromMidi(file.get(), bars, qpm) : family.fallbackPrimer(qpm);
    }

    /**
     * A chord one quarter note long, written as MIDI pitches ({@code "[67, 64, 60]"}), for a family that takes
     * one (polyphony_rnn's primer_pitches).
     *
     * @throws BadSettingException naming "primer pitches" when the list is malformed or the family takes no chord
     */
    public static Primer chordPrimer(TrainedModel model, String pitches, double qpm) {
        requireOptions(model, List.of(SequenceGenerator.Options.PRIMER_PITCHES));
        return ModelRegistry.family(model.config()).chordPrimer(PrimerMelody.parsePitches(pitches), qpm);
    }

    /**
     * A primer written as a piano roll ({@code "[(60, 64, 67), (), (62,)]"}, one tuple of MIDI pitches per step at
     * {@code stepsPerQuarter}, 0 for the model's own rate: the one it recorded, else its config's), for a piano-roll
     * model (pianoroll_rnn_nade_generate's primer_pianoroll).
     *
     * @throws BadSettingException naming "primer pianoroll" when the text is malformed or the family takes no roll
     */
    public static Primer pianorollPrimer(TrainedModel model, String steps, int stepsPerQuarter, double qpm) {
        requireOptions(model, List.of(SequenceGenerator.Options.PRIMER_PIANOROLL));
        int spq = stepsPerQuarter > 0 ? stepsPerQuarter : model.stepsPerQuarter();
        return ModelRegistry.family(model.config()).pianorollPrimer(PrimerPianoroll.parse(steps), spq, qpm);
    }

    /**
     * Refuses generator options (Magenta's names, {@link SequenceGenerator.Options}) that the config's family
     * does not read, which would otherwise be silently ignored.
     *
     * @throws BadSettingException naming the option and the families that read it
     */
    public static void requireOptions(TrainedModel model, Collection<String> options) {
        ModelFamily family = ModelRegistry.family(model.config());
        family.checkGeneratorOptions(options);
        for (String option : options) {
            if (!family.generatorOptions().contains(option)) {
                List<String> takers = ModelRegistry.families().stream()
                        .filter(f -> f.generatorOptions().contains(option)).map(ModelFamily::name).toList();
                throw new BadSettingException(option, "{" + option + "} needs a " + String.join(" or ", takers)
                        + " model; " + model.source() + " is " + model.config().name() + " (" + family.name() + ")");
            }
        }
    }
}
