package org.magentajava.generate;

import org.magentajava.notes.Quantization;

import java.util.Locale;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;

/**
 * Where generation starts and ends, with melody_rnn_generate's arithmetic: the CLI asks for the section from
 * the primer's last note end + one step to {@code num_steps} steps, and the generator quantizes its start with
 * cutoff 0 (⌊x⌋ + 1) and its end with cutoff 1 (⌊x⌋). So a primer that ends on a step boundary is followed by
 * two silent steps: {@code [60,-2,60,-2,67,-2,67,-2]} ends at step 8, the section starts at 9.0 steps and
 * generation at step 10.
 *
 * @param secondsPerStep 60 / qpm / steps_per_quarter
 * @param startSeconds   the section start the CLI requests
 * @param endSeconds     {@code num_steps × secondsPerStep}
 * @param startStep      the first generated step, {@code quantize_to_step(start, cutoff 0)}
 * @param endStep        the step after the last generated one, {@code quantize_to_step(end, cutoff 1)}
 */
public record GenerationSection(double secondsPerStep, double startSeconds, double endSeconds, long startStep,
        long endStep) {

    /** The steps_per_quarter of every melody_rnn config. */
    public static final int STEPS_PER_QUARTER = 4;

    /**
     * The section after a primer whose last note ends at {@code primerEndSeconds} (0 when it has no notes).
     *
     * @throws BadInputException if nothing would be generated: Magenta's CLI refuses a section that starts at
     *     or after its end; when it does not start after its end but quantizes to no step, Magenta writes the
     *     bare primer, and we refuse that too. The message says which {@code num_steps} would work.
     */
    public static GenerationSection after(double primerEndSeconds, double qpm, int numSteps, int stepsPerQuarter) {
        checkTempoAndLength(qpm, numSteps);
        if (!(primerEndSeconds >= 0) || Double.isInfinite(primerEndSeconds)) {
            throw new IllegalArgumentException("primer end time " + primerEndSeconds);
        }
        GenerationSection section = compute(primerEndSeconds, qpm, numSteps, stepsPerQuarter);
        if (section.isEmpty()) {
            throw new BadSettingException("num_steps", String.format(Locale.ROOT,
                    "the primer is %s steps long, so generation would start at step %d; {num_steps} %d leaves "
                            + "nothing to generate; use {num_steps} %d or more",
                    steps(primerEndSeconds * stepsPerQuarter * qpm / 60.0), section.startStep(), numSteps,
                    smallestWorkingNumSteps(primerEndSeconds, qpm, stepsPerQuarter, section.startStep())));
        }
        return section;
    }

    /**
     * The checks every generator makes first, whatever its section arithmetic.
     *
     * @throws BadSettingException when {@code qpm} is not a positive number or {@code numSteps} is below 1
     */
    public static void checkTempoAndLength(double qpm, int numSteps) {
        if (!(qpm > 0) || Double.isInfinite(qpm)) {
            throw new BadSettingException("qpm", "{qpm} must be a positive number, got " + qpm);
        }
        if (numSteps < 1) {
            throw new BadSettingException("num_steps", "{num_steps} must be at least 1, got " + numSteps);
        }
    }

    private static GenerationSection compute(double primerEndSeconds, double qpm, int numSteps,
            int stepsPerQuarter) {
        // Operation order as in melody_rnn_generate.py and the sequence generator, for identical doubles.
        double secondsPerStep = 60.0 / qpm / stepsPerQuarter;
        double start = primerEndSeconds + secondsPerStep;
        double end = numSteps * secondsPerStep;
        double stepsPerSecond = stepsPerQuarter * qpm / 60.0;
        return new GenerationSection(secondsPerStep, start, end, quantizeToStep(start, stepsPerSecond, 0.0),
                quantizeToStep(end, stepsPerSecond, 1.0));
    }

    /**
     * Where the last note of {@code Melody(events).to_sequence(qpm)} ends, the primer end time the CLI uses
     * for {@code --primer_melody} (and for its default primer {@code [60]}).
     */
    public static double melodyPrimerEndSeconds(int[] events, double qpm, int stepsPerQuarter) {
        double secondsPerStep = 60.0 / qpm / stepsPerQuarter;
        return MelodyEvents.lastNoteEndStep(events) * secondsPerStep + 0.0;
    }

    /** note_seq's quantize_to_step: {@code int(seconds × steps_per_second + (1 − cutoff))}, truncating. */
    public static long quantizeToStep(double seconds, double stepsPerSecond, double cutoff) {
        return Quantization.quantizeToStep(seconds, stepsPerSecond, cutoff);
    }

    /** The number of events to generate. */
    public int stepsToGenerate() {
        return Math.toIntExact(endStep - startStep);
    }

    /**
     * The primer as the generator hands it to the model: the extracted melody set to end at the start step
     * ({@link MelodyEvents#setLength}), which ends a sounding note and pads with NO_EVENT. With no melody, an
     * empty one starting a step before the start step, i.e. one silent step.
     *
     * @param melody          the melody extracted from the quantized primer (possibly empty)
     * @param melodyStartStep its start step (ignored when it is empty)
     */
    public Primer primer(int[] melody, long melodyStartStep) {
        long first = melody.length == 0 ? Math.max(0, startStep - 1) : melodyStartStep;
        int[] events = MelodyEvents.setLength(melody, Math.toIntExact(startStep - first));
        return new Primer(events, first, Math.toIntExact(endStep - first));
    }

    /**
     * What to pass to {@link BeamSearch#generate}.
     *
     * @param events      the padded primer
     * @param startStep   the melody's start step (its to_sequence offset)
     * @param totalLength the length of the finished melody, primer included
     */
    public record Primer(int[] events, long startStep, int totalLength) {
    }

    private boolean isEmpty() {
        return startSeconds >= endSeconds || startStep >= endStep;
    }

    private static int smallestWorkingNumSteps(double primerEndSeconds, double qpm, int stepsPerQuarter,
            long startStep) {
        // Usually startStep + 1; rounding can push it one further, so try the next few candidates.
        long candidate = Math.max(1, startStep);
        for (int i = 0; i < 8 && candidate < Integer.MAX_VALUE; i++, candidate++) {
            if (!compute(primerEndSeconds, qpm, (int) candidate, stepsPerQuarter).isEmpty()) {
                return (int) candidate;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, startStep + 1);
    }

    private static String steps(double steps) {
        long whole = Math.round(steps);
        return Math.abs(steps - whole) < 1e-6 ? Long.toString(whole) : String.format(Locale.ROOT, "%.2f", steps);
    }
}
