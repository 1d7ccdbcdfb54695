package org.magentajava.generate;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.magentajava.proto.NoteSequence;

/**
 * A model family's generator behind one call, as Magenta's sequence_generator: a primer in, a NoteSequence out.
 * Family-specific switches travel as named {@link Options}, as in Magenta's GeneratorOptions args.
 */
public interface SequenceGenerator {

    /** What one output is called, e.g. "melody". */
    String outputNoun();

    /** What several outputs are called, e.g. "melodies". */
    String outputNounPlural();

    /**
     * Checks a request before anything is written.
     *
     * @throws org.magentajava.io.BadInputException naming what to change
     */
    void check(Request request);

    /** The request's family-specific settings for the run's first console line ("" when none). */
    String describe(Request request);

    Output generate(Request request, RandomGenerator random);

    /**
     * Output {@code i}'s random numbers in a run seeded with {@code baseSeed}: {@link #mixedRandom} unless the
     * family keeps the streams its outputs were first generated with.
     */
    default RandomGenerator outputRandom(long baseSeed, int i) {
        return mixedRandom(baseSeed, i);
    }

    /**
     * Independent streams per output. Seeding SplittableRandom with baseSeed + i × 0x9E3779B97F4A7C15 (its own
     * increment) made output i replay output 0's draws shifted by i, so outputs could fall into step with each
     * other; a mixed seed per output gives independent streams.
     */
    static SplittableRandom mixedRandom(long baseSeed, int i) {
        return new SplittableRandom(new SplittableRandom(baseSeed ^ (0xD1B54A32D192ED03L * (i + 1))).nextLong());
    }

    /** How the run's first line gives the length of each output, e.g. "128 steps". */
    default String length(Request request) {
        return request.numSteps() + " steps";
    }

    /**
     * @param primer   the primer NoteSequence (may have no notes)
     * @param qpm      the tempo
     * @param numSteps the length in steps counted from time 0, primer included
     * @param settings temperature and beam search
     * @param options  family-specific switches
     */
    record Request(NoteSequence primer, double qpm, int numSteps, SearchSettings settings, Options options) {
    }

    /**
     * Magenta's generator args: polyphony_rnn's condition_on_primer and inject_primer_during_generation, and the
     * piano-roll models' steps per quarter (0: the config's own). A family ignores the ones it does not name in
     * its generatorOptions.
     */
    record Options(boolean conditionOnPrimer, boolean injectPrimer, int stepsPerQuarter) {
        public static final String CONDITION_ON_PRIMER = "condition_on_primer";
        public static final String INJECT_PRIMER = "inject_primer_during_generation";
        /** A primer written as melody events (--primer_melody), which most families can continue. */
        public static final String PRIMER_MELODY = "primer_melody";
        /** A chord primer (--primer_pitches), which only some families can continue. */
        public static final String PRIMER_PITCHES = "primer_pitches";
        /** A primer written as a piano roll (--primer_pianoroll), for the piano-roll models. */
        public static final String PRIMER_PIANOROLL = "primer_pianoroll";
        /** The frame rate to generate at (--steps_per_quarter), for models trained at another rate than 4. */
        public static final String STEPS_PER_QUARTER = "steps_per_quarter";

        public static final Options NONE = new Options(false, false, 0);

        public Options(boolean conditionOnPrimer, boolean injectPrimer) {
            this(conditionOnPrimer, injectPrimer, 0);
        }

        public Options {
            if (stepsPerQuarter < 0) {
                throw new org.magentajava.io.BadSettingException(STEPS_PER_QUARTER,
                        "{" + STEPS_PER_QUARTER + "} must be at least 1, got " + stepsPerQuarter);
            }
        }
    }

    /**
     * @param sequence       primer + continuation
     * @param generatedStart seconds where the generated part begins
     * @param summary        one line about the output, e.g. its log-likelihood
     * @param note           something the user should know about the primer, said once per run
     */
    record Output(NoteSequence sequence, double generatedStart, String summary, Optional<String> note) {
    }
}
