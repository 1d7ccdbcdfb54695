package org.magentajava.cli;

import org.magentajava.audio.WavRenderer;
import org.magentajava.bundle.Generation;
import org.magentajava.bundle.RunExport;
import org.magentajava.bundle.TrainedModel;
import org.magentajava.generate.GeneratedMidi;
import org.magentajava.generate.OutputNames;
import org.magentajava.generate.Primer;
import org.magentajava.generate.SearchSettings;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.io.BadInputException;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.ModelFamily;
import org.magentajava.proto.NoteSequence;
import org.magentajava.util.Words;
import org.magentajava.registry.ModelRegistry;
import org.magentajava.train.RunDirs;
import org.magentajava.viz.PianoRoll;
import org.magentajava.viz.PianoRollOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = "generate", aliases = {"melody_rnn_generate", "polyphony_rnn_generate", "pianoroll_rnn_nade_generate"}, mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Generate melodies from a primer with a trained model (like Magenta's melody_rnn_generate), "
                + "polyphonic music with a polyphony model (like polyphony_rnn_generate), or piano rolls with a "
                + "piano-roll model (like pianoroll_rnn_nade_generate). "
                + "With no flags: the shipped phrase_rnn bundle, the primer primers/twinkle.mid, output in "
                + "./generated/.")
final class GenerateCommand implements Callable<Integer> {
    static final String DEFAULT_BUNDLE = "bundles/phrase_rnn.mag";
    static final String DEFAULT_PRIMER = "primers/twinkle.mid";
    static final String DEFAULT_POLYPHONY_BUNDLE = "bundles/polyphony_rnn.mag";

    @Option(names = "--config", paramLabel = "NAME",
            description = "basic_rnn, mono_rnn, lookback_rnn, attention_rnn, phrase_rnn, polyphony, pianoroll_rnn, "
                    + "pianoroll_rnn_nade, rnn-nade_attn or biaxial_rnn (taken from the bundle or run if omitted).")
    String config;

    @Option(names = {"--run_dir", "--run-dir"}, paramLabel = "DIR", description = "Use the latest checkpoint of a run.")
    Path runDir;

    @Option(names = {"--bundle_file", "--bundle-file"}, paramLabel = "FILE.mag",
            description = "Use a bundle (default: " + DEFAULT_BUNDLE + " when no --run_dir; "
                    + DEFAULT_POLYPHONY_BUNDLE + " with --config polyphony).")
    Path bundleFile;

    @Option(names = {"--save_generator_bundle", "--save-generator-bundle"},
            description = "With --run_dir and --bundle_file: save the run as a bundle instead of generating.")
    boolean saveBundle;

    @Option(names = {"--bundle_description", "--bundle-description"}, defaultValue = "", paramLabel = "TEXT",
            description = "Description stored by --save_generator_bundle.")
    String bundleDescription;

    @Option(names = {"--output_dir", "--output-dir"}, defaultValue = "generated", paramLabel = "DIR",
            description = "Where the .mid files go.")
    Path outputDir;

    @Option(names = {"--num_outputs", "--num-outputs"}, defaultValue = "10",
            description = "Melodies (or polyphonic sequences, piano rolls) to generate.")
    int numOutputs;

    @Option(names = {"--num_steps", "--num-steps"}, defaultValue = "128",
            description = "Length of each output in steps, primer included: 16th notes, or for piano rolls "
                    + "--steps_per_quarter steps.")
    int numSteps;

    /** What generation starts from: at most one of these (picocli refuses two, naming them). */
    static final class PrimerFlags {
        @Option(names = {"--primer_pitches", "--primer-pitches"}, paramLabel = "PITCHES",
                description = "Polyphony and piano roll: a primer chord (MIDI pitches, quoted, e.g. \"[67, 64, 60]\"), "
                        + "one quarter note long.")
        String primerPitches;

        @Option(names = {"--primer_pianoroll", "--primer-pianoroll"}, paramLabel = "STEPS",
                description = "Piano roll: primer steps as Magenta writes them, quoted, one tuple of MIDI pitches per "
                        + "step, e.g. \"[(55,), (54,), (55, 52), (), (62, 52)]\".")
        String primerPianoroll;

        @Option(names = {"--primer_melody", "--primer-melody"}, paramLabel = "EVENTS",
                description = "Primer events, quoted, e.g. \"[60, -2, 60, -2]\": 0..127 note on, -1 note off, -2 no "
                        + "event; one per 16th note.")
        String primerMelody;

        @Option(names = {"--primer_midi", "--primer-midi"}, paramLabel = "FILE.mid",
                description = "Primer MIDI file (default: " + DEFAULT_PRIMER + "); its tempo overrides --qpm.")
        Path primerMidi;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PrimerFlags primerFlags;

