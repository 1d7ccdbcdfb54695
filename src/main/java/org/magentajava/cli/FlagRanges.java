package org.magentajava.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.util.Locale;
import java.util.Map;

/**
 * The valid range of every numeric flag, checked for the flags given on the command line before a command runs:
 * a value outside it is a usage error (exit 64) that names the flag, the range and the value, instead of an
 * exception deep inside the job.
 */
final class FlagRanges {
    /** Inclusive bounds; {@code minExclusive} for values that must be above {@code min} (a positive number). */
    record Range(double min, boolean minExclusive, double max, String meaning) {
        boolean contains(double v) {
            return (minExclusive ? v > min : v >= min) && v <= max;
        }

        String text() {
            if (max == Double.MAX_VALUE) {
                return minExclusive ? "greater than " + number(min) : "at least " + number(min);
            }
            return "between " + number(min) + " and " + number(max);
        }
    }

    private static Range atLeast(double min, String meaning) {
        return new Range(min, false, Double.MAX_VALUE, meaning);
    }

    private static Range positive(String meaning) {
        return new Range(0, true, Double.MAX_VALUE, meaning);
    }

    /** By the flag's first (snake_case) name; the same name means the same range in every command. */
    static final Map<String, Range> RANGES = Map.ofEntries(
            Map.entry("--num_training_steps", atLeast(0, "0 = run until interrupted")),
            Map.entry("--summary_frequency", atLeast(1, null)),
            Map.entry("--num_checkpoints", atLeast(0, "0 = keep all")),
            Map.entry("--checkpoint_every_seconds", atLeast(0, null)),
            Map.entry("--shuffle_capacity", atLeast(1, null)),
            Map.entry("--eval_timeout_seconds", atLeast(0, null)),
            Map.entry("--num_outputs", atLeast(1, null)),
            Map.entry("--num_steps", atLeast(1, null)),
            Map.entry("--temperature", positive(null)),
            Map.entry("--beam_size", atLeast(1, null)),
            Map.entry("--branch_factor", atLeast(1, null)),
            Map.entry("--steps_per_iteration", atLeast(1, null)),
            Map.entry("--qpm", positive(null)),
            Map.entry("--batch_size", atLeast(1, null)),
            Map.entry("--num_threads", atLeast(1, null)),
            Map.entry("--eval_ratio", new Range(0, false, 1, null)),
            Map.entry("--dev_ratio", new Range(0, false, 1, null)),
            Map.entry("--primer_bars", atLeast(0, "0 = the whole primer")),
            Map.entry("--min_bars", atLeast(0, null)),
            Map.entry("--max_steps_truncate", atLeast(0, "0 = no limit")),
            Map.entry("--max_steps_discard", atLeast(0, "0 = no limit")),
            Map.entry("--min_unique_pitches", atLeast(0, null)),
            Map.entry("--gap_bars", positive(null)),
            Map.entry("--poly_min_steps", atLeast(0, null)),
            Map.entry("--poly_max_steps", atLeast(1, null)),
            Map.entry("--steps_per_quarter", atLeast(1, null)),
            Map.entry("--min_steps", atLeast(0, null)),
            Map.entry("--max_steps", atLeast(1, null)),
            Map.entry("--limit", atLeast(0, "0 = all")),
            Map.entry("--record", atLeast(0, null)),
            Map.entry("--pixels_per_second", atLeast(0, "0 = 48 px per quarter note")),
            Map.entry("--sample_rate", new Range(8000, false, 192_000, null)));

    private FlagRanges() {
    }

    /** picocli's execution strategy: check the ranges, then run the command as usual. */
    static int execute(ParseResult parsed) {
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        check(leaf);
        return new CommandLine.RunLast().execute(parsed);
    }

    static void check(ParseResult parsed) {
        for (OptionSpec option : parsed.matchedOptions()) {
            Range range = RANGES.get(option.names()[0]);
            Object value = option.getValue();
            if (range != null && value instanceof Number n && !range.contains(n.doubleValue())) {
                throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(),
                        option.names()[0] + " must be " + range.text()
                                + (range.meaning() == null ? "" : " (" + range.meaning() + ")") + ", got "
                                + number(n.doubleValue()));
            }
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
