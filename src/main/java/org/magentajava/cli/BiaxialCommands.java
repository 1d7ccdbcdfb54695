package org.magentajava.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.magentajava.biaxial.NoteStates;
import org.magentajava.generate.OutputNames;
import org.magentajava.generate.Primer;
import org.magentajava.generate.PrimerMelody;
import org.magentajava.models.biaxialrnn.BiaxialGenerator;
import org.magentajava.models.biaxialrnn.BiaxialHParams;
import org.magentajava.proto.NoteSequence;
import org.magentajava.io.BadInputException;
import org.magentajava.models.biaxialrnn.BiaxialModel;
import org.magentajava.models.biaxialrnn.BiaxialRnn;
import org.magentajava.models.biaxialrnn.TrainedBiaxial;
import org.magentajava.registry.ModelRegistry;
import org.magentajava.train.EventClasses;
import org.magentajava.train.Evaluator;
import org.magentajava.train.Metrics;
import org.magentajava.train.SkipLog;
import org.magentajava.util.Words;

/** What evaluate and save-bundle print and do for a biaxial_rnn model (its network is not the shared one). */
final class BiaxialCommands {
    private BiaxialCommands() {
    }

    /** evaluate: the frame NLL of the play probabilities, the articulation NLL apart, and frame accuracy. */
    static int evaluate(TrainedBiaxial trained, String config, Path file, int batchSize) throws Exception {
        if (config != null && !ModelRegistry.config(config).name().equals(BiaxialRnn.NAME)) {
            throw new BadInputException(trained.source() + " holds a biaxial_rnn model, but --config is " + config
                    + "; drop --config or pass --config biaxial_rnn");
        }
        org.magentajava.registry.RecordKind.requireSequenceExamples(file, BiaxialRnn.BIAXIAL_RNN);
        BiaxialModel model = trained.model();
        model.resetScores();
        SkipLog skips = new SkipLog(System.err);
        Evaluator.Score score = Evaluator.score(model, file, batchSize, 0,
                BiaxialRnn.FAMILY.stepLabel(), EventClasses.LABELS, skips);
        Metrics m = score.counts().metrics();
        int keys = model.network().encoding().keys();
        System.out.printf(Locale.ROOT, "model:             %s (%s)%n", trained.source(), BiaxialRnn.NAME);
        System.out.printf(Locale.ROOT, "data:              %s (%s, %s)%n", file,
                Words.count(score.examples(), "note-state roll", "note-state rolls"),
                Words.count(score.counts().steps(), "step", "steps"));
        System.out.printf(Locale.ROOT,
                "frame_nll:         %.4f (nats per step: -log p of each step's set of %d sounding keys)%n",
                m.frameNll(), keys);
        System.out.printf(Locale.ROOT,
                "articulation_nll:  %.4f (nats per step: -log p of which sounding keys are struck anew)%n",
                model.articulationNll() / model.articulationSteps());
        System.out.printf(Locale.ROOT, "frame_accuracy:    %.4f (TP / (TP + FP + FN) over all keys)%n",
                m.frameAccuracy());
        System.out.printf(Locale.ROOT, "exact_frames:      %.4f (steps whose predicted key set is the target)%n",
                m.accuracy());
        if (skips.skipped() > 0) {
            System.err.println("warning: " + skips.skipped() + " unusable records skipped");
        }
        return ExitCodes.OK;
    }