    @Option(names = {"--primer_bars", "--primer-bars"}, paramLabel = "N",
            description = "Use only the first N bars of the --primer_midi file (0 = all of it), e.g. to continue "
                    + "the opening of a tune.")
    int primerBars;

    @Option(names = {"--steps_per_quarter", "--steps-per-quarter"}, paramLabel = "N",
            description = "Piano roll and biaxial_rnn: steps per quarter note to generate at (default: the rate "
                    + "the model recorded at training, else the config's 4); --num_steps and --primer_pianoroll count "
                    + "these steps.")
    Integer stepsPerQuarter;

    // absl's --noFLAG spelling: negatable (Spellings.ABSL_NEGATION); null = not given: the family's default
    @Option(names = {"--condition_on_primer", "--condition-on-primer"}, negatable = true, arity = "0..1",
            fallbackValue = "true", paramLabel = "BOOL", description = "Polyphony: feed the primer to the model "
                    + "before generating (default false: generation starts from scratch after the primer).")
    Boolean conditionOnPrimer;

    @Option(names = {"--inject_primer_during_generation", "--inject-primer-during-generation"}, negatable = true,
            arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Polyphony: play the primer "
                    + "again under the generated harmony, forcing its notes step by step (default true).")
    Boolean injectPrimer;

    @Option(names = "--qpm", paramLabel = "QPM", description = "Tempo in quarter notes per minute (default 120).")
    Double qpm;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Randomness: <1 safer, >1 wilder.")
    double temperature;

    @Option(names = {"--beam_size", "--beam-size"}, defaultValue = "1", description = "Beam search width.")
    int beamSize;

    @Option(names = {"--branch_factor", "--branch-factor"}, defaultValue = "1", description = "Branches per beam entry.")
    int branchFactor;

    @Option(names = {"--steps_per_iteration", "--steps-per-iteration"}, defaultValue = "1",
            description = "Steps between beam prunings.")
    int stepsPerIteration;

    @Option(names = "--hparams", defaultValue = "", description = "Must agree with the model's architecture.")
    String hparams;

    @Option(names = "--seed", description = "Random seed (default: a fresh one, printed).")
    Long seed;

    @Option(names = "--plot", description = "Also write a piano-roll .html beside each .mid.")
    boolean plot;

    @Option(names = "--render", description = "Also write a .wav beside each .mid.")
    boolean render;

    @Option(names = "--log", defaultValue = "INFO", hidden = true, description = "Accepted for Magenta compatibility.")
    String log;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("melody.home", "."));
        if (saveBundle) {
            if (runDir == null || bundleFile == null || config == null) {
                throw new BadInputException("--save_generator_bundle needs --config, --run_dir and --bundle_file");
            }
            System.err.println("wrote " + RunExport.toBundle(ModelRegistry.config(config), runDir, RunDirs.LATEST,
                    bundleFile, bundleDescription).describe());
            return ExitCodes.OK;
        }
        // The model: a run's latest checkpoint or a bundle (the shipped one of --config's family by default).
        if (config != null) {
            requireGenerator(ModelRegistry.family(ModelRegistry.config(config)));
        }
        String defaultBundle = DEFAULT_BUNDLE;
        if (config != null && runDir == null && bundleFile == null) {
            ModelConfig named = ModelRegistry.config(config);
            defaultBundle = ModelRegistry.family(named).defaultBundle(named).orElseThrow(() -> new BadInputException(
                    named.name() + " ships no bundle: pass the --run_dir of a " + named.name() + " training run or "
                            + "the --bundle_file of a bundle saved from one"));
        }
        if (numOutputs < 1) {
            throw new BadInputException("--num_outputs must be at least 1, got " + numOutputs);
        }
        SearchSettings settings = new SearchSettings(temperature, beamSize, branchFactor, stepsPerIteration);
        if (runDir == null && bundleFile == null && !java.nio.file.Files.exists(home.resolve(defaultBundle))) {
            throw new BadInputException("no bundle ships for " + (config != null ? config : "the default config") + " (" + home.resolve(defaultBundle)
                    + " is missing); train one and give --run_dir or --bundle_file (README: Piano roll)");
        }
        TrainedModel model = TrainedModel.load(runDir,
                runDir == null && bundleFile == null ? home.resolve(defaultBundle) : bundleFile, config);
        ModelConfig cfg = model.config();
        requireGenerator(ModelRegistry.family(cfg));
        model.checkHParams(hparams);
        Generation.requireOptions(model, givenOptions());
        if (stepsPerQuarter != null && stepsPerQuarter < 1) {
            throw new BadInputException("--steps_per_quarter must be at least 1, got " + stepsPerQuarter);
        }
        SequenceGenerator.Options options = new SequenceGenerator.Options(
                conditionOnPrimer != null ? conditionOnPrimer : false, injectPrimer != null ? injectPrimer : true,
                stepsPerQuarter == null ? 0 : stepsPerQuarter);

