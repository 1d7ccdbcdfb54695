package org.magentajava.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

/** The message for a command line that did not parse, with the likely fix where one can be seen. */
final class UsageHints {
    private static final List<String> LIST_FLAGS = List.of("--primer_melody", "--primer-melody", "--primer_pitches",
            "--primer-pitches");

    private UsageHints() {
    }

    /** The error line(s) for {@code e}; {@code args} is the command line as given. */
    static List<String> describe(CommandLine.ParameterException e, String[] args) {
        List<String> lines = new ArrayList<>();
        String unquoted = args == null ? null : unquotedList(args);
        if (unquoted != null) {
            // the shell split "[60, -2, 62]" at its spaces: the pieces after the first look like unknown flags
            lines.add("error: " + unquoted + " reached the program as several words; put the list in quotes: "
                    + unquoted.substring(0, unquoted.indexOf(' ')) + " \""
                    + unquoted.substring(unquoted.indexOf(' ') + 1) + "\"");
            return lines;
        }
        if (e instanceof CommandLine.MissingParameterException && args != null) {
            // a misspelt flag makes a required one look missing: the misspelling is the news
            for (String arg : args) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (name.startsWith("--") && name.length() > 2 && e.getCommandLine().getCommandSpec().findOption(name) == null) {
                    String near = nearest(e.getCommandLine(), name);
                    lines.add("error: unknown flag " + name + (near == null ? "" : "; did you mean " + near + "?"));
                    return lines;
                }
            }
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u && u.isUnknownOption()) {
            String flag = u.getUnmatched().stream().filter(a -> a.startsWith("-")).findFirst().orElse(null);
            if (flag != null) {
                String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
                String near = nearest(e.getCommandLine(), name);
                lines.add("error: unknown flag " + name + (near == null ? "" : "; did you mean " + near + "?"));
                return lines;
            }
        }
        String group = brokenGroup(e);
        lines.add("error: " + (group != null ? group : e.getMessage()));
        return lines;
    }

    /**
     * "give at most one of --primer_pitches, --primer_melody and --primer_midi" when the command line gave two
     * flags of an exclusive group, or none of a required one ("give exactly one of ..."); else null.
     */
    static String brokenGroup(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.MutuallyExclusiveArgsException || e instanceof CommandLine.MissingParameterException)) {
            return null;
        }
        for (ArgGroupSpec group : e.getCommandLine().getCommandSpec().argGroups()) {
            List<String> names = group.options().stream().map(o -> o.names()[0]).toList();
            if (!group.exclusive() || names.size() < 2 || names.stream().noneMatch(e.getMessage()::contains)) {
                continue;
            }
            return "give " + (group.multiplicity().min() > 0 ? "exactly" : "at most") + " one of "
                    + String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        }
        return null;
    }

    /** "--primer_melody [60, -2, 62]" when that list was given unquoted (split into several arguments), else null. */
    private static String unquotedList(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value;
            int next;
            int eq = flag.indexOf('=');
            if (eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
                next = i + 1;
            } else if (i + 1 < args.length) {
                value = args[i + 1];
                next = i + 2;
            } else {
                break;
            }
            if (LIST_FLAGS.contains(flag) && value.startsWith("[") && !value.contains("]") && next < args.length) {
                StringBuilder joined = new StringBuilder(value);
                for (int j = next; j < args.length; j++) {
                    joined.append(' ').append(args[j]);
                    if (args[j].contains("]")) {
                        break;
                    }
                }
                return flag + " " + joined;
            }
        }
        return null;
    }

    /** The flag of this command whose name is closest to {@code name} (edit distance), if close enough. */
    static String nearest(CommandLine cl, String name) {
        String bare = name.replaceFirst("^-+", "").replace('-', '_');
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (OptionSpec option : cl.getCommandSpec().options()) {
            if (option.hidden()) {
                continue;
            }
            for (String n : option.names()) {
                if (!n.startsWith("--")) {
                    continue;
                }
                int d = distance(bare, n.substring(2).replace('-', '_'));
                if (d < bestDistance) {
                    bestDistance = d;
                    best = option.names()[0].startsWith("--") ? option.names()[0] : n;
                }
            }
        }
        // a typo or two, or a third of a long name
        return best != null && bestDistance <= Math.max(2, bare.length() / 3) ? best : null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
