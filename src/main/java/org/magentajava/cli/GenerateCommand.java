package org.magentajava.cli;

import org.magentajava.audio.WavRenderer;
import org.magentajava.bundle.TrainedModel;
import org.magentajava.generate.GeneratedMidi;
import org.magentajava.generate.GenerationSection;
import org.magentajava.models.melodyrnn.MelodyGenerator;
import org.magentajava.generate.NetworkStepModel;
import org.magentajava.generate.OutputNames;
import org.magentajava.generate.PrimerMelody;
import org.magentajava.generate.SearchSettings;
import org.magentajava.io.BadInputException;
import org.magentajava.melody.Melody;
import org.magentajava.melody.MelodyConfig;
import org.magentajava.midi.MidiIo;
import org.magentajava.model.HParams;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.State;
import org.magentajava.models.polyphonyrnn.PolyphonyGenerator;
import org.magentajava.proto.NoteSequence;
import org.magentajava.viz.PianoRoll;
import org.magentajava.viz.PianoRollOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = "generate", aliases = "melody_rnn_generate", mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Generate melodies from a primer with a trained model (like Magenta's melody_rnn_generate), "
                + "or polyphonic music with a polyphony model (like polyphony_rnn_generate). "
                + "With no flags: the shipped attention_rnn bundle, the primer primers/twinkle.mid, output in "
                + "./generated/.")
final class GenerateCommand implements Callable<Integer> {
    static final String DEFAULT_BUNDLE = "bundles/attention_rnn.mag";
    static final String DEFAULT_PRIMER = "primers/twinkle.mid";
    static final String DEFAULT_POLYPHONY_BUNDLE = "bundles/polyphony_rnn.mag";

    @Option(names = "--config", paramLabel = "NAME",
            description = "basic_rnn, mono_rnn, lookback_rnn, attention_rnn or polyphony (taken from the bundle or run "
                    + "if omitted).")
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

    @Option(names = {"--num_outputs", "--num-outputs"}, defaultValue = "10", description = "Melodies to generate.")
    int numOutputs;

    @Option(names = {"--num_steps", "--num-steps"}, defaultValue = "128",
            description = "Length of each melody in 16th-note steps, primer included.")
    int numSteps;

    @Option(names = {"--primer_melody", "--primer-melody"}, paramLabel = "\"[60, -2, 60, -2]\"",
            description = "Primer events: 0..127 note on, -1 note off, -2 no event; one per 16th note.")
    String primerMelody;

    @Option(names = {"--primer_midi", "--primer-midi"}, paramLabel = "FILE.mid",
            description = "Primer MIDI file (default: " + DEFAULT_PRIMER + "); its tempo overrides --qpm.")
    Path primerMidi;

    @Option(names = {"--primer_pitches", "--primer-pitches"}, paramLabel = "\"[67, 64, 60]\"",
            description = "Polyphony: a primer chord (MIDI pitches), one quarter note long.")
    String primerPitches;

    @Option(names = {"--condition_on_primer", "--condition-on-primer"}, arity = "0..1", fallbackValue = "true",
            paramLabel = "BOOL", description = "Polyphony: feed the primer to the model before generating "
                    + "(default false: generation starts from scratch after the primer).")
    Boolean conditionOnPrimer;

    @Option(names = {"--nocondition_on_primer", "--no-condition-on-primer"}, hidden = true)
    boolean noConditionOnPrimer;

    @Option(names = {"--inject_primer_during_generation", "--inject-primer-during-generation"}, arity = "0..1",
            fallbackValue = "true", paramLabel = "BOOL", description = "Polyphony: play the primer again under the "
                    + "generated harmony, forcing its notes step by step (default true; "
                    + "--noinject_primer_during_generation turns it off).")
    Boolean injectPrimer;