        // The primer, and the tempo that goes with it.
        double tempo = qpm != null ? qpm : Primer.DEFAULT_QPM;
        PrimerFlags given = primerFlags != null ? primerFlags : new PrimerFlags();
        String primerPitches = given.primerPitches;
        String primerMelody = given.primerMelody;
        Path primerMidi = given.primerMidi;
        String primerPianoroll = given.primerPianoroll;
        Primer primer;
        String primerName;
        if (primerPianoroll != null) {
            primer = Generation.pianorollPrimer(model, primerPianoroll, options.stepsPerQuarter(), tempo);
            primerName = "--primer_pianoroll (" + primer.name() + ")";
        } else if (primerPitches != null) {
            primer = Generation.chordPrimer(model, primerPitches, tempo);
            primerName = "--primer_pitches " + primerPitches;
        } else if (primerMelody != null) {
            primer = Primer.fromMelodyString(primerMelody, tempo);
            primerName = "--primer_melody";
        } else {
            primer = primerMidi != null ? Primer.fromMidi(primerMidi, primerBars, tempo)
                    : Generation.defaultPrimer(model, home, primerBars, tempo);
            primerName = primer.name();
        }
        // Fails on an impossible length before printing anything or creating the output directory.
        Generation generation = Generation.of(model, primer, numSteps, settings, options);

        long baseSeed = seed != null ? seed : new SplittableRandom().nextLong() >>> 16;
        try (OutputNames.Claim claim = OutputNames.claim(outputDir, Clock.systemDefaultZone(), numOutputs)) {
            List<Path> names = claim.paths();
            System.err.printf(Locale.ROOT, "generating %s of %s with %s (%s), primer %s, qpm %.1f%s, seed %d%n",
                    Words.count(numOutputs, generation.outputNoun(false), generation.outputNoun(true)),
                    generation.length(),
                    model.source(), cfg.name(), primerName, primer.qpm(), generation.describe(), baseSeed);
            for (int i = 0; i < numOutputs; i++) {
                SequenceGenerator.Output r = generation.output(baseSeed, i);
                if (i == 0) {
                    r.note().ifPresent(note -> System.err.println("note: " + note));
                }
                writeOutput(r.sequence(), r.generatedStart(), names.get(i), r.summary());
            }
        }
        System.err.println(generation.outputNoun(true) + " are in " + outputDir.toAbsolutePath().normalize());
        return ExitCodes.OK;
    }

    /** A family without a generator is one line, before anything is loaded or written. */
    private static void requireGenerator(ModelFamily family) {
        if (!family.generates()) {
            throw new BadInputException(family.name() + " generation is not built yet");
        }
    }

    /** The generator options given on the command line, by Magenta's names. */
    private List<String> givenOptions() {
        List<String> given = new ArrayList<>();
        if (primerFlags != null && primerFlags.primerMelody != null) {
            given.add(SequenceGenerator.Options.PRIMER_MELODY);
        }
        if (primerFlags != null && primerFlags.primerPitches != null) {
            given.add(SequenceGenerator.Options.PRIMER_PITCHES);
        }
        if (primerFlags != null && primerFlags.primerPianoroll != null) {
            given.add(SequenceGenerator.Options.PRIMER_PIANOROLL);
        }
        if (stepsPerQuarter != null) {
            given.add(SequenceGenerator.Options.STEPS_PER_QUARTER);
        }
        if (conditionOnPrimer != null) {
            given.add(SequenceGenerator.Options.CONDITION_ON_PRIMER);
        }
        if (injectPrimer != null) {
            given.add(SequenceGenerator.Options.INJECT_PRIMER);
        }
        return given;
    }

    /** Writes one generated sequence as MIDI (and its --plot / --render companions) and says so. */
    private void writeOutput(NoteSequence sequence, double generatedStart, Path out, String summary)
            throws IOException {
        GeneratedMidi.write(sequence, generatedStart, out);
        System.err.printf(Locale.ROOT, "wrote %s  (%s)%n", out, summary);
        if (plot) {
            PianoRoll.writeNew(sequence, PlotCommand.defaultOutput(out, ".html"), PianoRollOptions.defaults()
                    .withTitle(String.valueOf(out.getFileName())).withGeneratedStart(generatedStart));
        }
        if (render) {
            WavRenderer.renderNew(out, PlotCommand.defaultOutput(out, ".wav"), WavRenderer.Options.defaults());
        }
    }
}