    /**
     * generate: --num_outputs pieces of --num_steps steps at --steps_per_quarter, continuing --primer_midi (its
     * first --primer_bars bars), a --primer_pitches chord, or silence.
     */
    static int generate(TrainedBiaxial trained, GenerateCommand g) throws Exception {
        if (g.config != null && !ModelRegistry.config(g.config).name().equals(BiaxialRnn.NAME)) {
            throw new BadInputException(trained.source() + " holds a biaxial_rnn model, but --config is " + g.config
                    + "; drop --config or pass --config biaxial_rnn");
        }
        GenerateCommand.PrimerFlags primers = g.primerFlags != null ? g.primerFlags : new GenerateCommand.PrimerFlags();
        int stepsPerQuarter = g.stepsPerQuarter != null ? g.stepsPerQuarter : 4;
        if (primers.primerMelody != null || primers.primerPianoroll != null || g.conditionOnPrimer != null
                || g.injectPrimer != null || g.beamSize != 1 || g.branchFactor != 1 || g.stepsPerIteration != 1) {
            throw new BadInputException("biaxial_rnn samples note by note: it takes --primer_midi or "
                    + "--primer_pitches, --temperature and --seed, not --primer_melody, the polyphony primer options"
                    + " or beam search");
        }
        if (!g.hparams.isBlank() && !BiaxialHParams.parse(g.hparams, trained.model().network().hparams().toString())
                .sameNetwork(trained.model().network().hparams())) {
            throw new BadInputException("--hparams \"" + g.hparams + "\" does not match " + trained.source()
                    + ", which has " + trained.model().network().hparams());
        }
        if (g.numOutputs < 1) {
            throw new BadInputException("--num_outputs must be at least 1, got " + g.numOutputs);
        }
        if (stepsPerQuarter < 1) {
            throw new BadInputException("--steps_per_quarter must be at least 1, got " + stepsPerQuarter);
        }
        double qpm = g.qpm != null ? g.qpm : Primer.DEFAULT_QPM;
        NoteStates primer;
        String primerName;
        if (primers.primerMidi != null) {
            Primer p = Primer.fromMidi(primers.primerMidi, g.primerBars, qpm);
            primer = BiaxialGenerator.fromSequence(p.sequence(), stepsPerQuarter);
            qpm = p.qpm();
            primerName = p.name();
        } else if (primers.primerPitches != null) {
            primer = BiaxialGenerator.chord(PrimerMelody.parsePitches(primers.primerPitches), stepsPerQuarter);
            primerName = "--primer_pitches " + primers.primerPitches;
        } else {
            primer = BiaxialGenerator.silence(stepsPerQuarter);
            primerName = "none (from silence)";
        }
        if (primer.numSteps() > g.numSteps) {
            throw new BadInputException("the primer is " + primer.numSteps() + " steps long, more than --num_steps "
                    + g.numSteps + "; pass --num_steps " + (primer.numSteps() + g.numSteps) + " or a shorter primer");
        }
        if (!(g.temperature > 0)) {
            throw new BadInputException("--temperature must be positive, got " + g.temperature);
        }
        BiaxialGenerator generator = new BiaxialGenerator(trained.model());
        long baseSeed = g.seed != null ? g.seed : new SplittableRandom().nextLong() >>> 16;
        try (OutputNames.Claim claim = OutputNames.claim(g.outputDir, Clock.systemDefaultZone(), g.numOutputs)) {
            List<Path> names = claim.paths();
            System.err.printf(Locale.ROOT, "generating %s of %d steps (%d per quarter) with %s (%s), primer %s, "
                            + "qpm %.1f, temperature %s, seed %d%n",
                    Words.count(g.numOutputs, "piece", "pieces"), g.numSteps, stepsPerQuarter, trained.source(),
                    BiaxialRnn.NAME, primerName, qpm, g.temperature, baseSeed);
            for (int i = 0; i < g.numOutputs; i++) {
                long start = System.nanoTime();
                // output i depends only on the seed and i
                BiaxialGenerator.Result r = generator.generate(primer, g.numSteps, g.temperature,
                        new SplittableRandom(baseSeed + 0x9E3779B97F4A7C15L * i));
                NoteSequence sequence = r.states().toSequence(qpm);
                double generatedStart = r.generatedStart() * 60.0 / qpm / stepsPerQuarter;
                g.writeOutput(sequence, generatedStart, names.get(i), String.format(Locale.ROOT,
                        "%d notes, log-likelihood %.1f over %d generated steps, %.1f s", sequence.getNotesCount(),
                        r.logLikelihood(), g.numSteps - r.generatedStart(), (System.nanoTime() - start) / 1e9));
            }
        }
        System.err.println("pieces are in " + g.outputDir.toAbsolutePath().normalize());
        return ExitCodes.OK;
    }

    /**
     * save-bundle (and generate --save_generator_bundle) when the run or --config is biaxial_rnn: the run's
     * checkpoint as a .mag bundle.
     */
    static int saveBundle(java.util.Optional<TrainedBiaxial> found, String config, String format, Path runDir,
            Path bundleFile, String description) throws Exception {
        if (found.isEmpty()) {
            throw new BadInputException(runDir + " holds no biaxial_rnn checkpoint; --config biaxial_rnn needs the "
                    + "run_dir of a biaxial_rnn training run");
        }
        TrainedBiaxial trained = found.get();
        if (!ModelRegistry.config(config).name().equals(BiaxialRnn.NAME)) {
            throw new BadInputException(trained.source() + " was trained with --config biaxial_rnn, not " + config);
        }
        if (!format.equals("mag")) {
            throw new BadInputException("--format " + format + " is not available for biaxial_rnn; it saves .mag "
                    + "bundles only");
        }
        trained.saveBundle(bundleFile, description);
        System.err.printf(Locale.ROOT, "wrote %s (%s from %s, %.1f MB)%n", bundleFile, BiaxialRnn.NAME,
                trained.source(), java.nio.file.Files.size(bundleFile) / 1e6);
        return ExitCodes.OK;
    }
}