    @Option(names = {"--noinject_primer_during_generation", "--no-inject-primer-during-generation"}, hidden = true)
    boolean noInjectPrimer;

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
            SaveBundleCommand.save(MelodyConfig.byName(config), runDir, bundleFile, bundleDescription);
            return ExitCodes.OK;
        }
        if (numOutputs < 1) {
            throw new BadInputException("--num_outputs must be at least 1, got " + numOutputs);
        }
        SearchSettings settings = new SearchSettings(temperature, beamSize, branchFactor, stepsPerIteration);

        // The model: a run's latest checkpoint or a bundle (the shipped one by default).
        String defaultBundle = "polyphony".equals(config) ? DEFAULT_POLYPHONY_BUNDLE : DEFAULT_BUNDLE;
        TrainedModel model = TrainedModel.load(runDir,
                runDir == null && bundleFile == null ? home.resolve(defaultBundle) : bundleFile, config);
        MelodyConfig cfg = model.config();
        LstmNetwork net = model.network();
        String source = model.source();
        checkHParams(net, source);

        if (cfg.polyphonic()) {
            return generatePolyphony(net, cfg, source, settings);
        }
        if (primerPitches != null || conditionOnPrimer != null || noConditionOnPrimer || injectPrimer != null
                || noInjectPrimer) {
            throw new BadInputException("--primer_pitches, --condition_on_primer and --inject_primer_during_generation "
                    + "need a polyphony model; " + source + " is " + cfg.name());
        }

        // The primer, and the tempo that goes with it.
        double tempo = qpm != null ? qpm : 120.0;
        NoteSequence primer;
        String primerName;
        if (primerMelody != null && primerMidi != null) {
            throw new BadInputException("give either --primer_melody or --primer_midi, not both");
        }
        if (primerMelody != null) {
            primer = new Melody(PrimerMelody.parse(primerMelody), 0, 4, 16).toSequence(100, 0, 0, 0.0, tempo);
            primerName = "--primer_melody";
        } else {
            Path midi = primerMidi != null ? primerMidi : home.resolve(DEFAULT_PRIMER);
            if (primerMidi == null && !Files.isRegularFile(midi)) {
                primer = Melody.of(60).toSequence(100, 0, 0, 0.0, tempo); // Magenta's default primer
                primerName = "[60]";
            } else {
                primer = MidiIo.read(midi);
                if (primer.getTemposCount() > 0 && primer.getTempos(0).getQpm() > 0) {
                    tempo = primer.getTempos(0).getQpm();
                }
                primerName = midi.toString();
            }
        }

        // Fail on an impossible length before printing anything or creating the output directory.
        GenerationSection.after(MelodyGenerator.primerEnd(primer), tempo, numSteps, GenerationSection.STEPS_PER_QUARTER);

        long baseSeed = seed != null ? seed : new SplittableRandom().nextLong() >>> 16;
        MelodyGenerator<State> generator = new MelodyGenerator<>(new NetworkStepModel(net), cfg);
        List<Path> names = OutputNames.choose(outputDir, Clock.systemDefaultZone(), numOutputs);
        System.err.printf(Locale.ROOT, "generating %d melodies of %d steps with %s (%s), primer %s, qpm %.1f, seed %d%n",
                numOutputs, numSteps, source, cfg.name(), primerName, tempo, baseSeed);
        for (int i = 0; i < numOutputs; i++) {
            MelodyGenerator.Result r = generator.generate(
                    new MelodyGenerator.Request(primer, tempo, numSteps, settings),
                    outputRandom(baseSeed, i));
            if (i == 0 && r.primerMelodies() > 1) {
                System.err.println("note: the primer has " + r.primerMelodies()
                        + " melodies (one per instrument); using the first");
            }
            Path out = names.get(i);
            writeOutput(r.sequence(), r.generatedStart(), out,
                    String.format(Locale.ROOT, "log-likelihood %.3f", r.logLikelihood()));
        }
        System.err.println("melodies are in " + outputDir.toAbsolutePath().normalize());
        return ExitCodes.OK;
    }

    /**
     * polyphony_rnn_generate: the primer from --primer_pitches, --primer_melody or --primer_midi (none: an empty
     * primer, as in Magenta), then {@link PolyphonyGenerator} for each output.
     */
    private int generatePolyphony(LstmNetwork net, MelodyConfig cfg, String source, SearchSettings settings)
            throws Exception {
        boolean condition = flag("condition_on_primer", conditionOnPrimer, noConditionOnPrimer, false);
        boolean inject = flag("inject_primer_during_generation", injectPrimer, noInjectPrimer, true);
        int primers = (primerPitches != null ? 1 : 0) + (primerMelody != null ? 1 : 0) + (primerMidi != null ? 1 : 0);
        if (primers > 1) {
            throw new BadInputException("give at most one of --primer_pitches, --primer_melody and --primer_midi");
        }
        double tempo = qpm != null ? qpm : 120.0;
        NoteSequence primer;
        String primerName;
        if (primerPitches != null) {
            primer = PolyphonyGenerator.chordPrimer(PrimerMelody.parsePitches(primerPitches), tempo);
            primerName = "--primer_pitches " + primerPitches;
        } else if (primerMelody != null) {
            primer = new Melody(PrimerMelody.parse(primerMelody), 0, 4, 16).toSequence(100, 0, 0, 0.0, tempo);
            primerName = "--primer_melody";
        } else if (primerMidi != null) {
            primer = MidiIo.read(primerMidi);
            if (primer.getTemposCount() > 0 && primer.getTempos(0).getQpm() > 0) {
                tempo = primer.getTempos(0).getQpm();
            }
            primerName = primerMidi.toString();
        } else {
            primer = PolyphonyGenerator.emptyPrimer(tempo);
            primerName = "(none)";
        }
        PolyphonyGenerator.checkSection(primer, tempo, numSteps, cfg.stepsPerQuarter());

        long baseSeed = seed != null ? seed : new SplittableRandom().nextLong() >>> 16;
        PolyphonyGenerator<State> generator = new PolyphonyGenerator<>(new NetworkStepModel(net), cfg);
        List<Path> names = OutputNames.choose(outputDir, Clock.systemDefaultZone(), numOutputs);
        System.err.printf(Locale.ROOT, "generating %d polyphonic sequences of %d steps with %s (%s), primer %s, "
                        + "qpm %.1f, condition_on_primer %s, inject_primer_during_generation %s, seed %d%n",
                numOutputs, numSteps, source, cfg.name(), primerName, tempo, condition, inject, baseSeed);
        for (int i = 0; i < numOutputs; i++) {
            PolyphonyGenerator.Result r = generator.generate(
                    new PolyphonyGenerator.Request(primer, tempo, numSteps, settings, condition, inject),
                    outputRandom(baseSeed, i));
            if (i == 0 && r.primerDropped()) {
                System.err.println("note: the primer's notes use more than one program, so (as in Magenta) the model "
                        + "ignores them");
            }
            Path out = names.get(i);
            writeOutput(r.sequence(), r.generatedStart(), out, String.format(Locale.ROOT,
                    "%d notes, log-likelihood %.3f", r.sequence().getNotesCount(), r.logLikelihood()));
        }
        System.err.println("polyphonic sequences are in " + outputDir.toAbsolutePath().normalize());
        return ExitCodes.OK;
    }

    /**
     * Output i's random numbers. Seeding SplittableRandom with baseSeed + i × 0x9E3779B97F4A7C15 (its own
     * increment) made output i replay output 0's draws shifted by i, so outputs could fall into step with
     * each other; a mixed seed per output gives independent streams.
     */
    static SplittableRandom outputRandom(long baseSeed, int i) {
        return new SplittableRandom(new SplittableRandom(baseSeed ^ (0xD1B54A32D192ED03L * (i + 1))).nextLong());
    }

    /** Writes one generated sequence as MIDI (and its --plot / --render companions) and says so. */
    private void writeOutput(NoteSequence sequence, double generatedStart, Path out, String summary)
            throws IOException {
        GeneratedMidi.write(sequence, generatedStart, out);
        System.err.printf(Locale.ROOT, "wrote %s  (%s)%n", out, summary);
        if (plot) {
            PianoRoll.write(sequence, PlotCommand.defaultOutput(out, ".html"), PianoRollOptions.defaults()
                    .withTitle(String.valueOf(out.getFileName())).withGeneratedStart(generatedStart));
        }
        if (render) {
            WavRenderer.render(out, PlotCommand.defaultOutput(out, ".wav"), WavRenderer.Options.defaults());
        }
    }

    /** A boolean flag given as --name[=BOOL] or --noname (not both). */
    private static boolean flag(String name, Boolean value, boolean negated, boolean defaultValue) {
        if (value != null && negated) {
            throw new BadInputException("give either --" + name + " or --no" + name + ", not both");
        }
        return negated ? false : value != null ? value : defaultValue;
    }

    /** --hparams may restate, but not change, what the trained network is. */
    private void checkHParams(LstmNetwork net, String source) {
        if (hparams.isBlank()) {
            return;
        }
        HParams have = net.hparams();
        HParams want = HParams.parse(hparams, have.toString());
        if (!want.rnnLayerSizes().equals(have.rnnLayerSizes()) || want.attnLength() != have.attnLength()
                || want.residualConnections() != have.residualConnections()) {
            throw new BadInputException("--hparams \"" + hparams + "\" does not match " + source + ", which has "
                    + "rnn_layer_sizes=" + have.rnnLayerSizes() + ", attn_length=" + have.attnLength()
                    + ", residual_connections=" + have.residualConnections());
        }
    }
}
